/**
 * Cutting a table into pieces, one per page, at the rows where our layout broke it across
 * pages (formerly in the DOCX writer). A flowing writer (Word) repeats only leading header rows
 * on a new page and never a merged cell's label; 附件1 repeats its group labels (绩效指标 /
 * 产出指标 / 数量指标), so each piece re-emits the labels at its top.
 *
 * Spans are resolved (and checked) by the layout's resolveGrid, so layout and the pieces accept
 * and reject exactly the same tables.
 */
import type { TableBlock, TableCell, TablePiece, TableRow } from '../document/model.ts';
import { resolveGrid, type GridCell } from '../layout/grid.ts';

export type { TablePiece };

/**
 * Cuts a table at `pageStartRows` (layout's TableSplit.pageStartRows, or tableCuts' pieceStarts;
 * the first entry is row 0). Each piece after the first starts with the leading header rows again; a cell whose row
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
    const sourceRows: number[] = [];
    if (p > 0) {
      for (let r = 0; r < headers; r++) {
        rows.push(rowAt(table, grid.cellsByRow[r]!, r, r, headers));
        sourceRows.push(r);
      }
    }
    for (let r = start; r < end; r++) {
      rows.push(rowAt(table, grid.cellsByRow[r]!, r, start, end));
      sourceRows.push(r);
    }
    pieces.push({ rows, sourceRows, headerRows: headers, firstRow: p > 0 ? start : 0 });
  }
  return pieces;
}

/** Where the DOCX cuts a table, from where our layout cut it (see tableCuts). */
export interface TableCuts {
  /** Rows that start a new Word table on a new page (for cutTable). */
  readonly pieceStarts: readonly number[];
  /** Rows our layout cut inside (taller than a page): Word and LibreOffice may split them. */
  readonly splitRows: ReadonlySet<number>;
}

/**
 * Turns a layout's TableSplit into DOCX cuts. A page whose first row is the rest of a row cut on
 * the page before (pageContinues) starts no new Word table: that row is left to split in Word
 * and LibreOffice (a row marked cantSplit that is taller than the space left would move whole
 * to the next page, leaving this one nearly empty). Every other page start is a cut, as before.
 * Without pageContinues, a row starting two pages running is taken as cut (it must be taller than a page).
 * Limit: where Word splits such a row itself, the group labels of spans over it (年度重点工作任务)
 * are not repeated on the continuation page, as they are in our PDF.
 */
export function tableCuts(split: { readonly pageStartRows: readonly number[]; readonly pageContinues?: readonly boolean[] }): TableCuts {
  const starts = split.pageStartRows;
  const continues = starts.map((r, k) => split.pageContinues?.[k] ?? (k > 0 && r > 0 && starts[k - 1] === r));
  return {
    pieceStarts: starts.filter((_, k) => !continues[k]),
    splitRows: new Set(starts.filter((_, k) => continues[k])),
  };
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
