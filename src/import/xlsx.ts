/**
 * Reads the sheets of an .xlsx workbook into grids, through SheetJS (`@e965/xlsx`, the SheetJS
 * Community Edition 0.20.3 republished on npm; the npm `xlsx` package is frozen at 0.18.5 with
 * CVE-2023-30533 and CVE-2024-22363 unfixed) behind our own guard: the library never sees the
 * bytes people bring. Our guarded zip reader (src/import/zip.ts) opens the file within the limits,
 * macro-enabled files are refused, every XML part is inflated within the limits and scanned
 * (no DOCTYPE, so no entity expansion; a sheet larger than a declaration could ever be, in rows,
 * columns, cells or merged ranges, is refused from a scan of its tags), and only those checked
 * parts are packed again, stored, for SheetJS to parse. Numbers: a float such as
 * 2925.5400000000004 from a formula is read as the 2-place amount it stands for.
 */
import { read as readWorkbook, type CellObject, type WorkSheet } from '@e965/xlsx';
import { zipSync, type Zippable } from 'fflate';
import { openZip, refuse, type ZipArchive, type ZipLimits } from './zip.ts';
import { decodeXml, refuseMacros } from './xml.ts';
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

/** Parts SheetJS is given: the package's XML (no media, no printer settings, no binaries). */
const XML_PART = /\.(xml|rels)$/i;

/**
 * Our guard over a sheet part, before any parser: counts its rows and cells and checks the
 * highest row and column any cell or merged range names, from a scan of the tags (linear, no
 * tree is built), so a huge sheet is refused before SheetJS would build it.
 */
function guardSheet(xml: string, file: string, part: string, lim: SheetLimits): void {
  const tooLarge = (zh: string, en: string) => refuse(file, 'sheetTooLarge', `工作表 ${part} 过大（${zh}），不像申报表`, `sheet ${part} is too large (${en}) to be a declaration`);
  let rows = 0;
  let cells = 0;
  for (const m of xml.matchAll(/<(?:\w+:)?(row|c|mergeCell)\b([^>]*)>/g)) {
    const tag = m[1]!;
    const attrs = m[2]!;
    if (tag === 'row') {
      const r = /\br="(\d+)"/.exec(attrs);
      const n = r ? Number(r[1]) : rows + 1;
      rows = Math.max(rows + 1, n);
      if (n > lim.maxRows || rows > lim.maxRows) throw tooLarge(`超过 ${lim.maxRows} 行`, `more than ${lim.maxRows} rows`);
    } else if (tag === 'c') {
      if (++cells > lim.maxCells) throw tooLarge(`超过 ${lim.maxCells} 个单元格`, `more than ${lim.maxCells} cells`);
      const r = /\br="([^"]*)"/.exec(attrs);
      const ref = r ? cellRef(r[1]!) : undefined;
      if (ref && ref.r >= lim.maxRows) throw tooLarge(`超过 ${lim.maxRows} 行`, `more than ${lim.maxRows} rows`);
      if (ref && ref.c >= lim.maxCols) throw tooLarge(`超过 ${lim.maxCols} 列`, `more than ${lim.maxCols} columns`);
    } else {
      const r = /\bref="([^"]*)"/.exec(attrs);
      for (const end of (r?.[1] ?? '').split(':')) {
        const ref = cellRef(end);
        if (ref && (ref.r >= lim.maxRows || ref.c >= lim.maxCols)) throw tooLarge('合并区域超出范围', 'a merged range beyond the limits');
      }
    }
  }
}

/** A cell's text as the importer reads it. */
function cellText(cell: CellObject | undefined): string {
  if (!cell || cell.v === undefined || cell.v === null) return '';
  if (cell.t === 'n') return numberText(String(cell.v));
  if (cell.t === 'b') return cell.v ? 'TRUE' : 'FALSE';
  if (cell.t === 'e') return cell.w ?? '';
  return String(cell.v);
}

/** A worksheet of SheetJS (dense mode) as our grid. */
function sheetGrid(ws: WorkSheet): Grid {
  const values = new Map<string, string>();
  let rows = 0;
  let cols = 0;
  const data = (ws as { '!data'?: (CellObject | undefined)[][] })['!data'] ?? [];
  data.forEach((line, r) => {
    line?.forEach((cell, c) => {
      const text = cellText(cell);
      if (text === '') return;
      values.set(`${r},${c}`, text.replace(/\r\n?/g, '\n'));
      rows = Math.max(rows, r + 1);
      cols = Math.max(cols, c + 1);
    });
  });
  const merges = (ws['!merges'] ?? []).map((m) => {
    rows = Math.max(rows, m.e.r + 1);
    cols = Math.max(cols, m.e.c + 1);
    return { r0: m.s.r, c0: m.s.c, r1: m.e.r, c1: m.e.c };
  });
  return gridFromSheet(values, merges, rows, cols);
}

/** Reads a workbook's bytes. */
export function readXlsx(bytes: Uint8Array, file: string, limits: { zip?: ZipLimits; sheet?: SheetLimits } = {}): WorkbookContent {
  const zip = openZip(bytes, file, limits.zip);
  refuseMacros(zip, file);
  const lim = limits.sheet ?? DEFAULT_SHEET_LIMITS;
  if (!zip.entries.has('xl/workbook.xml')) throw refuse(file, 'notXlsx', '不是 Excel 工作簿（缺少 xl/workbook.xml）', 'not an Excel workbook (no xl/workbook.xml)');
  // Every XML part inflated within the limits and checked; only these go on to SheetJS.
  const checked: Zippable = {};
  for (const name of zip.entries.keys()) {
    if (!XML_PART.test(name) || name.endsWith('/')) continue;
    const part = zip.read(name)!;
    const xml = decodeXml(part);
    if (/<!DOCTYPE|<!ENTITY/i.test(xml)) {
      throw refuse(file, 'xmlEntity', `${name} 含有 DOCTYPE/实体定义（可用于实体膨胀攻击，Office 文件不会有）`, `${name} carries a DOCTYPE/entity declarations (used for entity-expansion attacks; no Office file has them)`);
    }
    if (/^xl\/worksheets\/[^/]+\.xml$/i.test(name)) guardSheet(xml, file, name, lim);
    checked[name] = [part, { level: 0 }];
  }
  const sheetCount = (decodeXml(zip.read('xl/workbook.xml')!).match(/<(?:\w+:)?sheet\b/g) ?? []).length;
  if (sheetCount > lim.maxSheets) throw refuse(file, 'sheetTooLarge', `工作簿有 ${sheetCount} 个工作表，超过上限 ${lim.maxSheets}`, `the workbook has ${sheetCount} sheets, more than ${lim.maxSheets}`);
  let wb;
  try {
    wb = readWorkbook(zipSync(checked), { type: 'array', dense: true, cellFormula: false, cellHTML: false, cellStyles: false, cellDates: false, bookVBA: false, bookDeps: false, WTF: false });
  } catch (e) {
    throw refuse(file, 'badXlsx', `工作簿无法解析（${String((e as Error).message ?? e).slice(0, 120)}）`, `the workbook cannot be parsed (${String((e as Error).message ?? e).slice(0, 120)})`);
  }
  // SheetJS leaves out a sheet it could not parse (WTF off): say so rather than "no table found".
  const lost = wb.SheetNames.find((name) => !wb.Sheets[name]);
  if (lost !== undefined) throw refuse(file, 'badXlsx', `工作表「${lost}」无法解析（文件可能已损坏）`, `sheet "${lost}" cannot be parsed (the file may be damaged)`);
  const sheets = wb.SheetNames.map((name) => ({ name, grid: sheetGrid(wb.Sheets[name]!) }));
  const props = wb.Props ?? {};
  const created = props.CreatedDate instanceof Date && !Number.isNaN(props.CreatedDate.getTime()) ? props.CreatedDate.toISOString() : undefined;
  return { sheets, core: { title: props.Title || undefined, created, keywords: props.Keywords || undefined } };
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
