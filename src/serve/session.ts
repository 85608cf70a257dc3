/**
 * One open packet file: its YAML Document (kept, so comments and quoting survive edits), the
 * edits the browser sends as small operations on data paths, and what the checks say about it.
 * Every applied edit is saved at once (temp file + rename): a killed browser or server loses at
 * most the keystrokes of the last fraction of a second.
 */
import path from 'node:path';
import YAML, { isMap, isScalar, isSeq, type Document, type Node } from 'yaml';
import { parsePacket } from '../model/parse.ts';
import { DEFAULT_FORMAT, loadFormat, type Format } from '../format/index.ts';
import type { Diagnostic } from '../check/diagnostic.ts';
import type { FontSet } from '../fonts/index.ts';
import type { Packet } from '../model/schema.ts';
import { formatAmount, formatPercent } from '../model/format.ts';
import { JixiaoError } from '../errors.ts';
import { HttpError, hashText, readText, saveIfUnchanged } from './files.ts';

export type PathKey = readonly (string | number)[];

/** An edit from the browser. Paths are data paths (`['declaration','tasks',2,'amount']`). */
export type EditOp =
  | { readonly op: 'set'; readonly path: PathKey; readonly value: unknown }
  /** An optional field emptied: the key is taken out of the file. */
  | { readonly op: 'unset'; readonly path: PathKey }
  | { readonly op: 'insert'; readonly path: PathKey; readonly index: number; readonly value: unknown }
  | { readonly op: 'remove'; readonly path: PathKey; readonly index: number }
  | { readonly op: 'move'; readonly path: PathKey; readonly from: number; readonly to: number };

/** A diagnostic as the browser shows it: `key` is the dotted path with indexes as numbers. */
export interface ShownDiagnostic extends Diagnostic {
  readonly key: string;
}

/** What the browser gets after opening or editing. */
export interface SessionState {
  readonly name: string;
  readonly version: number;
  /** The format the file names (absent = guangzhou): its form is the one shown. */
  readonly format: string;
  /** The data as plain JSON (what the form shows); absent when the file does not parse as YAML. */
  readonly data?: unknown;
  /** A syntax error that keeps the form from opening (fix it in a text editor). */
  readonly syntax?: { readonly zh: string; readonly en: string };
  readonly diagnostics: readonly ShownDiagnostic[];
  /** Derived figures, formatted as printed (`8,019.04`, `96.67%`, 不可比 text); null = not computable yet. */
  readonly derived: Readonly<Record<string, string | null>>;
  readonly errors: number;
  readonly warnings: number;
}

/** `declaration.tasks[2].amount` or `declaration.tasks.2.amount` → `declaration.tasks.2.amount`. */
export function diagnosticKey(path: string): string {
  return path.replace(/\[(\d+)\]/g, '.$1').replace(/^\./, '');
}

/** Flattens derived figures into `declaration.spendingTotal` → printed text. */
export function flattenDerived(value: unknown, prefix = '', out: Record<string, string | null> = {}): Record<string, string | null> {
  if (value === null || value === undefined) {
    if (prefix) out[prefix] = null;
    return out;
  }
  if (typeof value === 'number') {
    out[prefix] = String(value);
    return out;
  }
  if (typeof value !== 'object') return out;
  const v = value as Record<string, unknown>;
  if ('places' in v && 'exact' in v) {
    out[prefix] = formatPercent(v as never);
    return out;
  }
  if (typeof v.toFixed === 'function' && typeof v.isZero === 'function') {
    out[prefix] = formatAmount(v as never);
    return out;
  }
  for (const [k, x] of Object.entries(v)) flattenDerived(x, prefix ? `${prefix}.${k}` : k, out);
  return out;
}

const badEdit = (zh: string, en: string) => new HttpError(400, 'serve.edit', `无法应用修改：${zh}`, `cannot apply the edit: ${en}`);

function isPath(p: unknown): p is PathKey {
  return Array.isArray(p) && p.length > 0 && p.length < 20 && p.every((x) => (typeof x === 'string' && x.length < 100 && x !== '__proto__') || (Number.isInteger(x) && (x as number) >= 0));
}

/** Only plain JSON values go into the file. */
function isPlain(v: unknown, depth = 0): boolean {
  if (depth > 12) return false;
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return true;
  if (typeof v === 'number') return Number.isFinite(v);
  if (Array.isArray(v)) return v.every((x) => isPlain(x, depth + 1));
  if (typeof v === 'object') return Object.entries(v as object).every(([k, x]) => k !== '__proto__' && isPlain(x, depth + 1));
  return false;
}

export class Session {
  readonly name: string;
  readonly file: string;
  version = 0;
  private doc: Document | undefined;
  private text = '';
  private hash: string | null = null;
  private syntax: { zh: string; en: string } | undefined;
  private parsed: ReturnType<typeof parsePacket> | undefined;
  /** The format the file names, as last read (guangzhou when it names none or one that cannot be loaded). */
  format: Format = loadFormat(DEFAULT_FORMAT);
  private readonly fonts: () => FontSet | undefined;
  private readonly known: (path: PathKey, format: Format) => boolean;

  /** `known` says whether a data path is a field of the file's form; a new key must be one. */
  constructor(name: string, file: string, fonts: () => FontSet | undefined, known: (path: PathKey, format: Format) => boolean = () => true) {
    this.name = name;
    this.file = file;
    this.fonts = fonts;
    this.known = known;
    this.reload();
  }

  /** Reads the file afresh (on open, or when it changed on disk). */
  reload(): void {
    const text = readText(this.file);
    if (text === null) throw new HttpError(404, 'serve.missing', `文件不存在：${this.name}`, `no such file: ${this.name}`);
    this.text = text;
    this.hash = hashText(text);
    this.version++;
    this.analyse();
  }

  /** True when the file on disk is no longer what this session last read or wrote. */
  changedOnDisk(): boolean {
    const t = readText(this.file);
    return t === null || hashText(t) !== this.hash;
  }

  /** The current text (what is on disk after the last save). */
  get currentText(): string {
    return this.text;
  }

  /** The parsed packet when it has no shape errors. */
  get packet(): Packet | undefined {
    return this.parsed?.packet;
  }

  private analyse(): void {
    this.doc = YAML.parseDocument(this.text, { uniqueKeys: true, strict: true });
    this.syntax = undefined;
    this.parsed = undefined;
    this.format = formatNamed(this.doc, path.dirname(this.file));
    try {
      // Parsed and checked with the format it names (a folder relative to the file).
      this.parsed = parsePacket(this.text, { file: this.name, baseDir: path.dirname(this.file) });
    } catch (e) {
      if (!(e instanceof JixiaoError)) throw e;
      this.syntax = { zh: e.zh, en: e.en };
    }
  }

  /** Applies edits (all or none), saves the file, and returns the new state. */
  edit(ops: readonly EditOp[]): SessionState {
    if (!this.doc || this.syntax) throw badEdit('文件有语法错误，请先在文本编辑器中修正', 'the file has a syntax error; fix it in a text editor first');
    if (!Array.isArray(ops) || ops.length === 0 || ops.length > 500) throw badEdit('修改列表为空或过长', 'empty or too long list of edits');
    const doc = this.doc.clone();
    for (const op of ops) {
      if (op?.op === 'set' && isPath(op.path) && nodeAt(doc, op.path) === undefined && !this.known(op.path, this.format)) {
        throw badEdit(`${op.path.join('.')} 不是表单中的字段`, `${op.path.join('.')} is not a field of the form`);
      }
      applyOp(doc, op);
    }
    const text = editText(this.text, this.doc, ops) ?? doc.toString({ lineWidth: 0 });
    this.hash = saveIfUnchanged(this.file, text, this.hash);
    this.text = text;
    this.version++;
    this.analyse();
    return this.state();
  }

  state(): SessionState {
    const base = { name: this.name, version: this.version, format: this.format.id };
    if (this.syntax || !this.doc || !this.parsed) {
      const zh = this.syntax?.zh ?? '无法读取', en = this.syntax?.en ?? 'unreadable';
      return { ...base, syntax: { zh, en }, diagnostics: [], derived: {}, errors: 1, warnings: 0 };
    }
    const data = this.doc.toJS({ maxAliasCount: 100 }) as unknown;
    let diagnostics: readonly Diagnostic[] = this.parsed.diagnostics;
    let derived: Record<string, string | null> = {};
    if (this.parsed.packet) {
      const checked = this.format.check(this.parsed.packet, this.parsed.locate, { fonts: this.fonts() });
      diagnostics = checked.diagnostics;
      derived = flattenDerived(checked.derived);
    }
    const errors = diagnostics.filter((d) => d.severity === 'error').length;
    return {
      ...base,
      data,
      diagnostics: diagnostics.map((d) => ({ ...d, key: diagnosticKey(d.path) })),
      derived,
      errors,
      warnings: diagnostics.length - errors,
    };
  }
}

/** The format a document names (`format:`), guangzhou when none or one that cannot be loaded (the parse then says why). */
function formatNamed(doc: Document, baseDir: string): Format {
  const ref = doc.errors.length ? undefined : (doc.get('format') as unknown);
  if (typeof ref === 'string' && ref.trim()) {
    try {
      return loadFormat(ref.trim(), baseDir);
    } catch {
      /* reported by parsePacket as input.format */
    }
  }
  return loadFormat(DEFAULT_FORMAT);
}

/** Columns a text takes in an editor: CJK and full-width characters take two. */
function width(s: string): number {
  let n = 0;
  for (const ch of s) n += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|[\u{20000}-\u{3fffd}]/u.test(ch) ? 2 : 1;
  return n;
}

/** A scalar's source text for `value`, in the old node's quoting style where that is safe. */
function scalarSource(value: unknown, type: string | undefined): string | undefined {
  if (value === null) return 'null';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value !== 'string' || /[\n\r]/.test(value)) return undefined;
  if (type === 'QUOTE_SINGLE') return `'${value.replace(/'/g, "''")}'`;
  // Plain only when it reads back as the same text (not `300`, `null`, `true`, `a: b`).
  if (type === 'PLAIN' && value !== '' && !/^[\s\-?:,[\]{}#&*!|>'"%@`]|[:#,[\]{}]|\s$/.test(value) && YAML.parse(value) === value) return value;
  // Else single quotes, as the starter and the packets write text (`'5,093.50'`, also where a number
  // stood before); double quotes only for control characters, which need escapes.
  if (type !== 'QUOTE_DOUBLE' && !/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/.test(value)) return `'${value.replace(/'/g, "''")}'`;
  return JSON.stringify(value);
}

/**
 * Applies `set` edits of scalar values as text replacements in the source, or returns undefined
 * when the edits are of another kind. The result is re-parsed and must give exactly the data of
 * `expected` (the document with the edits applied), else undefined: never a wrong file.
 */
function spliceScalars(text: string, doc: Document, ops: readonly EditOp[], expected: Document): string | undefined {
  const edits: { start: number; end: number; source: string }[] = [];
  for (const op of ops) {
    if (op.op !== 'set') return undefined;
    const node = nodeAt(doc, op.path);
    if (!isScalar(node) || !node.range) return undefined;
    if (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') return undefined;
    const source = scalarSource(op.value, node.type);
    if (source === undefined) return undefined;
    const [start, end] = node.range;
    // A comment after the value on the same line keeps its column, as aligned in the starter.
    const pad = /^( +)#/.exec(text.slice(end, end + 200));
    if (pad) {
      const spaces = Math.max(1, pad[1]!.length + width(text.slice(start, end)) - width(source));
      edits.push({ start, end: end + pad[1]!.length, source: source + ' '.repeat(spaces) });
    } else {
      edits.push({ start, end, source });
    }
  }
  edits.sort((a, b) => b.start - a.start);
  for (let i = 1; i < edits.length; i++) if (edits[i]!.end > edits[i - 1]!.start) return undefined;
  let out = text;
  for (const e of edits) out = out.slice(0, e.start) + e.source + out.slice(e.end);
  return sameData(out, expected) ? out : undefined;
}

/**
 * The edits done on the file's text: values typed into existing fields are written in place and
 * rows are cut and pasted, so the rest of the file stays byte for byte as its author wrote it.
 * Consecutive value edits go in one step, each row edit in its own. Undefined when some edit
 * cannot be done that way (the caller re-prints the document, comments kept).
 */
function editText(text: string, doc: Document, ops: readonly EditOp[]): string | undefined {
  const groups: EditOp[][] = [];
  for (const op of ops) {
    const last = groups[groups.length - 1];
    if (op.op === 'set' && last && last[0]!.op === 'set') last.push(op);
    else groups.push([op]);
  }
  let t = text;
  let d = doc;
  for (const [i, group] of groups.entries()) {
    const expected = d.clone();
    for (const op of group) applyOp(expected, op);
    const next = group[0]!.op === 'set' ? spliceScalars(t, d, group, expected) : spliceRows(t, d, group, expected);
    if (next === undefined) return undefined;
    t = next;
    if (i < groups.length - 1) d = YAML.parseDocument(t, { uniqueKeys: true, strict: true });
  }
  return t;
}

/** True when `out` parses to exactly the data of `expected`. */
function sameData(out: string, expected: Document): boolean {
  try {
    const again = YAML.parseDocument(out, { uniqueKeys: true, strict: true });
    return again.errors.length === 0 && JSON.stringify(again.toJS()) === JSON.stringify(expected.toJS());
  } catch {
    return false;
  }
}

/**
 * One row added, removed or moved in a block list, done on the text: the other rows, their
 * comments and their layout stay as written. Undefined when the list is not a plain block list
 * (the caller then re-prints the document).
 */
function spliceRows(text: string, doc: Document, ops: readonly EditOp[], expected: Document): string | undefined {
  const op = ops[0]!;
  if (ops.length !== 1 || (op.op !== 'insert' && op.op !== 'remove' && op.op !== 'move')) return undefined;
  const seq = nodeAt(doc, op.path);
  if (!isSeq(seq) || seq.flow || seq.items.length === 0) return undefined;
  const spans: { start: number; end: number; indent: number }[] = [];
  for (const item of seq.items) {
    const range = (item as Node).range;
    if (!range) return undefined;
    const dash = text.lastIndexOf('-', range[0] - 1);
    const start = text.lastIndexOf('\n', dash) + 1;
    if (dash < 0 || !/^ *$/.test(text.slice(start, dash)) || !/^-[ \n]/.test(text.slice(dash, dash + 2))) return undefined;
    spans.push({ start, end: -1, indent: dash - start });
  }
  for (let i = 0; i < spans.length - 1; i++) spans[i]!.end = spans[i + 1]!.start;
  const lastRange = (seq.items[seq.items.length - 1] as Node).range!;
  let e = lastRange[2];
  while (e > 0 && /\s/.test(text[e - 1]!)) e--;
  const nl = text.indexOf('\n', e);
  spans[spans.length - 1]!.end = nl < 0 ? text.length : nl + 1;
  const indent = spans[0]!.indent;
  if (spans.some((x) => x.indent !== indent)) return undefined;
  const cut = (i: number) => text.slice(spans[i]!.start, spans[i]!.end).replace(/\n?$/, '\n');
  let out: string;
  if (op.op === 'insert') {
    const node = createLike(doc, op.value, seq.items[0]);
    const tmp = new YAML.Document();
    tmp.contents = tmp.createNode([null]) as never;
    (tmp.contents as unknown as { items: Node[] }).items[0] = node;
    const body = tmp.toString({ lineWidth: 0, singleQuote: true }).replace(/\n$/, '').split('\n').map((l) => ' '.repeat(indent) + l).join('\n') + '\n';
    const at = op.index < spans.length ? spans[op.index]!.start : spans[spans.length - 1]!.end;
    const before = text.slice(0, at);
    out = before + (before.endsWith('\n') || before === '' ? '' : '\n') + body + text.slice(at);
  } else if (op.op === 'remove') {
    if (spans.length === 1) return undefined;
    out = text.slice(0, spans[op.index]!.start) + text.slice(spans[op.index]!.end);
  } else {
    const order = spans.map((_, i) => i);
    const [m] = order.splice(op.from, 1);
    order.splice(op.to, 0, m!);
    out = text.slice(0, spans[0]!.start) + order.map(cut).join('') + text.slice(spans[spans.length - 1]!.end);
  }
  return sameData(out, expected) ? out : undefined;
}

function nodeAt(doc: Document, path: PathKey): Node | undefined {
  const n = path.length ? doc.getIn(path as unknown[], true) : doc.contents;
  return (n ?? undefined) as Node | undefined;
}

/** A new node shaped like its siblings (flow maps stay flow maps, as the sample's indicator rows). */
function createLike(doc: Document, value: unknown, sibling: unknown): Node {
  const node = doc.createNode(value) as Node;
  if (isMap(sibling) && sibling.flow && isMap(node)) node.flow = true;
  return node;
}

function applyOp(doc: Document, op: EditOp): void {
  if (!op || typeof op !== 'object' || !isPath(op.path)) throw badEdit('路径无效', 'invalid path');
  if ('value' in op && !isPlain(op.value)) throw badEdit('值无效', 'invalid value');
  if (op.op === 'unset') {
    if (op.path.length < 2) throw badEdit('不能删除顶层部分', 'a top-level part cannot be removed');
    doc.deleteIn(op.path as unknown[]);
    return;
  }
  if (op.op === 'set') {
    // A part the file does not have yet (a packet with 附件2 only, typing into 附件1) is made as
    // maps on the way; rows of a list are never made up.
    let n = op.path.length - 1;
    while (n > 0 && nodeAt(doc, op.path.slice(0, n)) === undefined) n--;
    const parent = nodeAt(doc, op.path.slice(0, n));
    if ((!isMap(parent) && !isSeq(parent)) || op.path.slice(n, -1).some((k) => typeof k !== 'string') || (n < op.path.length - 1 && !isMap(parent))) {
      throw badEdit(`${op.path.join('.')} 的上级不存在`, `the parent of ${op.path.join('.')} does not exist`);
    }
    const existing = nodeAt(doc, op.path);
    const v = op.value;
    if (isScalar(existing) && (v === null || typeof v !== 'object')) {
      // Keep the scalar node: its comment and, for text, its quoting style survive.
      existing.value = v;
      if (typeof v !== 'string') existing.type = undefined;
      else if (v.includes('\n')) existing.type = 'BLOCK_LITERAL';
      else if (existing.type === 'BLOCK_LITERAL' || existing.type === 'BLOCK_FOLDED') existing.type = undefined;
      return;
    }
    doc.setIn(op.path as unknown[], doc.createNode(v));
    return;
  }
  const seq = nodeAt(doc, op.path);
  if (!isSeq(seq)) throw badEdit(`${op.path.join('.')} 不是列表`, `${op.path.join('.')} is not a list`);
  const n = seq.items.length;
  const idx = (i: unknown, max: number) => {
    if (!Number.isInteger(i) || (i as number) < 0 || (i as number) > max) throw badEdit('位置超出范围', 'index out of range');
    return i as number;
  };
  if (op.op === 'insert') {
    seq.items.splice(idx(op.index, n), 0, createLike(doc, op.value, seq.items[0]));
  } else if (op.op === 'remove') {
    seq.items.splice(idx(op.index, n - 1), 1);
  } else if (op.op === 'move') {
    const [item] = seq.items.splice(idx(op.from, n - 1), 1);
    seq.items.splice(idx(op.to, n - 1), 0, item);
  } else {
    throw badEdit('未知操作', 'unknown operation');
  }
}
