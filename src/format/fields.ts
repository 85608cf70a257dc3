/**
 * The field tree of a format → the zod schema that parses a packet, the JSON Schema that editors,
 * the workbench and importers read, the labels diagnostics show, and `init`'s commented starter.
 * All four come from the same FieldSpec tree, so a label is written once, in format.yaml.
 */
import YAML, { isMap, isPair, isScalar, isSeq, type Node } from 'yaml';
import { z } from 'zod';
import { cleanText } from '../model/schema.ts';
import { AMOUNT_JSON_SCHEMA, decimalField, kindOf } from '../model/money.ts';
import type { FieldSpec } from './spec.ts';

/** Keys every packet may carry, whatever its format. */
export const CORE_FIELDS: Readonly<Record<string, FieldSpec>> = {
  $schema: { kind: 'text', label: 'JSON Schema 地址', help: '供编辑器校验 / for editors', optional: true },
  format: { kind: 'text', label: '格式', help: '格式编号（如 guangzhou）或格式文件夹的路径；省略时为 guangzhou / format id or folder', optional: true },
  documentDate: { kind: 'date', label: '文件日期', help: '写入文件属性的日期（固定，保证输出可重复）/ fixed document date', optional: true },
};

/** Members of `<part>.outline`: a department's changes to the report outline, as data. */
export const OUTLINE_FIELD: FieldSpec = {
  kind: 'object',
  label: '提纲调整',
  en: 'outline changes',
  help: '本部门对报告提纲的调整：前言、改名的标题、省略的可选小节、增加的小节 / changes to the outline',
  optional: true,
  fields: {
    preface: { kind: 'paragraphs', label: '前言', help: '正文第一个标题之前的段落 / paragraphs before the first heading', optional: true },
    headings: {
      kind: 'list', label: '改名的标题', optional: true,
      item: { kind: 'object', label: '改名的标题', fields: {
        id: { kind: 'text', label: '小节编号', help: '格式中小节的 id / the section id in the format' },
        heading: { kind: 'text', label: '新标题', help: '不含序号，序号自动生成 / without its number' },
      } },
    },
    omit: { kind: 'list', label: '省略的小节', help: '只能省略格式标为可选的小节 / only optional sections', optional: true, item: { kind: 'text', label: '小节编号' } },
    sections: {
      kind: 'list', label: '增加的小节', optional: true,
      item: { kind: 'object', label: '增加的小节', fields: {
        after: { kind: 'text', label: '放在此小节之后', optional: true },
        before: { kind: 'text', label: '放在此小节之前', optional: true },
        under: { kind: 'text', label: '作为此节的最后一个小节', optional: true },
        heading: { kind: 'text', label: '标题', help: '不含序号 / without its number' },
        paragraphs: { kind: 'paragraphs', label: '正文' },
      } },
    },
  },
};

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** `YYYY-MM-DD` names a real day (no 2025-13-01, no 2025-02-30). */
function isCalendarDate(s: string): boolean {
  if (!DATE.test(s)) return true; // the pattern check reports it
  const [y, m, d] = s.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

const cleanString = () => z.string().transform(cleanText);

/** A bilingual refusal inside a transform; `code` becomes the diagnostic's code. */
function refuse(ctx: z.core.$RefinementCtx, code: string, zh: string, en: string): never {
  ctx.addIssue({ code: 'custom', message: `${zh}\n${en}`, params: { code } });
  return z.NEVER as never;
}

/** The zod schema of one field (without its optional/default wrapper). */
function baseZod(f: FieldSpec): z.ZodType {
  switch (f.kind) {
    case 'text':
      return cleanString();
    case 'paragraphs':
      return z.array(cleanString());
    case 'amount':
      return decimalField({ zh: '金额', en: 'amount' }, f.places ?? 2);
    case 'score':
      return decimalField({ zh: '分数', en: 'score' }, f.places ?? 2);
    case 'integer':
    case 'year': {
      let n = z.number().int();
      const min = f.min ?? (f.kind === 'year' ? 2000 : undefined);
      const max = f.max ?? (f.kind === 'year' ? 2100 : undefined);
      if (min !== undefined) n = n.min(min);
      if (max !== undefined) n = n.max(max);
      // An integer not known yet is null, like an amount (the checker lists it); a year is always typed.
      return f.kind === 'integer' ? n.nullable() : n;
    }
    case 'date':
      return z
        .string()
        .regex(/^(\d{4}-\d{2}-\d{2})?$/, '应为日期 YYYY-MM-DD / expected a date YYYY-MM-DD')
        .refine(isCalendarDate, '不是有效日期（月份 01–12，日期不超过当月天数）/ not a real calendar date');
    case 'cell':
      // Forms hold free text in these cells (目标值 100%、≥60%、1): a bare number is its text.
      return z.unknown().transform((v, ctx) => {
        if (typeof v === 'string') return cleanText(v);
        if (typeof v === 'number' && Number.isFinite(v)) return String(v);
        return refuse(ctx, 'input.type', `类型错误：应为文字或数字，实际为${kindOf(v)}`, `wrong type: expected text or a number, got ${kindOf(v)}`);
      });
    case 'choice': {
      const choices = f.choices ?? [];
      return z.unknown().transform((v, ctx) => {
        if (typeof v !== 'string') return refuse(ctx, 'input.type', `类型错误：应为文字（${choices.join('、')} 之一），实际为${kindOf(v)}`, `wrong type: expected one of ${choices.join(', ')}, got ${kindOf(v)}`);
        const s = cleanText(v);
        // Empty = not chosen yet (the checker lists it).
        if (s !== '' && !choices.includes(s)) return refuse(ctx, 'input.choice', `「${s}」不是可选值，应为 ${choices.join('、')} 之一`, `"${s}" is not allowed; expected one of ${choices.join(', ')}`);
        return s;
      });
    }
    case 'object': {
      const shape: Record<string, z.ZodType> = {};
      for (const [k, sub] of Object.entries(f.fields ?? {})) shape[k] = fieldZod(sub);
      return z.strictObject(shape);
    }
    case 'list':
      return z.array(fieldZod(f.item ?? { kind: 'text', label: f.label }));
  }
}

/** The zod schema of a field, absent allowed when it is optional. */
export function fieldZod(f: FieldSpec): z.ZodType {
  const base = baseZod(f);
  if (!f.optional) return base;
  return f.default !== undefined ? base.default(f.default as never) : base.optional();
}

/** The JSON Schema of one field: title = label, description = help, x-jixiao = kind and flags. */
export function fieldJsonSchema(f: FieldSpec, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const x: Record<string, unknown> = { kind: f.kind, ...(f.optional ? { optional: true } : {}), ...extra };
  const head: Record<string, unknown> = { title: f.label, ...(f.help ? { description: f.help } : {}) };
  let body: Record<string, unknown>;
  switch (f.kind) {
    case 'text':
      body = { type: 'string', ...(f.maxLength ? { maxLength: f.maxLength } : {}) };
      break;
    case 'paragraphs':
      body = { type: 'array', items: { type: 'string', ...(f.maxLength ? { maxLength: f.maxLength } : {}) } };
      break;
    case 'amount':
    case 'score':
      body = { anyOf: AMOUNT_JSON_SCHEMA.anyOf };
      if (f.places !== undefined) x.places = f.places;
      if (f.max !== undefined) body.maximum = f.max;
      break;
    case 'integer':
    case 'year': {
      const min = f.min ?? (f.kind === 'year' ? 2000 : undefined);
      const max = f.max ?? (f.kind === 'year' ? 2100 : undefined);
      body = { type: f.kind === 'integer' ? ['integer', 'null'] : 'integer', ...(min !== undefined ? { minimum: min } : {}), ...(max !== undefined ? { maximum: max } : {}) };
      break;
    }
    case 'date':
      body = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' };
      break;
    case 'cell':
      body = { type: ['string', 'number'], ...(f.maxLength ? { maxLength: f.maxLength } : {}) };
      break;
    case 'choice':
      body = { type: 'string', enum: [...(f.choices ?? []), ''] };
      x.choices = f.choices ?? [];
      break;
    case 'object': {
      const entries = Object.entries(f.fields ?? {});
      body = {
        type: 'object',
        properties: Object.fromEntries(entries.map(([k, sub]) => [k, fieldJsonSchema(sub)])),
        required: entries.filter(([, sub]) => !sub.optional).map(([k]) => k),
        additionalProperties: false,
      };
      break;
    }
    case 'list':
      body = { type: 'array', items: fieldJsonSchema(f.item ?? { kind: 'text', label: f.label }) };
      break;
  }
  if (f.default !== undefined) body.default = f.default;
  return { ...head, ...body, 'x-jixiao': x };
}

/** Splits `a.b[2].c` (or `a.b.2.c`) into ['a', 'b', 2, 'c']; `[]` stays as the segment '[]'. */
export function parsePath(p: string): PropertyKey[] {
  const out: PropertyKey[] = [];
  for (const m of p.matchAll(/([^.[\]]+)|\[(\d*)\]/g)) {
    if (m[1] !== undefined) out.push(/^\d+$/.test(m[1]) ? Number(m[1]) : m[1]);
    else out.push(m[2] === '' ? '[]' : Number(m[2]));
  }
  return out;
}

/**
 * Every value at a path; a `[]` segment stands for every entry of a list
 * (`declaration.tasks[].amount`). A missing step gives `undefined` in its place.
 */
export function valuesAt(root: unknown, path: readonly PropertyKey[]): unknown[] {
  let cur: unknown[] = [root];
  for (const seg of path) {
    const next: unknown[] = [];
    for (const v of cur) {
      if (seg === '[]') {
        if (Array.isArray(v)) next.push(...v);
      } else next.push(v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[seg as string] : undefined);
    }
    cur = next;
  }
  return cur;
}

/** The field spec at a data path of the tree (numbers and `[]` step into list entries). */
export function fieldAt(root: Readonly<Record<string, FieldSpec>>, path: readonly PropertyKey[]): FieldSpec | undefined {
  let fields: Readonly<Record<string, FieldSpec>> | undefined = root;
  let f: FieldSpec | undefined;
  for (const seg of path) {
    if (typeof seg === 'number' || seg === '[]') {
      if (f?.kind !== 'list') return undefined;
      f = f.item;
      fields = f?.fields;
    } else {
      f = fields?.[String(seg)];
      if (!f) return undefined;
      fields = f.fields;
    }
  }
  return f;
}

/**
 * The label a message shows for a path: the nearest field with a label. A list entry is named by
 * its list and its number (年度重点工作任务第3项), a paragraph by its field (存在的问题第2段).
 */
export function labelAt(root: Readonly<Record<string, FieldSpec>>, path: readonly PropertyKey[]): string | undefined {
  // A paragraph of a paragraphs field: 存在的问题第2段.
  const last = path[path.length - 1];
  if (typeof last === 'number') {
    const parent = fieldAt(root, path.slice(0, -1));
    if (parent?.kind === 'paragraphs') return `${parent.label}第${last + 1}段`;
  }
  for (let n = path.length; n > 0; n--) {
    const f = fieldAt(root, path.slice(0, n));
    if (!f) continue;
    const last = path[n - 1];
    if (typeof last === 'number') {
      const list = fieldAt(root, path.slice(0, n - 1));
      return `${list?.label ?? f.label}第${last + 1}项`;
    }
    return f.label;
  }
  return undefined;
}

/** The starter value of a field: its `starter`, else empty text, null figure, one empty entry. */
function starterValue(f: FieldSpec, path: string, given: (path: string) => unknown): unknown {
  const g = given(path);
  if (g !== undefined) return g;
  if (f.starter !== undefined && f.kind !== 'list' && f.kind !== 'object') return f.starter;
  switch (f.kind) {
    case 'text':
    case 'date':
    case 'cell':
    case 'choice':
      return f.default ?? '';
    case 'paragraphs':
      return [''];
    case 'amount':
    case 'score':
    case 'integer':
    case 'year':
      return null;
    case 'object':
      return Object.fromEntries(
        Object.entries(f.fields ?? {})
          .filter(([, sub]) => !(sub.optional && sub.default === undefined && sub.starter === undefined))
          .map(([k, sub]) => [k, starterValue(sub, `${path}.${k}`, given)]),
      );
    case 'list': {
      const item = f.item ?? { kind: 'text', label: f.label };
      const seeds = Array.isArray(f.starter) ? (f.starter as unknown[]) : [undefined];
      return seeds.map((seed, i) => merge(starterValue(item, `${path}[${i}]`, given), seed));
    }
  }
}

/** A starter entry with a list's seed values laid over it (indicator levels, for example). */
function merge(base: unknown, seed: unknown): unknown {
  if (seed === undefined) return base;
  if (Array.isArray(seed)) return seed.map((s, i) => merge(Array.isArray(base) ? (base[i] ?? base[0]) : undefined, s));
  if (seed && typeof seed === 'object' && base && typeof base === 'object' && !Array.isArray(base)) {
    const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
    for (const [k, v] of Object.entries(seed)) out[k] = merge(out[k], v);
    return out;
  }
  return seed;
}

/** The comment `init` writes beside a field: its label, then its help. */
function commentOf(f: FieldSpec): string {
  return ` ${f.label}${f.help ? `：${f.help.split(' / ')[0]}` : ''}`;
}

/**
 * The starter packet as YAML with a comment on every field (its Chinese label and help).
 * `given` supplies values by path (`department.name`, years).
 */
export function starterYaml(root: Readonly<Record<string, FieldSpec>>, given: (path: string) => unknown, header: string): string {
  const data: Record<string, unknown> = {};
  for (const [k, f] of Object.entries(root)) {
    if (f.optional && f.default === undefined && f.starter === undefined && given(k) === undefined) continue;
    data[k] = starterValue(f, k, given);
  }
  const doc = new YAML.Document(data);
  const annotate = (node: unknown, fields: Readonly<Record<string, FieldSpec>> | undefined) => {
    if (!isMap(node) || !fields) return;
    for (const pair of node.items) {
      if (!isPair(pair) || !isScalar(pair.key)) continue;
      const f = fields[String(pair.key.value)];
      if (!f) continue;
      const value = pair.value as Node | null;
      if (isScalar(value)) value.comment = commentOf(f);
      else (pair.key as Node).commentBefore = commentOf(f);
      if (isMap(value)) annotate(value, f.fields);
      if (isSeq(value) && f.kind === 'list') for (const it of value.items) annotate(it, f.item?.fields);
    }
  };
  annotate(doc.contents, root);
  return header + doc.toString({ lineWidth: 0 });
}
