/**
 * The Chinese line breaker: UAX #14 break opportunities (the `linebreak` package) with a
 * Chinese rule layer (禁则) on top, hanging punctuation, grid pitch and justification.
 *
 * It mimics what Word and LibreOffice do with a 公文 paragraph on a document grid, so a DOCX
 * laid out by them breaks its lines where our PDF does:
 * - every CJK character and full-width mark advances exactly `pitch` (28 x 15.79pt = 156 mm),
 *   digits and Latin keep their natural width;
 * - a line never starts with closing punctuation nor ends with opening punctuation; when
 *   a rule forbids a break, the character before moves down with it ("push");
 * - a full-width comma, period or enumeration comma that no longer fits hangs past the
 *   right edge (Word's and LibreOffice's default "allow hanging punctuation");
 * - justified lines spread their (tiny) leftover evenly over all character gaps.
 */
import { createRequire } from 'node:module';
import type { FontRole, Run } from '../document/model.ts';
import { advance, type Face, type FontSet } from '../fonts/index.ts';
import type { BreakLines, BreakOptions, Fragment, LaidLine } from './types.ts';
import { gridFitSpacing } from '../document/geometry.ts';

const require = createRequire(import.meta.url);

/** The `linebreak` package (UAX #14), typed here because it ships no types. */
interface UaxBreaker {
  nextBreak(): { position: number; required: boolean } | null;
}
const LineBreaker = require('linebreak') as new (text: string) => UaxBreaker;

/** Characters that may not start a line (closing and "non-starter" punctuation, full and half width). */
export const NO_LINE_START = new Set(
  Array.from(
    '，。、；：？！）》」』”’】〕〗〙〛｝］〉…—～·‧・．' +
      '々〻ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶー' +
      ',.;:!?)]}%‰℃°′″',
  ),
);

/** Characters that may not end a line (opening punctuation, full and half width). */
export const NO_LINE_END = new Set(Array.from('（《「『“‘【〔〖〘〚｛［〈([{￥＄$£¥'));

/**
 * Marks that may hang past the right edge instead of pushing a character down. Word and
 * LibreOffice hang only the small full-width stops; other closing marks push.
 */
export const HANGING = new Set(Array.from('，。、．,.'));

/** One character ready for line breaking. */
interface Glyph {
  readonly ch: string;
  readonly face: Face;
  readonly size: number;
  readonly bold: boolean;
  /** Natural advance in points. */
  readonly natural: number;
  /** Advance drawn on the line (the grid pitch for wide characters). */
  readonly cell: number;
  /** Advance used to decide what fits a line (what Word/LibreOffice measure, see gridFitSpacing). */
  readonly fit: number;
  readonly space: boolean;
  /** Autospace after this glyph (already in cell and fit); dropped at a line end. */
  readonly gap: number;
}

/** A full-width character: CJK ideograph, kana, hangul or full-width punctuation. */
function isWideCodePoint(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

const EPS = 1e-6;

/**
 * Creates the paragraph line breaker bound to a font set.
 *
 * Lines come back relative to the line box: fragments already carry the first-line indent and
 * the `center`/`right` offset, so callers place every line at the left edge of the available
 * width. `LaidLine.width` is the visible extent of the text (a hanging mark is not counted),
 * so a justified line's width equals the available width. `Fragment.width` includes the
 * charSpacing after each of its characters (the next fragment starts at x + width).
 */
export function createLineBreaker(fonts: FontSet, opts: { lenientGlyphs?: boolean } = {}): BreakLines {
  // Lenient: measure a character no face has as the role's first face measures it (.notdef),
  // for DOCX-only output, where Word draws with the user's own fonts.
  const lenient: FontSet = opts.lenientGlyphs
    ? {
        ...fonts,
        faceFor: (role, ch, field) => {
          try {
            return fonts.faceFor(role, ch, field);
          } catch {
            return fonts.chain(role)[0]!;
          }
        },
      }
    : fonts;
  return (runs, options) => breakParagraph(lenient, runs, options);
}

/** Splits the runs at forced breaks ("\n") into glyph lists. */
function toGlyphs(fonts: FontSet, runs: readonly Run[], o: BreakOptions): Glyph[][] {
  const parts: Glyph[][] = [[]];
  for (const run of runs) {
    const role: FontRole = run.font ?? o.font;
    const size = run.size ?? o.size;
    const bold = run.bold ?? o.bold ?? false;
    const field = run.field ?? o.field;
    for (let ch of run.text) {
      if (ch === '\r') continue;
      if (ch === '\n') {
        parts.push([]);
        continue;
      }
      if (ch === '\t' || ch === '\u00a0') ch = ' ';
      const cp = ch.codePointAt(0)!;
      const face = fonts.faceFor(role, ch, field);
      const natural = advance(face, cp, size);
      // A character is a grid cell when it is wide by Unicode or by the font (curly quotes,
      // ellipsis and em dash are full-width in Chinese faces).
      const wide = isWideCodePoint(cp) || natural >= 0.9 * size;
      const onGrid = o.pitch !== undefined && Math.abs(o.pitch - size) <= 1;
      const cell = onGrid && wide && ch !== ' ' ? o.pitch! : natural;
      const fit = onGrid ? natural + gridFitSpacing(o.pitch!, size) : natural;
      parts[parts.length - 1]!.push({ ch, face, size, bold, natural, cell, fit, space: ch === ' ', gap: 0 });
    }
  }
  return parts.map(autospace);
}

export { gridFitSpacing } from '../document/geometry.ts';

/** Share of the em that Word and LibreOffice put between Chinese and Western text (autospace). */
export const AUTOSPACE_EM = 0.25;

const IDEOGRAPH = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u{20000}-\u{3fffd}]/u;
const WESTERN = /[0-9A-Za-z\u00c0-\u024f]/;

/**
 * Autospace: Word (w:autoSpaceDE/DN, on by default) and LibreOffice ("space between Asian and
 * non-Asian text") put a gap between an ideograph and a digit or Latin letter (the seed's
 * `2023 年`, `APEC 商务旅行卡 974 人次` are such gaps). A quarter em fits LibreOffice's line breaks exactly on the sample report (0.22-0.29 em do; 0.2 and 0.3 do not), so a
 * DOCX breaks its lines where the PDF does. Punctuation next to digits (`（2）`, `1.主`) gets none.
 */
function autospace(gs: Glyph[]): Glyph[] {
  return gs.map((g, i) => {
    const next = gs[i + 1];
    if (!next) return g;
    const pair = (IDEOGRAPH.test(g.ch) && WESTERN.test(next.ch)) || (WESTERN.test(g.ch) && IDEOGRAPH.test(next.ch));
    if (!pair) return g;
    const gap = AUTOSPACE_EM * Math.max(g.size, next.size);
    return { ...g, cell: g.cell + gap, fit: g.fit + gap, gap };
  });
}

/** Break opportunities: `allowed[i]` says a line may start at glyph i (1 <= i < n). */
export function breakOpportunities(chars: readonly string[]): boolean[] {
  const n = chars.length;
  const allowed = new Array<boolean>(n + 1).fill(false);
  // UAX #14 positions are UTF-16 offsets; map them to character indices.
  const unitToIndex = new Map<number, number>();
  let unit = 0;
  for (let i = 0; i < n; i++) {
    unitToIndex.set(unit, i);
    unit += chars[i]!.length;
  }
  const breaker = new LineBreaker(chars.join(''));
  for (let b = breaker.nextBreak(); b; b = breaker.nextBreak()) {
    const i = unitToIndex.get(b.position);
    if (i !== undefined && i > 0) allowed[i] = true;
  }
  for (let i = 1; i < n; i++) {
    const prev = chars[i - 1]!;
    const next = chars[i]!;
    // Chinese text breaks between any two characters; UAX #14 is too strict around the
    // ambiguous quotes (LB19 forbids breaking on either side of “ ”).
    const pc = prev.codePointAt(0)!;
    const nc = next.codePointAt(0)!;
    const cjkPrev = isWideCodePoint(pc) || (pc >= 0x2018 && pc <= 0x201d);
    const cjkNext = isWideCodePoint(nc) || (nc >= 0x2018 && nc <= 0x201d);
    if ((cjkPrev || cjkNext) && prev !== ' ' && next !== ' ') allowed[i] = true;
    // 禁则.
    if (NO_LINE_START.has(next) || NO_LINE_END.has(prev)) allowed[i] = false;
    // Never split a digit/Latin run (9,647.82 / 96.67% / APEC), whatever UAX #14 allows.
    if (/[0-9A-Za-z]/.test(prev) && /[0-9A-Za-z.,%]/.test(next)) allowed[i] = false;
    if (/[.,]/.test(prev) && /[0-9]/.test(next) && i >= 2 && /[0-9]/.test(chars[i - 2]!)) allowed[i] = false;
  }
  return allowed;
}

/** One line in the making. */
interface LineDraft {
  glyphs: Glyph[];
  /** The last glyph is a mark hanging past the right edge. */
  hangs: boolean;
  /** Ends at a forced break (not justified). */
  forced: boolean;
}

function breakParagraph(fonts: FontSet, runs: readonly Run[], o: BreakOptions): LaidLine[] {
  const parts = toGlyphs(fonts, runs, o);
  const drafts: LineDraft[] = [];
  parts.forEach((glyphs, p) => {
    const start = drafts.length;
    fillLines(glyphs, o, drafts.length === 0, drafts);
    if (drafts.length === start) drafts.push({ glyphs: [], hangs: false, forced: false });
    if (p < parts.length - 1) drafts[drafts.length - 1]!.forced = true;
  });
  return drafts.map((d, i) => finishLine(d, i === 0, i === drafts.length - 1, o));
}

/**
 * Greedy line filling over unbreakable segments. One pass: a segment is visited once, plus once
 * more when it starts the next line, so the cost is linear in the text (segments are index
 * ranges into `glyphs`, never copied or shifted off a queue).
 */
function fillLines(glyphs: readonly Glyph[], o: BreakOptions, firstOfParagraph: boolean, out: LineDraft[]): void {
  if (glyphs.length === 0) return;
  const ends = segmentEnds(glyphs);
  const hang = o.hang ?? o.pitch !== undefined;
  let line: Glyph[] = [];
  let width = 0;
  let first = firstOfParagraph;
  const avail = () => o.width - (first ? o.firstLineIndent : 0);
  const flush = (hangs: boolean) => {
    // Spaces at either end of a wrapped line take no room.
    while (line.length && line[line.length - 1]!.space) line.pop();
    out.push({ glyphs: line, hangs, forced: false });
    line = [];
    width = 0;
    first = false;
  };
  const take = (a: number, b: number) => {
    for (let i = a; i < b; i++) line.push(glyphs[i]!);
    width += fitWidth(glyphs, a, b);
  };

  let a = 0;
  for (let k = 0; k < ends.length; ) {
    const b = ends[k]!;
    if (line.length === 0 && !first) while (a < b && glyphs[a]!.space) a++;
    if (a >= b) {
      k++;
      continue;
    }
    const sw = visibleWidth(glyphs, a, b);
    if (width + sw <= avail() + EPS) {
      take(a, b);
      a = b;
      k++;
      continue;
    }
    // Hang a trailing small stop past the edge rather than push a character down.
    const last = glyphs[b - 1]!;
    if (hang && HANGING.has(last.ch) && width + sw - last.fit <= avail() + EPS && (line.length > 0 || b - a > 1)) {
      take(a, b);
      flush(true);
      a = b;
      k++;
      continue;
    }
    if (line.length > 0) {
      flush(false);
      continue; // the same segment starts the next line
    }
    // A segment wider than the whole line: break it by characters (emergency).
    let j = a;
    let acc = 0;
    while (j < b && (j === a || acc + glyphs[j]!.fit <= avail() + EPS)) acc += glyphs[j++]!.fit;
    take(a, j);
    flush(false);
    a = j;
    if (a >= b) k++;
  }
  if (line.length) flush(false);
}

/** End index (exclusive) of each unbreakable segment of a part, in order. */
function segmentEnds(glyphs: readonly Glyph[]): number[] {
  const allowed = breakOpportunities(glyphs.map((g) => g.ch));
  const ends: number[] = [];
  for (let i = 1; i < glyphs.length; i++) if (allowed[i]) ends.push(i);
  ends.push(glyphs.length);
  return ends;
}

/** Sum of the fit advances of glyphs [a, b). */
function fitWidth(glyphs: readonly Glyph[], a: number, b: number): number {
  let s = 0;
  for (let i = a; i < b; i++) s += glyphs[i]!.fit;
  return s;
}

/** Width of glyphs [a, b) without trailing spaces and without the last visible glyph's autospace gap. */
function visibleWidth(glyphs: readonly Glyph[], a: number, b: number): number {
  let end = b;
  while (end > a && glyphs[end - 1]!.space) end--;
  return fitWidth(glyphs, a, end) - (end > a ? glyphs[end - 1]!.gap : 0);
}

/**
 * Extra space after each glyph that spreads `leftover` over a line. The leftover goes into the
 * gaps next to an ideograph or a space (as Word and LibreOffice do), never between the letters or
 * digits of a word or number (9,647.82 stays tight); a line with no such gap (a long URL) is
 * letter-spaced. Squeezing (a negative leftover) uses every gap.
 */
function justification(gs: readonly Glyph[], leftover: number): number[] {
  const extras = gs.map(() => 0);
  if (gs.length <= 1) return extras;
  const wideG = (g: Glyph) => isWideCodePoint(g.ch.codePointAt(0)!) || g.natural >= 0.9 * g.size;
  const opp = gs.map((g, i) => i < gs.length - 1 && (leftover < 0 || wideG(g) || wideG(gs[i + 1]!) || g.space));
  const n = opp.filter(Boolean).length;
  if (n > 0) opp.forEach((on, i) => (extras[i] = on ? leftover / n : 0));
  else for (let i = 0; i < gs.length - 1; i++) extras[i] = leftover / (gs.length - 1);
  // The last glyph's spacing is invisible; matching its neighbour keeps it in one fragment.
  extras[gs.length - 1] = extras[gs.length - 2]!;
  return extras;
}

/** Justifies, aligns and cuts a line into fragments. */
function finishLine(d: LineDraft, isFirst: boolean, isLast: boolean, o: BreakOptions): LaidLine {
  const indent = isFirst ? o.firstLineIndent : 0;
  const avail = o.width - indent;
  // An autospace gap at the end of a line takes no room.
  const gs = d.glyphs.map((g, i, all) =>
    i === all.length - 1 && g.gap ? { ...g, cell: g.cell - g.gap, fit: g.fit - g.gap, gap: 0 } : g,
  );
  const natural = gs.reduce((s, g) => s + g.cell, 0);
  const hangCell = d.hangs ? gs[gs.length - 1]!.cell : 0;
  // Justified lines are stretched (or, when the fit advances let a little more in than the
  // drawn pitch holds, squeezed) to the full width; any other line is only squeezed if it
  // would stick out.
  const leftover = avail + hangCell - natural;
  const spread = (o.align === 'justify' && !isLast && !d.forced) || leftover < 0;
  const extras = spread ? justification(gs, leftover) : gs.map(() => 0);
  const stretch = extras.slice(0, -1).reduce((a, b) => a + b, 0);
  // Visible extent: up to the end of the last character (no trailing spacing), without a hanging mark.
  const extent = gs.length ? natural + stretch - hangCell : 0;
  let offset = indent;
  if (o.align === 'center') offset += (avail - extent) / 2;
  else if (o.align === 'right') offset += avail - extent;

  const fragments: Fragment[] = [];
  let x = offset;
  let cur: { glyphs: Glyph[]; spacing: number; width: number } | null = null;
  const emit = () => {
    if (!cur) return;
    const f = cur.glyphs[0]!;
    const width = cur.width;
    fragments.push({
      x,
      text: cur.glyphs.map((g) => g.ch).join(''),
      face: f.face.id,
      size: f.size,
      bold: f.bold,
      charSpacing: cur.spacing,
      width,
    });
    x += width;
    cur = null;
  };
  for (const [i, g] of gs.entries()) {
    const spacing = g.cell - g.natural + extras[i]!;
    const c: { glyphs: Glyph[]; spacing: number; width: number } | null = cur;
    if (c && c.glyphs[0]!.face === g.face && c.glyphs[0]!.size === g.size && c.glyphs[0]!.bold === g.bold && Math.abs(c.spacing - spacing) < 1e-9) {
      c.glyphs.push(g);
      c.width += g.cell + extras[i]!;
    } else {
      emit();
      cur = { glyphs: [g], spacing, width: g.cell + extras[i]! };
    }
  }
  emit();
  return { fragments, width: extent, text: gs.map((g) => g.ch).join(''), last: isLast };
}
