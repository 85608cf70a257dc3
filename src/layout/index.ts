/**
 * Layout entry point: a Document in, positioned boxes per page out (see ./types.ts).
 */
import type { Document } from '../document/model.ts';
import type { FontSet } from '../fonts/index.ts';
import { flowDocument } from './flow.ts';
import { layoutTable as defaultLayoutTable } from './table.ts';
import type { BreakLines, LaidDocument, LayoutTable } from './types.ts';

export { createLineBreaker } from './linebreak.ts';
export { breakBlock } from './flow.ts';
export type * from './types.ts';

/**
 * Lays out a whole document: pages, outline (title and headings with page and y) and the
 * rows where tables were cut. Pure; the same input gives the same result.
 * `opts.layoutTable` replaces the table layouter (tests, the warm renderer's memo); default:
 * ./table.ts. `opts.breakLines` replaces the line breaker (default: one for `fonts`).
 */
export function layoutDocument(doc: Document, fonts: FontSet, opts?: { layoutTable?: LayoutTable; lenientGlyphs?: boolean; breakLines?: BreakLines }): LaidDocument {
  return flowDocument(doc, fonts, {
    layoutTable: opts?.layoutTable ?? defaultLayoutTable,
    lenientGlyphs: opts?.lenientGlyphs ?? false,
    ...(opts?.breakLines ? { breakLines: opts.breakLines } : {}),
  });
}
