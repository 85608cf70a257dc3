/**
 * Maps a Word report's paragraphs onto the format's report outline: headings (by style or by
 * their numbering text) choose the section, each section's paragraphs go to its field, fixed
 * sentences are read back into figures, run-in items (`1.小标题。正文`) become items. Whatever
 * cannot be placed is kept, in order, with the heading it stood under: nothing is dropped.
 */
import type { DocBlock, DocParagraph } from './docx.ts';
import type { ImportOutline, OutlineSection } from './outline.ts';
import { listItems, matchSentence, plainNumber, sentencePaths } from './sentence.ts';
import { setPath, getPath, type Note, type Unplaced } from './data.ts';
import { wantsNumber } from './yaml.ts';
import type { FixedSentence } from './outline.ts';

/** Numbering at the start of a heading, with the level it stands for. */
const NUMBERING: readonly [RegExp, number][] = [
  [/^[一二三四五六七八九十]+\s*[、.．]\s*/, 1],
  [/^[（(]\s*[一二三四五六七八九十]+\s*[）)]\s*[、.．]?\s*/, 2],
  [/^\d{1,2}\s*[.．、](?!\d)\s*/, 3],
  [/^[（(]\s*\d{1,2}\s*[）)]\s*[、.．]?\s*/, 4],
];

/** The level a paragraph's numbering text gives it (0 = none) and the words after it. */
export function numberingOf(text: string): { level: number; words: string } {
  for (const [re, level] of NUMBERING) {
    const m = re.exec(text);
    if (m) return { level, words: text.slice(m[0].length).trim() };
  }
  return { level: 0, words: text.trim() };
}

/** A paragraph short and plain enough to be a heading: no sentence goes on after a 。 or ；. */
function headingLike(text: string): boolean {
  const t = text.replace(/\s/g, '');
  // A numbered line that ends like a sentence (一、预算编制有待加强。) is a list item, not a heading.
  return t.length > 0 && t.length <= 40 && !/[。；;][^。；;]/.test(t) && !/[。；;！!？?]$/.test(t);
}

/** Heading level of a paragraph: its style's, else its numbering's when it reads like a heading. */
function headingLevel(p: DocParagraph): number {
  const text = p.text.trim();
  if (p.styleLevel > 0 && text.length <= 60) return p.styleLevel;
  const n = numberingOf(text);
  return n.level > 0 && headingLike(text) ? n.level : 0;
}

/** Heading words compared without spaces and trailing punctuation. */
const norm = (s: string) => s.replace(/[\s　]/g, '').replace(/[。：:；;，,]+$/, '');

/** A section of the outline whose heading (or an alias) names these words. */
function findSection(words: string, sections: readonly OutlineSection[], from: number): number {
  const w = norm(words);
  const names = (s: OutlineSection) => [s.heading, ...(s.aliases ?? [])].map(norm);
  const order = [...sections.keys()].slice(from).concat([...sections.keys()].slice(0, from));
  for (const i of order) if (names(sections[i]!).includes(w)) return i;
  for (const i of order) if (names(sections[i]!).some((n) => n.length >= 4 && (w.includes(n) || (n.includes(w) && w.length >= 4)))) return i;
  return -1;
}

/** A run-in item: `1.小标题。` in bold (or, lacking bold, a short numbered lead ending in 。). */
function itemLead(p: DocParagraph): { title: string; rest: string } | undefined {
  const text = p.text.trim();
  const bold = p.boldLead.trim();
  const m = /^(\d{1,2})\s*[.．、]\s*(.+?)\s*[。.]?$/.exec(bold);
  if (m && text.startsWith(bold)) return { title: m[2]!, rest: text.slice(bold.length).trim() };
  const f = /^(\d{1,2})\s*[.．、](?!\d)\s*([^。，,；]{2,30})。/.exec(text);
  if (f) return { title: f[2]!, rest: text.slice(f[0].length).trim() };
  return undefined;
}

export interface ReportImport {
  /** The report's data (paths under `report.` and `department.`), figures as printed. */
  readonly data: Record<string, unknown>;
  /** Figures printed in fixed sentences by path (`derived.…` ones included), for checks. */
  readonly printed: ReadonlyMap<string, string>;
  readonly title?: string;
  readonly notes: Note[];
  readonly unplaced: Unplaced[];
}

export interface MapOptions {
  /**
   * Write what the outline lacks as the packet's outline edits (`report.outline`: preface, added
   * sections, renamed headings), for formats whose packets carry them (issue 11), instead of
   * keeping it as unplaced text. Needs section ids in the outline.
   */
  readonly edits?: boolean;
}

/** Maps a report document's blocks onto the outline. */
export function mapReport(blocks: readonly DocBlock[], outline: ImportOutline, opts: MapOptions = {}): ReportImport {
  const data: Record<string, unknown> = {};
  const printed = new Map<string, string>();
  const notes: Note[] = [];
  const unplaced: Unplaced[] = [];
  const sections = outline.sections;
  const counts = new Map<string, number>();
  const seen = new Set<number>();
  let current = -1; // index into sections, -1 before the first heading
  const BEFORE = '（标题之前 before the first heading）';
  let unknownHeading: string | undefined = BEFORE;
  let firstInSection = true;
  let item: { title: string; paragraphs: string[] } | undefined;
  let title: string | undefined;
  let headingText = '';
  const edits = Boolean(opts.edits && outline.sections.some((s) => s.id));
  /** The last section entered at each level, by id: where an added section is anchored. */
  const lastAt = new Map<number, string>();
  let extra: { heading: string; paragraphs: string[] } | undefined;
  const EDITS = 'report.outline';

  const push = (path: string, value: unknown) => {
    const list = (getPath(data, path) as unknown[] | undefined) ?? [];
    list.push(value);
    setPath(data, path, list);
    counts.set(path, (counts.get(path) ?? 0) + 1);
  };
  const keep = (text: string, why: { zh: string; en: string }) => unplaced.push({ under: headingText || '（开头 start）', text, zh: why.zh, en: why.en });

  const recordFigures = (values: ReadonlyMap<string, string>, name: string) => {
    for (const [path, v] of values) {
      const before = printed.get(path);
      const same = before === undefined || before === v || (/^[-\d.,，]+$/.test(before) && /^[-\d.,，]+$/.test(v) && plainNumber(before) === plainNumber(v)) || Number(plainNumber(before)) === Number(plainNumber(v));
      if (!same && !path.startsWith('derived.')) {
        notes.push({ look: true, path, zh: `「${name}」中的 ${path} 为 ${v}，与前文的 ${before} 不同，已取前者`, en: `"${name}" gives ${path} as ${v}, unlike ${before} earlier; the earlier value is kept` });
        continue;
      }
      printed.set(path, v);
    }
  };

  /** Words of a fully matched sentence (a lead, the self-reference, a grade, a loop's items) go straight to their fields; figures are converted later. */
  const takeWords = (s: FixedSentence, values: ReadonlyMap<string, string>) => {
    for (const h of sentencePaths(s.text)) {
      if (h.path === '#block' || !values.has(h.path)) continue;
      const v = values.get(h.path)!;
      if (h.kind === 'list') setPath(data, h.path, listItems(s.text, h.path, v) ?? [v]);
      else if (h.kind === 'text' || h.kind === 'word') setPath(data, h.path, /^\d+$/.test(v) && wantsNumber(outline.format, h.path) ? Number(v) : v);
    }
  };

  for (const b of blocks) {
    if (b.kind === 'table') {
      const rows: string[] = [];
      for (let r = 0; r < b.grid.rows; r++) {
        const cells: string[] = [];
        for (let c = 0; c < b.grid.cols; c++) {
          const cell = b.grid.at(r, c);
          if (cell && cell.row === r && cell.col === c) cells.push(cell.text.replace(/\n/g, ' '));
        }
        if (cells.length) rows.push(cells.join(' | '));
      }
      for (const row of rows) keep(row, { zh: '报告中的表格行（格式无对应字段）', en: 'a table row in the report (no field for it in the format)' });
      continue;
    }
    const text = b.text.replace(/\n/g, '').trim();
    if (text === '') continue;
    // Label and title before the first heading.
    if (current < 0 && unknownHeading && seen.size === 0) {
      if ((outline.reportLabel && norm(text) === norm(outline.reportLabel)) || /^附件\s*\d+[：:]?$/.test(text)) continue;
      if (title === undefined && (b.isTitle || /自评报告$/.test(text))) {
        title = b.text.trim();
        continue;
      }
    }
    const level = headingLevel(b);
    if (level > 0) {
      const words = numberingOf(text).words;
      const i = findSection(words, sections, current + 1);
      if (i >= 0) {
        if (seen.has(i)) notes.push({ look: true, zh: `标题「${text}」出现了不止一次，其下段落并入同一字段`, en: `the heading "${text}" appears more than once; its paragraphs join the same field` });
        seen.add(i);
        current = i;
        const s = sections[i]!;
        if (s.id) {
          lastAt.set(s.level, s.id);
          for (const l of [...lastAt.keys()]) if (l > s.level) lastAt.delete(l);
          // Another department's wording of the heading: kept as that department's heading.
          if (edits && norm(words) !== norm(s.heading)) {
            push(`${EDITS}.headings`, { id: s.id, heading: words });
            notes.push({ look: true, path: `${EDITS}.headings`, zh: `标题「${words}」按「${s.heading}」（${s.id}）读入，并保留原标题文字`, en: `heading "${words}" read as "${s.heading}" (${s.id}), its wording kept` });
          }
        }
        extra = undefined;
        unknownHeading = undefined;
        firstInSection = true;
        item = undefined;
        headingText = text;
        continue;
      }
      const sec = current >= 0 && !unknownHeading ? sections[current]! : undefined;
      if (sec?.items && level > sec.level) {
        item = { title: words, paragraphs: [] };
        const list = (getPath(data, sec.items.path) as unknown[] | undefined) ?? [];
        list.push(item);
        setPath(data, sec.items.path, list);
        continue;
      }
      if (sec?.path && level > sec.level) {
        push(sec.path, text);
        notes.push({ look: true, path: sec.path, zh: `小标题「${text}」不在格式的提纲中，已作为一段正文放入 ${sec.path}`, en: `sub-heading "${text}" is not in the format's outline; kept as a paragraph of ${sec.path}` });
        continue;
      }
      unknownHeading = text;
      headingText = text;
      const anchor = lastAt.has(level) ? { after: lastAt.get(level)! } : lastAt.has(level - 1) ? { under: lastAt.get(level - 1)! } : undefined;
      if (edits && anchor) {
        extra = { ...anchor, heading: words, paragraphs: [] };
        push(`${EDITS}.sections`, extra);
        notes.push({ look: true, path: `${EDITS}.sections`, zh: `格式提纲中没有标题「${text}」，已作为增加的小节（${'after' in anchor ? `在 ${anchor.after} 之后` : `在 ${anchor.under} 之下`}）写入 ${EDITS}.sections`, en: `the format's outline has no heading "${text}"; written as an added section (${'after' in anchor ? `after ${anchor.after}` : `under ${anchor.under}`}) in ${EDITS}.sections` });
        continue;
      }
      extra = undefined;
      keep(text, { zh: '格式提纲中没有这个标题', en: 'the format’s outline has no such heading' });
      continue;
    }
    // A fixed sentence of the preface (the format's own, with the department's words in it).
    if (current < 0 && unknownHeading === BEFORE && outline.preface.length) {
      const s = outline.preface.find((x) => matchSentence(x.text, text)?.mode === 'full');
      if (s) {
        const m = matchSentence(s.text, text)!;
        recordFigures(m.values, s.name);
        takeWords(s, m.values);
        notes.push({ zh: `前言的固定句式：读出 ${[...m.values].filter(([p]) => p !== '#block').map(([p, v]) => `${p}=${v}`).join('，')}`, en: `the preface's fixed sentence: read ${[...m.values].filter(([p]) => p !== '#block').map(([p, v]) => `${p}=${v}`).join(', ')}` });
        continue;
      }
    }
    if (edits && current < 0) {
      if (!counts.has(`${EDITS}.preface`)) notes.push({ look: true, path: `${EDITS}.preface`, zh: '第一个标题之前的段落已写入前言', en: 'paragraphs before the first heading were written as the preface' });
      push(`${EDITS}.preface`, text);
      continue;
    }
    if (extra && unknownHeading) {
      extra.paragraphs.push(text);
      continue;
    }
    if (current < 0 || unknownHeading) {
      keep(text, current < 0 ? { zh: '位于第一个标题之前（如前言）', en: 'before the first heading (a preface?)' } : { zh: '位于格式提纲中没有的标题之下', en: 'under a heading the format’s outline lacks' });
      continue;
    }
    const sec = sections[current]!;
    const wasFirst = firstInSection;
    firstInSection = false;
    // Fixed sentences with figures.
    let consumed = false;
    for (const s of sec.sentences ?? []) {
      if (s.position === 'first' && !wasFirst) continue;
      const m = matchSentence(s.text, text);
      if (!m) continue;
      recordFigures(m.values, s.name);
      if (m.mode === 'full') {
        takeWords(s, m.values);
        notes.push({ path: sec.path ?? sec.heading, zh: `固定句式「${s.name}」：读出 ${[...m.values].filter(([p]) => !p.startsWith('derived.') && !p.endsWith('.lead') && p !== '#block').map(([p, v]) => `${p}=${v}`).join('，')}`, en: `fixed sentence "${s.name}": read ${[...m.values].filter(([p]) => !p.startsWith('derived.') && !p.endsWith('.lead') && p !== '#block').map(([p, v]) => `${p}=${v}`).join(', ')}` });
      } else {
        keep(text, { zh: `措辞与格式的固定句式「${s.name}」不同；已读出其中数字，格式会按自己的句式重新生成此句`, en: `worded unlike the format's fixed sentence "${s.name}"; its figures were read and the format prints its own sentence` });
        notes.push({ look: true, path: sec.path, zh: `「${s.name}」措辞不同，只按数字前后文字读出：${[...m.values].map(([p, v]) => `${p}=${v}`).join('，')}`, en: `"${s.name}" is worded differently; figures found by their neighbours only: ${[...m.values].map(([p, v]) => `${p}=${v}`).join(', ')}` });
      }
      consumed = true;
      break;
    }
    if (consumed) continue;
    if (sec.items) {
      const lead = itemLead(b);
      if (lead) {
        item = { title: lead.title, paragraphs: lead.rest ? [lead.rest] : [] };
        const list = (getPath(data, sec.items.path) as unknown[] | undefined) ?? [];
        list.push(item);
        setPath(data, sec.items.path, list);
        continue;
      }
      if (item) {
        item.paragraphs.push(text);
        continue;
      }
    }
    if (sec.path) push(sec.path, sec.numbered ? text.replace(/^\s*(\d{1,2}|[一二三四五六七八九十]+)\s*[、.．]\s*/, '') : text);
    else keep(text, { zh: `「${sec.heading}」之下的格式只有固定句式，这段无处可放`, en: `the format has only a fixed sentence under "${sec.heading}"; no field for this paragraph` });
  }

  for (const [i, s] of sections.entries()) {
    const got = s.path ? counts.get(s.path) ?? 0 : 0;
    const items = s.items ? ((getPath(data, s.items.path) as unknown[] | undefined) ?? []).length : 0;
    if (!seen.has(i)) {
      if (s.optional) {
        // Said only of a report (a table's paragraphs are no report: no note that would make them one).
        if (seen.size) notes.push({ path: s.path, zh: `可选小节「${s.heading}」文中没有，已省略`, en: `optional section "${s.heading}" is not in the text; left out` });
      } else if (s.path || s.sentences) notes.push({ look: true, path: s.path, zh: `未找到标题「${s.heading}」，${s.path ?? ''} 需手工填写`, en: `heading "${s.heading}" not found; fill in ${s.path ?? 'its figures'} by hand` });
      continue;
    }
    if (s.path) notes.push({ path: s.path, zh: `「${s.heading}」→ ${s.path}（${got} 段${s.items ? `，${items} 个分项 → ${s.items.path}` : ''}）`, en: `"${s.heading}" → ${s.path} (${got} paragraph(s)${s.items ? `, ${items} item(s) → ${s.items.path}` : ''})` });
  }
  return { data, printed, title, notes, unplaced };
}
