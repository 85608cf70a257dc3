/**
 * Table grid for the DOCX writer: where each origin cell sits, and how a table is cut into
 * separate Word tables at the rows where our layout broke it across pages.
 *
 * HACK: src/layout/table.ts was a stub when this was written, so the DOCX writer resolves
 * spans itself. Once the layout exports a `resolveGrid`, this file can delegate to it; the
 * cut logic (`cutTable`) stays here because only DOCX needs whole tables per page.
 */
import type { TableBlock, TableCell, TableRow } from '../document/model.ts';
import { JixiaoError } from '../errors.ts';

/** One origin cell placed on the grid. */
export interface PlacedCell {
  /** The cell as the template wrote it. */
  readonly cell: TableCell;
  /** Row of the cell's top-left corner. */
  readonly row: number;
  /** Column of the cell's top-left corner. */
  readonly col: number;
  /** Rows covered, clipped to the table's end. */
  readonly rowSpan: number;
  /** Columns covered. */
  readonly colSpan: number;
}

/** The resolved grid: `at[r][c]` is the origin cell covering that slot. */
export interface ResolvedGrid {
  readonly cells: readonly PlacedCell[];
  readonly at: readonly (readonly PlacedCell[])[];
}

/** Places every origin cell of the table on its grid; throws on overlapping or ragged rows. */
export function resolveGrid(table: TableBlock): ResolvedGrid {
  const nCols = table.columns.length;
  const nRows = table.rows.length;
  const at: (PlacedCell | undefined)[][] = table.rows.map(() => new Array<PlacedCell | undefined>(nCols).fill(undefined));
  const cells: PlacedCell[] = [];
  table.rows.forEach((row, r) => {
    let c = 0;
    for (const cell of row.cells) {
      while (c < nCols && at[r]![c]) c++;
      const colSpan = Math.max(1, cell.colSpan);
      const rowSpan = Math.max(1, Math.min(cell.rowSpan, nRows - r));
      if (c + colSpan > nCols) {
        throw new JixiaoError(
          'table.span',
          `表格第 ${r + 1} 行的单元格超出了 ${nCols} 列`,
          `table row ${r + 1}: cells run past the ${nCols} columns`,
        );
      }
      const placed: PlacedCell = { cell, row: r, col: c, rowSpan, colSpan };
      for (let rr = r; rr < r + rowSpan; rr++) {
        for (let cc = c; cc < c + colSpan; cc++) {
          if (at[rr]![cc]) {
            throw new JixiaoError(
              'table.span',
              `表格第 ${rr + 1} 行第 ${cc + 1} 列被两个合并单元格同时占用`,
              `table row ${rr + 1}, column ${cc + 1} is covered by two merged cells`,
            );
          }
          at[rr]![cc] = placed;
        }
      }
      cells.push(placed);
      c += colSpan;
    }
  });
  at.forEach((slots, r) => {
    const hole = slots.findIndex((s) => !s);
    if (hole >= 0) {
      throw new JixiaoError(
        'table.span',
        `表格第 ${r + 1} 行第 ${hole + 1} 列没有单元格`,
        `table row ${r + 1}, column ${hole + 1} has no cell`,
      );
    }
  });
  return { cells, at: at as PlacedCell[][] };
}

/** One Word table of a cut table: rows in our model's shape (origin cells only). */
export interface TablePiece {
  /** Rows of this piece; spans never run past its end. */
  readonly rows: readonly TableRow[];
  /** How many leading rows are repeated headers. */
  readonly headerRows: number;
  /** Index in the source table of the piece's first body row (after the repeated headers). */
  readonly firstRow: number;
}

/** Leading rows marked repeatHeader. */
export function headerRowCount(table: TableBlock): number {
  let n = 0;
  while (n < table.rows.length && table.rows[n]!.repeatHeader) n++;
  return n;
}

/**
 * Cuts a table at `pageStartRows` (layout's cut rows; the first entry is row 0). Each piece
 * after the first starts with the leading header rows again; a cell whose row span crosses a
 * cut is clipped at the cut, and re-emitted on the next piece with its text when it is
 * `repeatOnSplit` (group labels), or as an empty cell of the same span otherwise.
 */
export function cutTable(table: TableBlock, pageStartRows: readonly number[]): TablePiece[] {
  const grid = resolveGrid(table);
  const nRows = table.rows.length;
  const headers = headerRowCount(table);
  const cuts = [...new Set(pageStartRows.filter((r) => r > 0 && r < nRows))].sort((a, b) => a - b);
  const bounds = [0, ...cuts, nRows];
  const pieces: TablePiece[] = [];
  for (let p = 0; p + 1 < bounds.length; p++) {
    const start = bounds[p]!;
    const end = bounds[p + 1]!;
    const rows: TableRow[] = [];
    // Header rows again on continuation pieces (unless the cut falls inside them).
    const repeatHeaders = p > 0 && start >= headers ? headers : 0;
    for (let r = 0; r < repeatHeaders; r++) rows.push(clipRow(grid, table.rows[r]!, r, 0, headers));
    for (let r = start; r < end; r++) {
      const src = table.rows[r]!;
      const cells: TableCell[] = [];
      for (let c = 0; c < table.columns.length; ) {
        const placed = grid.at[r]![c]!;
        if (placed.col !== c) {
          c++;
          continue;
        }
        if (placed.row === r) {
          cells.push(clip(placed, r, end));
        } else if (r === start) {
          // A span from above crosses the cut: continue it here.
          const rest = clip(placed, r, end);
          cells.push(placed.cell.repeatOnSplit ? rest : { ...rest, paragraphs: [] });
        }
        c += placed.colSpan;
      }
      rows.push({ ...src, cells, repeatHeader: r < headers });
    }
    pieces.push({ rows, headerRows: repeatHeaders || (p === 0 ? headers : 0), firstRow: start });
  }
  return pieces;
}

/** The cell with its row span clipped to run from row `r` to at most `end`. */
function clip(placed: PlacedCell, r: number, end: number): TableCell {
  const rowSpan = Math.min(placed.row + placed.rowSpan, end) - r;
  return { ...placed.cell, rowSpan, colSpan: placed.colSpan };
}

function clipRow(grid: ResolvedGrid, row: TableRow, r: number, start: number, end: number): TableRow {
  const cells: TableCell[] = [];
  for (let c = 0; c < grid.at[r]!.length; ) {
    const placed = grid.at[r]![c]!;
    if (placed.col === c && (placed.row === r || r === start)) cells.push(clip(placed, r, end));
    c += placed.colSpan;
  }
  return { ...row, cells };
}
