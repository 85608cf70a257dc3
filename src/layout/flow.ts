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
import { createLineBreaker } from './linebreak.ts';
import { splitTitle } from './title.ts';
import { EM_ASCENT, baselineInLine } from './metrics.ts';
import { gridPitch, pageNumberPlacement, spaceLines, typeArea, type GridPitch, type TypeArea } from '../document/geometry.ts';
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
 * boundaries (never a full line and a stub), see ./title.ts. Lines are relative to the type
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
    const lines = full.length > 1 ? splitTitle(runs, full.length, width, opts, breakLines, s.titleWords) ?? full : full;
    lines.forEach((l, j) => out.push({ ...l, last: i === parts.length - 1 && j === lines.length - 1 }));
  });
  return out;
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

/** Where the grid flow stands: the page being filled and the next free grid line on it. */
class GridCursor {
  page: PageDraft;
  row = 0;
  /** The page was started by text overflowing (space before is dropped at its top). */
  overflowed = false;
  constructor(
    private readonly pages: PageDraft[],
    private readonly style: PageStyle,
    readonly perPage: number,
  ) {
    this.page = newPage(pages, style);
  }
  empty(): boolean {
    return this.page.boxes.length === 0;
  }
  turn(): void {
    this.page = newPage(this.pages, this.style);
    this.row = 0;
    this.overflowed = true;
  }
  /** Starts a new page when the current one is full. */
  turnIfFull(): void {
    if (this.row >= this.perPage) this.turn();
  }
}

/** Grid lines a keep-with-next chain starting at block i needs on one page. */
function keepNeed(blocks: readonly Block[], lines: readonly (LaidLine[] | null)[], i: number, atTop: boolean, pitch: GridPitch): number {
  const b = blocks[i];
  const l = lines[i];
  if (!b || b.kind === 'pageBreak') return 0;
  if (!l || b.kind === 'table') return 1;
  const before = atTop ? 0 : spaceLines(b.style.spaceBefore, pitch);
  if (!b.style.keepWithNext) return before + 1;
  return before + l.length + spaceLines(b.style.spaceAfter, pitch) + keepNeed(blocks, lines, i + 1, false, pitch);
}

/** Puts a text block's lines on the grid, one per line from the cursor on, turning pages as needed. */
function placeGridText(ctx: FlowContext, c: GridCursor, b: TextBlock, laid: readonly LaidLine[], area: TypeArea, pitch: GridPitch, need: number): void {
  // Spacing is in points everywhere; on the grid it takes whole lines.
  if (b.style.keepWithNext && !c.empty() && c.row + need > c.perPage && need <= c.perPage) c.turn();
  if (!(c.row === 0 && c.overflowed)) c.row += spaceLines(b.style.spaceBefore, pitch);
  c.turnIfFull();
  laid.forEach((line, li) => {
    c.turnIfFull();
    const top = area.top + c.row * pitch.line;
    if (li === 0) {
      const entry = outlineEntry(b, ctx.pages.length - 1, top);
      if (entry) ctx.outline.push(entry);
    }
    c.page.boxes.push(textBox(line, area.left, top + baselineInLine(pitch.line, b.style.size)));
    c.row++;
    c.overflowed = false;
  });
  c.row += spaceLines(b.style.spaceAfter, pitch);
}

function flowGridSection(section: Section, si: number, ctx: FlowContext): void {
  const ps = section.page;
  const pitch = gridPitch(ps)!;
  const area = typeArea(ps);
  const blocks = section.blocks;
  // Text within 1pt of the pitch snaps to it; bigger text (the 22pt title) keeps its natural
  // advances (the line breaker decides per character, see gridFitSpacing).
  const lines: (LaidLine[] | null)[] = blocks.map((b) =>
    b.kind === 'table' || b.kind === 'pageBreak' ? null : breakBlock(b, area.width, ctx.breakLines, pitch.char),
  );
  const c = new GridCursor(ctx.pages, ps, pitch.lines);
  blocks.forEach((b, bi) => {
    if (b.kind === 'pageBreak') {
      if (!c.empty() || c.row > 0) {
        c.turn();
        c.overflowed = false;
      }
      return;
    }
    c.turnIfFull();
    if (b.kind === 'table') {
      const bottom = placeTable(ctx, b, si, bi, area, area.top + c.row * pitch.line, () => c.turn(), () => c.page);
      c.row = Math.ceil((bottom - area.top) / pitch.line - 1e-6) + spaceLines(b.style.spaceAfter, pitch);
      return;
    }
    const laid = lines[bi]!;
    if (b.kind === 'title') ctx.titleLines.push({ section: si, block: bi, lines: laid.map((l) => l.text) });
    const need = b.style.keepWithNext && !c.empty() ? keepNeed(blocks, lines, bi, false, pitch) : 0;
    placeGridText(ctx, c, b, laid, area, pitch, need);
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
