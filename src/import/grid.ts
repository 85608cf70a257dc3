/**
 * A table as a grid of positions, whatever it came from (a Word table with gridSpan/vMerge, a
 * sheet with merged ranges): every position covered by a merged cell shows that cell's text
 * and knows the cell's origin, so a reader can ask "what is right of this label" without
 * caring how the cells were merged.
 */

/** One position of the grid. */
export interface GridCell {
  readonly text: string;
  /** Row and column of the merged cell's top-left position (itself when not merged). */
  readonly row: number;
  readonly col: number;
}

export interface Grid {
  readonly rows: number;
  readonly cols: number;
  /** The cell covering (r, c), or undefined for an empty position. */
  at(r: number, c: number): GridCell | undefined;
}

/** A Word table cell as read: text, column span, vertical merge. */
export interface RawCell {
  readonly text: string;
  readonly span: number;
  readonly vmerge?: 'restart' | 'continue';
}

/** Builds a grid from Word rows: a `continue` cell takes the cell above it. */
export function gridFromRows(rows: readonly (readonly RawCell[])[]): Grid {
  const cells: (GridCell | undefined)[][] = [];
  let cols = 0;
  rows.forEach((row, r) => {
    const line: (GridCell | undefined)[] = [];
    let c = 0;
    for (const cell of row) {
      const above = r > 0 ? cells[r - 1]![c] : undefined;
      const g: GridCell = cell.vmerge === 'continue' && above ? above : { text: cell.text.trim(), row: r, col: c };
      for (let k = 0; k < cell.span; k++) line[c + k] = g;
      c += cell.span;
    }
    cols = Math.max(cols, c);
    cells.push(line);
  });
  return { rows: cells.length, cols, at: (r, c) => cells[r]?.[c] };
}

/** Builds a grid from sparse sheet cells and merged ranges (0-based, inclusive). */
export function gridFromSheet(
  values: ReadonlyMap<string, string>,
  merges: readonly { r0: number; c0: number; r1: number; c1: number }[],
  rows: number,
  cols: number,
): Grid {
  const origin = new Map<string, { row: number; col: number }>();
  for (const m of merges) {
    for (let r = m.r0; r <= m.r1; r++) for (let c = m.c0; c <= m.c1; c++) origin.set(`${r},${c}`, { row: m.r0, col: m.c0 });
  }
  return {
    rows,
    cols,
    at(r, c) {
      const o = origin.get(`${r},${c}`) ?? { row: r, col: c };
      const text = values.get(`${o.row},${o.col}`);
      return text === undefined || text.trim() === '' ? undefined : { text: text.trim(), row: o.row, col: o.col };
    },
  };
}

/** Stacks grids (a table Word or our writer cut over pages) into one. */
export function stackGrids(grids: readonly Grid[]): Grid {
  if (grids.length === 1) return grids[0]!;
  const offsets: number[] = [];
  let n = 0;
  for (const g of grids) {
    offsets.push(n);
    n += g.rows;
  }
  return {
    rows: n,
    cols: Math.max(...grids.map((g) => g.cols)),
    at(r, c) {
      let i = offsets.length - 1;
      while (i > 0 && offsets[i]! > r) i--;
      const cell = grids[i]!.at(r - offsets[i]!, c);
      return cell && { ...cell, row: cell.row + offsets[i]! };
    },
  };
}

/** A Word table as read: its rows and its grid's column widths (twips). */
export interface RawTable {
  readonly rows: readonly (readonly RawCell[])[];
  readonly widths: readonly number[];
}

/**
 * Grids of several Word tables on one set of columns. A table cut over pages is several tables,
 * and a program re-saving it may simplify each one's grid (LibreOffice gives a continuation
 * table of indicators 6 columns where the first had 8), so columns are matched by their edges:
 * the union of all tables' column boundaries (within 30 twips) becomes the common grid.
 */
export function alignedGrids(tables: readonly RawTable[]): Grid[] {
  const TOL = 30;
  const edgesOf = (w: readonly number[]) => w.reduce<number[]>((acc, x) => (acc.push(acc[acc.length - 1]! + x), acc), [0]);
  const all = tables.flatMap((t) => edgesOf(t.widths)).sort((a, b) => a - b);
  const common: number[] = [];
  for (const e of all) if (!common.length || e - common[common.length - 1]! > TOL) common.push(e);
  return tables.map((t) => {
    if (t.widths.length === 0) return gridFromRows(t.rows);
    const edges = edgesOf(t.widths);
    const g = (i: number) => {
      const e = edges[Math.min(i, edges.length - 1)]!;
      let best = 0;
      common.forEach((c, k) => {
        if (Math.abs(c - e) < Math.abs(common[best]! - e)) best = k;
      });
      return best;
    };
    const rows = t.rows.map((row) => {
      let c = 0;
      return row.map((cell) => {
        const from = g(c);
        const to = g(c + cell.span);
        c += cell.span;
        return { ...cell, span: Math.max(1, to - from) };
      });
    });
    return gridFromRows(rows);
  });
}
