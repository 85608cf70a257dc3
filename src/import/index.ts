/**
 * `jixiao import`: turns a department's own files (last year's 自评报告 in Word, the 申报表 in
 * Word or Excel) into packet data. Each file is opened through the guarded zip and XML readers
 * (hostile files are refused in bounded time and memory), mapped with the format's outline,
 * and the figures printed in fixed sentences are read back and checked against what jixiao
 * computes from them. The result says what went where and what a person should look at.
 */
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { JixiaoError } from '../errors.ts';
import { D } from '../model/money.ts';
import { formatAmount, formatPercent } from '../model/format.ts';
import { DEFAULT_FORMAT, listFormats, type Format } from '../format/index.ts';
import { starterPacket } from '../model/init.ts';
import type { Percent } from '../derive/index.ts';
import { openZip, refuse, type ZipLimits } from './zip.ts';
import { readDocx } from './docx.ts';
import { readXlsx, officeKind, type SheetLimits } from './xlsx.ts';
import { alignedGrids, stackGrids } from './grid.ts';
import { readDeclaration } from './declaration.ts';
import { mapReport } from './report.ts';
import { plainNumber, sentencePaths } from './sentence.ts';
import { wantsNumber } from './yaml.ts';
import { getPath, setPath, type Note, type Unplaced } from './data.ts';
import { importOutline } from './format.ts';
import { FORMATS_DIR } from '../templates/index.ts';
import type { ImportOutline } from './outline.ts';
import { fieldName, hasField, packetYaml } from './yaml.ts';
import { errnoWords } from '../util/errno.ts';

export type { Note, Unplaced } from './data.ts';
export type { ImportOutline } from './outline.ts';
export { importOutline } from './format.ts';

export interface ImportOptions {
  /** Format: an id or a folder, as `loadFormat` takes it, or a loaded format (default guangzhou). */
  readonly format?: string | Format;
  /** An outline to use instead of the format's (tests, tools). */
  readonly outline?: ImportOutline;
  /**
   * Write a preface, sections the outline lacks and renamed headings as the packet's outline edits
   * (`report.outline`) rather than as unplaced text. Default: when the format's packets have them.
   */
  readonly outlineEdits?: boolean;
  /**
   * What the packet's `format:` says (default: the id of a shipped format, else the format's folder
   * as an absolute path); the CLI gives a folder relative to the YAML it writes.
   */
  readonly formatAs?: string;
  readonly zipLimits?: ZipLimits;
  readonly sheetLimits?: SheetLimits;
}

export interface ImportResult {
  /** The packet's raw data (amounts as `5,093.50` strings), in the schema's key order. */
  readonly data: Record<string, unknown>;
  /** The parts of the documents found ('declaration', 'report'): the packet carries only these. */
  readonly documents: readonly string[];
  readonly notes: readonly Note[];
  readonly unplaced: readonly Unplaced[];
  /** The YAML text to write. */
  readonly yaml: string;
  /** How well the format fits the files: non-empty values read from them, less unplaced paragraphs and notes needing a look. */
  readonly placed: number;
}

/** Largest file taken in; a 自评报告 with photos is a few MB. */
const MAX_FILE_BYTES = 100 * 1024 * 1024;

/** The importer's outline of a format (id or folder); an unknown one is a `cli.importFormat` error. */
export function outlineFor(format: string | Format = DEFAULT_FORMAT): ImportOutline {
  return importOutline(format);
}

/** Reads a file with a size limit (a named refusal, not an out-of-memory). */
export function readInputFile(file: string): Uint8Array {
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch (e) {
    const [zh, en] = errnoWords(e);
    throw new JixiaoError('input.read', `无法读取文件 ${file}：${zh}`, `cannot read file ${file}: ${en}`);
  }
  if (size > MAX_FILE_BYTES) throw refuse(file, 'tooLarge', `文件 ${Math.round(size / 1048576)} MB，超过上限 ${MAX_FILE_BYTES / 1048576} MB`, `the file is ${Math.round(size / 1048576)} MB, over the ${MAX_FILE_BYTES / 1048576} MB limit`);
  return fs.readFileSync(file);
}

/** `2024-12-30T16:00:00Z` (what jixiao writes for 2024-12-31 in China time) → `2024-12-31`; other times → undefined. */
function documentDateOf(created: string | undefined): string | undefined {
  if (!created) return undefined;
  const t = new Date(created);
  if (Number.isNaN(t.getTime())) return undefined;
  const china = new Date(t.getTime() + 8 * 3600_000);
  if (china.getUTCHours() || china.getUTCMinutes() || china.getUTCSeconds()) return undefined;
  return china.toISOString().slice(0, 10);
}

/** Year in a title or keywords (`2025年度…`, `附件1,绩效目标,2025`). */
function yearIn(...texts: (string | undefined)[]): number | undefined {
  for (const t of texts) {
    const m = t && (/(\d{4})\s*年/.exec(t) ?? /(?:^|,)(\d{4})(?:,|$)/.exec(t));
    if (m) return Number(m[1]);
  }
  return undefined;
}

interface Piece {
  /** The packet part it fills (declaration, report). */
  readonly kind: string;
  readonly data: Record<string, unknown>;
  readonly notes: Note[];
  readonly unplaced: Unplaced[];
  /** Figures printed in the report's fixed sentences, by path. */
  readonly printed?: ReadonlyMap<string, string>;
}

/** Imports one file's bytes. */
export function importBytes(bytes: Uint8Array, file: string, opts: ImportOptions = {}): Piece[] {
  const outline = opts.outline ?? outlineFor(opts.format);
  const kind = officeKind(openZip(bytes, file, opts.zipLimits));
  if (kind === 'xlsx') return [importWorkbook(bytes, file, outline, opts)];
  if (kind === 'docx') return importDocument(bytes, file, outline, opts);
  throw refuse(file, 'notOffice', '压缩包不是 Word 或 Excel 文档', 'the zip is neither a Word nor an Excel document');
}

function importWorkbook(bytes: Uint8Array, file: string, outline: ImportOutline, opts: ImportOptions): Piece {
  const wb = readXlsx(bytes, file, { zip: opts.zipLimits, sheet: opts.sheetLimits });
  const spec = outline.declaration;
  if (!spec) throw refuse(file, 'noDeclaration', `格式「${outline.format.name}」没有可从表格读入的文件`, `the format "${outline.id}" has no document read from a table`);
  for (const sheet of wb.sheets) {
    const d = readDeclaration(sheet.grid, spec);
    if (!d.found) continue;
    const year = d.year ?? yearIn(sheet.name, wb.core.title, wb.core.keywords, path.basename(file));
    if (year !== undefined) setPath(d.data, 'declaration.year', year);
    else d.notes.push({ look: true, path: 'declaration.year', zh: '未找到预算年度，请填写', en: 'budget year not found; fill it in' });
    const date = documentDateOf(wb.core.created);
    if (date) setPath(d.data, 'documentDate', date);
    d.notes.unshift({ zh: `工作表「${sheet.name}」→ ${spec.title}（${spec.part}）`, en: `sheet "${sheet.name}" → the ${spec.part}` });
    return { kind: 'declaration', data: d.data, notes: d.notes, unplaced: [] };
  }
  throw refuse(file, 'noDeclaration', `工作簿中没有找到${spec.title}（找不到“${spec.cells[0]?.label ?? spec.title}”等标签）`, `no ${spec.title} found in the workbook (no "${spec.cells[0]?.label ?? spec.title}" label or the like)`);
}

function importDocument(bytes: Uint8Array, file: string, outline: ImportOutline, opts: ImportOptions): Piece[] {
  const doc = readDocx(bytes, file, opts.zipLimits);
  const pieces: Piece[] = [];
  const date = documentDateOf(doc.core.created);
  // The declaration: the tables holding its labels, stacked (a table cut over pages is several).
  const tables = doc.blocks.filter((b) => b.kind === 'table');
  const spec = outline.declaration;
  const decl = tables.length && spec ? readDeclaration(stackGrids(alignedGrids(tables.map((t) => t.raw))), spec) : undefined;
  const rest = doc.blocks.filter((b) => b.kind === 'p' && b.text.trim() !== '');
  const paragraphs = decl?.found ? doc.blocks.filter((b) => b.kind === 'p') : doc.blocks;
  const edits = opts.outlineEdits ?? (outline.reportPart !== undefined && hasField(outline.format, `${outline.reportPart}.outline.preface`));
  const report = outline.reportPart ? mapReport(paragraphs, outline, { edits }) : undefined;
  const isReport = report !== undefined && (report.notes.some((n) => !n.look) || (!decl?.found && rest.length > 0));
  if (decl?.found && spec) {
    const titles = rest.map((b) => (b.kind === 'p' ? b.text : ''));
    // The title, and a subtitle with the year (（2019年度）) after it.
    const at = titles.findIndex((t) => t.includes(spec.title));
    const year = decl.year ?? yearIn(...(at >= 0 ? titles.slice(at, at + 2) : []), isReport ? undefined : doc.core.title, isReport ? undefined : doc.core.keywords);
    if (year !== undefined) setPath(decl.data, `${spec.part}.year`, year);
    else decl.notes.push({ look: true, path: `${spec.part}.year`, zh: '未找到预算年度，请填写', en: 'budget year not found; fill it in' });
    if (date && !isReport) setPath(decl.data, 'documentDate', date);
    // Paragraphs around the table other than its label, title and year (填报说明, a signature line) are kept.
    const around = isReport
      ? []
      : paragraphs
          .flatMap((b) => (b.kind === 'p' && b.text.trim() !== '' ? [b.text.trim()] : []))
          .filter((t) => !t.includes(spec.title) && !/^附件\s*\d+[：:]?$/.test(t) && !/^[（(]\s*\d{4}\s*年度?\s*[）)]$/.test(t))
          .map((text) => ({ under: '（表格之外 outside the table）', text, zh: '表格之外的段落', en: 'a paragraph outside the table' }));
    pieces.push({ kind: spec.part, data: decl.data, notes: [{ zh: `${path.basename(file)} 的表格 → ${spec.title}（${spec.part}）`, en: `the table of ${path.basename(file)} → the ${spec.part}` }, ...decl.notes], unplaced: around });
  }
  if (isReport) pieces.push(reportPiece(report!, doc.core, date, outline));
  if (!pieces.length) throw refuse(file, 'empty', '文档中没有可导入的内容', 'the document holds nothing to import');
  return pieces;
}

function reportPiece(r: ReturnType<typeof mapReport>, core: { title?: string; creator?: string }, date: string | undefined, outline: ImportOutline): Piece {
  const data = r.data;
  const notes = [...r.notes];
  // Title: year and department name from it; kept as report.title only when it differs from the default.
  const title = (r.title ?? core.title ?? '').trim();
  const flat = title.replace(/\s+/g, '');
  // `2023年度XX局部门整体支出绩效自评报告`, or `XX局2023年度整体支出绩效自评报告`.
  const a = /^(\d{4})\s*年度?(.+?)(?:部门)?整体支出绩效自评报告$/.exec(flat);
  const b = a ? undefined : /^(.+?)(\d{4})\s*年度?(?:部门)?整体支出绩效自评报告$/.exec(flat);
  const t = a ? { year: a[1]!, name: a[2]! } : b ? { year: b[2]!, name: b[1]! } : undefined;
  const year = t ? Number(t.year) : r.printed.has('report.year') ? Number(r.printed.get('report.year')) : undefined;
  if (year !== undefined) setPath(data, 'report.year', year);
  else notes.push({ look: true, path: 'report.year', zh: '未找到自评年度，请填写', en: 'the year evaluated was not found; fill it in' });
  // The file's author is the department only when it reads like one (not 张三 or Administrator).
  const creator = core.creator && /(办公室|委员会|局|委|厅|院|中心|部|办|会|所|站|馆|处|队)$/.test(core.creator.trim()) ? core.creator.trim() : undefined;
  const name = t?.name ?? creator;
  if (name) setPath(data, 'department.name', name);
  else notes.push({ look: true, path: 'department.name', zh: '未找到部门名称，请填写', en: 'department name not found; fill it in' });
  if (title && year !== undefined && name && outline.reportTitle) {
    const def = outline.reportTitle.replace('{{report.year}}', String(year)).replace('{{department.name}}', name);
    if (flat !== def) setPath(data, 'report.title', title);
  }
  if (date) setPath(data, 'documentDate', date);

  // Figures of the fixed sentences → data; derived ones are checked below.
  for (const s of [...outline.preface, ...outline.sections.flatMap((x) => x.sentences ?? [])]) {
    for (const h of sentencePaths(s.text)) {
      const v = r.printed.get(h.path);
      if (v === undefined || h.kind !== 'amount' || h.path.startsWith('derived.')) continue;
      const n = new D(plainNumber(v));
      setPath(data, h.path, wantsNumber(outline.format, h.path) ? n.toNumber() : formatAmount(n));
    }
  }
  for (const split of outline.splits) applySplit(split, r.printed, data, notes, outline.format);
  return { kind: 'report', data, notes, unplaced: [...r.unplaced], printed: r.printed };
}

/** Parts given only as a total and shares: each part = base × share, the largest base takes the rest. */
function applySplit(split: ImportOutline['splits'][number], printed: ReadonlyMap<string, string>, data: Record<string, unknown>, notes: Note[], format: Format): void {
  const total = printed.get(split.total);
  if (total === undefined) return;
  const num = (p: string) => {
    const v = getPath(data, p);
    return typeof v === 'string' || typeof v === 'number' ? new D(plainNumber(String(v))) : undefined;
  };
  const parts = split.parts.map((p) => ({ ...p, baseValue: num(p.base), shareText: printed.get(p.share) }));
  if (parts.some((p) => !p.baseValue || p.shareText === undefined)) return;
  const largest = parts.reduce((a, b) => (b.baseValue!.gt(a.baseValue!) ? b : a));
  let rest = new D(plainNumber(total));
  for (const p of parts) {
    if (p === largest) continue;
    const share = /^[-－]%/.test(p.shareText!) ? new D(0) : new D(plainNumber(p.shareText!));
    const v = p.baseValue!.times(share).div(100).toDecimalPlaces(2);
    setPath(data, p.path, formatAmount(v));
    rest = rest.minus(v);
  }
  setPath(data, largest.path, formatAmount(rest));
  const names = split.parts.map((p) => fieldName(p.path, format));
  notes.push({ look: true, path: split.parts[0]!.path.replace(/\.[^.]+$/, ''), zh: `原文只印出合计 ${total} 与各占比，${names.join('、')} 由此推算（生成时会重新核对占比），请与原始数据核对`, en: `the text prints only the total ${total} and the shares; ${names.join(', ')} were worked out from them (rendering re-checks the shares); compare with your records` });
}

/** Compares every derived figure the document printed with what jixiao computes from the imported data. */
function verifyDerived(f: Format, data: Record<string, unknown>, printed: ReadonlyMap<string, string>, notes: Note[]): void {
  const parsed = f.schema.safeParse(data);
  if (!parsed.success) return;
  const derived = { derived: f.derive(parsed.data as never) };
  for (const [p, text] of printed) {
    if (!p.startsWith('derived.')) continue;
    const v = getPath(derived, p) as { value: InstanceType<typeof D> | null } | InstanceType<typeof D> | null | undefined;
    if (v === undefined) continue;
    const computed = v && typeof v === 'object' && 'value' in v ? v.value : (v as InstanceType<typeof D> | null);
    const shown = /^[-－]%/.test(text) ? null : new D(plainNumber(text));
    const same = computed === null || shown === null ? computed === shown : computed.toDecimalPlaces(2).eq(shown);
    const shownBack = v && typeof v === 'object' && 'places' in v ? formatPercent(v as Percent) : computed === null ? '—' : formatAmount(computed, { trim: true });
    if (!same) notes.push({ look: true, path: p, zh: `原文印出 ${text}，按导入的数据计算为 ${shownBack}；生成时将印出计算值`, en: `the document prints ${text}; the imported data gives ${shownBack}, which rendering will print` });
  }
}

/** Puts keys in the order of `like` (the starter packet), recursively; unknown keys keep their place after. */
function orderLike(data: unknown, like: unknown): unknown {
  if (Array.isArray(data)) return data.map((x) => orderLike(x, Array.isArray(like) ? like[0] : undefined));
  if (data === null || typeof data !== 'object') return data;
  const src = data as Record<string, unknown>;
  const ref = like && typeof like === 'object' && !Array.isArray(like) ? (like as Record<string, unknown>) : {};
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(ref)) if (k in src) out[k] = orderLike(src[k], ref[k]);
  for (const k of Object.keys(src)) if (!(k in out)) out[k] = orderLike(src[k], undefined);
  return out;
}

/** Fills what a document needs but the file did not give, from the starter packet (what init writes). */
function fillFrom(data: Record<string, unknown>, starter: Record<string, unknown>, key: string, notes: Note[]): void {
  const walk = (d: Record<string, unknown>, s: Record<string, unknown>, at: string) => {
    for (const [k, v] of Object.entries(s)) {
      const p = `${at}.${k}`;
      if (!(k in d)) {
        if (p === 'report.title' || Array.isArray(v) && v.length && typeof v[0] === 'object') {
          if (p !== 'report.title') d[k] = [];
          continue;
        }
        d[k] = v;
        if (!(Array.isArray(v) && v.every((x) => x === '')) && v !== '' && v !== null) continue;
        if (p !== 'declaration.otherTasks' && !p.endsWith('.lead')) notes.push({ look: true, path: p, zh: '文件中没有，已留空待填', en: 'not in the file; left empty to fill in' });
      } else if (v && typeof v === 'object' && !Array.isArray(v) && d[k] && typeof d[k] === 'object') walk(d[k] as Record<string, unknown>, v as Record<string, unknown>, p);
    }
  };
  if (data[key] && typeof data[key] === 'object') walk(data[key] as Record<string, unknown>, starter[key] as Record<string, unknown>, key);
}

/** Merges pieces of several files (later files fill what earlier ones left). */
function merge(into: Record<string, unknown>, from: Record<string, unknown>, notes: Note[], at = ''): void {
  for (const [k, v] of Object.entries(from)) {
    const p = at ? `${at}.${k}` : k;
    const cur = into[k];
    if (cur === undefined) into[k] = v;
    else if (cur && v && typeof cur === 'object' && typeof v === 'object' && !Array.isArray(cur)) merge(cur as Record<string, unknown>, v as Record<string, unknown>, notes, p);
    else if (JSON.stringify(cur) !== JSON.stringify(v)) {
      if (p === 'documentDate') continue;
      notes.push({ look: true, path: p, zh: `两个文件给出不同的值：「${String(cur)}」与「${String(v)}」，已取前者`, en: `two files give different values: "${String(cur)}" and "${String(v)}"; the first is kept` });
    }
  }
}

/** Imports files (a report and a declaration, in any order) into one packet. */
export function importFiles(files: readonly string[], opts: ImportOptions = {}): ImportResult {
  return importBuffers(files.map((f) => ({ name: f, bytes: readInputFile(f) })), opts);
}

/** The same for files already in memory (a file dropped on the workbench): `name` is used in messages. */
export function importBuffers(inputs: readonly { readonly name: string; readonly bytes: Uint8Array }[], opts: ImportOptions = {}): ImportResult {
  const files = inputs.map((i) => i.name);
  for (const i of inputs) {
    if (i.bytes.length > MAX_FILE_BYTES) throw refuse(i.name, 'tooLarge', `文件 ${Math.round(i.bytes.length / 1048576)} MB，超过上限 ${MAX_FILE_BYTES / 1048576} MB`, `the file is ${Math.round(i.bytes.length / 1048576)} MB, over the ${MAX_FILE_BYTES / 1048576} MB limit`);
  }
  const outline = opts.outline ?? outlineFor(opts.format);
  const format = outline.format;
  const pieces = inputs.flatMap((i) => importBytes(i.bytes, i.name, { ...opts, outline }));
  const notes: Note[] = [];
  const unplaced: Unplaced[] = [];
  const data: Record<string, unknown> = {};
  // A packet of another format names it (an id; a folder as given, relative to where the YAML goes).
  const shipped = path.dirname(format.dir) === FORMATS_DIR;
  const named = opts.formatAs ?? (shipped ? format.id : format.dir);
  if (named !== DEFAULT_FORMAT) data['format'] = named;
  for (const p of pieces) {
    merge(data, p.data, notes);
    notes.push(...p.notes);
    unplaced.push(...p.unplaced);
  }
  const documents = [...new Set(pieces.map((p) => p.kind))];
  const parts = format.documents.map((d) => d.part);
  const yearOf = (part: string) => getPath(data, `${part}.year`) as number | undefined;
  // The starter's year: the one init would be given (the first documentYear path, less its offset).
  const anchor = format.documents.find((d) => yearOf(d.part) !== undefined);
  const year = anchor ? yearOf(anchor.part)! + (anchor.part === 'report' && parts.includes('declaration') ? 2 : 0) : new Date().getFullYear();
  const starter = YAML.parse(starterPacket({ year, format: format.dir })) as Record<string, unknown>;
  const dept = (data['department'] ??= {}) as Record<string, unknown>;
  const starterDept = (starter['department'] ?? {}) as Record<string, unknown>;
  if ('selfReference' in starterDept && dept['selfReference'] === undefined) {
    dept['selfReference'] = '';
    notes.push({ look: true, path: 'department.selfReference', zh: '未找到部门自称（我办、我局…），请填写', en: 'how the department calls itself (我办, 我局 …) was not found; fill it in' });
  }
  fillFrom(data, starter, 'department', notes);
  // A packet carries only the documents the files held; with none found, the format's empty parts.
  for (const key of parts) {
    if (data[key] === undefined && documents.length > 0) continue;
    if (data[key] === undefined && starter[key] !== undefined) {
      data[key] = starter[key];
      notes.push({ look: true, path: key, zh: `文件中没有${format.documents.find((d) => d.part === key)!.title}，已放入空白模板待填`, en: `the files hold no ${key}; an empty starter part was put in` });
    } else fillFrom(data, starter, key, notes);
  }
  verifyDerived(format, data, new Map(pieces.flatMap((p) => [...(p.printed ?? [])])), notes);
  const ordered = orderLike(data, starter) as Record<string, unknown>;
  const yaml = packetYaml(ordered, { source: files.map((f) => path.basename(f)).join('、'), unplaced, notes, format });
  // A format that fits places values without leaving paragraphs over or fields for a person to look at.
  const placed = pieces.reduce((n, p) => n + filledLeaves(p.data), 0) - unplaced.length - notes.filter((n) => n.look).length;
  return { data: ordered, documents, notes, unplaced, yaml, placed };
}

/** Non-empty strings, numbers and booleans in a piece's data (what the file actually gave). */
function filledLeaves(v: unknown): number {
  if (Array.isArray(v)) return v.reduce((n: number, x) => n + filledLeaves(x), 0);
  if (v && typeof v === 'object') return Object.values(v).reduce((n: number, x) => n + filledLeaves(x), 0);
  return (typeof v === 'string' && v.trim() !== '') || typeof v === 'number' || typeof v === 'boolean' ? 1 : 0;
}

/** Fewest values a format must place for a guess to be trusted (a year and a name are not a packet). */
const MIN_PLACED = 8;

export interface DetectedImport {
  readonly result: ImportResult;
  /** The format chosen. */
  readonly format: string;
  /** Every shipped format tried, best first: its id and how much it placed (null: it refused the files). */
  readonly scores: readonly { readonly id: string; readonly placed: number | null }[];
}

/**
 * Imports files without a named format: each shipped format reads them, and the one placing the
 * most of them (values read, less paragraphs left unplaced) wins; ties go to the earlier format
 * (guangzhou first). When none places at least MIN_PLACED values the files are not recognised
 * (`import.formatUnknown`, exit 1) and the message lists the formats for --format.
 */
export function importDetect(inputs: readonly { readonly name: string; readonly bytes: Uint8Array }[], opts: Omit<ImportOptions, 'format' | 'outline'> = {}): DetectedImport {
  const tries: { id: string; result?: ImportResult; error?: JixiaoError }[] = [];
  for (const f of listFormats()) {
    try {
      tries.push({ id: f.id, result: importBuffers(inputs, { ...opts, format: f.id }) });
    } catch (e) {
      if (!(e instanceof JixiaoError)) throw e;
      // A hostile or unreadable file is refused the same by every format: say so at once.
      if (!/\.(noDeclaration|empty)$/.test(e.code)) throw e;
      tries.push({ id: f.id, error: e });
    }
  }
  const scores = tries.map((t) => ({ id: t.id, placed: t.result ? t.result.placed : null })).sort((a, b) => (b.placed ?? -Infinity) - (a.placed ?? -Infinity));
  const best = scores[0];
  if (!best || best.placed === null || best.placed < MIN_PLACED) {
    const list = listFormats().map((f) => `${f.id}（${f.name}）`).join('、');
    const names = inputs.map((i) => path.basename(i.name)).join('、');
    throw new JixiaoError('import.formatUnknown',
      `无法判断 ${names} 属于哪种格式（没有一种格式能读出足够的内容）；请用 --format 指定：${list}`,
      `cannot tell which format ${names} is in (no format reads enough of it); name one with --format: ${listFormats().map((f) => f.id).join(', ')}`);
  }
  return { result: tries.find((t) => t.id === best.id)!.result!, format: best.id, scores };
}
