/**
 * Reading a format's fixed sentence backwards: the sentence's Handlebars (as the template
 * prints it) becomes a pattern whose holes capture the figures and words, each bound to the
 * path it came from. Spaces and half-width punctuation that Word users type are tolerated.
 * When the whole sentence does not match (another bureau's wording), each figure can still be
 * found by the few characters around it ("自评得分…分"), and the caller is told so.
 */
import Handlebars from 'handlebars';

/** `text` = words at the start of a sentence (a lead: anything); `word` = a short word inside it (我办). */
type HoleKind = 'amount' | 'percent' | 'year' | 'text' | 'word' | 'list';

interface Hole {
  readonly path: string;
  readonly kind: HoleKind;
  /** A loop's one item (`{{#each report.goals}}{{cn …}}是{{this}}{{#if @last}}。{{else}}；{{/if}}{{/each}}`), capturing the item. */
  readonly item?: RegExp;
}

interface Part {
  readonly literal?: string;
  readonly hole?: Hole;
}

export interface SentenceMatch {
  /** path → the text found (an amount as printed, `97.02%`, a year, words). */
  readonly values: ReadonlyMap<string, string>;
  /** 'full' when the whole paragraph is the sentence, 'anchors' when only figures were found. */
  readonly mode: 'full' | 'anchors';
}

const NUM = '[0-9０-９][0-9０-９,，]*(?:[.．][0-9０-９]+)?';
const HOLE: Record<HoleKind, string> = {
  amount: `([-－]?${NUM})`,
  percent: `([-－]%[（(][^）)]{0,20}[）)]|[-－]?${NUM}\\s*[%％])`,
  year: '([0-9]{4})',
  // Words at the start (a lead): as many as the rest of the sentence leaves, so a lead that
  // itself holds `2023年，我办…` is not cut at its first year.
  text: '([\\s\\S]*)',
  // Words inside a sentence (我办, 市政府工作部门（行政单位）, a process of several clauses): the
  // literals around them decide where they end.
  word: '([\\s\\S]+?)',
  list: '([\\s\\S]*?)',
};

/** Punctuation typed either full- or half-width. */
const EITHER: Record<string, string> = { '，': '[，,]', '：': '[：:]', '（': '[（(]', '）': '[）)]', '；': '[；;]', '、': '[、,，]', '%': '[%％]' };

const escapeChar = (ch: string) => EITHER[ch] ?? ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A literal as a pattern: any spaces may stand between its characters. */
const literalPattern = (s: string) => [...s].filter((c) => !/\s/.test(c)).map(escapeChar).join('\\s*');

const compiled = new Map<string, Part[]>();

/** Splits a sentence's Handlebars into literals and holes. */
function parts(text: string): Part[] {
  let p = compiled.get(text);
  if (p) return p;
  const ast = Handlebars.parse(text);
  p = [];
  for (const st of ast.body) {
    if (st.type === 'ContentStatement') p.push({ literal: (st as hbs.AST.ContentStatement).value });
    else if (st.type === 'MustacheStatement') {
      const m = st as hbs.AST.MustacheStatement;
      const head = (m.path as hbs.AST.PathExpression).original;
      const param = m.params[0] as hbs.AST.PathExpression | undefined;
      if ((head === 'amount' || head === 'percent') && param) p.push({ hole: { path: param.original.replace(/^@root\./, ''), kind: head } });
      else {
        const path = head.replace(/^@root\./, '');
        p.push({ hole: { path, kind: /(^|\.)year$/.test(path) ? 'year' : p.length === 0 ? 'text' : 'word' } });
      }
    } else if (st.type === 'BlockStatement') {
      // A loop over a paragraphs field inside a sentence ({{#each report.goals}}…): its items are
      // read back one by one; any other block is matched as free text, and read into no field.
      const b = st as hbs.AST.BlockStatement;
      const param = b.params[0] as hbs.AST.PathExpression | undefined;
      const item = (b.path as hbs.AST.PathExpression).original === 'each' && param?.type === 'PathExpression' ? itemPattern(b.program.body) : undefined;
      p.push({ hole: item ? { path: param!.original.replace(/^@root\./, ''), kind: 'list', item } : { path: '#block', kind: 'text' } });
    }
  }
  compiled.set(text, p);
  return p;
}

/**
 * The pattern of one item of a loop: its literals as they stand, `{{this}}` captured, a helper's
 * output (an ordinal: 一, 二) as a few characters, a condition as any of its branches' literals.
 */
function itemPattern(body: readonly hbs.AST.Statement[]): RegExp | undefined {
  let re = '';
  let captures = 0;
  const branch = (b: hbs.AST.Program | undefined) => (b?.body ?? []).map((x) => (x.type === 'ContentStatement' ? (x as hbs.AST.ContentStatement).value : '')).join('');
  for (const st of body) {
    if (st.type === 'ContentStatement') re += literalPattern((st as hbs.AST.ContentStatement).value);
    else if (st.type === 'MustacheStatement') {
      const head = ((st as hbs.AST.MustacheStatement).path as hbs.AST.PathExpression).original;
      if (head === 'this' || head === '.') {
        re += '([\\s\\S]*?)';
        captures++;
      } else re += '[^，,。；;]{0,8}?';
    } else if (st.type === 'BlockStatement') {
      const b = st as hbs.AST.BlockStatement;
      const alts = [branch(b.program), branch(b.inverse)].map(literalPattern);
      re += `(?:${alts.join('|')})`;
    }
  }
  return captures === 1 ? new RegExp(re, 'g') : undefined;
}

/** The items of a loop's text (`一是A；二是B。` → [A, B]); undefined when the path is no loop of the sentence. */
export function listItems(sentence: string, path: string, text: string): string[] | undefined {
  const hole = parts(sentence).find((p) => p.hole?.kind === 'list' && p.hole.path === path)?.hole;
  if (!hole?.item) return undefined;
  return [...text.matchAll(hole.item.global ? hole.item : new RegExp(hole.item, 'g'))].map((m) => m[1]!.trim()).filter((x) => x !== '');
}

/** Paths a sentence prints. */
export function sentencePaths(text: string): { path: string; kind: HoleKind }[] {
  return parts(text).flatMap((p) => (p.hole ? [p.hole] : []));
}

/** Matches a paragraph against a fixed sentence; undefined when it is not that sentence. */
export function matchSentence(sentence: string, paragraph: string): SentenceMatch | undefined {
  const ps = parts(sentence);
  const holes = ps.filter((p) => p.hole).map((p) => p.hole!);
  const full = new RegExp('^\\s*' + ps.map((p) => (p.literal !== undefined ? literalPattern(p.literal) : `\\s*${HOLE[p.hole!.kind]}\\s*`)).join('') + '\\s*$');
  const m = full.exec(paragraph);
  if (m) {
    const values = new Map<string, string>();
    holes.forEach((h, i) => values.set(h.path, m[i + 1]!.trim()));
    return { values, mode: 'full' };
  }
  // Another wording: find each figure by the characters just before and after it.
  const values = new Map<string, string>();
  ps.forEach((p, i) => {
    if (!p.hole || (p.hole.kind !== 'amount' && p.hole.kind !== 'percent')) return;
    const before = (ps[i - 1]?.literal ?? '').replace(/\s/g, '');
    const after = (ps[i + 1]?.literal ?? '').replace(/\s/g, '').slice(0, 1);
    // Longest anchor first (…自评得分), down to two characters (得分); a few filler characters
    // may stand between the anchor and the figure (得分为 92.5 分).
    for (let len = Math.min(6, before.length); len >= 2; len--) {
      const re = new RegExp(literalPattern(before.slice(-len)) + '[^0-9０-９，。；,;]{0,3}?\\s*' + HOLE[p.hole.kind] + '\\s*' + literalPattern(after));
      const a = re.exec(paragraph);
      if (a) {
        values.set(p.hole.path, a[1]!.trim());
        break;
      }
    }
  });
  return values.size > 0 ? { values, mode: 'anchors' } : undefined;
}

/** A printed figure as plain digits (`9,647.82` → `9647.82`, full-width digits → ASCII). */
export function plainNumber(s: string): string {
  return s
    .replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[，,\s]/g, '')
    .replace(/[．]/g, '.')
    .replace(/[－]/g, '-')
    .replace(/[%％]$/, '');
}
