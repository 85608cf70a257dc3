/** Shared units and vertical metrics, so paragraphs and table cells sit text the same way. */

export { PT_PER_MM, mm } from '../document/geometry.ts';

/**
 * Ascent of the CJK em box as a share of the font size. Fandol and most CJK faces put the
 * ideographic em box from -0.12 em to 0.88 em around the baseline.
 */
export const EM_ASCENT = 0.88;

/**
 * Baseline of a line of `size`-point text centred in a line box `lineHeight` points tall,
 * measured from the top of the box (the em box is centred, as Word centres text on a grid line).
 */
export function baselineInLine(lineHeight: number, size: number): number {
  return (lineHeight - size) / 2 + EM_ASCENT * size;
}
