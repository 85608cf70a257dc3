/**
 * Cutting a table into separate Word tables at the rows where our layout broke it across
 * pages. Word repeats only leading header rows on a new page and never a merged cell's label;
 * 附件1 repeats its group labels (绩效指标 / 产出指标 / 数量指标), so the DOCX cuts the table
 * itself and re-emits the labels at the top of each continuation.
 *
 * Spans are resolved (and checked) by the layout's resolveGrid, so layout and DOCX accept and
 * reject exactly the same tables.
 */
import type { TableBlock, TableCell, TableRow } from '../document/model.ts';
import { resolveGrid, type GridCell } from '../layout/grid.ts';

/** One Word table of a cut table: rows in our model's shape (origin cells only). */
export interface TablePiece {
  /** Rows of this piece; no span runs past its end. */
  readonly rows: readonly TableRow[];
  /** How many leading rows of the piece are header rows (w:tblHeader). */
  readonly headerRows: number;
  /** Index in the source table of the piece's first body row (after any repeated headers). */
  readonly firstRow: number;
}

/**
 * Cuts a table at `pageStartRows` (layout's TableSplit.pageStartRows; the first entry is row
 * 0). Each piece after the first starts with the leading header rows again; a cell whose row
 * span crosses a cut is clipped at the cut and re-emitted at the top of the next piece over
 * its remaining rows: with its text when it is `repeatOnSplit` (group labels), else empty.
 */
export function cutTable(table: TableBlock, pageStartRows: readonly number[]): TablePiece[] {
  const grid = resolveGrid(table);
  const nRows = grid.rowCount;
  const headers = grid.headerRows;
  const cuts = [...new Set(pageStartRows.filter((r) => Number.isInteger(r) && r > headers && r < nRows))].sort((a, b) => a - b);
  const bounds = [0, ...cuts, nRows];
  const pieces: TablePiece[] = [];
  for (let p = 0; p + 1 < bounds.length; p++) {
    const start = bounds[p]!;
    const end = bounds[p + 1]!;
    const rows: TableRow[] = [];
    if (p > 0) for (let r = 0; r < headers; r++) rows.push(rowAt(table, grid.cellsByRow[r]!, r, r, headers));
    for (let r = start; r < end; r++) rows.push(rowAt(table, grid.cellsByRow[r]!, r, start, end));
    pieces.push({ rows, headerRows: headers, firstRow: p > 0 ? start : 0 });
  }
  return pieces;
}

/**
 * Row `r` of a piece running from `start` to `end`: the cells starting in `r`, plus, on the
 * piece's first row, the cells crossing into it from above.
 */
function rowAt(table: TableBlock, covering: readonly GridCell[], r: number, start: number, end: number): TableRow {
  const cells: TableCell[] = [];
  for (const g of covering) {
    if (g.row !== r && r !== start) continue;
    const rowSpan = Math.min(g.lastRow + 1, end) - r;
    const crossing = g.row < r;
    cells.push({
      ...g.cell,
      rowSpan,
      colSpan: g.colSpan,
      ...(crossing && !g.cell.repeatOnSplit ? { paragraphs: [] } : {}),
    });
  }
  return { ...table.rows[r]!, cells };
}
