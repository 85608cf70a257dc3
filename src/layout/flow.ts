/**
 * The page flow: places the blocks of each section on pages.
 *
 * Sections with a line grid (the 公文 report, GB/T 9704) put every line of every text block on
 * one grid line: pitch = type-area height / linesPerPage, characters at type width /
 * charsPerLine. Sections without a grid (the 附件1 table) stack blocks at their own line
 * height and hand tables to the table layouter. Page numbers are added last.
 *
 * Pure: the input tree is never mutated and nothing is read or written.
 */
import type { Block, Document, PageStyle, Run, Section, TableBlock, TextBlock } from '../document/model.ts';
import type { FontSet } from '../fonts/index.ts';
import { breakOpportunities, createLineBreaker } from './linebreak.ts';
import { EM_ASCENT, baselineInLine } from './metrics.ts';
import { gridPitch, pageNumberPlacement, spaceLines, typeArea, type TypeArea } from '../document/geometry.ts';
import type { Box, BreakLines, BreakOptions, LaidDocument, LaidLine, LaidPage, LayoutTable, OutlineEntry, TableSplit, TitleLines } from './types.ts';

/** Options of the page flow. */
export interface FlowOptions {
  /** The table layouter (src/layout/table.ts unless a test injects another). */
  readonly layoutTable: LayoutTable;
  /** Measure characters no face has instead of stopping (DOCX-only output). */
  readonly lenientGlyphs?: boolean;
  /** The line breaker; default: createLineBreaker(fonts). */
  readonly breakLines?: BreakLines;
}

/** A page being filled. */
interface PageDraft {
  readonly style: PageStyle;
  readonly boxes: Box[];
}

/** Plain text of runs (forced breaks dropped), for the outline. */
function plainText(runs: readonly Run[]): string {
  return runs
    .map((r) => (r.text === '\n' ? '' : r.text))
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Field path for glyph errors: the first run that names one. */
function blockField(b: TextBlock): string | undefined {
  return b.runs.find((r) => r.field)?.field;
}

/**
 * Breaks a text block into lines. A title that needs n lines is split at its break hints
 * (`<wbr/>`) when that gives lines that fit, else into n lines of similar length at likely word
 * boundaries (never a full line and a stub), see splitTitle. Lines are relative to the type
 * area's left edge. Break hints in other blocks change nothing.
 */
export function breakBlock(b: TextBlock, width: number, breakLines: BreakLines, pitch: number | undefined): LaidLine[] {
  const s = b.style;
  const base = {
    font: s.font,
    size: s.size,
    bold: s.bold ?? false,
    field: blockField(b),
  };
  // Characters of the block's size, as the DOCX writer indents (w:ind firstLine = n x size).
  const indent = (s.firstLineIndentChars ?? 0) * s.size;
  if (b.kind !== 'title') {
    return breakLines(b.runs, { ...base, width, firstLineIndent: indent, align: s.align, pitch });
  }
  // Titles: split each part between forced breaks separately.
  const parts: Run[][] = [[]];
  for (const r of b.runs) {
    if (r.text === '\n') parts.push([]);
    else parts[parts.length - 1]!.push(r);
  }
  const out: LaidLine[] = [];
  parts.forEach((runs, i) => {
    const opts = { ...base, firstLineIndent: 0, align: s.align, pitch };
    const full = breakLines(runs, { ...opts, width });
    const lines = full.length > 1 ? splitTitle(runs, full.length, width, opts, breakLines) ?? full : full;
    lines.forEach((l, j) => out.push({ ...l, last: i === parts.length - 1 && j === lines.length - 1 }));
  });
  return out;
}

/**
 * Characters that usually end a word in an official title (…委员会 / …局 / …办公室 / 政法委 /
 * 市政府办 / 2023年度), unless they sit inside one of TITLE_WORDS (委|员会, 办|公室, 社|会).
 */
const TITLE_WORD_END = new Set(Array.from('会局厅院府室处心度区省县镇所站队团社委办部署馆'));
/** Words a title line may well start with. */
const TITLE_WORD_START = ['办公室', '部门', '关于', '整体', '绩效', '项目', '预算'];
/**
 * Words of department names and of the report's name that a title line should not split
 * (compounds included: 人力资源和社会|保障局 splits 社会保障).
 */
const TITLE_WORDS = [
  '委员会', '办公室', '办事处', '部门', '整体', '支出', '绩效', '自评', '报告', '年度', '预算', '目标', '申报表',
  '中共', '市委', '区委', '省委', '政法', '外事', '工作', '人力资源', '社会保障', '自然资源', '规划', '中心', '服务',
  '管理', '发展', '改革', '财政', '教育', '卫生', '健康', '公安', '司法', '交通', '运输', '生态', '环境', '住房',
  '城乡', '建设', '农业', '农村', '水务', '商务', '文化', '旅游', '广电', '应急', '审计', '统计', '市场', '监督',
  '体育', '民政', '科学', '技术', '信息', '工业', '退役', '军人', '事务', '宣传', '组织', '统战', '人民', '政府',
  '法院', '检察院', '总工会', '联合会', '妇女', '共青团', '机关',
];
/**
 * Cost (in squared ems, as the spread of line widths) of a title break before a likely word
 * (… | 部门整体) but not after one. A break inside a word costs as much as lines about 7 ems apart.
 */
const WEAK_BREAK_PENALTY = 6;
/** Cost of a title break that is probably inside a word. */
const MID_WORD_PENALTY = 24;
/** Cost of a title break inside one of TITLE_WORDS. */
const IN_WORD_PENALTY = 48;

/** Cuts runs to the characters [start, end) (code points). */
function sliceRuns(runs: readonly Run[], start: number, end: number): Run[] {
  const out: Run[] = [];
  let pos = 0;
  for (const r of runs) {
    const chars = Array.from(r.text);
    const a = Math.max(start - pos, 0);
    const b = Math.min(end - pos, chars.length);
    if (b > a) out.push({ ...r, text: chars.slice(a, b).join('') });
    pos += chars.length;
  }
  return out;
}

/** Character offsets of the runs' break hints (`<wbr/>`), strictly inside the text. */
function breakHints(runs: readonly Run[]): number[] {
  const at = new Set<number>();
  let pos = 0;
  for (const r of runs) {
    if (r.breakHint) at.add(pos);
    pos += Array.from(r.text).length;
  }
  return [...at].filter((k) => k > 0 && k < pos).sort((a, b) => a - b);
}

/**
 * Splits a title that needs n lines (n >= 2; n lines of centred text).
 *
 * 1. At its break hints: of the sets of hints that give at most n lines that each fit, the one
 *    with the fewest lines, then the least spread of line widths.
 * 2. Otherwise balanced: of every set of n - 1 allowed breaks giving lines that fit, the one
 *    using the most hints, then with the least spread of line widths plus a cost per break that
 *    is not at a hint: none after a likely word end (委员会 | 办公室), a little before a likely
 *    word (… | 部门), more elsewhere, most inside a known word (委 | 员会, 资 | 源).
 *
 * Hints where a line may not break (禁则, inside a number) are ignored. Null when nothing fits.
 */
function splitTitle(
  runs: readonly Run[],
  n: number,
  width: number,
  opts: Omit<BreakOptions, 'width'>,
  breakLines: BreakLines,
): LaidLine[] | null {
  const chars = runs.flatMap((r) => Array.from(r.text));
  if (n > 4 || chars.length > 120) return null;
  const allowed = breakOpportunities(chars);
  const cuts = chars.map((_, k) => k).filter((k) => k > 0 && allowed[k]);
  const hints = breakHints(runs).filter((k) => allowed[k]);
  const widthCache = new Map<string, number>();
  const measure = (a: number, b: number): number => {
    const key = `${a}:${b}`;
    let w = widthCache.get(key);
    if (w === undefined) {
      const ls = breakLines(sliceRuns(runs, a, b), { ...opts, align: 'left', width: 1e5 });
      w = ls[0]?.width ?? 0;
      widthCache.set(key, w);
    }
    return w;
  };
  const fits = (a: number, b: number) => measure(a, b) <= width + 1e-6;
  const em = opts.size;
  /** Spread of the line widths for breaks `at`, in squared ems (Infinity when a line does not fit). */
  const spread = (at: readonly number[]): number => {
    const bounds = [0, ...at, chars.length];
    const ws: number[] = [];
    for (let j = 0; j + 1 < bounds.length; j++) {
      if (!fits(bounds[j]!, bounds[j + 1]!)) return Infinity;
      ws.push(measure(bounds[j]!, bounds[j + 1]!));
    }
    const mean = ws.reduce((p, q) => p + q, 0) / ws.length;
    return ws.reduce((p, w) => p + ((w - mean) / em) ** 2, 0);
  };
  /** The lines for breaks `at`, each broken at the full width (null if one would not stay one line). */
  const build = (at: readonly number[]): LaidLine[] | null => {
    const bounds = [0, ...at, chars.length];
    const lines: LaidLine[] = [];
    for (let j = 0; j + 1 < bounds.length; j++) {
      const ls = breakLines(sliceRuns(runs, bounds[j]!, bounds[j + 1]!), { ...opts, width });
      if (ls.length !== 1) return null;
      lines.push(ls[0]!);
    }
    return lines;
  };

  // 1. At the hints.
  let byHints: { lines: number; cost: number; at: number[] } | null = null;
  const searchHints = (from: number, i: number, at: number[]) => {
    if (at.length + 1 > n) return;
    if (fits(from, chars.length)) {
      const cost = spread(at);
      const better = !byHints || at.length + 1 < byHints.lines || (at.length + 1 === byHints.lines && cost < byHints.cost - 1e-9);
      if (cost < Infinity && better) byHints = { lines: at.length + 1, cost, at: [...at] };
    }
    for (let j = i; j < hints.length; j++) {
      const k = hints[j]!;
      if (!fits(from, k)) break; // longer lines from `from` do not fit either
      searchHints(k, j + 1, [...at, k]);
    }
  };
  if (hints.length > 0 && hints.length <= 16) searchHints(0, 0, []);
  const hinted = byHints as { lines: number; cost: number; at: number[] } | null;
  if (hinted && hinted.at.length > 0) {
    const lines = build(hinted.at);
    if (lines) return lines;
  }

  // 2. Balanced, at likely word boundaries.
  const inWord = new Array<boolean>(chars.length + 1).fill(false);
  const text = chars.join('');
  for (const word of TITLE_WORDS) {
    const len = Array.from(word).length;
    for (let u = text.indexOf(word); u >= 0; u = text.indexOf(word, u + 1)) {
      const k = Array.from(text.slice(0, u)).length;
      for (let j = k + 1; j < k + len; j++) inWord[j] = true;
    }
  }
  const hintSet = new Set(hints);
  const penalty = (k: number): number => {
    if (hintSet.has(k)) return 0;
    if (inWord[k]) return IN_WORD_PENALTY;
    if (TITLE_WORD_END.has(chars[k - 1]!)) return 0;
    if (TITLE_WORD_START.some((wd) => chars.slice(k, k + wd.length).join('') === wd)) return WEAK_BREAK_PENALTY;
    return MID_WORD_PENALTY;
  };
  let best: { hints: number; cost: number; at: number[] } | null = null;
  const search = (from: number, left: number, at: number[]) => {
    if (left === 1) {
      const s = spread(at);
      if (s === Infinity) return;
      const cost = s + at.reduce((p, k) => p + penalty(k), 0);
      const used = at.filter((k) => hintSet.has(k)).length;
      if (!best || used > best.hints || (used === best.hints && cost < best.cost - 1e-9)) best = { hints: used, cost, at: [...at] };
      return;
    }
    for (const k of cuts) {
      if (k <= from) continue;
      if (!fits(from, k)) break;
      search(k, left - 1, [...at, k]);
    }
  };
  search(0, n, []);
  const chosen = best as { hints: number; cost: number; at: number[] } | null;
  return chosen ? build(chosen.at) : null;
}

/**
 * Lays a document out on pages. Every section starts a new page; page numbers run from 1
 * through the whole document.
 */
export function flowDocument(doc: Document, fonts: FontSet, opts: FlowOptions): LaidDocument {
  const breakLines = opts.breakLines ?? createLineBreaker(fonts, { lenientGlyphs: opts.lenientGlyphs ?? false });
  const pages: PageDraft[] = [];
  const outline: OutlineEntry[] = [];
  const tableSplits: TableSplit[] = [];
  const titleLines: TitleLines[] = [];
  doc.sections.forEach((section, si) => {
    const ctx: FlowContext = { breakLines, layoutTable: opts.layoutTable, pages, outline, tableSplits, titleLines };
    if (section.page.grid) flowGridSection(section, si, ctx);
    else flowFreeSection(section, si, ctx);
  });
  const laid: LaidPage[] = pages.map((p, i) => addPageNumber(p, i + 1, breakLines));
  return { pages: laid, outline, tableSplits, titleLines };
}

/** The outline entry of a title or heading block, if it is one. */
function outlineEntry(b: TextBlock, page: number, y: number): OutlineEntry | null {
  if (b.kind === 'title') return { title: b.outline ?? plainText(b.runs), level: 0, page, y };
  if (b.kind === 'heading') return { title: b.outline ?? plainText(b.runs), level: b.level ?? 1, page, y };
  return null;
}

/** Places the text boxes of one line. */
function textBox(line: LaidLine, x: number, baseline: number): Box {
  return { kind: 'text', x, y: baseline, fragments: line.fragments, text: line.text };
}

/** What the section flows share: the breaker, the table layouter and the document's accumulators. */
interface FlowContext {
  readonly breakLines: BreakLines;
  readonly layoutTable: LayoutTable;
  readonly pages: PageDraft[];
  readonly outline: OutlineEntry[];
  readonly tableSplits: TableSplit[];
  readonly titleLines: TitleLines[];
}

/**
 * Lays a table out from `top` over as many pages as it needs (`turn` starts a new page, `page`
 * gives the current one), records where it was cut, and returns the y below it on its last page.
 */
function placeTable(ctx: FlowContext, table: TableBlock, si: number, bi: number, area: TypeArea, top: number, turn: () => void, page: () => PageDraft): number {
  const res = ctx.layoutTable({
    table,
    breakLines: ctx.breakLines,
    x: area.left,
    firstTop: top,
    firstBottom: area.bottom,
    pageTop: area.top,
    pageBottom: area.bottom,
  });
  let bottom = top;
  res.pages.forEach((tp, k) => {
    if (k > 0) turn();
    page().boxes.push(...tp.boxes);
    bottom = tp.bottom;
  });
  ctx.tableSplits.push({ section: si, block: bi, pageStartRows: res.pageStartRows, ...(res.pageContinues ? { pageContinues: res.pageContinues } : {}) });
  return bottom;
}

function flowGridSection(section: Section, si: number, ctx: FlowContext): void {
  const { breakLines, pages, outline } = ctx;
  const ps = section.page;
  const pitch = gridPitch(ps)!;
  const area = typeArea(ps);
  const linePitch = pitch.line;
  const charPitch = pitch.char;
  const perPage = pitch.lines;
  const blocks = section.blocks;

  // Text within 1pt of the pitch snaps to it; bigger text (the 22pt title) keeps its natural
  // advances (the line breaker decides per character, see gridFitSpacing).
  const lines: (LaidLine[] | null)[] = blocks.map((b) =>
    b.kind === 'table' || b.kind === 'pageBreak' ? null : breakBlock(b, area.width, breakLines, charPitch),
  );
  // Spacing is in points everywhere; on the grid it takes whole lines.
  const gridLines = (v: number | undefined) => spaceLines(v, pitch);

  let page: PageDraft = newPage(pages, ps);
  let row = 0;
  // The page was started by text overflowing (space before is dropped at its top).
  let overflowed = false;
  const empty = () => page.boxes.length === 0;
  const turn = () => {
    page = newPage(pages, ps);
    row = 0;
    overflowed = true;
  };

  /** Lines a keep-with-next chain starting at block i needs on one page. */
  const keepNeed = (i: number, atTop: boolean): number => {
    const b = blocks[i];
    const l = lines[i];
    if (!b || b.kind === 'pageBreak') return 0;
    if (!l || b.kind === 'table') return 1;
    const before = atTop ? 0 : gridLines(b.style.spaceBefore);
    if (!b.style.keepWithNext) return before + 1;
    return before + l.length + gridLines(b.style.spaceAfter) + keepNeed(i + 1, false);
  };

  blocks.forEach((b, bi) => {
    if (b.kind === 'pageBreak') {
      if (!empty() || row > 0) {
        turn();
        overflowed = false;
      }
      return;
    }
    if (row >= perPage) turn();
    if (b.kind === 'table') {
      const bottom = placeTable(ctx, b, si, bi, area, area.top + row * linePitch, turn, () => page);
      row = Math.ceil((bottom - area.top) / linePitch - 1e-6);
      row += gridLines(b.style.spaceAfter);
      return;
    }
    const laid = lines[bi]!;
    if (b.kind === 'title') ctx.titleLines.push({ section: si, block: bi, lines: laid.map((l) => l.text) });
    if (b.style.keepWithNext && !empty()) {
      const need = keepNeed(bi, false);
      if (row + need > perPage && need <= perPage) turn();
    }
    if (!(row === 0 && overflowed)) row += gridLines(b.style.spaceBefore);
    if (row >= perPage) turn();
    laid.forEach((line, li) => {
      if (row >= perPage) turn();
      const top = area.top + row * linePitch;
      if (li === 0) {
        const entry = outlineEntry(b, pages.length - 1, top);
        if (entry) outline.push(entry);
      }
      page.boxes.push(textBox(line, area.left, top + baselineInLine(linePitch, b.style.size)));
      row++;
      overflowed = false;
    });
    row += gridLines(b.style.spaceAfter);
  });
}

function flowFreeSection(section: Section, si: number, ctx: FlowContext): void {
  const { breakLines, pages, outline } = ctx;
  const ps = section.page;
  const area = typeArea(ps);
  let page = newPage(pages, ps);
  let y = area.top;
  let overflowed = false;
  const turn = () => {
    page = newPage(pages, ps);
    y = area.top;
    overflowed = true;
  };
  const lineHeightOf = (b: Block) => (b.kind === 'pageBreak' ? 0 : (b.style.lineHeight ?? b.style.size * 1.5));

  section.blocks.forEach((b, bi) => {
    if (b.kind === 'pageBreak') {
      if (page.boxes.length > 0) {
        turn();
        overflowed = false;
      }
      return;
    }
    if (!(y === area.top && overflowed)) y += b.style.spaceBefore ?? 0;
    if (b.kind === 'table') {
      y = placeTable(ctx, b, si, bi, area, y, turn, () => page);
      y += b.style.spaceAfter ?? 0;
      return;
    }
    const lh = lineHeightOf(b);
    const laid = breakBlock(b, area.width, breakLines, undefined);
    if (b.kind === 'title') ctx.titleLines.push({ section: si, block: bi, lines: laid.map((l) => l.text) });
    if (b.style.keepWithNext && page.boxes.length > 0) {
      const next = section.blocks[bi + 1];
      const need = laid.length * lh + (b.style.spaceAfter ?? 0) + (next ? lineHeightOf(next) : 0);
      if (y + need > area.bottom + 1e-6 && need <= area.height) turn();
    }
    laid.forEach((line, li) => {
      if (y + lh > area.bottom + 1e-6 && page.boxes.length > 0) turn();
      if (li === 0) {
        const entry = outlineEntry(b, pages.length - 1, y);
        if (entry) outline.push(entry);
      }
      page.boxes.push(textBox(line, area.left, y + baselineInLine(lh, b.style.size)));
      y += lh;
      overflowed = false;
    });
    y += b.style.spaceAfter ?? 0;
  });
}

function newPage(pages: PageDraft[], style: PageStyle): PageDraft {
  const p: PageDraft = { style, boxes: [] };
  pages.push(p);
  return p;
}

/**
 * Adds the page number (GB/T 9704: 4号 宋体 `— 1 —`, its top `pageNumberGap` below the type
 * area; `outer` = odd pages right-aligned one character in, even pages left-aligned one
 * character in).
 */
function addPageNumber(p: PageDraft, n: number, breakLines: BreakLines): LaidPage {
  const ps = p.style;
  if (ps.pageNumbers === 'none') return { width: ps.width, height: ps.height, boxes: p.boxes };
  const text = ps.pageNumberFormat.replace('{n}', String(n));
  const size = ps.pageNumberSize;
  const [line] = breakLines([{ text }], {
    width: 1e5,
    font: ps.pageNumberFont,
    size,
    firstLineIndent: 0,
    align: 'left',
  });
  const { x, top } = pageNumberPlacement(ps, n, line!.width);
  const baseline = top + EM_ASCENT * size;
  return {
    width: ps.width,
    height: ps.height,
    boxes: [...p.boxes, { kind: 'text', x, y: baseline, fragments: line!.fragments, text: line!.text }],
    pageNumber: text,
  };
}
