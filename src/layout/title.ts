/**
 * Balanced title breaks. A title that needs n lines (n >= 2, centred) is split:
 *
 * 1. At its break hints (`<wbr/>`): of the sets of hints that give at most n lines that each
 *    fit, the one with the fewest lines, then the least spread of line widths.
 * 2. Otherwise balanced: of every set of n - 1 allowed breaks giving lines that fit, the one
 *    using the most hints, then with the least spread of line widths plus a cost per break that
 *    is not at a hint: none after a likely word end (委员会 | 办公室), a little before a likely
 *    word (… | 部门), more elsewhere, most inside a known word (委 | 员会, 资 | 源).
 *
 * What counts as a word end, a word start and a known word is the format's vocabulary
 * (styles.yaml `titleWords` on the title styles), not code. Hints where a line may not break
 * (禁则, inside a number) are ignored.
 */
import type { Run, TitleWords } from '../document/model.ts';
import { breakOpportunities } from './linebreak.ts';
import type { BreakLines, BreakOptions, LaidLine } from './types.ts';

/**
 * Cost (in squared ems, as the spread of line widths) of a title break before a likely word
 * (… | 部门整体) but not after one. A break inside a word costs as much as lines about 7 ems apart.
 */
const WEAK_BREAK_PENALTY = 6;
/** Cost of a title break that is probably inside a word. */
const MID_WORD_PENALTY = 24;
/** Cost of a title break inside one of the vocabulary's words. */
const IN_WORD_PENALTY = 48;

/** Titles longer than this (characters) or needing more lines are not balanced (the search is exponential). */
const MAX_CHARS = 120;
const MAX_LINES = 4;

/** A set of breaks (character offsets where a new line starts) and what it costs. */
interface Choice {
  /** Lines (hint search) or hints used (balanced search). */
  readonly score: number;
  readonly cost: number;
  readonly at: readonly number[];
}

/** The title being split: its characters and how to measure and set a range of them. */
interface TitleText {
  readonly chars: readonly string[];
  readonly width: number;
  readonly em: number;
  /** Natural width of characters [a, b) on one line (memoized). */
  readonly measure: (a: number, b: number) => number;
  /** Characters [a, b) fit the width. */
  readonly fits: (a: number, b: number) => boolean;
  /** Characters [a, b) set as one line at the full width (null when they would not stay one line). */
  readonly set: (a: number, b: number) => LaidLine | null;
}

/** Cuts runs to the characters [start, end) (code points). */
export function sliceRuns(runs: readonly Run[], start: number, end: number): Run[] {
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

function titleText(runs: readonly Run[], width: number, opts: Omit<BreakOptions, 'width'>, breakLines: BreakLines): TitleText {
  const chars = runs.flatMap((r) => Array.from(r.text));
  const widths = new Map<string, number>();
  const measure = (a: number, b: number): number => {
    const key = `${a}:${b}`;
    let w = widths.get(key);
    if (w === undefined) {
      const ls = breakLines(sliceRuns(runs, a, b), { ...opts, align: 'left', width: 1e5 });
      w = ls[0]?.width ?? 0;
      widths.set(key, w);
    }
    return w;
  };
  const set = (a: number, b: number): LaidLine | null => {
    const ls = breakLines(sliceRuns(runs, a, b), { ...opts, width });
    return ls.length === 1 ? ls[0]! : null;
  };
  return { chars, width, em: opts.size, measure, fits: (a, b) => measure(a, b) <= width + 1e-6, set };
}

/** Spread of the line widths for breaks `at`, in squared ems (Infinity when a line does not fit). */
function spread(t: TitleText, at: readonly number[]): number {
  const bounds = [0, ...at, t.chars.length];
  const ws: number[] = [];
  for (let j = 0; j + 1 < bounds.length; j++) {
    if (!t.fits(bounds[j]!, bounds[j + 1]!)) return Infinity;
    ws.push(t.measure(bounds[j]!, bounds[j + 1]!));
  }
  const mean = ws.reduce((p, q) => p + q, 0) / ws.length;
  return ws.reduce((p, w) => p + ((w - mean) / t.em) ** 2, 0);
}

/** The lines for breaks `at`, each set at the full width (null if one would not stay one line). */
function buildLines(t: TitleText, at: readonly number[]): LaidLine[] | null {
  const bounds = [0, ...at, t.chars.length];
  const lines: LaidLine[] = [];
  for (let j = 0; j + 1 < bounds.length; j++) {
    const line = t.set(bounds[j]!, bounds[j + 1]!);
    if (!line) return null;
    lines.push(line);
  }
  return lines;
}

/** Step 1: the best set of hints giving at most n lines that fit (fewest lines, then least spread). */
function searchHints(t: TitleText, hints: readonly number[], n: number): Choice | null {
  let best: Choice | null = null;
  const visit = (from: number, i: number, at: number[]) => {
    if (at.length + 1 > n) return;
    if (t.fits(from, t.chars.length)) {
      const cost = spread(t, at);
      const better = !best || at.length + 1 < best.score || (at.length + 1 === best.score && cost < best.cost - 1e-9);
      if (cost < Infinity && better) best = { score: at.length + 1, cost, at: [...at] };
    }
    for (let j = i; j < hints.length; j++) {
      const k = hints[j]!;
      if (!t.fits(from, k)) break; // longer lines from `from` do not fit either
      visit(k, j + 1, [...at, k]);
    }
  };
  if (hints.length > 0 && hints.length <= 16) visit(0, 0, []);
  return best;
}

/** The cost of breaking before character k, from the hints and the format's title vocabulary. */
function breakPenalty(chars: readonly string[], hints: ReadonlySet<number>, words: TitleWords | undefined): (k: number) => number {
  const inWord = new Array<boolean>(chars.length + 1).fill(false);
  const text = chars.join('');
  for (const word of words?.words ?? []) {
    const len = Array.from(word).length;
    for (let u = text.indexOf(word); u >= 0; u = text.indexOf(word, u + 1)) {
      const k = Array.from(text.slice(0, u)).length;
      for (let j = k + 1; j < k + len; j++) inWord[j] = true;
    }
  }
  const ends = new Set(Array.from(words?.ends ?? ''));
  const starts = words?.starts ?? [];
  return (k) => {
    if (hints.has(k)) return 0;
    if (inWord[k]) return IN_WORD_PENALTY;
    if (ends.has(chars[k - 1]!)) return 0;
    if (starts.some((wd) => chars.slice(k, k + wd.length).join('') === wd)) return WEAK_BREAK_PENALTY;
    return MID_WORD_PENALTY;
  };
}

/** Step 2: the best n - 1 allowed breaks (most hints, then least spread plus break costs). */
function searchBalanced(t: TitleText, cuts: readonly number[], n: number, hints: ReadonlySet<number>, penalty: (k: number) => number): Choice | null {
  let best: Choice | null = null;
  const visit = (from: number, left: number, at: number[]) => {
    if (left === 1) {
      const s = spread(t, at);
      if (s === Infinity) return;
      const cost = s + at.reduce((p, k) => p + penalty(k), 0);
      const used = at.filter((k) => hints.has(k)).length;
      if (!best || used > best.score || (used === best.score && cost < best.cost - 1e-9)) best = { score: used, cost, at: [...at] };
      return;
    }
    for (const k of cuts) {
      if (k <= from) continue;
      if (!t.fits(from, k)) break;
      visit(k, left - 1, [...at, k]);
    }
  };
  visit(0, n, []);
  return best;
}

/**
 * Splits a title that needs n lines (see the module comment). Null when nothing fits, or the
 * title is too long or needs too many lines to search.
 */
export function splitTitle(
  runs: readonly Run[],
  n: number,
  width: number,
  opts: Omit<BreakOptions, 'width'>,
  breakLines: BreakLines,
  words?: TitleWords,
): LaidLine[] | null {
  const t = titleText(runs, width, opts, breakLines);
  if (n > MAX_LINES || t.chars.length > MAX_CHARS) return null;
  const allowed = breakOpportunities(t.chars);
  const cuts = t.chars.map((_, k) => k).filter((k) => k > 0 && allowed[k]);
  const hints = breakHints(runs).filter((k) => allowed[k]);

  const hinted = searchHints(t, hints, n);
  if (hinted && hinted.at.length > 0) {
    const lines = buildLines(t, hinted.at);
    if (lines) return lines;
  }
  const hintSet = new Set(hints);
  const chosen = searchBalanced(t, cuts, n, hintSet, breakPenalty(t.chars, hintSet, words));
  return chosen ? buildLines(t, chosen.at) : null;
}
