import { describe, expect, it } from 'vitest';
import type { BlockStyle, TableBlock, TableCell, TableRow } from '../src/document/model.ts';
import { JixiaoError } from '../src/errors.ts';
import { baselineInLine, EM_ASCENT } from '../src/layout/metrics.ts';
import {
  describeTablePages,
  layoutTable,
  planTable,
  renderTablePlan,
  resolveGrid,
  type TablePlan,
} from '../src/layout/table.ts';
import type { BreakLines, LaidLine, RuleBox, TableLayoutInput, TextBox } from '../src/layout/types.ts';

/** Every character `size` wide, breaks anywhere, one fragment per line in face 'X'. */
const simpleBreaker: BreakLines = (runs, o) => {
  const chars = Array.from(runs.map((r) => r.text).join(''));
  const per = Math.max(1, Math.floor(o.width / o.size + 1e-9));
  const lines: LaidLine[] = [];
  for (let i = 0; i < chars.length; i += per) {
    const text = chars.slice(i, i + per).join('');
    const width = Array.from(text).length * o.size;
    // Like createLineBreaker: fragments carry the center/right offset within the width.
    const x = o.align === 'center' ? (o.width - width) / 2 : o.align === 'right' ? o.width - width : 0;
    lines.push({
      fragments: [{ x, text, face: 'X', size: o.size, bold: !!o.bold, charSpacing: 0, width }],
      width,
      text,
      last: i + per >= chars.length,
    });
  }
  return lines;
};

const SIZE = 10;
const LH = 13;
const PAD: [number, number, number, number] = [2, 3, 2, 3];
const BW = 0.5;
const style: BlockStyle = { font: 'fangsong', size: SIZE, align: 'left', lineHeight: LH, docxStyleName: '表格' };

function cell(text: string, o: Partial<TableCell> = {}): TableCell {
  return {
    paragraphs: text === '' ? [] : [[{ text }]],
    rowSpan: 1,
    colSpan: 1,
    align: 'left',
    valign: 'middle',
    repeatOnSplit: false,
    ...o,
  };
}
const row = (cells: TableCell[], o: Partial<TableRow> = {}): TableRow => ({ cells, repeatHeader: false, minHeight: 0, ...o });
const tbl = (columns: number[], rows: TableRow[]): TableBlock => ({
  kind: 'table',
  columns,
  rows,
  style,
  padding: PAD,
  borderWidth: BW,
});
const input = (table: TableBlock, o: Partial<TableLayoutInput> = {}): TableLayoutInput => ({
  table,
  breakLines: simpleBreaker,
  x: 50,
  firstTop: 100,
  firstBottom: 800,
  pageTop: 50,
  pageBottom: 800,
  ...o,
});
/** Height of a one-line row. */
const ONE = LH + PAD[0] + PAD[2];

function thrown(f: () => unknown): JixiaoError {
  try {
    f();
  } catch (e) {
    if (e instanceof JixiaoError) return e;
    throw e;
  }
  throw new Error('did not throw');
}

describe('resolveGrid', () => {
  it('places spans and merged slots', () => {
    const g = resolveGrid(
      tbl([10, 20, 30], [
        row([cell('A', { rowSpan: 2 }), cell('B', { colSpan: 2 })]),
        row([cell('C'), cell('D')]),
        row([cell('E', { colSpan: 3 })]),
      ]),
    );
    expect(g.colX).toEqual([0, 10, 30, 60]);
    const show = g.slots.map((r) => r.map((s) => (s.kind === 'cell' ? s.cell.cell.paragraphs[0]![0]!.text : `(${s.origin.cell.paragraphs[0]![0]!.text})`)).join(' '));
    expect(show).toEqual(['A B (B)', '(A) C D', 'E (E) (E)']);
    expect(g.cells.map((c) => [c.row, c.col, c.lastRow])).toEqual([[0, 0, 1], [0, 1, 0], [1, 1, 1], [1, 2, 1], [2, 0, 2]]);
    expect(g.cellsByRow[1]!.map((c) => c.index)).toEqual([0, 2, 3]);
  });

  it('refuses overlapping spans, naming row and column', () => {
    const e = thrown(() =>
      resolveGrid(tbl([10, 10], [row([cell('A'), cell('B', { rowSpan: 2 })]), row([cell('C', { colSpan: 2 })])])),
    );
    expect(e.code).toBe('table.spanOverlap');
    expect(e.zh).toContain('表格第 2 行第 1 列');
    expect(e.zh).toContain('第 1 行第 2 列');
    expect(e.en).toContain('table row 2, column 1');
  });

  it('refuses spans off the grid, short and long rows, bad widths, header spans', () => {
    const past = thrown(() => resolveGrid(tbl([10, 10], [row([cell('A'), cell('B', { colSpan: 2 })])])));
    expect(past.code).toBe('table.spanPastRight');
    expect(past.zh).toContain('表格第 1 行第 2 列');
    const below = thrown(() => resolveGrid(tbl([10], [row([cell('A', { rowSpan: 3 })]), row([])])));
    expect(below.code).toBe('table.spanPastBottom');
    expect(below.en).toContain('row span 3');
    const short = thrown(() => resolveGrid(tbl([10, 10, 10], [row([cell('A'), cell('B')])])));
    expect(short.code).toBe('table.rowIncomplete');
    expect(short.zh).toContain('第 3 列空缺');
    const long = thrown(() => resolveGrid(tbl([10], [row([cell('A'), cell('B')])])));
    expect(long.code).toBe('table.rowTooManyCells');
    expect(long.en).toContain('table row 1: cell 2');
    const width = thrown(() => resolveGrid(tbl([10, -1], [row([cell('A'), cell('B')])])));
    expect(width.code).toBe('table.badColumns');
    expect(width.zh).toContain('第 2 列的列宽 -1');
    const zero = thrown(() => resolveGrid(tbl([10], [row([cell('A', { rowSpan: 0 })])])));
    expect(zero.code).toBe('table.badSpan');
    const head = thrown(() =>
      resolveGrid(tbl([10], [row([cell('H', { rowSpan: 2 })], { repeatHeader: true }), row([])])),
    );
    expect(head.code).toBe('table.headerSpan');
  });
});

/** A 附件1-like indicator section: 绩效指标 / 产出指标 / 数量指标 spanning their rows. */
function indicatorTable(quantity: number): TableBlock {
  const cols = [56, 56, 80, 120, 80, 80]; // label columns hold 5 characters a line
  const rows: TableRow[] = [];
  rows.push(row([cell('部门名称'), cell('某某办公室', { colSpan: 5 })]));
  const m = quantity + 3; // quantity + 2 质量 + 1 效益
  const rep = { repeatOnSplit: true };
  rows.push(
    row([
      cell('绩效指标', { rowSpan: m + 1, ...rep }),
      cell('一级指标'),
      cell('二级指标'),
      cell('三级指标'),
      cell('实施周期指标值'),
      cell('年度指标值'),
    ]),
  );
  for (let i = 0; i < quantity; i++) {
    const first = i === 0;
    rows.push(
      row([
        ...(first ? [cell('产出指标', { rowSpan: quantity + 2, ...rep })] : []),
        ...(first ? [cell('数量指标', { rowSpan: quantity, ...rep })] : []),
        cell(`数量${i + 1}`),
        cell(`≥${i + 1}个`, { align: 'right' }),
        cell(`${i + 1}个`, { align: 'right' }),
      ]),
    );
  }
  rows.push(row([cell('质量指标', { rowSpan: 2, ...rep }), cell('质量1'), cell('100%'), cell('100%')]));
  rows.push(row([cell('质量2'), cell('98%'), cell('98%')]));
  rows.push(row([cell('效益指标', rep), cell('社会效益指标', rep), cell('效益1'), cell('好'), cell('好')]));
  return tbl(cols, rows);
}

describe('pagination of a 3-level group', () => {
  it('splits 数量指标 10/9 and repeats all three labels on the continuation, centred in their part', () => {
    const table = indicatorTable(19);
    // First page: 部门名称 + header row + 10 数量 rows.
    const firstBottom = 100 + BW + 12 * ONE + 1;
    const plan = planTable(input(table, { firstBottom }));
    expect(plan.pages.length).toBe(2);
    const [p1, p2] = plan.pages as [TablePlan['pages'][0], TablePlan['pages'][0]];
    expect(p1.slices.map((s) => s.row)).toEqual(Array.from({ length: 12 }, (_, i) => i));
    expect(p2.slices[0]!.row).toBe(12);
    expect(renderTablePlan(plan).pageStartRows).toEqual([0, 12]);

    const label = (page: typeof p2, text: string) => page.parts.find((p) => p.cell.cell.paragraphs[0]?.[0]?.text === text)!;
    // Page 1 parts go on (isLast false); page 2 parts continue them (isFirst false).
    for (const [text, rowsOn2] of [['绩效指标', 9 + 2 + 1], ['产出指标', 9 + 2], ['数量指标', 9]] as const) {
      const a = label(p1, text);
      const b = label(p2, text);
      expect([a.isFirst, a.isLast, b.isFirst, b.isLast]).toEqual([true, false, false, true]);
      expect(b.lines.map((l) => l.text)).toEqual([text]);
      expect(a.lines.map((l) => l.text)).toEqual([text]);
      expect(b.y).toBeCloseTo(50 + BW / 2, 6);
      expect(b.height).toBeCloseTo(rowsOn2 * ONE, 6);
      expect(b.lastSlice - b.firstSlice + 1).toBe(rowsOn2);
    }
    // The text boxes on page 2: each label's two lines centred vertically in its part.
    const result = renderTablePlan(plan);
    const boxes = result.pages[1]!.boxes.filter((b): b is TextBox => b.kind === 'text');
    for (const text of ['数量指标', '产出指标', '绩效指标']) {
      const part = label(p2, text);
      const box = boxes.find((b) => b.text === text)!;
      expect(box.y).toBeCloseTo(part.y + (part.height - LH) / 2 + baselineInLine(LH, SIZE), 6);
      expect(box.x).toBe(part.x + PAD[3]);
    }
    // 数量指标 spans rows 12..20 on page 2 and the row after starts 质量指标.
    const q = label(p2, '质量指标');
    expect(q.isFirst && q.isLast).toBe(true);
    expect(q.firstSlice).toBe(9);
    // Right-aligned amounts end at the cell's right padding.
    const amount = boxes.find((b) => b.text === '≥11个')!;
    expect(amount.x + amount.fragments[0]!.x + amount.fragments[0]!.width).toBeCloseTo(50 + 56 + 56 + 80 + 120 + 80 - PAD[1], 6);
  });

  it('cells without repeatOnSplit continue blank', () => {
    const table = tbl([60, 60], [
      row([cell('分组', { rowSpan: 6 }), cell('r0')]),
      ...[1, 2, 3, 4, 5].map((i) => row([cell(`r${i}`)])),
    ]);
    const plan = planTable(input(table, { firstBottom: 100 + BW + 3 * ONE + 1 }));
    expect(plan.pages.length).toBe(2);
    const a = plan.pages[0]!.parts[0]!;
    const b = plan.pages[1]!.parts[0]!;
    expect(a.lines.map((l) => l.text)).toEqual(['分组']);
    expect(b.lines).toEqual([]);
    expect(b.height).toBeCloseTo(3 * ONE, 6);
  });
});

describe('header rows', () => {
  const table = (n: number) =>
    tbl([100, 100], [
      row([cell('名称'), cell('金额')], { repeatHeader: true }),
      row([cell('第二表头', { colSpan: 2 })], { repeatHeader: true }),
      ...Array.from({ length: n }, (_, i) => row([cell(`项目${i}`), cell(`${i}.00`, { align: 'right' })])),
    ]);

  it('repeat at the top of every continuation page', () => {
    const plan = planTable(input(table(100)));
    expect(plan.pages.length).toBeGreaterThan(2);
    const result = renderTablePlan(plan);
    let seen = 0;
    plan.pages.forEach((page, i) => {
      expect(page.slices.slice(0, 2).map((s) => [s.row, s.header])).toEqual([[0, true], [1, true]]);
      const texts = result.pages[i]!.boxes.filter((b): b is TextBox => b.kind === 'text');
      const top = i === 0 ? 100 : 50;
      expect(texts[0]!.text).toBe('名称');
      expect(texts[0]!.y).toBeCloseTo(top + BW / 2 + PAD[0] + baselineInLine(LH, SIZE), 6);
      expect(page.slices[2]!.row).toBe(result.pageStartRows[i] === 0 ? 2 : result.pageStartRows[i]);
      seen += page.slices.length - 2;
    });
    expect(seen).toBe(100);
    expect(result.pageStartRows[0]).toBe(0);
    expect(result.pageStartRows.slice(1).every((r, i) => r > (result.pageStartRows[i] ?? 0))).toBe(true);
  });

  it('are never left alone at a page bottom: the table starts on the next page', () => {
    // Room for the two header rows but not for a body row.
    const result = layoutTable(input(table(5), { firstBottom: 100 + BW + 2 * ONE + 5 }));
    expect(result.pages[0]!.boxes).toEqual([]);
    expect(result.pages[0]!.bottom).toBe(100);
    expect(result.pageStartRows).toEqual([0, 0]);
    const texts = result.pages[1]!.boxes.filter((b): b is TextBox => b.kind === 'text').map((b) => b.text);
    expect(texts.slice(0, 3)).toEqual(['名称', '金额', '第二表头']);
    expect(texts.filter((t) => t === '名称').length).toBe(1);
  });
});

describe('a row taller than a page', () => {
  it('is cut inside its cells by lines, every line exactly once', () => {
    // 10 characters a line in column 1 (106 - padding), 200 distinct lines.
    const lines = Array.from({ length: 200 }, (_, i) => `L${String(i).padStart(9, '0')}`);
    const table = tbl([60, 106], [
      row([cell('前'), cell('一行')]),
      row([cell('很长', { valign: 'top' }), cell(lines.join(''), { valign: 'top' })]),
      row([cell('后'), cell('末行')]),
    ]);
    const plan = planTable(input(table, { firstTop: 100, firstBottom: 400, pageTop: 50, pageBottom: 600 }));
    const result = renderTablePlan(plan);
    const texts = result.pages.flatMap((p) => p.boxes.filter((b): b is TextBox => b.kind === 'text').map((b) => b.text));
    expect(texts.filter((t) => t.startsWith('L'))).toEqual(lines);
    expect(texts.filter((t) => t === '很长').length).toBe(1);
    expect(texts.at(-1)).toBe('末行');
    // The cut starts on the first page right under row 0 and fills every page to its bottom.
    const p1 = plan.pages[0]!;
    expect(p1.slices.map((s) => [s.row, s.cut])).toEqual([[0, false], [1, true]]);
    expect(p1.bottom).toBeCloseTo(400, 6);
    expect(plan.pages[1]!.slices[0]!.continued).toBe(true);
    // 200 lines of 13pt: the rest of page 1 (283pt) and pages of 550pt.
    expect(plan.pages.length).toBe(6);
    expect(result.pageStartRows).toEqual([0, 1, 1, 1, 1, 1]);
    expect(plan.pages.at(-1)!.slices.map((s) => [s.row, s.continued])).toEqual([[1, true], [2, false]]);
    for (const page of result.pages) for (const b of page.boxes) if (b.kind === 'text') expect(b.y).toBeLessThan(600);
  });
});

// ---------------------------------------------------------------------------------------------
// Invariants on generated long inputs.

/** Deterministic generator: a key-task section and an indicator tree with many groups. */
function generated(seed: number, tasks: number, groups: number): TableBlock {
  let x = seed;
  const rnd = (n: number) => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return (x >>> 16) % n;
  };
  const text = (tag: string, max: number) => {
    const n = 1 + rnd(max);
    let s = tag;
    while (Array.from(s).length < n) s += '字';
    return s;
  };
  const rows: TableRow[] = [];
  rows.push(row([cell('年度重点工作任务', { rowSpan: tasks + 1, repeatOnSplit: true }), cell('名称'), cell('主要实施内容'), cell('资金'), cell('目标', { colSpan: 2 })]));
  for (let i = 0; i < tasks; i++) {
    rows.push(row([cell(text(`T${i}名`, 20)), cell(text(`T${i}内容`, 90)), cell(`${i}.00`, { align: 'right' }), cell(text(`T${i}目标`, 160), { colSpan: 2, align: 'justify' })]));
  }
  const leaves: number[][] = Array.from({ length: groups }, () => Array.from({ length: 1 + rnd(4) }, () => 1 + rnd(12)));
  const m = leaves.reduce((a, g) => a + g.reduce((b, c) => b + c, 0), 0);
  rows.push(row([cell('绩效指标', { rowSpan: m + 1, repeatOnSplit: true }), cell('一级'), cell('二级'), cell('三级'), cell('周期'), cell('年度')], { minHeight: 30 }));
  leaves.forEach((g, gi) => {
    const total = g.reduce((b, c) => b + c, 0);
    g.forEach((count, si) => {
      for (let k = 0; k < count; k++) {
        rows.push(
          row([
            ...(si === 0 && k === 0 ? [cell(`一级${gi}`, { rowSpan: total, repeatOnSplit: true })] : []),
            ...(k === 0 ? [cell(text(`二级${gi}.${si}`, 12), { rowSpan: count, repeatOnSplit: rnd(2) === 0 })] : []),
            cell(text(`三级${gi}.${si}.${k}`, 40)),
            cell(text(`P${gi}.${si}.${k}`, 8)),
            cell(text(`Y${gi}.${si}.${k}`, 8), { align: 'center' }),
          ]),
        );
      }
    });
  });
  return tbl([40, 60, 150, 70, 70, 70], rows);
}

const within = (v: number, lo: number, hi: number, tol = 1e-6) => v >= lo - tol && v <= hi + tol;

function checkInvariants(inp: TableLayoutInput) {
  const plan = planTable(inp);
  const result = renderTablePlan(plan);
  const { measured: m } = plan;
  expect(result.pages.length).toBe(plan.pages.length);
  expect(result.pageStartRows.length).toBe(plan.pages.length);

  // Nothing lost: a flowing cell shows each of its lines exactly once in order; a repeated cell shows
  // all its lines in each part (lines of a row cut inside are shown once overall).
  for (const g of m.grid.cells) {
    const all = m.lines[g.index]!.map((l) => l.text);
    const parts = plan.pages.flatMap((p) => p.parts.filter((q) => q.cell === g));
    expect(parts.length).toBeGreaterThan(0);
    expect(parts[0]!.isFirst).toBe(true);
    expect(parts.at(-1)!.isLast).toBe(true);
    if (g.cell.repeatOnSplit || g.row < m.grid.headerRows) {
      for (const p of parts) expect(p.lines.map((l) => l.text)).toEqual(all);
    } else {
      expect(parts.flatMap((p) => p.lines.map((l) => l.text))).toEqual(all);
    }
    // The cell's source text is all there.
    expect(all.join('')).toBe(g.cell.paragraphs.map((p) => p.map((r) => r.text).join('')).join(''));
  }

  result.pages.forEach((page, i) => {
    const pp = plan.pages[i]!;
    const top = i === 0 ? inp.firstTop : inp.pageTop;
    const bottom = i === 0 ? inp.firstBottom : inp.pageBottom;
    expect(page.bottom).toBeLessThanOrEqual(bottom + 1e-6);
    // Parts do not overlap one another.
    for (let a = 0; a < pp.parts.length; a++) {
      for (let b = a + 1; b < pp.parts.length; b++) {
        const p = pp.parts[a]!;
        const q = pp.parts[b]!;
        const w = Math.min(p.x + p.width, q.x + q.width) - Math.max(p.x, q.x);
        const h = Math.min(p.y + p.height, q.y + q.height) - Math.max(p.y, q.y);
        expect(w <= 1e-6 || h <= 1e-6).toBe(true);
      }
    }
    // Every text box sits inside exactly one part's padded rect, and that part shows that line.
    const texts = page.boxes.filter((b): b is TextBox => b.kind === 'text');
    for (const t of texts) {
      const left = t.x + t.fragments[0]!.x;
      const right = t.x + t.fragments.at(-1)!.x + t.fragments.at(-1)!.width;
      const host = pp.parts.filter(
        (p) =>
          within(left, p.x + PAD[3], p.x + p.width - PAD[1]) &&
          within(right, p.x + PAD[3], p.x + p.width - PAD[1]) &&
          within(t.y - EM_ASCENT * SIZE, p.y + PAD[0], p.y + p.height - PAD[2]) &&
          within(t.y + (1 - EM_ASCENT) * SIZE, p.y + PAD[0], p.y + p.height - PAD[2]),
      );
      expect(host.length, `box "${t.text}" on page ${i + 1}`).toBe(1);
      expect(host[0]!.lines.some((l) => l.text === t.text)).toBe(true);
      expect(within(t.y, top, bottom)).toBe(true);
    }
    // One text box per shown non-empty line.
    expect(texts.length).toBe(pp.parts.reduce((a, p) => a + p.lines.filter((l) => l.fragments.length > 0).length, 0));

    const rules = page.boxes.filter((b): b is RuleBox => b.kind === 'rule');
    if (pp.slices.length === 0) {
      expect(rules).toEqual([]);
      return;
    }
    const bw = m.borderWidth;
    // No double rules: collinear rules never overlap.
    for (let a = 0; a < rules.length; a++) {
      for (let b = a + 1; b < rules.length; b++) {
        const r = rules[a]!;
        const s = rules[b]!;
        if (r.y1 === r.y2 && s.y1 === s.y2 && Math.abs(r.y1 - s.y1) < 1e-6) {
          expect(Math.min(r.x2, s.x2) - Math.max(r.x1, s.x1)).toBeLessThanOrEqual(bw + 1e-6); // corner overlap only
        }
        if (r.x1 === r.x2 && s.x1 === s.x2 && Math.abs(r.x1 - s.x1) < 1e-6) {
          expect(Math.min(r.y2, s.y2) - Math.max(r.y1, s.y1)).toBeLessThanOrEqual(1e-6);
        }
      }
    }
    // Borders join: every endpoint lies on a perpendicular rule (within half a border width).
    const onRule = (x: number, y: number, self: RuleBox) =>
      rules.some(
        (r) =>
          r !== self &&
          (r.y1 === r.y2) !== (self.y1 === self.y2) &&
          within(x, Math.min(r.x1, r.x2), Math.max(r.x1, r.x2), bw / 2 + 1e-6) &&
          within(y, Math.min(r.y1, r.y2), Math.max(r.y1, r.y2), bw / 2 + 1e-6),
      );
    for (const r of rules) {
      expect(onRule(r.x1, r.y1, r), `rule start ${JSON.stringify(r)}`).toBe(true);
      expect(onRule(r.x2, r.y2, r), `rule end ${JSON.stringify(r)}`).toBe(true);
    }
    // The frame is closed: top rule, bottom rule, left and right rules span the page's part of the table.
    const frameTop = pp.slices[0]!.top;
    const frameBottom = pp.slices.at(-1)!.top + pp.slices.at(-1)!.height;
    const tableRight = inp.x + m.grid.colX.at(-1)!;
    for (const y of [frameTop, frameBottom]) {
      expect(rules.some((r) => r.y1 === y && r.y2 === y && r.x1 <= inp.x - bw / 2 + 1e-6 && r.x2 >= tableRight + bw / 2 - 1e-6)).toBe(true);
    }
    for (const x of [inp.x, tableRight]) {
      const v = rules.filter((r) => Math.abs(r.x1 - x) < 1e-6 && r.x1 === r.x2);
      expect(v.length).toBe(1);
      expect(v[0]!.y1).toBeCloseTo(frameTop, 6);
      expect(v[0]!.y2).toBeCloseTo(frameBottom, 6);
    }
    // Every part's left edge is covered by a vertical rule over its full height.
    for (const p of pp.parts) {
      expect(rules.some((r) => Math.abs(r.x1 - p.x) < 1e-6 && r.x1 === r.x2 && r.y1 <= p.y + 1e-6 && r.y2 >= p.y + p.height - 1e-6)).toBe(true);
    }
  });
  return { plan, result };
}

describe('generated long tables', () => {
  for (const [seed, tasks, groups] of [
    [1, 7, 3],
    [2, 30, 12],
    [3, 3, 40],
    [4, 60, 25],
  ] as const) {
    it(`seed ${seed}: ${tasks} tasks, ${groups} indicator groups: nothing lost, nothing overlaps, borders join once`, () => {
      const table = generated(seed, tasks, groups);
      const { plan } = checkInvariants(input(table, { firstTop: 300, firstBottom: 780, pageTop: 60, pageBottom: 780 }));
      expect(plan.pages.length).toBeGreaterThan(1);
    });
  }

  it('with repeated headers and a page barely taller than a few rows', () => {
    const table = generated(7, 10, 10);
    const withHeader: TableBlock = { ...table, rows: [row([cell('表头', { colSpan: 6, bold: true })], { repeatHeader: true }), ...table.rows] };
    const { plan } = checkInvariants(input(withHeader, { firstTop: 100, firstBottom: 220, pageTop: 60, pageBottom: 190 }));
    expect(plan.pages.length).toBeGreaterThan(10);
    for (const page of plan.pages) expect(page.slices[0]!.header).toBe(true);
    // The case exercises cut rows and continued spans of both kinds.
    const slices = plan.pages.flatMap((p) => p.slices);
    const parts = plan.pages.flatMap((p) => p.parts);
    expect(slices.filter((s) => s.cut).length).toBeGreaterThan(0);
    expect(parts.filter((p) => !p.isFirst && p.cell.cell.repeatOnSplit).length).toBeGreaterThan(0);
    expect(parts.filter((p) => !p.isFirst && !p.cell.cell.repeatOnSplit && p.cell.rowSpan > 1).length).toBeGreaterThan(0);
  });
});

describe('describeTablePages', () => {
  it('dumps slices, spans and texts per page', () => {
    const table = tbl([40, 60], [
      row([cell('名称'), cell('金额')], { repeatHeader: true }),
      row([cell('组甲', { rowSpan: 3, repeatOnSplit: true }), cell('一')]),
      row([cell('二')]),
      row([cell('三')]),
      row([cell('合计', { colSpan: 2 })]),
    ]);
    const plan = planTable(input(table, { firstBottom: 100 + BW + 3 * ONE + 1, pageTop: 50, pageBottom: 50 + BW + 4 * ONE + 1 }));
    expect(describeTablePages(plan)).toBe(
      [
        'page 1 start=0 top=100.0 bottom=151.5',
        '  r0 header h=17.0: c0 "名称" | c1 "金额"',
        '  r1 h=17.0: c0 2x1 v "组甲" | c1 "一"',
        '  r2 h=17.0: c1 "二"',
        'page 2 start=3 top=50.0 bottom=101.5',
        '  r0 header h=17.0: c0 "名称" | c1 "金额"',
        '  r3 h=17.0: c0 ^ "组甲" | c1 "三"',
        '  r4 h=17.0: c0 1x2 "合计"',
      ].join('\n'),
    );
  });
});

describe('with the real line breaker and fonts', () => {
  it('lays out a 附件1 indicator section: labels repeated on page 2, all text kept, lines inside cells', async () => {
    const { loadFontSet } = await import('../src/fonts/index.ts');
    const { createLineBreaker } = await import('../src/layout/linebreak.ts');
    const breakLines = createLineBreaker(loadFontSet());
    const quantity = [
      ['积极推动穗港澳三地交往，协调安排交流互访交往等活动', '全年推进', '积极推动穗港澳三地交往，协调安排交流互访交往等活动，推动穗港澳务实合作'],
      ['广州涉外服务环境', '全年推进', '多语种服务平台确保每通来电有回应，积极解决外籍人士诉求，未能接通的电话均及时进行回访。'],
      ['广州国际友城数量', '全年推进', '大于等于108个'],
      ['运行维护广州外事英文网', '全年对接', '1个'],
      ['运行维护广州外事微信公众号', '全年对接', '1个'],
      ['对接驻穗领馆数量', '全年对接', '大于等于68个'],
      ['运营管理广州国际交流合作中心', '全年运维', '1个'],
      ['线上线下汇总或集成展示广州市区相关部门引资引技引智亮点政策。', '全年推进', '大于等于14条'],
      ['汇总商务、贸易、科技、教育、人文等领域合作线索。', '全年推进', '大于等于180条'],
      ['运行管理广州奖官网', '全年推进', '1个'],
      ['举办培训班培训场次', '第四季度', '3场'],
    ];
    const rep = { repeatOnSplit: true };
    const rows: TableRow[] = [
      row([cell('绩效指标', { rowSpan: quantity.length + 1, ...rep }), cell('一级指标'), cell('二级指标'), cell('三级指标'), cell('实施周期指标值'), cell('年度指标值')]),
      ...quantity.map((q, i) =>
        row([
          ...(i === 0 ? [cell('产出指标', { rowSpan: quantity.length, ...rep }), cell('数量指标', { rowSpan: quantity.length, ...rep })] : []),
          cell(q[0]!, { align: 'left' }),
          cell(q[1]!, { align: 'center' }),
          cell(q[2]!, { align: 'left' }),
        ]),
      ),
    ];
    const table: TableBlock = { ...tbl([50, 60, 60, 150, 70, 130], rows), style: { ...style, size: 9, lineHeight: 13 } };
    const plan = planTable(input(table, { breakLines, firstTop: 100, firstBottom: 330, pageTop: 60, pageBottom: 780 }));
    expect(plan.pages.length).toBe(2);
    const p2 = plan.pages[1]!;
    const first3 = p2.parts.filter((p) => p.firstSlice === 0 && p.cell.col < 3);
    expect(first3.map((p) => [p.lines.map((l) => l.text).join(''), p.isFirst])).toEqual([
      ['绩效指标', false],
      ['产出指标', false],
      ['数量指标', false],
    ]);
    expect(new Set(first3.map((p) => p.height)).size).toBe(1); // the three labels span the same rows here
    for (const g of plan.measured.grid.cells) {
      const parts = plan.pages.flatMap((p) => p.parts.filter((q) => q.cell === g));
      const src = g.cell.paragraphs[0]!.map((r) => r.text).join('');
      if (g.cell.repeatOnSplit) for (const p of parts) expect(p.lines.map((l) => l.text).join('')).toBe(src);
      else expect(parts.flatMap((p) => p.lines.map((l) => l.text)).join('')).toBe(src);
    }
    const result = renderTablePlan(plan);
    result.pages.forEach((page, i) => {
      for (const b of page.boxes) {
        if (b.kind !== 'text') continue;
        const host = plan.pages[i]!.parts.find((p) => p.lines.some((l) => l.text === b.text) && within(b.y, p.y, p.y + p.height))!;
        expect(host).toBeDefined();
        expect(b.y - EM_ASCENT * 9).toBeGreaterThanOrEqual(host.y + PAD[0] - 1e-6);
        expect(b.y + (1 - EM_ASCENT) * 9).toBeLessThanOrEqual(host.y + host.height - PAD[2] + 1e-6);
        expect(b.x).toBe(host.x + PAD[3]);
        // A hanging stop may overhang the right padding by at most one character.
        const end = b.x + b.fragments.at(-1)!.x + b.fragments.at(-1)!.width;
        expect(end).toBeLessThanOrEqual(host.x + host.width - PAD[1] + 9 + 1e-6);
      }
    });
  });
});

describe('row heights and vertical alignment', () => {
  it('a spanning cell taller than its rows grows its last row; minHeight and valign are kept', () => {
    // Column 0 holds 2 characters a line: '一二三四五六七八九十' is 5 lines.
    const table = tbl([26, 60, 60], [
      row([cell('一二三四五六七八九十', { rowSpan: 2 }), cell('上', { valign: 'top' }), cell('下', { valign: 'bottom' })], { minHeight: 30 }),
      row([cell('a'), cell('b')]),
    ]);
    const plan = planTable(input(table));
    const [s0, s1] = plan.pages[0]!.slices;
    expect(s0!.height).toBe(30);
    expect(s1!.height).toBeCloseTo(5 * LH + PAD[0] + PAD[2] - 30, 6);
    const texts = renderTablePlan(plan).pages[0]!.boxes.filter((b): b is TextBox => b.kind === 'text');
    const y = (t: string) => texts.find((b) => b.text === t)!.y;
    const top = 100 + BW / 2;
    expect(y('上')).toBeCloseTo(top + PAD[0] + baselineInLine(LH, SIZE), 6);
    expect(y('下')).toBeCloseTo(top + 30 - PAD[2] - LH + baselineInLine(LH, SIZE), 6);
    expect(y('一二')).toBeCloseTo(top + PAD[0] + baselineInLine(LH, SIZE), 6); // fills its rows exactly
    expect(y('九十')).toBeCloseTo(top + PAD[0] + 4 * LH + baselineInLine(LH, SIZE), 6);
    expect(plan.pages[0]!.bottom).toBeCloseTo(top + 5 * LH + PAD[0] + PAD[2] + BW / 2, 6);
  });
});
