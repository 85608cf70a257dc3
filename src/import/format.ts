/**
 * The importer's outline, built from a format (src/format): headings, levels and the fields of
 * their paragraphs from `Format.headings`, the fixed sentences from the body blocks of
 * `Format.outline` (`p` blocks and the `<p>` sentences of `markup` blocks, with `{{#with}}`, `../`,
 * `as |d|` and `@root.` written out as full paths; an `{{#each}}` whose body loops over
 * `paragraphs` becomes run-in items), labels and kinds from the field tree. What only an importer
 * knows comes from the format's `import.yaml` (README.md, "Import and export"): heading aliases,
 * totals printed only with shares, the declaration table's labelled cells and sub-tables.
 */
import fs from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { z } from 'zod';
import { JixiaoError } from '../errors.ts';
import { DEFAULT_FORMAT, loadFormat, type FieldSpec, type Format, type SectionSpec } from '../format/index.ts';
import { fieldAt, parsePath } from '../format/fields.ts';
import { readYaml, validate } from '../templates/index.ts';
import type { Column, DeclarationSpec, FixedSentence, ImportOutline, LabelledCell, OutlineSection, TableSpec } from './outline.ts';

type Stmt = hbs.AST.Statement;

/** What a markup block yields: sentences with full paths, a paragraphs field, an items list. */
interface MarkupParts {
  sentences: string[];
  paragraphs?: string;
  items?: string;
}

/** Resolves a path expression against the `#with` stack and block parameters. */
function resolve(original: string, stack: readonly string[], params: ReadonlyMap<string, string>): string {
  if (original.startsWith('@root.')) return original.slice(6);
  let p = original;
  let up = 0;
  while (p.startsWith('../')) {
    up++;
    p = p.slice(3);
  }
  const ctx = stack[stack.length - 1 - up] ?? '';
  if (p === 'this' || p === '.') return ctx;
  const [head, ...rest] = p.split('.');
  if (up === 0 && params.has(head!)) return [params.get(head!)!, ...rest].filter(Boolean).join('.');
  return ctx ? `${ctx}.${p}` : p;
}

function literal(v: hbs.AST.Expression): string {
  const e = v as hbs.AST.Expression & { value?: unknown; original?: string };
  return e.type === 'PathExpression' ? (e.original ?? '') : JSON.stringify(e.value).replace(/^"(.*)"$/, '"$1"');
}

/** Walks markup, writing each mustache with a full path, and collecting loops. */
function walkMarkup(source: string): MarkupParts {
  const out: MarkupParts = { sentences: [] };
  let text = '';
  const walk = (body: readonly Stmt[], stack: string[], params: Map<string, string>) => {
    for (const st of body) {
      if (st.type === 'ContentStatement') text += (st as hbs.AST.ContentStatement).value;
      else if (st.type === 'MustacheStatement') {
        const m = st as hbs.AST.MustacheStatement;
        const head = (m.path as hbs.AST.PathExpression).original;
        if (m.params.length) {
          const args = m.params.map((x) => (x.type === 'PathExpression' ? resolve((x as hbs.AST.PathExpression).original, stack, params) : literal(x)));
          const hash = (m.hash?.pairs ?? []).map((p) => `${p.key}=${literal(p.value)}`);
          text += `{{${[head, ...args, ...hash].join(' ')}}}`;
        } else text += `{{${resolve(head, stack, params)}}}`;
      } else if (st.type === 'BlockStatement') {
        const b = st as hbs.AST.BlockStatement;
        const helper = (b.path as hbs.AST.PathExpression).original;
        const arg = b.params[0] as hbs.AST.PathExpression | undefined;
        const target = arg && arg.type === 'PathExpression' ? resolve(arg.original, stack, params) : '';
        if (helper === 'with') {
          const next = new Map(params);
          for (const name of b.program.blockParams ?? []) next.set(name, target);
          walk(b.program.body, [...stack, target], next);
        } else if (helper === 'each') {
          // A loop over paragraphs ({{this}} in a <p>), or over items that loop over their paragraphs.
          const inner = b.program.body.find((x) => x.type === 'BlockStatement' && ((x as hbs.AST.BlockStatement).path as hbs.AST.PathExpression).original === 'each');
          if (inner) out.items = target;
          else out.paragraphs = target;
          text += '<p>{{#loop}}</p>';
        } else {
          walk(b.program.body, stack, params);
          if (b.inverse) walk(b.inverse.body, stack, params);
        }
      }
    }
  };
  walk(Handlebars.parse(source).body, [''], new Map());
  for (const m of text.matchAll(/<p>([\s\S]*?)<\/p>/g)) {
    const s = m[1]!.replace(/<[^>]+>/g, '').trim();
    if (s.includes('{{') && !s.includes('{{#loop}}')) out.sentences.push(s);
  }
  return out;
}

/** The format's import.yaml (all optional). */
const CellRef = z.union([z.string(), z.strictObject({ path: z.string(), section: z.string().optional(), strip: z.string().optional() })]);
const ImportFileSchema = z.strictObject({
  report: z
    .strictObject({
      label: z.string().optional().describe('printed above the title; skipped'),
      aliases: z.record(z.string(), z.array(z.string())).default({}).describe('other wordings of a heading, by section id'),
      splits: z.array(z.strictObject({ total: z.string(), parts: z.array(z.strictObject({ path: z.string(), base: z.string(), share: z.string() })).min(1) })).default([]),
    })
    .optional(),
  declaration: z
    .strictObject({
      cells: z.array(CellRef).default([]),
      labels: z.array(z.string()).default([]),
      tables: z.array(z.strictObject({ list: z.string(), other: z.string().optional(), end: z.string().optional(), choices: z.record(z.string(), z.array(z.string())).optional() })).default([]),
    })
    .optional(),
});
type ImportFile = z.output<typeof ImportFileSchema>;

const cache = new WeakMap<Format, ImportOutline>();

/**
 * The importer's outline of a format (an id or a folder, as `loadFormat` takes it, or a loaded
 * format). An unknown format is a `cli.importFormat` error naming the shipped ones.
 */
export function importOutline(ref: string | Format = DEFAULT_FORMAT): ImportOutline {
  let format: Format;
  try {
    format = typeof ref === 'string' ? loadFormat(ref) : ref;
  } catch (e) {
    if (e instanceof JixiaoError && e.code === 'template.format') throw new JixiaoError('cli.importFormat', e.zh, e.en);
    throw e;
  }
  let o = cache.get(format);
  if (!o) cache.set(format, (o = build(format)));
  return o;
}

function build(format: Format): ImportOutline {
  const file = path.join(format.dir, 'import.yaml');
  const extra: ImportFile = fs.existsSync(file) ? validate(ImportFileSchema, readYaml(file, '导入 import') ?? {}, file) : { };
  const report = format.documents.find((d) => d.outline);
  const aliases = extra.report?.aliases ?? {};
  const sections: OutlineSection[] = [];
  let preface: FixedSentence[] = [];
  let reportTitle: string | undefined;
  if (report) {
    const specs = new Map<string, SectionSpec>();
    const visit = (list: readonly SectionSpec[]) => list.forEach((s) => (specs.set(s.id, s), visit(s.children ?? [])));
    visit(report.outline!.sections);
    for (const h of format.headings(report.id)) sections.push({ ...section(h.id, h.level, h.heading, specs.get(h.id)?.body ?? [], aliases[h.id]), ...(h.optional ? { optional: true } : {}) });
    preface = (report.outline!.preface ?? []).flatMap((b) => ('p' in b ? [sentence('前言', b.p.trim())] : 'markup' in b ? walkMarkup(b.markup).sentences.map((t) => sentence('前言', t)) : []));
    // The default title: the one the template writes into the document's properties.
    const tpl = path.join(format.dir, report.template);
    reportTitle = fs.existsSync(tpl) ? /<document\s[^>]*\btitle="([^"]*)"/.exec(fs.readFileSync(tpl, 'utf8'))?.[1] : undefined;
  }
  return {
    id: format.id,
    format,
    ...(report ? { reportPart: report.part } : {}),
    ...(reportTitle ? { reportTitle } : {}),
    ...(extra.report?.label ? { reportLabel: extra.report.label } : {}),
    preface,
    sections,
    splits: extra.report?.splits ?? [],
    ...(extra.declaration ? { declaration: declarationSpec(format, extra.declaration) } : {}),
  };
}

/** One section of the importer's outline from the format's section and its body blocks. */
function section(id: string, level: number, heading: string, body: NonNullable<SectionSpec['body']>, aliases?: readonly string[]): OutlineSection {
  let p: string | undefined;
  let numbered: string | undefined;
  let items: OutlineSection['items'];
  const sentences: FixedSentence[] = [];
  for (const b of body) {
    if ('paragraphs' in b) p ??= b.paragraphs;
    else if ('list' in b) {
      p ??= b.list;
      numbered = b.style;
    } else if ('p' in b) sentences.push(sentence(heading, b.p.trim()));
    else {
      const m = walkMarkup(b.markup);
      if (m.paragraphs) p ??= m.paragraphs;
      if (m.items) items = { path: m.items, title: 'title', paragraphs: 'paragraphs' };
      for (const t of m.sentences) sentences.push(sentence(heading, t));
    }
  }
  return {
    id,
    level,
    heading,
    ...(aliases?.length ? { aliases } : {}),
    ...(p ? { path: p } : {}),
    ...(numbered ? { numbered } : {}),
    ...(sentences.length ? { sentences } : {}),
    ...(items ? { items } : {}),
  };
}

/** A fixed sentence: `first` when it opens with words of the department's (a lead) before its figures. */
function sentence(name: string, text: string): FixedSentence {
  return { name, text, position: /^\{\{(?!amount|percent|#)[^}]*\}\}/.test(text) && !/^\{\{[^}]*year\}\}/.test(text) && !/^\{\{department\./.test(text) ? 'first' : 'any' };
}

/** The declaration table of the format: labels and kinds from the field tree, layout from import.yaml. */
function declarationSpec(format: Format, d: NonNullable<ImportFile['declaration']>): DeclarationSpec {
  const file = path.join(format.dir, 'import.yaml');
  const field = (p: string): FieldSpec => {
    const f = fieldAt(format.fieldTree, parsePath(p));
    if (!f) throw new JixiaoError('template.config', `${file}：格式中没有字段 ${p}`, `${file}: the format has no field ${p}`);
    return f;
  };
  const cell = (ref: string | { path: string; section?: string; strip?: string }): LabelledCell => {
    const r = typeof ref === 'string' ? { path: ref } : ref;
    const f = field(r.path);
    return { label: f.label, path: r.path, kind: f.kind, ...(r.section ? { section: r.section } : {}), ...(r.strip ? { strip: new RegExp(r.strip) } : {}) };
  };
  const tables: TableSpec[] = d.tables.map((t) => {
    const list = field(t.list);
    if (list.kind !== 'list' || !list.item) throw new JixiaoError('template.config', `${file}：${t.list} 不是列表字段`, `${file}: ${t.list} is not a list field`);
    const levels: { columns: Column[]; into?: string }[] = [];
    let item: FieldSpec | undefined = list.item;
    while (item) {
      const columns: Column[] = [];
      let into: string | undefined;
      let next: FieldSpec | undefined;
      for (const [k, f] of Object.entries(item.fields ?? {})) {
        if (f.kind === 'list' && f.item?.kind === 'object' && !into) {
          into = k;
          next = f.item;
        } else if (f.kind !== 'object' && f.kind !== 'list') columns.push({ label: f.label, key: k, kind: f.kind });
      }
      levels.push({ columns, ...(into ? { into } : {}) });
      item = next;
    }
    return { section: list.label, path: t.list, levels, ...(t.other ? { other: cell(t.other) } : {}), ...(t.end ? { end: t.end } : {}), ...(t.choices ? { choices: t.choices } : {}) };
  });
  const doc = format.documents.find((x) => x.part === 'declaration') ?? format.documents.find((x) => !x.outline)!;
  return { part: doc.part, title: doc.title, cells: d.cells.map(cell), labels: d.labels, tables };
}
