/**
 * Reads the sheets of an .xlsx workbook into grids: shared and inline strings, numbers (a
 * float such as 2925.5400000000004 from a formula is read as the 2-place amount it stands for),
 * merged ranges. A sheet larger than a declaration could ever be (rows, cells, columns) is
 * refused while it is being read, not after.
 */
import { openZip, refuse, type ZipArchive, type ZipLimits } from './zip.ts';
import { attr, decodeXml, local, parseXml, refuseMacros } from './xml.ts';
import { gridFromSheet, type Grid } from './grid.ts';

export interface SheetLimits {
  readonly maxRows: number;
  readonly maxCols: number;
  readonly maxCells: number;
  readonly maxSheets: number;
}

/** A 申报表 has some 60 rows and 8 columns; these leave room for any real one. */
export const DEFAULT_SHEET_LIMITS: SheetLimits = { maxRows: 5000, maxCols: 64, maxCells: 50_000, maxSheets: 32 };

export interface WorkbookContent {
  readonly sheets: readonly { readonly name: string; readonly grid: Grid }[];
  readonly core: { readonly title?: string; readonly created?: string; readonly keywords?: string };
}

/** `B12` → row 11, column 1 (0-based). */
export function cellRef(ref: string): { r: number; c: number } | undefined {
  const m = /^\$?([A-Z]{1,3})\$?(\d{1,7})$/.exec(ref.toUpperCase());
  if (!m) return undefined;
  let c = 0;
  for (const ch of m[1]!) c = c * 26 + (ch.charCodeAt(0) - 64);
  return { r: Number(m[2]) - 1, c: c - 1 };
}

/** A number cell's text: floats that are a 2-place amount within rounding noise become that amount. */
export function numberText(v: string): string {
  const n = Number(v);
  if (!Number.isFinite(n) || !/[.eE]/.test(v)) return v;
  const r = Math.round(n * 100) / 100;
  return Math.abs(n - r) < 1e-7 ? String(r) : v;
}

/** Reads a workbook's bytes. */
export function readXlsx(bytes: Uint8Array, file: string, limits: { zip?: ZipLimits; sheet?: SheetLimits } = {}): WorkbookContent {
  const zip = openZip(bytes, file, limits.zip);
  refuseMacros(zip, file);
  const lim = limits.sheet ?? DEFAULT_SHEET_LIMITS;
  const wb = zip.read('xl/workbook.xml');
  if (!wb) throw refuse(file, 'notXlsx', '不是 Excel 工作簿（缺少 xl/workbook.xml）', 'not an Excel workbook (no xl/workbook.xml)');
  const sheets: { name: string; rid: string }[] = [];
  parseXml(wb, file, 'xl/workbook.xml', {
    open(name, a) {
      if (local(name) === 'sheet') sheets.push({ name: attr(a, 'name') ?? '', rid: attr(a, 'id') ?? '' });
    },
  });
  if (sheets.length > lim.maxSheets) throw refuse(file, 'sheetTooLarge', `工作簿有 ${sheets.length} 个工作表，超过上限 ${lim.maxSheets}`, `the workbook has ${sheets.length} sheets, more than ${lim.maxSheets}`);
  const targets = new Map<string, string>();
  const rels = zip.read('xl/_rels/workbook.xml.rels');
  if (rels) {
    parseXml(rels, file, 'xl/_rels/workbook.xml.rels', {
      open(name, a) {
        if (local(name) === 'Relationship') {
          const t = attr(a, 'Target') ?? '';
          targets.set(attr(a, 'Id') ?? '', t.startsWith('/') ? t.slice(1) : `xl/${t}`);
        }
      },
    });
  }
  const strings = readSharedStrings(zip, file, lim);
  const out: { name: string; grid: Grid }[] = [];
  sheets.forEach((s, i) => {
    const part = targets.get(s.rid) ?? `xl/worksheets/sheet${i + 1}.xml`;
    const xml = zip.read(part);
    if (xml) out.push({ name: s.name, grid: readSheet(xml, file, part, strings, lim) });
  });
  const core: Record<string, string> = {};
  const cx = zip.read('docProps/core.xml');
  if (cx) {
    let field: string | undefined;
    parseXml(cx, file, 'docProps/core.xml', {
      open: (n) => void (field = local(n)),
      text: (t) => void (field && (core[field] = (core[field] ?? '') + t)),
      close: () => void (field = undefined),
    });
  }
  return { sheets: out, core: { title: core['title'], created: core['created'], keywords: core['keywords'] } };
}

function readSharedStrings(zip: ZipArchive, file: string, lim: SheetLimits): string[] {
  const bytes = zip.read('xl/sharedStrings.xml');
  if (!bytes) return [];
  const list: string[] = [];
  let cur: string | undefined;
  let inT = false;
  let skip = 0; // phonetic runs (rPh) are not the cell's text
  parseXml(bytes, file, 'xl/sharedStrings.xml', {
    open(name) {
      const n = local(name);
      if (n === 'si') {
        cur = '';
        if (list.length >= lim.maxCells) throw refuse(file, 'sheetTooLarge', `共享字符串超过 ${lim.maxCells} 个`, `more than ${lim.maxCells} shared strings`);
      } else if (n === 'rPh') skip++;
      else if (n === 't' && !skip) inT = true;
    },
    text(t) {
      if (inT && cur !== undefined) cur += t;
    },
    close(name) {
      const n = local(name);
      if (n === 't') inT = false;
      else if (n === 'rPh') skip--;
      else if (n === 'si') {
        list.push(cur ?? '');
        cur = undefined;
      }
    },
  });
  return list;
}

function readSheet(bytes: Uint8Array, file: string, part: string, strings: readonly string[], lim: SheetLimits): Grid {
  const values = new Map<string, string>();
  const merges: { r0: number; c0: number; r1: number; c1: number }[] = [];
  let rows = 0;
  let cols = 0;
  let count = 0;
  let cell: { r: number; c: number; t: string; v: string } | undefined;
  let inV = false;
  let nextRow = 0;
  let nextCol = 0;
  const tooLarge = (zh: string, en: string) => refuse(file, 'sheetTooLarge', `工作表 ${part} 过大（${zh}），不像申报表`, `sheet ${part} is too large (${en}) to be a declaration`);
  parseXml(bytes, file, part, {
    open(name, a) {
      const n = local(name);
      if (n === 'row') {
        const r = a['r'] ? Number(a['r']) - 1 : nextRow;
        nextRow = r + 1;
        nextCol = 0;
        if (r >= lim.maxRows) throw tooLarge(`超过 ${lim.maxRows} 行`, `more than ${lim.maxRows} rows`);
      } else if (n === 'c') {
        const ref = a['r'] ? cellRef(a['r']) : { r: nextRow - 1, c: nextCol };
        if (!ref) return;
        nextCol = ref.c + 1;
        if (ref.r >= lim.maxRows) throw tooLarge(`超过 ${lim.maxRows} 行`, `more than ${lim.maxRows} rows`);
        if (ref.c >= lim.maxCols) throw tooLarge(`超过 ${lim.maxCols} 列`, `more than ${lim.maxCols} columns`);
        if (++count > lim.maxCells) throw tooLarge(`超过 ${lim.maxCells} 个单元格`, `more than ${lim.maxCells} cells`);
        cell = { ...ref, t: a['t'] ?? 'n', v: '' };
      } else if ((n === 'v' || n === 't') && cell) inV = true;
      else if (n === 'mergeCell') {
        const [from, to] = (a['ref'] ?? '').split(':');
        const x = from ? cellRef(from) : undefined;
        const y = to ? cellRef(to) : x;
        if (!x || !y) return;
        if (y.r >= lim.maxRows || y.c >= lim.maxCols) throw tooLarge('合并区域超出范围', 'a merged range beyond the limits');
        merges.push({ r0: Math.min(x.r, y.r), c0: Math.min(x.c, y.c), r1: Math.max(x.r, y.r), c1: Math.max(x.c, y.c) });
        rows = Math.max(rows, y.r + 1);
        cols = Math.max(cols, y.c + 1);
      }
    },
    text(t) {
      if (inV && cell) cell.v += t;
    },
    close(name) {
      const n = local(name);
      if (n === 'v' || n === 't') inV = false;
      else if (n === 'c' && cell) {
        let text: string;
        if (cell.t === 's') text = strings[Number(cell.v)] ?? '';
        else if (cell.t === 'n' || cell.t === '') text = numberText(cell.v);
        else if (cell.t === 'b') text = cell.v === '1' ? 'TRUE' : 'FALSE';
        else text = cell.v; // str, inlineStr, e
        if (text !== '') {
          values.set(`${cell.r},${cell.c}`, text.replace(/\r\n?/g, '\n'));
          rows = Math.max(rows, cell.r + 1);
          cols = Math.max(cols, cell.c + 1);
        }
        cell = undefined;
      }
    },
  });
  return gridFromSheet(values, merges, rows, cols);
}

/** Whether bytes look like a workbook or a Word document (by their main part). */
export function officeKind(zip: ZipArchive): 'docx' | 'xlsx' | undefined {
  if (zip.entries.has('word/document.xml')) return 'docx';
  if (zip.entries.has('xl/workbook.xml')) return 'xlsx';
  const ct = zip.read('[Content_Types].xml');
  const text = ct ? decodeXml(ct) : '';
  if (/wordprocessingml\.document\.main/.test(text)) return 'docx';
  if (/spreadsheetml\.sheet\.main/.test(text)) return 'xlsx';
  return undefined;
}
