/**
 * The workbench's only view of the format: the packet's JSON Schema turned into a field tree the
 * browser builds its form from. Everything the form knows about fields (label, help, kind,
 * order, limits) comes through `formSpec()`, so when formats become data (`loadFormat(id)
 * .jsonSchema()` with Chinese `title`s and `x-jixiao.kind`) only this module changes.
 *
 * Until then the schema is `packetJsonSchema()`, whose properties carry a bilingual
 * `description` and no `title`: the label is read from `title ?? description` and the kind is
 * inferred from the schema's shape.
 */
import { DEFAULT_FORMAT, loadFormat } from '../format/index.ts';

/** What a field holds, as the form edits it (the formats contract's `x-jixiao.kind`). */
export type FieldKind =
  | 'text' | 'paragraphs' | 'amount' | 'score' | 'integer' | 'year' | 'date' | 'cell' | 'choice' | 'object' | 'list';

/** One field of the form. Serialised as JSON to the browser. */
export interface FieldSpec {
  /** Key in the parent object ('' for the root, or for a list's item). */
  readonly key: string;
  readonly kind: FieldKind;
  /** The Chinese label as the paper form prints it (基本支出). */
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

type Json = Record<string, unknown>;

/** The JSON Schema the form is generated from. Rewire here when formats land. */
export function formJsonSchema(format: string = DEFAULT_FORMAT): Json {
  return loadFormat(format).jsonSchema();
}

/** The indicator framework the format's checks declare (一级 → allowed 二级), if any. */
function framework(format: string = DEFAULT_FORMAT): Readonly<Record<string, readonly string[]>> {
  for (const c of loadFormat(format).checkSpecs ?? []) {
    if ('framework' in c) return c.allowed as Record<string, readonly string[]>;
  }
  return {};
}

/** The field tree of the packet. */
export function formSpec(schema: Json = formJsonSchema()): FieldSpec {
  return toSpec('', schema, false);
}

/**
 * The label from `title`, else from today's description (`基本支出（万元）`,
 * `部门全称，如 … / full name`): the Chinese part, without the example, the unit and the
 * group prefix (`收入来源：财政拨款` → 财政拨款).
 */
export function labelOf(schema: Json, key: string): { label: string; help?: string } {
  const title = typeof schema.title === 'string' ? schema.title : undefined;
  const description = typeof schema.description === 'string' ? schema.description : undefined;
  if (title) return { label: title, ...(description ? { help: description } : {}) };
  if (!description) return { label: key };
  let label = description.split(/\s?\/ /)[0]!;
  label = label.replace(/（每段一个字符串.*$/, '');
  label = label.split(/，(?:如|用于)/)[0]!;
  label = label.replace(/（(?:万元|分|可选|可选填)）.*$/, '').replace(/（万元），.*$/, '');
  // A long aside in brackets is help, not label: 写入文件属性的日期（固定，保证…）.
  label = label.replace(/（[^）]{7,}）.*$/, '');
  // `收入来源：财政拨款` → 财政拨款; `一级指标：产出指标、效益指标…` keeps 一级指标.
  const colon = label.lastIndexOf('：');
  if (colon > 0) label = /[、或]/.test(label.slice(colon)) ? label.slice(0, colon) : label.slice(colon + 1);
  return { label: label.trim() || key, help: description };
}

function xj(schema: Json): Json {
  const x = schema['x-jixiao'];
  return x && typeof x === 'object' ? (x as Json) : {};
}

/** An amount in today's schema: number, or a string with the amount pattern, or null. */
function isAmountShape(schema: Json): boolean {
  const any = schema.anyOf;
  return Array.isArray(any) && any.some((s) => (s as Json).type === 'number') && any.some((s) => (s as Json).type === 'string');
}

function inferKind(schema: Json, key: string, label: string): FieldKind {
  const declared = xj(schema).kind;
  if (typeof declared === 'string') return declared as FieldKind;
  if (Array.isArray(schema.enum)) return 'choice';
  if (schema.type === 'object') return 'object';
  if (schema.type === 'array') {
    const item = (schema.items ?? {}) as Json;
    return item.type === 'string' ? 'paragraphs' : 'list';
  }
  if (isAmountShape(schema)) return key === 'score' || label.includes('得分') ? 'score' : 'amount';
  if (schema.type === 'integer') return key === 'year' ? 'year' : 'integer';
  if (schema.type === 'string' && typeof schema.pattern === 'string' && schema.pattern.includes('\\d{4}-\\d{2}-\\d{2}')) return 'date';
  return 'text';
}

/**
 * Values offered for the indicator levels until the format declares them (`x-jixiao.choices`):
 * today's national framework, which the checker enforces.
 */
function frameworkChoices(key: string): readonly string[] | undefined {
  if (key === 'level1') return Object.keys(framework());
  if (key === 'level2') return [...new Set(Object.values(framework()).flat())];
  return undefined;
}

function toSpec(key: string, schema: Json, optional: boolean): FieldSpec {
  const { label, help } = labelOf(schema, key);
  const kind = inferKind(schema, key, label);
  const x = xj(schema);
  const base = {
    key,
    kind,
    label,
    ...(help ? { help } : {}),
    ...(typeof schema.maxLength === 'number' ? { maxLength: schema.maxLength } : {}),
    ...(optional || x.optional === true ? { optional: true } : {}),
    ...(Array.isArray(schema.enum) ? { choices: schema.enum.map(String) } : Array.isArray(x.choices) ? { choices: x.choices.map(String) } : {}),
  };
  const offered = kind === 'text' && !('choices' in base) ? frameworkChoices(key) : undefined;
  if (offered) return { ...base, choices: offered };
  if (kind === 'object') {
    const props = (schema.properties ?? {}) as Record<string, Json>;
    const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
    return { ...base, fields: Object.entries(props).map(([k, s]) => toSpec(k, s, !required.has(k))) };
  }
  if (kind === 'list') {
    const item = toSpec('', (schema.items ?? {}) as Json, false);
    // A list without its own description is named after its item (groups → 二级指标).
    return { ...base, ...(base.label === key ? { label: item.label } : {}), item };
  }
  return base;
}

/** Whether a data path names a field of the form (`declaration.tasks.3.amount` yes, `nowhere` no). */
export function isFieldPath(spec: FieldSpec, path: readonly (string | number)[]): boolean {
  let s: FieldSpec | undefined = spec;
  for (const p of path) {
    if (!s) return false;
    if (typeof p === 'number') s = s.kind === 'list' || s.kind === 'paragraphs' ? (s.item ?? { key: '', kind: 'text', label: '' }) : undefined;
    else s = s.kind === 'object' ? s.fields?.find((f) => f.key === p) : undefined;
  }
  return s !== undefined;
}
