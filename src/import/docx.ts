/**
 * Reads a Word document (made by Word, WPS, LibreOffice or jixiao) into a flat list of blocks:
 * paragraphs with their heading level and bold lead, and tables as grids. Headings are found by
 * outline level, by style (Heading n / heading n / 标题 n / 一级标题 …, following basedOn), and
 * by numbering: the text of Word's automatic numbering (numbering.xml) is put back in front of
 * the paragraph, as the reader sees it, so `一、基本情况` looks the same typed or numbered.
 */
import { chineseNumber } from '../templates/helpers.ts';
import { openZip, refuse, type ZipLimits } from './zip.ts';
import { attr, local, parseXml, refuseMacros } from './xml.ts';
import { gridFromRows, type Grid, type RawCell, type RawTable } from './grid.ts';

export interface DocParagraph {
  readonly kind: 'p';
  /** The paragraph's text, numbering included; `\n` where the text has a line break. */
  readonly text: string;
  /** Heading level 1–4 from outline level or style; 0 = body text. */
  readonly styleLevel: number;
  /** The paragraph's style is a title (Title, 标题, 公文标题). */
  readonly isTitle: boolean;
  /** Text of the leading bold runs (a run-in heading such as `1.主场外交活动点亮广州。`). */
  readonly boldLead: string;
}

export interface DocTable {
  readonly kind: 'table';
  readonly grid: Grid;
  /** The rows and column widths as read, to line several tables up (alignedGrids). */
  readonly raw: RawTable;
}

export type DocBlock = DocParagraph | DocTable;

export interface DocxContent {
  readonly blocks: readonly DocBlock[];
  /** Core properties (docProps/core.xml). */
  readonly core: { readonly title?: string; readonly creator?: string; readonly created?: string; readonly keywords?: string };
}

interface StyleInfo {
  readonly name: string;
  readonly basedOn?: string;
  readonly outline?: number;
  readonly num?: { numId: string; ilvl: number };
}

interface Level {
  readonly start: number;
  readonly fmt: string;
  readonly text: string;
}

/** Reads a .docx file's bytes. */
export function readDocx(bytes: Uint8Array, file: string, limits?: ZipLimits): DocxContent {
  const zip = openZip(bytes, file, limits);
  refuseMacros(zip, file);
  const main = zip.read('word/document.xml');
  if (!main) throw refuse(file, 'notDocx', '不是 Word 文档（缺少 word/document.xml）', 'not a Word document (no word/document.xml)');
  const styles = readStyles(zip.read('word/styles.xml'), file);
  const numbering = readNumbering(zip.read('word/numbering.xml'), file);
  const core = readCore(zip.read('docProps/core.xml'), file);
  return { blocks: readBody(main, file, styles, numbering), core };
}

function readStyles(bytes: Uint8Array | undefined, file: string): Map<string, StyleInfo> {
  const map = new Map<string, StyleInfo>();
  if (!bytes) return map;
  let cur: { id: string; name: string; basedOn?: string; outline?: number; numId?: string; ilvl?: number } | undefined;
  parseXml(bytes, file, 'word/styles.xml', {
    open(name, a) {
      const n = local(name);
      if (n === 'style') cur = { id: attr(a, 'styleId') ?? '', name: '' };
      else if (!cur) return;
      else if (n === 'name') cur.name = attr(a, 'val') ?? '';
      else if (n === 'basedOn') cur.basedOn = attr(a, 'val');
      else if (n === 'outlineLvl') cur.outline = Number(attr(a, 'val'));
      else if (n === 'numId') cur.numId = attr(a, 'val');
      else if (n === 'ilvl') cur.ilvl = Number(attr(a, 'val'));
    },
    close(name) {
      if (local(name) === 'style' && cur) {
        map.set(cur.id, { name: cur.name, basedOn: cur.basedOn, outline: cur.outline, num: cur.numId ? { numId: cur.numId, ilvl: cur.ilvl ?? 0 } : undefined });
        cur = undefined;
      }
    },
  });
  return map;
}

/** numId → its levels (abstract numbering with overrides of the start). */
function readNumbering(bytes: Uint8Array | undefined, file: string): Map<string, Level[]> {
  const abstract = new Map<string, Level[]>();
  const nums = new Map<string, { abs: string; starts: Map<number, number> }>();
  if (!bytes) return new Map();
  let abs: string | undefined;
  let lvl: { ilvl: number; start: number; fmt: string; text: string } | undefined;
  let num: { id: string; abs: string; starts: Map<number, number> } | undefined;
  let override: number | undefined;
  parseXml(bytes, file, 'word/numbering.xml', {
    open(name, a) {
      const n = local(name);
      if (n === 'abstractNum') {
        abs = attr(a, 'abstractNumId');
        abstract.set(abs ?? '', []);
      } else if (n === 'lvl' && abs !== undefined && !num) lvl = { ilvl: Number(attr(a, 'ilvl') ?? 0), start: 1, fmt: 'decimal', text: '' };
      else if (n === 'start' && lvl) lvl.start = Number(attr(a, 'val') ?? 1);
      else if (n === 'numFmt' && lvl) lvl.fmt = attr(a, 'val') ?? 'decimal';
      else if (n === 'lvlText' && lvl) lvl.text = attr(a, 'val') ?? '';
      else if (n === 'num') num = { id: attr(a, 'numId') ?? '', abs: '', starts: new Map() };
      else if (n === 'abstractNumId' && num) num.abs = attr(a, 'val') ?? '';
      else if (n === 'lvlOverride' && num) override = Number(attr(a, 'ilvl') ?? 0);
      else if (n === 'startOverride' && num && override !== undefined) num.starts.set(override, Number(attr(a, 'val') ?? 1));
    },
    close(name) {
      const n = local(name);
      if (n === 'lvl' && lvl && abs !== undefined) {
        abstract.get(abs)![lvl.ilvl] = { start: lvl.start, fmt: lvl.fmt, text: lvl.text };
        lvl = undefined;
      } else if (n === 'abstractNum') abs = undefined;
      else if (n === 'num' && num) {
        nums.set(num.id, { abs: num.abs, starts: num.starts });
        num = undefined;
      }
    },
  });
  const out = new Map<string, Level[]>();
  for (const [id, n] of nums) {
    const levels = (abstract.get(n.abs) ?? []).map((l, i) => (n.starts.has(i) ? { ...l, start: n.starts.get(i)! } : l));
    out.set(id, levels);
  }
  return out;
}

function readCore(bytes: Uint8Array | undefined, file: string): DocxContent['core'] {
  if (!bytes) return {};
  const core: Record<string, string> = {};
  let field: string | undefined;
  parseXml(bytes, file, 'docProps/core.xml', {
    open(name) {
      field = local(name);
    },
    text(t) {
      if (field) core[field] = (core[field] ?? '') + t;
    },
    close() {
      field = undefined;
    },
  });
  return { title: core['title'], creator: core['creator'], created: core['created'], keywords: core['keywords'] };
}

/** A number in a numbering format (decimal 3, chineseCounting 三, upperLetter C …). */
function formatNumber(n: number, fmt: string): string {
  if (/^(chinese|ideograph|japaneseCounting|taiwaneseCounting)/i.test(fmt) && !/Digital/i.test(fmt)) return chineseNumber(n);
  if (fmt === 'decimalEnclosedCircle' || fmt === 'decimalEnclosedCircleChinese') return n >= 1 && n <= 20 ? String.fromCharCode(0x2460 + n - 1) : String(n);
  if (fmt === 'upperLetter' || fmt === 'lowerLetter') {
    const c = String.fromCharCode(64 + (((n - 1) % 26) + 1));
    return fmt === 'upperLetter' ? c : c.toLowerCase();
  }
  if (fmt === 'upperRoman' || fmt === 'lowerRoman') {
    const r = roman(n);
    return fmt === 'upperRoman' ? r : r.toLowerCase();
  }
  if (fmt === 'bullet' || fmt === 'none') return '';
  return String(n);
}

function roman(n: number): string {
  const t: [number, string][] = [[1000, 'M'], [900, 'CM'], [500, 'D'], [400, 'CD'], [100, 'C'], [90, 'XC'], [50, 'L'], [40, 'XL'], [10, 'X'], [9, 'IX'], [5, 'V'], [4, 'IV'], [1, 'I']];
  let s = '';
  for (const [v, r] of t) while (n >= v) (s += r), (n -= v);
  return s;
}

/** Heading level of a style name (Heading 2, heading 2, 标题 2, 二级标题), or 0. */
function levelOfStyleName(name: string): number {
  const m = /^(?:heading|标题)\s*(\d)$/i.exec(name.trim());
  if (m) return Number(m[1]);
  const cn = /^([一二三四])级标题$/.exec(name.trim());
  return cn ? '一二三四'.indexOf(cn[1]!) + 1 : 0;
}

/** Elements whose text is not the document's: deleted or moved-away revisions, field codes, fallbacks. */
const SKIPPED = new Set(['del', 'moveFrom', 'instrText', 'delText', 'delInstrText', 'Fallback']);

const isTitleStyle = (name: string) => /^(title|标题|公文标题)$/i.test(name.trim());

function readBody(bytes: Uint8Array, file: string, styles: Map<string, StyleInfo>, numbering: Map<string, Level[]>): DocBlock[] {
  const blocks: DocBlock[] = [];
  const counters = new Map<string, number[]>();

  /** Follows basedOn for a property (guarded against cycles). */
  function styleProp<T>(id: string | undefined, get: (s: StyleInfo) => T | undefined): T | undefined {
    for (let i = 0; id && i < 20; i++) {
      const s = styles.get(id);
      if (!s) return undefined;
      const v = get(s);
      if (v !== undefined) return v;
      id = s.basedOn;
    }
    return undefined;
  }

  function numberText(numId: string, ilvl: number): string {
    const levels = numbering.get(numId);
    const lv = levels?.[ilvl];
    if (!levels || !lv || numId === '0') return '';
    const c = counters.get(numId) ?? [];
    c[ilvl] = (c[ilvl] ?? (lv.start - 1)) + 1;
    for (let i = ilvl + 1; i < c.length; i++) c[i] = undefined as unknown as number;
    counters.set(numId, c);
    return lv.text.replace(/%(\d)/g, (_, d: string) => {
      const i = Number(d) - 1;
      return formatNumber(c[i] ?? levels[i]?.start ?? 1, levels[i]?.fmt ?? 'decimal');
    });
  }

  // Paragraph and table state. Tables nest; a paragraph inside a cell belongs to the cell.
  interface P { text: string; styleId?: string; outline?: number; numId?: string; ilvl?: number; bold: string; boldOpen: boolean; runBold: boolean }
  interface T { rows: RawCell[][]; widths: number[]; row?: RawCell[]; cell?: { paras: string[]; span: number; vmerge?: 'restart' | 'continue' } }
  const paras: P[] = [];
  const tables: T[] = [];
  let inRPr = false;
  let inTabs = false;
  let inText = false;
  let skip = 0; // inside deleted text, field instructions, fallback content

  parseXml(bytes, file, 'word/document.xml', {
    open(name, a) {
      const n = local(name);
      if (skip) {
        if (SKIPPED.has(n)) skip++;
        return;
      }
      if (SKIPPED.has(n)) {
        skip++;
        return;
      }
      const p = paras[paras.length - 1];
      const t = tables[tables.length - 1];
      switch (n) {
        case 'p':
          paras.push({ text: '', bold: '', boldOpen: true, runBold: false });
          break;
        case 'pStyle':
          if (p) p.styleId = attr(a, 'val');
          break;
        case 'outlineLvl':
          if (p) p.outline = Number(attr(a, 'val'));
          break;
        case 'numId':
          if (p) p.numId = attr(a, 'val');
          break;
        case 'ilvl':
          if (p) p.ilvl = Number(attr(a, 'val'));
          break;
        case 'r':
          if (p) p.runBold = false;
          break;
        case 'rPr':
          inRPr = true;
          break;
        case 'b':
          if (p && inRPr) p.runBold = !/^(0|false|off)$/i.test(attr(a, 'val') ?? 'true');
          break;
        case 't':
          inText = true;
          break;
        case 'tabs':
          inTabs = true;
          break;
        case 'tab':
          if (p && !inRPr && !inTabs) addText(p, '\t');
          break;
        case 'br':
        case 'cr':
          if (p && attr(a, 'type') !== 'page' && attr(a, 'type') !== 'column') addText(p, '\n');
          break;
        case 'tbl':
          tables.push({ rows: [], widths: [] });
          break;
        case 'gridCol':
          if (t && !t.row) t.widths.push(Number(attr(a, 'w') ?? 0));
          break;
        case 'tr':
          if (t) t.row = [];
          break;
        case 'tc':
          if (t) t.cell = { paras: [], span: 1 };
          break;
        case 'gridSpan':
          if (t?.cell) t.cell.span = Math.max(1, Number(attr(a, 'val') ?? 1));
          break;
        case 'vMerge':
          if (t?.cell) t.cell.vmerge = attr(a, 'val') === 'restart' ? 'restart' : 'continue';
          break;
      }
    },
    text(s) {
      const p = paras[paras.length - 1];
      if (!skip && inText && p) addText(p, s);
    },
    close(name) {
      const n = local(name);
      if (skip) {
        if (SKIPPED.has(n)) skip--;
        return;
      }
      if (n === 'rPr') inRPr = false;
      else if (n === 'tabs') inTabs = false;
      else if (n === 't') inText = false;
      else if (n === 'p') {
        const p = paras.pop()!;
        const t = tables[tables.length - 1];
        const num = p.numId !== undefined ? { numId: p.numId, ilvl: p.ilvl ?? 0 } : styleProp(p.styleId, (s) => s.num);
        const prefix = num ? numberText(num.numId, num.ilvl) : '';
        const text = prefix + p.text;
        if (t?.cell && paras.length === 0) {
          t.cell.paras.push(text);
          return;
        }
        const styleName = styleProp(p.styleId, (s) => s.name) ?? '';
        const outline = p.outline ?? styleProp(p.styleId, (s) => s.outline);
        let level = outline !== undefined && outline >= 0 && outline < 4 ? outline + 1 : 0;
        if (!level && p.styleId) {
          // The style's own name, or the first name up its basedOn chain that is a heading's.
          for (let id: string | undefined = p.styleId, i = 0; id && i < 20 && !level; i++, id = styles.get(id)?.basedOn) level = levelOfStyleName(styles.get(id)?.name ?? id);
        }
        blocks.push({ kind: 'p', text, styleLevel: level, isTitle: isTitleStyle(styleName), boldLead: (prefix && p.bold ? prefix : '') + p.bold });
      } else if (n === 'tc') {
        const t = tables[tables.length - 1];
        if (t?.cell && t.row) {
          t.row.push({ text: t.cell.paras.join('\n'), span: t.cell.span, vmerge: t.cell.vmerge });
          t.cell = undefined;
        }
      } else if (n === 'tr') {
        const t = tables[tables.length - 1];
        if (t?.row) t.rows.push(t.row);
        if (t) t.row = undefined;
      } else if (n === 'tbl') {
        const t = tables.pop()!;
        const outer = tables[tables.length - 1];
        if (outer?.cell) {
          // A table inside a cell: its text joins the cell, row by row.
          outer.cell.paras.push(...t.rows.map((r) => r.map((c) => c.text).join(' | ')));
        } else blocks.push({ kind: 'table', grid: gridFromRows(t.rows), raw: { rows: t.rows, widths: t.widths } });
      }
    },
  });
  return blocks;

  function addText(p: P, s: string): void {
    p.text += s;
    // The bold lead: bold runs from the start, until the first non-bold text.
    if (p.boldOpen) {
      if (p.runBold) p.bold += s;
      else if (s.trim() !== '' || p.bold !== '') p.boldOpen = false;
    }
  }
}
