/**
 * Formats: one folder per bureau's notice, all of it data. The public API that the CLI, the
 * renderer, the workbench (forms generated from the JSON Schema) and the importers use.
 *
 * A format is a folder `templates/<id>/` (shipped: guangzhou, guangdong-city, fujian) or any
 * folder of the same shape (`jixiao new-format NAME --from ID` copies one; a packet names it with
 * `format: ./path` relative to the packet file, or the CLI with `--templates DIR`). It holds:
 *
 *   format.yaml   id, name, documents (id, title, part, template, fileName, outline),
 *                 fields (the field tree), derived (figures), checks, documentYear;
 *                 any top-level value may instead name another YAML file of the folder
 *                 (`fields: fields.yaml`)
 *   styles.yaml   page set-ups and block styles (see templates/README.md)
 *   *.hbs         one Handlebars template per document; `{{outline}}` prints the outline
 *
 * API
 *   listFormats(): FormatInfo[]            the shipped formats: id, name, documents {id, title, part}
 *   loadFormat(idOrDir, base?): Format     compiled once per folder (again when its files change)
 *   formatOf(packet): Format               the format a parsed packet names (absent = guangzhou)
 *
 *   Format.id / name / dir / documents      as in format.yaml
 *   Format.fields                           the format's field tree (FieldSpec, src/format/spec.ts):
 *                                           { department: {kind:'object', label:'部门', fields:{…}}, declaration: …, report: … }
 *   Format.fieldTree                        the same with the core keys ($schema, format, documentDate)
 *                                           and `<part>.outline` (a department's outline changes)
 *   Format.label(path)                      the Chinese label at a data path ('declaration.budget.basic' → 基本支出)
 *   Format.jsonSchema()                     JSON Schema (draft 2020-12) of a packet: every property has
 *                                           title = label, description = help, x-jixiao = { kind, optional?,
 *                                           choices?, places?, document? (top-level parts) }, maxLength
 *   Format.parse(text | data, {file?})      ParseResult { packet?, diagnostics, locate } (like parsePacket)
 *   Format.check(packet, locate?, {fonts?}) CheckResult { diagnostics (with label), errors, warnings, derived }
 *   Format.derive(packet)                   Derived: the figures under `derived:` (sums, counts, Percent)
 *   Format.templates                        the compiled TemplateSet (documents, styles, outline)
 *   Format.outline(documentId)              the document's outline (sections with id, heading, body, optional)
 *   Format.headings(documentId)             the outline flattened: { id, level, heading, numbered ('（一）部门概况'),
 *                                           optional, fields (paths its paragraphs come from) }
 *   Format.starter({ year, department })    init's commented YAML starter
 *   Format.documentDate(packet) / year(packet)
 *
 * Field kinds: text | paragraphs | amount | score | integer | year | date | cell | choice | object | list
 * (`cell` = a table cell holding text where people type numbers: `1` is read as "1").
 *
 * Layers (imports only go down; test/import-cycles.test.ts keeps it so):
 *   by packet   model/parse (parsePacket), check/index (checkPacket), derive/index (derive),
 *               templates/index, model/init, model/json-schema: find the packet's format here
 *   this module the loader: wires a folder's spec into the stages below
 *   stages      model/read, check/rules, derive/figures, templates/compile, format/outline:
 *               each takes a format (or its pieces) as an argument
 *   bottom      format/spec, format/fields (field tree, paths), model/money, model/schema
 */
import fs from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { JixiaoError } from '../errors.ts';
import { FORMAT_DIR, type Packet } from '../model/schema.ts';
import { readDocument, validatePacket, type ParseResult } from '../model/read.ts';
import { deriveFigures, type Derived } from '../derive/figures.ts';
import { runChecks, type CheckOptions, type CheckResult } from '../check/rules.ts';
import { compileTemplates, readYaml, validate, FORMATS_DIR, type TemplateSet } from '../templates/compile.ts';
import { NOT_COMPARABLE } from '../model/format.ts';
import { CORE_FIELDS, OUTLINE_FIELD, fieldAt, fieldJsonSchema, fieldZod, labelAt, parsePath, starterYaml, valuesAt } from './fields.ts';
import { DEFAULT_FORMAT, FormatFileSchema, type DocumentSpec, type FieldSpec, type FormatFile, type OutlineSpec, type SectionSpec } from './spec.ts';
import { ordinal } from '../templates/helpers.ts';

export type { FieldSpec, FieldKind, DocumentSpec, OutlineSpec, SectionSpec, CheckSpec, DerivedSpec, BodyBlock } from './spec.ts';
export { FIELD_KINDS, DEFAULT_FORMAT } from './spec.ts';


/** One heading of a document's outline, numbered as printed, with the fields its paragraphs come from. */
export interface OutlineHeading {
  readonly id: string;
  /** 1 for 一、, 2 for （一）, … */
  readonly level: number;
  readonly heading: string;
  /** With its number: `（一）部门概况`. */
  readonly numbered: string;
  readonly optional: boolean;
  /** Paths of the paragraphs/list fields of its body (`report.overview`). */
  readonly fields: readonly string[];
}

/** What `jixiao formats` lists. */
export interface FormatInfo {
  readonly id: string;
  /** Chinese name. */
  readonly name: string;
  readonly dir: string;
  readonly description?: string;
  readonly documents: readonly { readonly id: string; readonly title: string; readonly part: string }[];
}

/** A loaded format. */
export interface Format extends FormatInfo {
  /** The format's field tree (top-level parts: department, declaration, report …). */
  readonly fields: Readonly<Record<string, FieldSpec>>;
  /** The whole tree a packet is parsed with: core keys, the parts, each outlined part's `outline`. */
  readonly fieldTree: Readonly<Record<string, FieldSpec>>;
  readonly derivedSpecs: FormatFile['derived'];
  readonly checkSpecs: FormatFile['checks'];
  readonly documents: readonly DocumentSpec[];
  readonly templates: TemplateSet;
  /** zod schema of a packet of this format (input: what people type; output: Packet). */
  readonly schema: z.ZodType;
  label(path: string | readonly PropertyKey[]): string | undefined;
  outline(documentId: string): OutlineSpec | undefined;
  /** The outline's headings as the format prints them, in order (for importers mapping a document's headings). */
  headings(documentId: string): OutlineHeading[];
  jsonSchema(): Record<string, unknown>;
  parse(input: string | unknown, opts?: { file?: string }): ParseResult;
  check(packet: Packet, locate?: ParseResult['locate'], options?: CheckOptions): CheckResult;
  derive(packet: Packet): Derived;
  starter(opts: { year: number; department?: string }): string;
  documentDate(packet: Packet): string;
  /** The packet's year as folders and lists name it: the first `documentYear` path present. */
  year(packet: Packet): number | undefined;
}

/** Loaded formats by folder, with the folder's stamp: an edited folder is loaded again. */
const cache = new Map<string, { readonly stamp: string; readonly format: Format }>();

/** Names, sizes and times of the folder's files: cheap to take, changes when a file is edited. */
function stampOf(dir: string): string {
  try {
    return fs
      .readdirSync(dir)
      .sort()
      .map((n) => {
        const st = fs.statSync(path.join(dir, n));
        return `${n}:${st.size}:${st.mtimeMs}`;
      })
      .join('|');
  } catch {
    return '';
  }
}

/** A format reference as typed: an id of a shipped format, or a folder (relative to `base`). */
export function resolveFormatDir(ref: string, base: string = process.cwd()): string {
  if (/^[a-z0-9-]+$/.test(ref) && fs.existsSync(path.join(FORMATS_DIR, ref, 'format.yaml'))) return path.join(FORMATS_DIR, ref);
  return path.resolve(base, ref);
}

/** The shipped formats, by id. */
export function listFormats(): FormatInfo[] {
  return fs
    .readdirSync(FORMATS_DIR, { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(FORMATS_DIR, e.name, 'format.yaml')))
    .map((e) => e.name)
    .sort((a, b) => (a === DEFAULT_FORMAT ? -1 : b === DEFAULT_FORMAT ? 1 : a.localeCompare(b)))
    .map((id) => {
      const f = loadFormat(id);
      return { id: f.id, name: f.name, dir: f.dir, ...(f.description ? { description: f.description } : {}), documents: f.documents.map((d) => ({ id: d.id, title: d.title, part: d.part })) };
    });
}

/** The format a parsed packet names (the parser remembers its folder). */
export function formatOf(packet: Packet): Format {
  return loadFormat(packet[FORMAT_DIR] ?? packet.format ?? DEFAULT_FORMAT);
}

/**
 * No format by that name: `format.unknown`, which the CLI reports as a usage error (a command
 * line naming it: `--format`, `--from`, `--templates`) and parsePacket as an error in the data
 * (a packet's `format:`). A folder that is there but broken is a `template.*` error instead.
 */
function unknownFormat(ref: string, file: string): JixiaoError {
  const ids = fs.existsSync(FORMATS_DIR) ? fs.readdirSync(FORMATS_DIR).filter((n) => fs.existsSync(path.join(FORMATS_DIR, n, 'format.yaml'))).sort() : [];
  return new JixiaoError(
    'format.unknown',
    `找不到格式「${ref}」（${file} 不存在）；可用的格式：${ids.join('、')}（jixiao formats 列出），或一个格式文件夹的路径`,
    `no format "${ref}" (${file} does not exist); formats: ${ids.join(', ')} (see jixiao formats), or the path of a format folder`,
  );
}

/** Loads a format by id or folder, once per process. Problems in the folder are `template.*` errors. */
export function loadFormat(idOrDir: string, base?: string): Format {
  // Loaded once per folder and process, again when a file of the folder changed.
  const dir = resolveFormatDir(idOrDir, base);
  const stamp = stampOf(dir);
  const hit = cache.get(dir);
  if (hit && hit.stamp === stamp) return hit.format;
  const file = path.join(dir, 'format.yaml');
  if (!fs.existsSync(file) && fs.existsSync(path.join(dir, 'manifest.yaml'))) {
    throw new JixiaoError('template.format', `${dir} 是旧式模板文件夹（manifest.yaml，没有 format.yaml）；请用 jixiao new-format 复制一个格式，再把模板的改动移过去`, `${dir} is a template folder of the older shape (manifest.yaml, no format.yaml); copy a format with jixiao new-format and move your template changes over`);
  }
  if (!fs.existsSync(file)) throw unknownFormat(idOrDir, file);
  const sources: string[] = [fs.readFileSync(file, 'utf8')];
  const raw = readYaml(file, '格式 format') as Record<string, unknown>;
  // A top-level value may name another YAML file of the folder (fields: fields.yaml).
  for (const [k, v] of Object.entries(raw ?? {})) {
    if (k !== 'styles' && typeof v === 'string' && /\.ya?ml$/.test(v)) {
      const f = path.join(dir, v);
      raw[k] = readYaml(f, '格式 format');
      sources.push(fs.readFileSync(f, 'utf8'));
    }
  }
  // So may a document's outline (outline: outline.yaml).
  for (const d of Array.isArray(raw?.documents) ? (raw.documents as Record<string, unknown>[]) : []) {
    if (typeof d?.outline === 'string') {
      const f = path.join(dir, d.outline);
      d.outline = readYaml(f, '提纲 outline');
      sources.push(fs.readFileSync(f, 'utf8'));
    }
  }
  const spec = validate(FormatFileSchema, raw, file);
  const format = build({ ...spec, fields: withLengthLimits(spec.fields, spec.maxLength) }, dir, sources);
  cache.set(dir, { stamp, format });
  return format;
}

/** The format's default length limits given to every text, paragraphs and cell field that names none. */
function withLengthLimits(fields: Readonly<Record<string, FieldSpec>>, limits: FormatFile['maxLength']): Record<string, FieldSpec> {
  const limitOf = (f: FieldSpec): number | undefined =>
    f.kind === 'text' ? limits.text : f.kind === 'paragraphs' ? limits.paragraph : f.kind === 'cell' ? limits.cell : undefined;
  const one = (f: FieldSpec): FieldSpec => {
    const max = f.maxLength ?? limitOf(f);
    return {
      ...f,
      ...(max !== undefined ? { maxLength: max } : {}),
      ...(f.fields ? { fields: withLengthLimits(f.fields, limits) } : {}),
      ...(f.item ? { item: one(f.item) } : {}),
    };
  };
  return Object.fromEntries(Object.entries(fields).map(([k, f]) => [k, one(f)]));
}

/** Wires a validated format.yaml into a Format: the stages (read, check, derive, templates) get it as an argument. */
function build(spec: FormatFile, dir: string, sources: readonly string[]): Format {
  const fieldTree = packetFieldTree(spec, dir);
  const notComparable = spec.notComparable ?? NOT_COMPARABLE;
  const documentDate = (packet: Packet): string => {
    if (packet.documentDate) return packet.documentDate;
    const y = yearOf(spec, packet);
    return `${y ? y[0] + y[1] : 2000}-12-31`;
  };
  const self: Format = {
    id: spec.id,
    name: spec.name,
    dir,
    ...(spec.description ? { description: spec.description } : {}),
    documents: spec.documents,
    fields: spec.fields,
    fieldTree,
    derivedSpecs: spec.derived,
    checkSpecs: spec.checks,
    schema: packetZod(fieldTree, spec.documents),
    templates: compileTemplates(dir, { styles: spec.styles, documents: spec.documents, documentDate }, sources),
    label: (p) => labelAt(fieldTree, typeof p === 'string' ? parsePath(p) : p),
    outline: (id) => spec.documents.find((d) => d.id === id)?.outline,
    headings: (id) => outlineHeadings(spec.documents.find((d) => d.id === id)?.outline),
    jsonSchema: () => packetJsonSchema(spec, fieldTree),
    parse: (input, opts = {}) => {
      const { data, locate } = readDocument(typeof input === 'string' ? input : JSON.stringify(input), opts.file ?? '输入 input');
      return validatePacket(data, locate, self);
    },
    check: (packet, locate, options) => runChecks(self, packet, locate, options),
    derive: (packet) => deriveFigures(spec.derived, packet, parsePath, notComparable),
    starter: (opts) => starterText(spec, fieldTree, opts),
    documentDate,
    year: (packet) => yearOf(spec, packet)?.[0],
  };
  return self;
}

/**
 * The whole field tree a packet is parsed with: the core keys, then the format's parts. Each
 * document part is optional (a packet may carry either document); an outlined part gets `outline`.
 */
function packetFieldTree(spec: FormatFile, dir: string): Record<string, FieldSpec> {
  const docParts = new Map(spec.documents.map((d) => [d.part, d]));
  for (const d of spec.documents) {
    const f = spec.fields[d.part];
    if (!f || f.kind !== 'object') {
      throw new JixiaoError('template.config', `${dir}/format.yaml：文件 ${d.id} 的 part「${d.part}」应为 fields 中的一个 object 字段`, `${dir}/format.yaml: document ${d.id}: part "${d.part}" must be an object field under fields`);
    }
  }
  const parts: Record<string, FieldSpec> = {};
  for (const [k, f] of Object.entries(spec.fields)) {
    const doc = docParts.get(k);
    parts[k] = doc ? { ...f, optional: true, ...(doc.outline ? { fields: { ...f.fields, outline: OUTLINE_FIELD } } : {}) } : f;
  }
  return { ...CORE_FIELDS, ...parts };
}

/** The packet's year and its offset: the first `documentYear` path that holds a number. */
function yearOf(spec: FormatFile, packet: Packet): [number, number] | undefined {
  for (const y of spec.documentYear) {
    const v = valuesAt(packet, parsePath(y.path))[0];
    if (typeof v === 'number') return [v, y.offset];
  }
  return undefined;
}

/** An outline's headings in order, numbered as printed, with the fields their paragraphs come from. */
function outlineHeadings(o: OutlineSpec | undefined): OutlineHeading[] {
  const out: OutlineHeading[] = [];
  const visit = (sections: readonly SectionSpec[], level: number) =>
    sections.forEach((sec, i) => {
      const style = o!.numbering[Math.min(level - 1, o!.numbering.length - 1)]!;
      const fields = (sec.body ?? []).flatMap((b) => ('paragraphs' in b ? [b.paragraphs] : 'list' in b ? [b.list] : []));
      out.push({ id: sec.id, level, heading: sec.heading, numbered: ordinal(i + 1, style) + sec.heading, optional: Boolean(sec.optional), fields });
      visit(sec.children ?? [], level + 1);
    });
  if (o) visit(o.sections, 1);
  return out;
}

/** init's commented YAML starter: every document's part (a department deletes the one it does not publish). */
function starterText(spec: FormatFile, fieldTree: Readonly<Record<string, FieldSpec>>, { year: y, department }: { year: number; department?: string }): string {
  // The first documentYear entry is the year init is given; the others follow from it.
  const [anchor, ...rest] = spec.documentYear;
  const docYear = y + anchor!.offset;
  const years = new Map([[anchor!.path, y], ...rest.map((r) => [r.path, docYear - r.offset] as const)]);
  const given = (p: string): unknown => {
    if (p === 'department.name' && department !== undefined) return department;
    if (years.has(p)) return years.get(p);
    return fieldAt(fieldTree, parsePath(p))?.kind === 'year' ? y : undefined;
  };
  const header = [
    '# yaml-language-server: $schema=./packet.schema.json',
    `# ${department ?? '本部门'}的输入文件，格式：${spec.name}（${spec.id}）。`,
    spec.documents.length > 1
      ? `# 文件：${spec.documents.map((d) => `${d.title}（${d.part}）`).join('；')}；只发布其中一个时，删去另一部分即可。`
      : `# 文件：${spec.documents[0]!.title}（${spec.documents[0]!.part}）。`,
    '# 金额单位为万元，最多两位小数，可写 5093.5 或 "5,093.50"；未填写的金额为 null。',
    '# 段落列表每段一个条目（以 “- ” 开头）；含数字的固定句式由格式生成，不要重复填写数字。',
    '# 填完后运行 jixiao check 本文件 查看尚未填写或有误的字段，再运行 jixiao render 生成 PDF 和 Word。',
    '',
    `format: ${spec.id}`,
    `documentDate: '${docYear}-12-31'  # 写入文件属性的日期（固定，保证同样的输入得到同样的文件）`,
    '',
  ].join('\n');
  const docParts = new Set(spec.documents.map((d) => d.part));
  const { $schema: _s, format: _f, documentDate: _d, ...tree } = fieldTree;
  const all = Object.fromEntries(Object.entries(tree).map(([k, f]) => [k, docParts.has(k) ? { ...f, optional: false } : f]));
  return starterYaml(all, given, header);
}

/** The zod schema of a packet: strict at every level; at least one document part present. */
function packetZod(tree: Readonly<Record<string, FieldSpec>>, documents: readonly DocumentSpec[]): z.ZodType {
  const shape = fieldZod({ kind: 'object', label: 'packet', fields: tree });
  return shape.superRefine((v, ctx) => {
    if (documents.some((d) => (v as Record<string, unknown>)[d.part] !== undefined)) return;
    const names = documents.map((d) => `${d.part}（${d.title}）`);
    ctx.addIssue({
      code: 'custom',
      message: `至少应有一个文件的数据：${names.join(' 或 ')}\nat least one document's data is needed: ${documents.map((d) => d.part).join(' or ')}`,
      params: { code: 'input.missing' },
    });
  });
}

/** The JSON Schema of a packet of the format (see the API above). */
function packetJsonSchema(spec: FormatFile, tree: Readonly<Record<string, FieldSpec>>): Record<string, unknown> {
  const docByPart = new Map(spec.documents.map((d) => [d.part, d]));
  const properties: Record<string, unknown> = {};
  for (const [k, f] of Object.entries(tree)) {
    const doc = docByPart.get(k);
    properties[k] = fieldJsonSchema(f, doc ? { document: doc.id } : {});
  }
  (properties.format as Record<string, unknown>).examples = [spec.id];
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: `jixiao 部门预算绩效材料：${spec.name}`,
    description: `格式 ${spec.id}：${spec.documents.map((d) => d.title).join('、')}`,
    type: 'object',
    properties,
    required: Object.entries(tree).filter(([, f]) => !f.optional).map(([k]) => k),
    additionalProperties: false,
    'x-jixiao': { kind: 'object', format: spec.id, documents: spec.documents.map((d) => ({ id: d.id, title: d.title, part: d.part })) },
  };
}
