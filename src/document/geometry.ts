/**
 * Page geometry and units, in one place for layout and both writers: the type area, the 公文
 * grid pitch (points for our layout, twips for Word), the character spacing that puts text on
 * the grid, and where the page number goes. Pure functions of a PageStyle.
 */
import type { BlockStyle, PageStyle } from './model.ts';

/** Points per millimetre. */
export const PT_PER_MM = 72 / 25.4;

/** Millimetres to points. */
export const mm = (v: number): number => v * PT_PER_MM;

/** Points to twentieths of a point (twips), as Word stores lengths. */
export const tw = (pt: number): number => Math.round(pt * 20);

/** Points to half-points (w:sz). */
export const hp = (pt: number): number => Math.round(pt * 2);

/** The type area of a page: the rectangle inside the margins, in points from the top-left corner. */
export interface TypeArea {
  /** Left edge. */
  readonly left: number;
  /** Top edge. */
  readonly top: number;
  /** Width. */
  readonly width: number;
  /** Height. */
  readonly height: number;
  /** Bottom edge (top + height). */
  readonly bottom: number;
  /** Right edge (left + width). */
  readonly right: number;
}

export function typeArea(p: PageStyle): TypeArea {
  const width = p.width - p.margin.left - p.margin.right;
  const height = p.height - p.margin.top - p.margin.bottom;
  return { left: p.margin.left, top: p.margin.top, width, height, right: p.margin.left + width, bottom: p.margin.top + height };
}

/** The 公文 grid of a page in both units. */
export interface GridPitch {
  /** Line pitch in points (225 mm / 22 = 28.99 pt); our layout puts lines exactly here. */
  readonly line: number;
  /** Character pitch in points (156 mm / 28 = 15.79 pt). */
  readonly char: number;
  /**
   * Line pitch in twips for Word (579 for 225 mm / 22), rounded down so Word's 22 lines never
   * overflow the type area.
   */
  readonly lineTwips: number;
  /** Lines per page. */
  readonly lines: number;
}

/** The grid pitch of a page with a grid; undefined for free-flowing pages. */
export function gridPitch(p: PageStyle): GridPitch | undefined {
  if (!p.grid) return undefined;
  const a = typeArea(p);
  return {
    line: a.height / p.grid.linesPerPage,
    char: a.width / p.grid.charsPerLine,
    lineTwips: Math.floor((a.height * 20) / p.grid.linesPerPage),
    lines: p.grid.linesPerPage,
  };
}

/**
 * The character spacing (points) the DOCX writer gives every character of a run of `size` on a
 * grid of `pitch` (w:spacing, rounded down to 1/20 pt: -0.25pt for 16pt on 15.79pt), and so
 * what Word and LibreOffice measure when they fill a line. Lines are filled with these
 * advances so both formats break at the same places; they are then drawn on the exact pitch
 * and justified. Text more than 1pt away from the pitch is not put on the grid (titles).
 */
export function gridFitSpacing(pitch: number, size: number): number {
  if (Math.abs(pitch - size) > 1) return 0;
  return Math.floor((pitch - size) * 20 + 1e-9) / 20;
}

/**
 * Space before or after a block, in points. Every style gives it in points; on a grid it is
 * rounded to whole grid lines (a line is never off the grid), so 29 pt is one line of 28.99 pt.
 */
export function spaceLines(points: number | undefined, grid: GridPitch): number {
  return Math.max(0, Math.round((points ?? 0) / grid.line));
}

/** Which spacing of a style, in points (0 when absent). */
export function spacePoints(style: BlockStyle, which: 'spaceBefore' | 'spaceAfter'): number {
  return style[which] ?? 0;
}

/**
 * Where a page number sits (GB/T 9704: its top `pageNumberGap` below the type area; `outer` = odd
 * pages right-aligned one character in, even pages left-aligned one character in; `center`).
 * `width` is the printed number's width; returns its left edge and the top of its em box.
 */
export function pageNumberPlacement(p: PageStyle, n: number, width: number): { readonly x: number; readonly top: number; readonly align: 'left' | 'center' | 'right' } {
  const a = typeArea(p);
  const size = p.pageNumberSize;
  const top = a.bottom + p.pageNumberGap;
  if (p.pageNumbers === 'center' || p.pageNumbers === 'none') return { x: a.left + (a.width - width) / 2, top, align: 'center' };
  if (n % 2 === 1) return { x: a.right - size - width, top, align: 'right' };
  return { x: a.left + size, top, align: 'left' };
}

/** Height of the DOCX footer line holding the page number (exact line height of 1.2 em). */
export function footerLineHeight(p: PageStyle): number {
  return p.pageNumberSize * 1.2;
}

/**
 * Word's footer distance (page bottom edge to the footer line's bottom) that puts the page
 * number `pageNumberGap` under the type area, as our layout places it.
 */
export function footerDistance(p: PageStyle): number {
  return Math.max(0, p.margin.bottom - p.pageNumberGap - footerLineHeight(p));
}
