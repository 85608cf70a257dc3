/**
 * Table layout in four pure stages:
 *   resolveGrid (src/layout/grid.ts) -> measureCells -> paginateTable -> renderTablePlan.
 *
 * Pagination works on row slices. A page holds the repeated header rows, then body rows; the
 * first body row may be the continuation of a row cut on the page before, the last may be cut
 * itself (only a row taller than a whole page is cut). A cell whose rows land on several pages
 * becomes one part per page (isFirst / isLast). Parts of `repeatOnSplit` cells show the whole
 * text again (vertically aligned in the rows of the part); other cells flow their lines: a
 * part that continues on the next page takes the lines that fit, the last part the rest.
 * Row heights are computed per page: each part needs the height of the lines it must show, and
 * a part taller than its rows grows its last row (so a spanning cell grows its last row).
 *
 * Page rules: rows fill the page while they fit; a row that does not fit moves to the next page
 * unless it is taller than a whole continuation page, then it is cut by lines, starting in the
 * space left here. Leading `repeatHeader` rows open every page, and only together with at least
 * one body row: when none fits the space left on the current page, the first result page is
 * empty (no boxes, bottom = firstTop) and the table starts on the next. A repeatOnSplit cell
 * taller than a whole page flows like the others; header rows that leave no room for a body line
 * are not repeated. Borders sit centred on the row and column lines; the top border's outer edge
 * is at firstTop / pageTop and `bottom` is the bottom border's outer edge.
 */
import type { TableBlock } from '../document/model.ts';
import { JixiaoError } from '../errors.ts';
import { resolveGrid, type GridCell, type ResolvedGrid } from './grid.ts';
import { baselineInLine } from './metrics.ts';
import type { Box, BreakLines, LaidLine, LayoutTable, RuleBox, TableLayoutInput, TableLayoutResult, TextBox } from './types.ts';

export { resolveGrid };
export type { GridCell, GridSlot, ResolvedGrid } from './grid.ts';

const EPS = 1e-6;

/** Every cell's text broken into lines, plus the shared vertical metrics. */
export interface MeasuredTable {
  /** The resolved grid. */
  readonly grid: ResolvedGrid;
  /** lines[i] are the laid lines of grid.cells[i], all paragraphs in order. */
  readonly lines: readonly (readonly LaidLine[])[];
  /** Height of one text line in points (style.lineHeight, or 1.3 x size). */
  readonly lineHeight: number;
  /** Font size of cell text in points (style.size). */
  readonly size: number;
  /** Cell padding [top, right, bottom, left] in points. */
  readonly padding: readonly [number, number, number, number];
  /** Border line width in points. */
  readonly borderWidth: number;
  /** Minimum height of each row in points (row.minHeight). */
  readonly minHeights: readonly number[];
}

const EMPTY_LINE: LaidLine = { fragments: [], width: 0, text: '', last: true };

/** Breaks every cell's paragraphs at the cell's inner width (cell width minus left/right padding). */
export function measureCells(table: TableBlock, grid: ResolvedGrid, breakLines: BreakLines, field?: string): MeasuredTable {
  const [, padR, , padL] = table.padding;
  const size = table.style.size;
  const lines = grid.cells.map((g) => {
    const width = grid.colX[g.col + g.colSpan]! - grid.colX[g.col]! - padL - padR;
    if (width <= 0) {
      throw new JixiaoError(
        'table.cellTooNarrow',
        `表格第 ${g.row + 1} 行第 ${g.col + 1} 列：单元格宽度减去左右内边距后不大于 0`,
        `table row ${g.row + 1}, column ${g.col + 1}: the cell is not wider than its left and right padding`,
        field,
      );
    }
    const out: LaidLine[] = [];
    for (const runs of g.cell.paragraphs) {
      const broken = breakLines(runs, {
        width,
        font: table.style.font,
        size,
        bold: g.cell.bold ?? table.style.bold ?? false,
        firstLineIndent: 0,
        align: g.cell.align,
        ...(field !== undefined ? { field } : {}),
      });
      // An empty paragraph still takes a line, as in Word.
      out.push(...(broken.length > 0 ? broken : [EMPTY_LINE]));
    }
    return out;
  });
  return {
    grid,
    lines,
    lineHeight: table.style.lineHeight ?? 1.3 * size,
    size,
    padding: table.padding,
    borderWidth: table.borderWidth,
    minHeights: table.rows.map((r) => r.minHeight),
  };
}

/** One row (or a piece of a cut row) placed on a page. */
export interface RowSlice {
  /** Index of the row in table.rows. */
  readonly row: number;
  /** True for a repeated or first-page header row. */
  readonly header: boolean;
  /** Top edge (the border's centre line) on the page. */
  readonly top: number;
  /** Height in points. */
  readonly height: number;
  /** The row was cut at the bottom of the previous page and continues here. */
  readonly continued: boolean;
  /** The row is cut at the bottom of this page and continues on the next. */
  readonly cut: boolean;
}

/** The piece of one cell that lies on one page. */
export interface CellPart {
  /** The cell (grid.cells[cell.index]). */
  readonly cell: GridCell;
  /** First slice (index into the page's slices) the part covers. */
  readonly firstSlice: number;
  /** Last slice the part covers. */
  readonly lastSlice: number;
  /** The part starts the cell (false on a continuation page). */
  readonly isFirst: boolean;
  /** The part ends the cell (false when the cell continues on the next page). */
  readonly isLast: boolean;
  /** Left edge of the part on the page (centre of its left border), in points. */
  readonly x: number;
  /** Top edge of the part on the page (centre of its top border), in points. */
  readonly y: number;
  /** Width between the centres of its left and right borders, in points. */
  readonly width: number;
  /** Height between the centres of its top and bottom borders, in points. */
  readonly height: number;
  /** Index of the first of the cell's lines shown in this part. */
  readonly firstLine: number;
  /** The cell's lines shown in this part, top to bottom. */
  readonly lines: readonly LaidLine[];
  /** Distance from the part's top to the top of its first line box (padding + vertical alignment). */
  readonly textTop: number;
}

/** One page's share of the table. */
export interface TablePage {
  /** Rows and row pieces on this page, top to bottom (headers first); empty when the table starts on the next page. */
  readonly slices: readonly RowSlice[];
  /** Cell parts on this page, in reading order. */
  readonly parts: readonly CellPart[];
  /** Top of the table on this page (outer edge of the top border). */
  readonly top: number;
  /** y just below the bottom border (equal to top when the page holds nothing). */
  readonly bottom: number;
  /**
   * Index (in table.rows) of the first body row placed on the page: 0 on the page holding the
   * table's first rows and on an empty first page; a cut row's index on every page it continues
   * on (the page it starts on gives its own first row).
   */
  readonly startRow: number;
}

/** The table cut into pages, before drawing. */
export interface TablePlan {
  /** The measured table. */
  readonly measured: MeasuredTable;
  /** Left edge of the table on the page. */
  readonly x: number;
  /** One entry per page; the first is the current page. */
  readonly pages: readonly TablePage[];
}

interface FlowState {
  /** Next body row to place. */
  readonly row: number;
  /** That row was cut and continues. */
  readonly continued: boolean;
  /** Lines of each flowing cell already shown on earlier pages. */
  readonly consumed: readonly number[];
}

interface PartSpec {
  readonly g: GridCell;
  /** First row of the part (table row index). */
  readonly start: number;
  /** Last row of the part. */
  readonly end: number;
  /** The part is not the cell's last. */
  readonly cut: boolean;
  /** The part is not the cell's first. */
  readonly continuation: boolean;
  /** The part ends in a row cut inside (a row taller than a page): it takes what fits. */
  readonly rowCut: boolean;
}

/**
 * Lays the table out over pages and keeps the intermediate plan (slices, cell parts, lines).
 * Pure: the same input gives the same plan.
 */
export function planTable(input: TableLayoutInput): TablePlan {
  const { table } = input;
  const grid = resolveGrid(table, input.field);
  const m = measureCells(table, grid, input.breakLines, input.field);
  const pages = paginateTable(m, input);
  return { measured: m, x: input.x, pages };
}

/** Where the table may go: its left edge and the first and following pages' free space. */
type TableFrame = Pick<TableLayoutInput, 'x' | 'firstTop' | 'firstBottom' | 'pageTop' | 'pageBottom' | 'field'>;

/** What every pagination step needs: the measured table and its fixed vertical measures. */
interface PageContext {
  readonly m: MeasuredTable;
  readonly frame: TableFrame;
  /** Line height and top + bottom padding, in points. */
  readonly lh: number;
  readonly pads: number;
  /** Leading header rows (0 when the whole table is header rows: nothing to keep them with). */
  readonly headerRows: number;
  /** Space of a continuation page, in points (inside the borders' half widths). */
  readonly contSpace: number;
  /** Per cell: repeated whole on every page it reaches (repeatOnSplit and fits a page). */
  readonly repeatable: readonly boolean[];
}

/** Heights of rows and the parts of the cells they hold, for one page. */
interface Heights {
  readonly hs: number[];
  readonly parts: PartSpec[];
}

/** The body rows chosen for a page and where the next page resumes. */
interface PageBody extends Heights {
  readonly next: { readonly row: number; readonly continued: boolean };
  /** The last row is cut at the bottom of the page. */
  readonly cut: boolean;
}

/** A shown part: which of its cell's lines it shows. */
interface ShownPart {
  readonly p: PartSpec;
  readonly from: number;
  readonly n: number;
  /** The part shows the cell's last line, so vertical alignment applies. */
  readonly aligned: boolean;
}

const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);
const lineCount = (ctx: PageContext, g: GridCell): number => ctx.m.lines[g.index]!.length;
const fullHeight = (ctx: PageContext, g: GridCell): number => Math.max(lineCount(ctx, g), 1) * ctx.lh + ctx.pads;

/** The pagination context; refuses a type area that cannot hold one line of table text. */
function pageContext(m: MeasuredTable, frame: TableFrame): PageContext {
  const { grid, lineHeight: lh, borderWidth: bw } = m;
  const pads = m.padding[0] + m.padding[2];
  const contSpace = frame.pageBottom - frame.pageTop - bw;
  if (contSpace < lh + pads - EPS) {
    throw new JixiaoError(
      'table.pageTooSmall',
      `页面版心高度 ${contSpace.toFixed(1)} 磅放不下表格的一行文字（需要 ${(lh + pads).toFixed(1)} 磅）`,
      `the type area (${contSpace.toFixed(1)} pt high) cannot hold one line of table text (${(lh + pads).toFixed(1)} pt)`,
      frame.field,
    );
  }
  const base = { m, frame, lh, pads, contSpace, headerRows: grid.headerRows < grid.rowCount ? grid.headerRows : 0 };
  // Repeat cells whose whole text could never fit a page flow like the others.
  const repeatable = grid.cells.map((g) => g.cell.repeatOnSplit && fullHeight(base as PageContext, g) <= contSpace + EPS);
  return { ...base, repeatable };
}

/** The cells with a part in rows s..e, in cell order. */
function cellsIn(grid: ResolvedGrid, s: number, e: number): GridCell[] {
  const seen = new Set<number>();
  const out: GridCell[] = [];
  for (let r = s; r <= e; r++) {
    for (const g of grid.cellsByRow[r]!) {
      if (!seen.has(g.index)) {
        seen.add(g.index);
        out.push(g);
      }
    }
  }
  return out.sort((a, b) => a.index - b.index);
}

/** The parts of the cells in rows st.row..e; with cutLast the last row is cut on this page. */
function partsOf(ctx: PageContext, st: FlowState, e: number, cutLast: boolean): PartSpec[] {
  return cellsIn(ctx.m.grid, st.row, e).map((g) => {
    const start = Math.max(st.row, g.row);
    const end = Math.min(e, g.lastRow);
    return {
      g,
      start,
      end,
      cut: end < g.lastRow || (cutLast && end === e),
      continuation: start > g.row || (st.continued && start === st.row),
      rowCut: cutLast && end === e,
    };
  });
}

/** Height a part needs for the lines it must show (0 when it just takes what fits). */
function need(ctx: PageContext, p: PartSpec, st: FlowState): number {
  if (p.rowCut) return 0;
  if (ctx.repeatable[p.g.index]) return fullHeight(ctx, p.g);
  if (p.cut) return 0;
  if (!p.continuation) return fullHeight(ctx, p.g);
  const rest = lineCount(ctx, p.g) - (st.consumed[p.g.index] ?? 0);
  return rest > 0 ? rest * ctx.lh + ctx.pads : 0;
}

/**
 * Page-local heights of rows st.row..e: each row's minimum, grown where a part needs more (a
 * part taller than its rows grows its last row). With cutLast the last entry is meaningless
 * (the caller sets it).
 */
function heights(ctx: PageContext, st: FlowState, e: number, cutLast: boolean): Heights {
  const hs: number[] = [];
  for (let r = st.row; r <= e; r++) hs.push(r === st.row && st.continued ? 0 : (ctx.m.minHeights[r] ?? 0));
  const parts = partsOf(ctx, st, e, cutLast);
  const order = [...parts].sort((a, b) => a.end - b.end || b.start - a.start || a.g.index - b.g.index);
  for (const p of order) {
    const want = need(ctx, p, st);
    let have = 0;
    for (let r = p.start; r <= p.end; r++) have += hs[r - st.row]!;
    if (want > have + EPS) hs[p.end - st.row]! += want - have;
  }
  return { hs, parts };
}

/** Which lines each part shows, given final heights; returns the state after the page. */
function assign(ctx: PageContext, st: FlowState, parts: readonly PartSpec[], hs: readonly number[], next: PageBody['next']): { shown: ShownPart[]; after: FlowState } {
  const consumed = [...st.consumed];
  const shown = parts.map((p): ShownPart => {
    let h = 0;
    for (let r = p.start; r <= p.end; r++) h += hs[r - st.row]!;
    const fit = Math.max(0, Math.floor((h - ctx.pads + EPS) / ctx.lh));
    const total = lineCount(ctx, p.g);
    if (ctx.repeatable[p.g.index]) {
      const n = p.rowCut ? Math.min(total, fit) : total;
      return { p, from: 0, n, aligned: n === total };
    }
    const from = p.continuation ? (st.consumed[p.g.index] ?? 0) : 0;
    const rest = total - from;
    const n = p.cut ? Math.min(rest, fit) : rest;
    consumed[p.g.index] = from + n;
    return { p, from, n, aligned: from + n === total };
  });
  return { shown, after: { row: next.row, continued: next.continued, consumed } };
}

/** Rows from st.row on that fit `space` whole, as many as fit (undefined when not even one does). */
function fillRows(ctx: PageContext, st: FlowState, space: number): (Heights & { e: number }) | undefined {
  let best: (Heights & { e: number }) | undefined;
  for (let e = st.row; e < ctx.m.grid.rowCount; e++) {
    const h = heights(ctx, st, e, false);
    if (sum(h.hs) > space + EPS) break;
    best = { e, ...h };
  }
  return best;
}

/**
 * The body of a page: the rows that fit; the row after them moves to the next page when it fits
 * a fresh page, else it is cut here by lines (when a line fits). Undefined when nothing can go on
 * this (first) page; throws when a row fits no page at all.
 */
function pageBody(ctx: PageContext, st: FlowState, space: number, first: boolean, headerHeight: number, repeatHeaders: boolean): PageBody | undefined {
  const rowCount = ctx.m.grid.rowCount;
  const best = fillRows(ctx, st, space);
  if (best && best.e === rowCount - 1) return { hs: best.hs, parts: best.parts, next: { row: rowCount, continued: false }, cut: false };
  const n = best ? best.e + 1 : st.row;
  // Would row n fit a fresh continuation page? Then it moves there; otherwise it is cut here.
  const afterBest = best ? assign(ctx, st, best.parts, best.hs, { row: n, continued: false }).after : st;
  const freshSpace = ctx.contSpace - (repeatHeaders ? headerHeight : 0);
  const fitsFresh = sum(heights(ctx, afterBest, n, false).hs) <= freshSpace + EPS;
  if (!fitsFresh) {
    const c = heights(ctx, st, n, true);
    const rest = space - sum(c.hs.slice(0, -1));
    if (rest >= ctx.lh + ctx.pads - EPS) {
      c.hs[c.hs.length - 1] = rest;
      return { hs: c.hs, parts: c.parts, next: { row: n, continued: true }, cut: true };
    }
  }
  if (best) return { hs: best.hs, parts: best.parts, next: { row: n, continued: false }, cut: false };
  if (first) return undefined;
  throw new JixiaoError(
    'table.pageTooSmall',
    `表格第 ${n + 1} 行在新的一页上也放不下（版心高度 ${ctx.contSpace.toFixed(1)} 磅）`,
    `table row ${n + 1} does not fit even on a fresh page (type area ${ctx.contSpace.toFixed(1)} pt high)`,
    ctx.frame.field,
  );
}

/** One cell part on a page: its box from its slices, its lines and where its text starts. */
function cellPart(ctx: PageContext, slices: readonly RowSlice[], s: ShownPart & { firstSlice: number; lastSlice: number; isFirst: boolean; isLast: boolean }): CellPart {
  const { g } = s.p;
  const [padT, , padB] = ctx.m.padding;
  const colX = ctx.m.grid.colX;
  const py = slices[s.firstSlice]!.top;
  const last = slices[s.lastSlice]!;
  const height = last.top + last.height - py;
  const textHeight = s.n * ctx.lh;
  let textTop = padT;
  if (s.aligned && g.cell.valign === 'middle') textTop = padT + (height - ctx.pads - textHeight) / 2;
  else if (s.aligned && g.cell.valign === 'bottom') textTop = height - padB - textHeight;
  return {
    cell: g,
    firstSlice: s.firstSlice,
    lastSlice: s.lastSlice,
    isFirst: s.isFirst,
    isLast: s.isLast,
    x: ctx.frame.x + colX[g.col]!,
    y: py,
    width: colX[g.col + g.colSpan]! - colX[g.col]!,
    height,
    firstLine: s.from,
    lines: ctx.m.lines[g.index]!.slice(s.from, s.from + s.n),
    textTop,
  };
}

/** Lays out one page: the header rows (when they open it), then the body rows and their cell parts. */
function placePage(ctx: PageContext, st: FlowState, body: PageBody, header: Heights | undefined, top: number): { slices: RowSlice[]; parts: CellPart[]; bottom: number; after: FlowState } {
  const bw = ctx.m.borderWidth;
  const slices: RowSlice[] = [];
  const parts: CellPart[] = [];
  let y = top + bw / 2;
  if (header) {
    header.hs.forEach((h, i) => {
      slices.push({ row: i, header: true, top: y, height: h, continued: false, cut: false });
      y += h;
    });
    for (const g of ctx.m.grid.cells) {
      if (g.row >= ctx.headerRows) break;
      const whole = { p: { g, start: g.row, end: g.lastRow, cut: false, continuation: false, rowCut: false }, from: 0, n: lineCount(ctx, g), aligned: true };
      parts.push(cellPart(ctx, slices, { ...whole, firstSlice: g.row, lastSlice: g.lastRow, isFirst: true, isLast: true }));
    }
  }
  const base = slices.length;
  body.hs.forEach((h, i) => {
    slices.push({ row: st.row + i, header: false, top: y, height: h, continued: i === 0 && st.continued, cut: body.cut && i === body.hs.length - 1 });
    y += h;
  });
  const { shown, after } = assign(ctx, st, body.parts, body.hs, body.next);
  for (const s of shown) {
    parts.push(cellPart(ctx, slices, { ...s, firstSlice: base + s.p.start - st.row, lastSlice: base + s.p.end - st.row, isFirst: !s.p.continuation, isLast: !s.p.cut }));
  }
  parts.sort((a, b) => a.cell.index - b.cell.index);
  return { slices, parts, bottom: y + bw / 2, after };
}

/** Pagination proper: heights in, page cuts out. See the module comment. */
export function paginateTable(m: MeasuredTable, frame: TableFrame): TablePage[] {
  const ctx = pageContext(m, frame);
  const { headerRows, lh, pads, contSpace } = ctx;
  const zeros = m.grid.cells.map(() => 0);
  const header = headerRows > 0 ? heights(ctx, { row: 0, continued: false, consumed: zeros }, headerRows - 1, false) : { hs: [], parts: [] };
  const headerHeight = sum(header.hs);
  // Headers that leave no room for a line of body text on a fresh page are not repeated.
  const repeatHeaders = headerRows > 0 && headerHeight + lh + pads <= contSpace + EPS;

  const pages: TablePage[] = [];
  let st: FlowState = { row: headerRows, continued: false, consumed: zeros };
  let headersPlaced = false;
  let started = false;
  let guard = 0;
  while (pages.length === 0 || st.row < m.grid.rowCount) {
    if (++guard > 100000) throw new Error('paginateTable: no progress (bug)');
    const first = pages.length === 0;
    const top = first ? frame.firstTop : frame.pageTop;
    const bottom = first ? frame.firstBottom : frame.pageBottom;
    const withHeader: boolean = headerRows > 0 && (!headersPlaced || repeatHeaders);
    const space = bottom - top - m.borderWidth - (withHeader ? headerHeight : 0);
    const body = pageBody(ctx, st, space, first, headerHeight, repeatHeaders);
    if (!body) {
      // Not even one body row fits the space left on the current page: the table starts on the next.
      pages.push({ slices: [], parts: [], top, bottom: top, startRow: 0 });
      continue;
    }
    const placed = placePage(ctx, st, body, withHeader ? header : undefined, top);
    headersPlaced ||= withHeader;
    // The page holding the table's first rows starts at row 0 (even after an empty first page).
    pages.push({ slices: placed.slices, parts: placed.parts, top, bottom: placed.bottom, startRow: started ? st.row : 0 });
    started = true;
    st = placed.after;
  }
  return pages;
}

/**
 * Draws a plan: each grid edge once (merged into maximal runs; horizontal rules reach half a
 * border width past their ends so corners are filled), then one text box per shown non-empty
 * line at the cell's inner left edge (x = cell left + left padding; fragments carry the
 * alignment offset) with its baseline at metrics.baselineInLine within its line box.
 */
export function renderTablePlan(plan: TablePlan): TableLayoutResult {
  const pages = plan.pages.map((page) => {
    if (page.slices.length === 0) return { boxes: [] as Box[], bottom: page.bottom };
    return { boxes: [...tableRules(plan, page), ...cellTextBoxes(plan.measured, page)], bottom: page.bottom };
  });
  return {
    pages,
    pageStartRows: plan.pages.map((p) => p.startRow),
    pageContinues: plan.pages.map((p) => p.slices.some((sl) => !sl.header && sl.continued)),
  };
}

/** The rules of one page of a table: every grid edge between two different parts, merged into runs. */
function tableRules(plan: TablePlan, page: TablePage): RuleBox[] {
  const { grid, borderWidth: bw } = plan.measured;
  // owner[k][j]: which part covers column j of slice k.
  const owner: number[][] = page.slices.map(() => new Array<number>(grid.colCount).fill(-1));
  page.parts.forEach((p, i) => {
    for (let k = p.firstSlice; k <= p.lastSlice; k++) {
      for (let j = p.cell.col; j < p.cell.col + p.cell.colSpan; j++) owner[k]![j] = i;
    }
  });
  const K = page.slices.length;
  const yAt = (k: number): number => (k < K ? page.slices[k]!.top : page.slices[K - 1]!.top + page.slices[K - 1]!.height);
  const xAt = (j: number): number => plan.x + grid.colX[j]!;
  const rules: RuleBox[] = [];
  // Horizontal edges: boundary k lies above slice k (k = K is the bottom frame).
  for (let k = 0; k <= K; k++) {
    let runStart = -1;
    for (let j = 0; j <= grid.colCount; j++) {
      const drawn = j < grid.colCount && (k === 0 || k === K || owner[k - 1]![j] !== owner[k]![j]);
      if (drawn && runStart < 0) runStart = j;
      if (!drawn && runStart >= 0) {
        // Half a border width past each end fills the corner square under the vertical rule.
        rules.push({ kind: 'rule', x1: xAt(runStart) - bw / 2, y1: yAt(k), x2: xAt(j) + bw / 2, y2: yAt(k), width: bw });
        runStart = -1;
      }
    }
  }
  // Vertical edges: boundary j lies left of column j (j = colCount is the right frame).
  for (let j = 0; j <= grid.colCount; j++) {
    let runStart = -1;
    for (let k = 0; k <= K; k++) {
      const drawn = k < K && (j === 0 || j === grid.colCount || owner[k]![j - 1] !== owner[k]![j]);
      if (drawn && runStart < 0) runStart = k;
      if (!drawn && runStart >= 0) {
        rules.push({ kind: 'rule', x1: xAt(j), y1: yAt(runStart), x2: xAt(j), y2: yAt(k), width: bw });
        runStart = -1;
      }
    }
  }
  return rules;
}

/** One text box per shown non-empty line of each cell part on a page. */
function cellTextBoxes(m: MeasuredTable, page: TablePage): TextBox[] {
  const { lineHeight: lh, size } = m;
  const padL = m.padding[3];
  const boxes: TextBox[] = [];
  for (const p of page.parts) {
    p.lines.forEach((line, i) => {
      if (line.fragments.length === 0) return;
      // The line breaker already offsets the fragments for center/right alignment (see
      // createLineBreaker), so every line starts at the cell's inner left edge.
      boxes.push({ kind: 'text', x: p.x + padL, y: p.y + p.textTop + i * lh + baselineInLine(lh, size), fragments: line.fragments, text: line.text });
    });
  }
  return boxes;
}

/** Lays a table out over as many pages as it needs (see the module comment). */
export const layoutTable: LayoutTable = (input) => renderTablePlan(planTable(input));

/**
 * A readable dump of a plan, one block per page, for snapshot tests: every slice with its row,
 * height and the parts that start there (`c<col>` plus `<rows>x<cols>` when merged, `^` for a
 * continuation part, `v` when the cell goes on, then the shown lines joined by `/`).
 */
export function describeTablePages(plan: TablePlan): string {
  const out: string[] = [];
  plan.pages.forEach((page, i) => {
    out.push(`page ${i + 1} start=${page.startRow} top=${page.top.toFixed(1)} bottom=${page.bottom.toFixed(1)}`);
    page.slices.forEach((s, k) => {
      const flags = `${s.header ? ' header' : ''}${s.continued ? ' continued' : ''}${s.cut ? ' cut' : ''}`;
      const cells = page.parts
        .filter((p) => p.firstSlice === k)
        .map((p) => {
          const rows = p.lastSlice - p.firstSlice + 1;
          const span = rows > 1 || p.cell.colSpan > 1 ? ` ${rows}x${p.cell.colSpan}` : '';
          const marks = `${p.isFirst ? '' : '^'}${p.isLast ? '' : 'v'}`;
          return `c${p.cell.col}${span}${marks ? ' ' + marks : ''} "${p.lines.map((l) => l.text).join('/')}"`;
        });
      out.push(`  r${s.row}${flags} h=${s.height.toFixed(1)}: ${cells.join(' | ')}`);
    });
  });
  return out.join('\n');
}
