/**
 * The workbench's only view of a format: its JSON Schema turned into a field tree the browser
 * builds its form from, its layout hints (templates/<id>/form.yaml), its derived figures with
 * their labels, and its documents' outlines (headings with the fields their paragraphs come
 * from). Everything the form knows about fields comes through `formFor(format)`; nothing here
 * names a field of one bureau's form.
 */
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { DEFAULT_FORMAT, loadFormat, type Format } from '../format/index.ts';
import type { BodyBlock, SectionSpec } from '../format/index.ts';

/** What a field holds, as the form edits it (the formats contract's `x-jixiao.kind`). */
export type FieldKind =
  | 'text' | 'paragraphs' | 'amount' | 'score' | 'integer' | 'year' | 'date' | 'cell' | 'choice' | 'object' | 'list';

/** One field of the form. Serialised as JSON to the browser. */
export interface FieldSpec {
  /** Key in the parent object ('' for the root, or for a list's item). */
  readonly key: string;
  readonly kind: FieldKind;
  /** The Chinese label as the paper form prints it (the schema's `title`: 基本支出). */
  readonly label: string;
  /** Longer help text (the schema's description), shown as a tooltip. */
  readonly help?: string;
  /** Allowed values of a `choice`, or values offered while typing a text (the indicator framework). */
  readonly choices?: readonly string[];
  readonly maxLength?: number;
  /** The field may be absent (`x-jixiao.optional`, or not required by the schema). */
  readonly optional?: boolean;
  /** Children of an `object`, in the schema's order. */
  readonly fields?: readonly FieldSpec[];
  /** The item of a `list`. */
  readonly item?: FieldSpec;
}

/** How the form is laid out (form.yaml, completed from the format). */
export interface Layout {
  /** Tabs: which top-level fields each shows. `part` marks a document's tab (hidden when the packet lacks it). */
  readonly sections: readonly { readonly id: string; readonly title: string; readonly fields: readonly string[]; readonly part?: string }[];
  readonly hidden?: readonly string[];
  readonly grids?: Readonly<Record<string, readonly (readonly string[])[]>>;
  /** Derived figures shown under an object or list (data path pattern), with the format's labels. */
  readonly figures: Readonly<Record<string, readonly { readonly label: string; readonly figure: string }[]>>;
  /**
   * The amounts each labelled sum adds (资金总额 → 项目支出, 基本支出): a message naming the sum is
   * shown beside the amount just changed too, though it does not name that amount.
   */
  readonly sums?: Readonly<Record<string, readonly string[]>>;
}

/** One heading of a document's outline, as the form shows it. */
export interface OutlineHeadingForm {
  readonly id: string;
  readonly level: number;
  /** Its number as printed (`（一）`). */
  readonly number: string;
  readonly heading: string;
  readonly optional: boolean;
  /** Data paths (dotted) of the fields shown under it: its paragraphs and the figures its fixed sentences use. */
  readonly fields: readonly string[];
}

/** A document whose report is an outline: its part's tab shows the headings, one text area per paragraph. */
export interface OutlineForm {
  readonly document: string;
  readonly part: string;
  readonly headings: readonly OutlineHeadingForm[];
}

/** Everything the browser needs to build the form of one format. */
export interface FormDefinition {
  readonly format: {
    readonly id: string;
    readonly name: string;
    readonly documents: readonly { readonly id: string; readonly title: string; readonly part: string }[];
  };
  readonly spec: FieldSpec;
  readonly layout: Layout;
  readonly outlines: readonly OutlineForm[];
  /** Each document's part as the format's starter has it (empty rows to fill), for a packet that adds it. */
  readonly starters: Readonly<Record<string, unknown>>;
}

type Json = Record<string, unknown>;
type Framework = Readonly<Record<string, readonly string[]>>;

/** The JSON Schema the form is generated from. */
export function formJsonSchema(format: string = DEFAULT_FORMAT): Json {
  return loadFormat(format).jsonSchema();
}

/** The indicator framework the format's checks declare (一级 → allowed 二级), if any. */
function frameworkOf(format: Format): Framework {
  for (const c of format.checkSpecs ?? []) {
    if ('framework' in c) return c.allowed as Framework;
  }
  return {};
}

/** The field tree of a packet of the format (default: guangzhou). */
export function formSpec(schema?: Json, framework?: Framework): FieldSpec {
  if (!schema) {
    const f = loadFormat(DEFAULT_FORMAT);
    return toSpec('', f.jsonSchema(), false, frameworkOf(f));
  }
  return toSpec('', schema, false, framework ?? {});
}

/** The label is the schema's `title` (the format's label); the description is help. */
export function labelOf(schema: Json, key: string): { label: string; help?: string } {
  const title = typeof schema.title === 'string' && schema.title ? schema.title : key;
  const description = typeof schema.description === 'string' ? schema.description : undefined;
  return { label: title, ...(description ? { help: description } : {}) };
}

function xj(schema: Json): Json {
  const x = schema['x-jixiao'];
  return x && typeof x === 'object' ? (x as Json) : {};
}

/** The kind the format declares; a schema without one (a hand-made one) falls back on its shape. */
function kindOf(schema: Json): FieldKind {
  const declared = xj(schema).kind;
  if (typeof declared === 'string') return declared as FieldKind;
  if (Array.isArray(schema.enum)) return 'choice';
  if (schema.type === 'object') return 'object';
  if (schema.type === 'array') return ((schema.items ?? {}) as Json).type === 'string' ? 'paragraphs' : 'list';
  if (schema.type === 'integer') return 'integer';
  return 'text';
}

/** Values offered while typing an indicator level: the framework the format's checks enforce. */
function frameworkChoices(key: string, framework: Framework): readonly string[] | undefined {
  if (Object.keys(framework).length === 0) return undefined;
  if (key === 'level1') return Object.keys(framework);
  if (key === 'level2') return [...new Set(Object.values(framework).flat())];
  return undefined;
}

function toSpec(key: string, schema: Json, optional: boolean, framework: Framework): FieldSpec {
  const { label, help } = labelOf(schema, key);
  const kind = kindOf(schema);
  const x = xj(schema);
  const base = {
    key,
    kind,
    label,
    ...(help ? { help } : {}),
    ...(typeof schema.maxLength === 'number' ? { maxLength: schema.maxLength } : {}),
    ...(optional || x.optional === true ? { optional: true } : {}),
    ...(Array.isArray(x.choices) ? { choices: x.choices.map(String) } : Array.isArray(schema.enum) ? { choices: schema.enum.map(String) } : {}),
  };
  const offered = kind === 'text' && !('choices' in base) ? frameworkChoices(key, framework) : undefined;
  if (offered) return { ...base, choices: offered };
  if (kind === 'object') {
    const props = (schema.properties ?? {}) as Record<string, Json>;
    const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
    return { ...base, fields: Object.entries(props).map(([k, s]) => toSpec(k, s, !required.has(k), framework)) };
  }
  if (kind === 'list') return { ...base, item: toSpec('', (schema.items ?? {}) as Json, false, framework) };
  return base;
}

/** Whether a data path names a field of the form (`declaration.tasks.3.amount` yes, `nowhere` no). */
export function isFieldPath(spec: FieldSpec, path: readonly (string | number)[]): boolean {
  return fieldAtPath(spec, path) !== undefined;
}

/** The field at a data path (list indexes as numbers). */
export function fieldAtPath(spec: FieldSpec, path: readonly (string | number)[]): FieldSpec | undefined {
  let s: FieldSpec | undefined = spec;
  for (const p of path) {
    if (!s) return undefined;
    if (typeof p === 'number') s = s.kind === 'list' || s.kind === 'paragraphs' ? (s.item ?? { key: '', kind: 'text', label: '' }) : undefined;
    else s = s.kind === 'object' ? s.fields?.find((f) => f.key === p) : undefined;
  }
  return s;
}

/** The form's layout file of a format folder (`form.yaml`); none = the generic layout. */
export function readLayoutFile(dir: string): Json {
  const file = path.join(dir, 'form.yaml');
  if (!fs.existsSync(file)) return {};
  const v = YAML.parse(fs.readFileSync(file, 'utf8')) as unknown;
  return v && typeof v === 'object' ? (v as Json) : {};
}

/**
 * The layout: form.yaml's tabs, grids and figure places, completed from the format: a tab per
 * document when form.yaml names none, each figure's label from the format's `derived` labels, and
 * every labelled figure form.yaml does not place shown under the object it belongs to.
 */
function layoutOf(format: Format, spec: FieldSpec): Layout {
  const file = readLayoutFile(format.dir);
  const parts = new Map(format.documents.map((d) => [d.part, d.title]));
  const top = (spec.fields ?? []).map((f) => f.key);
  const given = Array.isArray(file.sections) ? (file.sections as { id: string; title: string; fields: string[] }[]) : undefined;
  const sections = (given ?? [
    { id: 'basics', title: '基本信息', fields: top.filter((k) => !parts.has(k)) },
    ...format.documents.map((d) => ({ id: d.part, title: d.title, fields: [d.part] })),
  ]).map((s) => {
    const part = s.fields.find((f) => parts.has(f));
    return { id: String(s.id), title: String(s.title), fields: s.fields.map(String), ...(part ? { part } : {}) };
  });
  const derived = (format.derivedSpecs ?? {}) as Record<string, { label?: string; sum?: readonly string[] }>;
  const sums: Record<string, string[]> = {};
  for (const d of Object.values(derived)) {
    const paths = (d.sum ?? []).filter((p) => !p.includes('[]') && !p.startsWith('derived.'));
    if (d.label && paths.length) sums[d.label] = paths;
  }
  const figures: Record<string, { label: string; figure: string }[]> = {};
  const placed = new Set<string>();
  // A grid cell `=declaration.total` shows a figure in the table itself.
  for (const rows of Object.values((file.grids ?? {}) as Record<string, string[][]>)) for (const row of rows) for (const c of row) if (typeof c === 'string' && c.startsWith('=')) placed.add(c.slice(1));
  for (const [at, list] of Object.entries((file.figures ?? {}) as Record<string, { label?: string; figure: string }[]>)) {
    figures[at] = list.map((f) => {
      placed.add(f.figure);
      return { figure: f.figure, label: f.label ?? derived[f.figure]?.label ?? format.label(f.figure) ?? f.figure };
    });
  }
  for (const [id, d] of Object.entries(derived)) {
    if (placed.has(id) || !d.label) continue;
    const at = id.split('.').slice(0, -1).join('.') || id;
    (figures[at] ??= []).push({ figure: id, label: d.label });
  }
  return {
    sections,
    hidden: Array.isArray(file.hidden) ? (file.hidden as string[]) : ['$schema', 'format'],
    ...(file.grids ? { grids: file.grids as Layout['grids'] } : {}),
    figures,
    ...(Object.keys(sums).length ? { sums } : {}),
  };
}

/** Data paths a body block prints: its paragraphs field, or the part's paths its sentences name. */
function blockPaths(b: BodyBlock, part: string): string[] {
  if ('paragraphs' in b) return [b.paragraphs];
  if ('list' in b) return [b.list];
  const text = 'p' in b ? b.p : b.markup;
  const re = new RegExp(`(?<![\\w.])(?:@root\\.)?(${part}(?:\\.[A-Za-z_]\\w*)+)`, 'g');
  return [...text.matchAll(re)].map((m) => m[1]!);
}

/**
 * The outline of a document as the form shows it: each heading with the fields its paragraphs
 * come from and the figures its fixed sentences print (a field shown once, under the first
 * heading that uses it; the part's year stays with the part's own fields).
 */
function outlineOf(format: Format, spec: FieldSpec, documentId: string, part: string): OutlineForm | undefined {
  const outline = format.outline(documentId);
  if (!outline) return undefined;
  const taken = new Set<string>();
  const known = (p: string) => {
    const f = fieldAtPath(spec, p.split('.'));
    return f !== undefined && !(p.split('.').length === 2 && f.kind === 'year');
  };
  const bodies = new Map<string, readonly BodyBlock[]>();
  const walk = (ss: readonly SectionSpec[]) => ss.forEach((s) => (bodies.set(s.id, s.body ?? []), walk(s.children ?? [])));
  walk(outline.sections);
  const headings = format.headings(documentId).map((h) => {
    const fields: string[] = [];
    for (const b of bodies.get(h.id) ?? []) {
      for (const p of blockPaths(b, part)) {
        // A field inside one already shown (procurement.intro under procurement) is not shown twice.
        if (!known(p) || taken.has(p) || [...taken].some((t) => p.startsWith(`${t}.`))) continue;
        taken.add(p);
        fields.push(p);
      }
    }
    collapse(spec, fields);
    return { id: h.id, level: h.level, number: h.numbered.slice(0, h.numbered.length - h.heading.length), heading: h.heading, optional: h.optional, fields };
  });
  return { document: documentId, part, headings };
}

/**
 * A heading that shows every member of an object shows the object instead (in the first member's
 * place), so the object's grid from form.yaml applies (全年预算数 | 全年支出数 side by side).
 */
function collapse(spec: FieldSpec, fields: string[]): void {
  for (let changed = true; changed; ) {
    changed = false;
    for (const f of fields) {
      const parent = f.split('.').slice(0, -1);
      if (parent.length < 2) continue;
      const keys = (fieldAtPath(spec, parent)?.fields ?? []).map((c) => `${parent.join('.')}.${c.key}`);
      if (keys.length < 2 || !keys.every((k) => fields.includes(k))) continue;
      const at = fields.indexOf(keys.find((k) => fields.includes(k))!);
      const rest = fields.filter((x) => !keys.includes(x));
      rest.splice(Math.min(at, rest.length), 0, parent.join('.'));
      fields.splice(0, fields.length, ...rest);
      changed = true;
      break;
    }
  }
}

/** The form of a format: field tree, layout and outlines. */
export function formFor(format: Format): FormDefinition {
  const spec = toSpec('', format.jsonSchema(), false, frameworkOf(format));
  const outlines = format.documents.flatMap((d) => outlineOf(format, spec, d.id, d.part) ?? []);
  const starter = YAML.parse(format.starter({ year: new Date().getFullYear() + 1 })) as Record<string, unknown>;
  const starters = Object.fromEntries(format.documents.map((d) => [d.part, starter[d.part] ?? {}]));
  return {
    format: { id: format.id, name: format.name, documents: format.documents.map((d) => ({ id: d.id, title: d.title, part: d.part })) },
    spec,
    layout: layoutOf(format, spec),
    outlines,
    starters,
  };
}
