/**
 * Table grid resolution: places the origin cells a template wrote into a rows x columns grid of
 * cells and merged placeholders, and checks spans once, up front (after typst's grid/resolve.rs).
 * Layout (src/layout/table.ts) and the DOCX writer both work from the resolved grid.
 */
import type { TableBlock, TableCell } from '../document/model.ts';
import { JixiaoError } from '../errors.ts';

/** An origin cell placed in the grid. */
export interface GridCell {
  /** Position of the cell in reading order (row by row, left to right); a stable id. */
  readonly index: number;
  /** The cell as the template wrote it. */
  readonly cell: TableCell;
  /** First row the cell covers (0-based index into table.rows). */
  readonly row: number;
  /** First column the cell covers (0-based). */
  readonly col: number;
  /** Rows covered (>= 1). */
  readonly rowSpan: number;
  /** Columns covered (>= 1). */
  readonly colSpan: number;
  /** Last row the cell covers (row + rowSpan - 1). */
  readonly lastRow: number;
}

/** One slot of the grid: the origin of a cell, or a slot covered by a span from another slot. */
export type GridSlot =
  | {
      /** The slot holds a cell's origin (its top-left corner). */
      readonly kind: 'cell';
      /** The cell starting here. */
      readonly cell: GridCell;
    }
  | {
      /** The slot is covered by a span of a cell whose origin is elsewhere. */
      readonly kind: 'merged';
      /** The cell covering this slot. */
      readonly origin: GridCell;
    };

/** A table resolved into a full grid. */
export interface ResolvedGrid {
  /** Number of rows (table.rows.length). */
  readonly rowCount: number;
  /** Number of columns (table.columns.length). */
  readonly colCount: number;
  /** Column widths in points. */
  readonly columns: readonly number[];
  /** Left edge of each column from the table's left edge, plus the table width at the end (colCount + 1 entries). */
  readonly colX: readonly number[];
  /** slots[row][col]; every slot is filled. */
  readonly slots: readonly (readonly GridSlot[])[];
  /** Origin cells in reading order (cells[i].index === i). */
  readonly cells: readonly GridCell[];
  /** For each row, the cells covering it (origin there or spanning through it), left to right. */
  readonly cellsByRow: readonly (readonly GridCell[])[];
  /** Number of leading rows marked repeatHeader (0 when none); none of their cells reaches below them. */
  readonly headerRows: number;
}

function at(row: number, col: number): { zh: string; en: string } {
  return { zh: `表格第 ${row + 1} 行第 ${col + 1} 列`, en: `table row ${row + 1}, column ${col + 1}` };
}

/** Refuses an empty or invalid list of column widths. */
function checkColumns(columns: readonly number[], field: string | undefined): void {
  if (columns.length === 0) {
    throw new JixiaoError('table.badColumns', '表格没有列宽（columns 为空）', 'the table has no column widths (columns is empty)', field);
  }
  columns.forEach((w, j) => {
    if (!Number.isFinite(w) || w <= 0) {
      throw new JixiaoError(
        'table.badColumns',
        `表格第 ${j + 1} 列的列宽 ${w} 无效（应为正数，单位磅）`,
        `table column ${j + 1} has an invalid width ${w} (must be a positive number of points)`,
        field,
      );
    }
  });
}

/** Refuses a span that is not a positive integer or runs off the grid, for the cell at (r, col). */
function checkSpan(cell: TableCell, r: number, col: number, rowCount: number, colCount: number, field: string | undefined): void {
  const p = at(r, col);
  for (const [name, v] of [['rowSpan', cell.rowSpan], ['colSpan', cell.colSpan]] as const) {
    if (!Number.isInteger(v) || v < 1) {
      throw new JixiaoError('table.badSpan', `${p.zh}：${name} = ${v} 无效（应为不小于 1 的整数）`, `${p.en}: ${name} = ${v} is invalid (must be an integer >= 1)`, field);
    }
  }
  if (col + cell.colSpan > colCount) {
    throw new JixiaoError(
      'table.spanPastRight',
      `${p.zh}：跨 ${cell.colSpan} 列超出表格右边（表格共 ${colCount} 列）`,
      `${p.en}: the column span ${cell.colSpan} runs past the table's right edge (the table has ${colCount} columns)`,
      field,
    );
  }
  if (r + cell.rowSpan > rowCount) {
    throw new JixiaoError(
      'table.spanPastBottom',
      `${p.zh}：跨 ${cell.rowSpan} 行超出表格底边（表格共 ${rowCount} 行）`,
      `${p.en}: the row span ${cell.rowSpan} runs past the table's last row (the table has ${rowCount} rows)`,
      field,
    );
  }
}

/** Marks the slots a cell covers (its origin and merged placeholders); refuses an overlap. */
function occupy(slots: (GridSlot | undefined)[][], g: GridCell, field: string | undefined): void {
  for (let rr = g.row; rr <= g.lastRow; rr++) {
    for (let cc = g.col; cc < g.col + g.colSpan; cc++) {
      const taken = slots[rr]![cc];
      if (taken !== undefined) {
        const other = taken.kind === 'cell' ? taken.cell : taken.origin;
        const p = at(g.row, g.col);
        const q = at(rr, cc);
        const o = at(other.row, other.col);
        throw new JixiaoError(
          'table.spanOverlap',
          `${p.zh}：单元格的合并范围与${o.zh}的单元格重叠（在${q.zh}）`,
          `${p.en}: the cell's span overlaps the cell of ${o.en} (at ${q.en})`,
          field,
        );
      }
      slots[rr]![cc] = rr === g.row && cc === g.col ? { kind: 'cell', cell: g } : { kind: 'merged', origin: g };
    }
  }
}

/** Places row r's cells left to right into the free slots; refuses a row with too many or too few cells. */
function placeRow(table: TableBlock, r: number, slots: (GridSlot | undefined)[][], cells: GridCell[], field: string | undefined): void {
  const colCount = table.columns.length;
  let col = 0;
  table.rows[r]!.cells.forEach((cell, k) => {
    while (col < colCount && slots[r]![col] !== undefined) col++;
    if (col >= colCount) {
      throw new JixiaoError(
        'table.rowTooManyCells',
        `表格第 ${r + 1} 行的第 ${k + 1} 个单元格放不下：该行 ${colCount} 列已占满`,
        `table row ${r + 1}: cell ${k + 1} does not fit, all ${colCount} columns of the row are already taken`,
        field,
      );
    }
    checkSpan(cell, r, col, table.rows.length, colCount, field);
    const g: GridCell = { index: cells.length, cell, row: r, col, rowSpan: cell.rowSpan, colSpan: cell.colSpan, lastRow: r + cell.rowSpan - 1 };
    occupy(slots, g, field);
    cells.push(g);
    col += cell.colSpan;
  });
  const missing = slots[r]!.findIndex((s) => s === undefined);
  if (missing >= 0) {
    const p = at(r, missing);
    throw new JixiaoError(
      'table.rowIncomplete',
      `${p.zh}：该行单元格没有填满 ${colCount} 列（第 ${missing + 1} 列空缺）`,
      `${p.en}: the row's cells do not fill its ${colCount} columns (column ${missing + 1} is empty)`,
      field,
    );
  }
}

/** Leading repeatHeader rows; refuses a header cell that spans into the body. */
function headerRowsOf(table: TableBlock, cells: readonly GridCell[], field: string | undefined): number {
  let headerRows = 0;
  while (headerRows < table.rows.length && table.rows[headerRows]!.repeatHeader) headerRows++;
  for (const g of cells) {
    if (g.row < headerRows && g.lastRow >= headerRows) {
      const p = at(g.row, g.col);
      throw new JixiaoError(
        'table.headerSpan',
        `${p.zh}：表头行（repeatHeader）的单元格不能跨到表头以下的行`,
        `${p.en}: a cell of a header row (repeatHeader) must not span into the rows below the header`,
        field,
      );
    }
  }
  return headerRows;
}

/**
 * Places origin cells into the grid. Each row's cells fill the columns left to right, skipping
 * slots covered by row spans from above. Throws a JixiaoError (code `table.*`) naming the row
 * and column for: bad column widths, no rows, spans that are not positive integers, spans that
 * overlap or run off the grid, rows with too many or too few cells, header rows whose cells
 * reach into the body.
 */
export function resolveGrid(table: TableBlock, field?: string): ResolvedGrid {
  const columns = table.columns;
  checkColumns(columns, field);
  const rowCount = table.rows.length;
  const colCount = columns.length;
  if (rowCount === 0) {
    throw new JixiaoError('table.noRows', '表格没有任何行', 'the table has no rows', field);
  }
  const colX: number[] = [0];
  for (const w of columns) colX.push(colX[colX.length - 1]! + w);
  const slots: (GridSlot | undefined)[][] = table.rows.map(() => new Array<GridSlot | undefined>(colCount).fill(undefined));
  const cells: GridCell[] = [];
  for (let r = 0; r < rowCount; r++) placeRow(table, r, slots, cells, field);
  const headerRows = headerRowsOf(table, cells, field);
  const full = slots as GridSlot[][];
  const cellsByRow: GridCell[][] = full.map((row) => {
    const out: GridCell[] = [];
    for (const s of row) {
      const g = s.kind === 'cell' ? s.cell : s.origin;
      if (out[out.length - 1] !== g) out.push(g);
    }
    return out;
  });
  return { rowCount, colCount, columns, colX, slots: full, cells, cellsByRow, headerRows };
}
