/**
 * The shape of a format folder's format.yaml (validated when the folder is loaded). A format is
 * data: the fields it adds to the packet, the figures it derives, the checks it declares, its
 * documents and the report outline. Nothing under src/ names a field of one bureau's form.
 */
import { z } from 'zod';

/** The default format, for packets that name none (the folder templates/guangzhou). */
export const DEFAULT_FORMAT = 'guangzhou';

/** What a field holds; the JSON Schema's `x-jixiao.kind`. */
export const FIELD_KINDS = ['text', 'paragraphs', 'amount', 'score', 'integer', 'year', 'date', 'cell', 'choice', 'object', 'list'] as const;
export type FieldKind = (typeof FIELD_KINDS)[number];

/** One field of the packet, as the format declares it. */
export interface FieldSpec {
  readonly kind: FieldKind;
  /** The Chinese label exactly as the form prints it (基本支出, 年度重点工作任务). */
  readonly label: string;
  /** An English name for messages (defaults to the label). */
  readonly en?: string;
  /** Help text: what goes here (JSON Schema description, init comment). */
  readonly help?: string;
  /** May be absent (or empty) without an error. */
  readonly optional?: boolean;
  /** Value when absent (texts: '' keeps templates simple). */
  readonly default?: unknown;
  /** Longest text accepted (characters). */
  readonly maxLength?: number;
  /** Bounds of integer, year and score fields (a score above max is a check error). */
  readonly min?: number;
  readonly max?: number;
  /** Decimal places of amount and score fields (default 2). */
  readonly places?: number;
  /** The values a choice field accepts. */
  readonly choices?: readonly string[];
  /** The members of an object field, in the order the form shows them. */
  readonly fields?: Readonly<Record<string, FieldSpec>>;
  /** The entry of a list field. */
  readonly item?: FieldSpec;
  /** The value `jixiao init` writes (default: empty text, null amount, one empty entry per list). */
  readonly starter?: unknown;
}

export const FieldSpecSchema: z.ZodType<FieldSpec> = z.lazy(() =>
  z.strictObject({
    kind: z.enum(FIELD_KINDS),
    label: z.string().min(1),
    en: z.string().optional(),
    help: z.string().optional(),
    optional: z.boolean().optional(),
    default: z.unknown().optional(),
    maxLength: z.number().int().positive().optional(),
    min: z.number().optional(),
    max: z.number().optional(),
    places: z.number().int().min(0).max(6).optional(),
    choices: z.array(z.string()).min(1).optional(),
    fields: z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/), FieldSpecSchema).optional(),
    item: FieldSpecSchema.optional(),
    starter: z.unknown().optional(),
  }),
);

/** A derived figure: a sum, a count or a rate (per cent). Paths may end in `[]` segments (every entry). */
export const DerivedSpecSchema = z.strictObject({
  label: z.string().optional().describe('Chinese name used in check messages'),
  en: z.string().optional(),
  sum: z.array(z.string()).optional(),
  count: z.string().optional(),
  rate: z.tuple([z.string(), z.string()]).optional().describe('[part, base]'),
  places: z.number().int().min(0).max(6).optional(),
  notComparable: z.string().optional().describe('text printed when the base is zero'),
});
export type DerivedSpec = z.output<typeof DerivedSpecSchema>;

const severity = z.enum(['error', 'warning']);
const message = { code: z.string().optional(), severity: severity.optional(), at: z.string().optional(), zh: z.string().optional(), en: z.string().optional() };

/** The checks a format declares. Each names its figures by path (`derived.…` for derived ones). */
export const CheckSpecSchema = z.union([
  z.strictObject({ equal: z.tuple([z.string(), z.string()]), ...message }),
  z.strictObject({ notAbove: z.tuple([z.string(), z.string()]), ...message }),
  z.strictObject({ differ: z.tuple([z.string(), z.string()]), ...message }),
  z.strictObject({ zero: z.string(), ...message }),
  z.strictObject({
    framework: z.string().describe('path of the indicator list'),
    level1: z.string().default('level1'),
    groups: z.string().default('groups'),
    level2: z.string().default('level2'),
    allowed: z.record(z.string(), z.array(z.string())),
    ...message,
  }),
]);
export type CheckSpec = z.output<typeof CheckSpecSchema>;

/** One block of a section's body. */
export const BodyBlockSchema = z.union([
  z.strictObject({ paragraphs: z.string().describe('path of a paragraphs field: one <p> each') }),
  z.strictObject({ list: z.string().describe('path of a paragraphs field, numbered'), style: z.string().default('1、') }),
  z.strictObject({ p: z.string().describe('a fixed sentence (Handlebars) in one paragraph') }),
  z.strictObject({ markup: z.string().describe('Handlebars producing markup') }),
]);
export type BodyBlock = z.output<typeof BodyBlockSchema>;

/** A section of the report outline. */
export interface SectionSpec {
  readonly id: string;
  /** Heading text without its number (numbers follow the outline's numbering). */
  readonly heading: string;
  /** May be left out by the data (`outline.omit`), and is left out when its text is empty. */
  readonly optional?: boolean;
  readonly body?: readonly BodyBlock[];
  readonly children?: readonly SectionSpec[];
}

export const SectionSpecSchema: z.ZodType<SectionSpec> = z.lazy(() =>
  z.strictObject({
    id: z.string().regex(/^[A-Za-z][A-Za-z0-9_-]*$/),
    heading: z.string().min(1),
    optional: z.boolean().optional(),
    body: z.array(BodyBlockSchema).optional(),
    children: z.array(SectionSpecSchema).optional(),
  }),
);

/** `<part>.outline` as parsed: a department's changes to the outline (fields: OUTLINE_FIELD in ./fields.ts). */
export interface OutlineEdits {
  readonly preface?: readonly string[];
  readonly headings?: readonly { readonly id: string; readonly heading: string }[];
  readonly omit?: readonly string[];
  readonly sections?: readonly {
    readonly after?: string;
    readonly before?: string;
    readonly under?: string;
    readonly heading: string;
    readonly paragraphs: readonly string[];
  }[];
}

export const OutlineSpecSchema = z.strictObject({
  numbering: z.array(z.string()).min(1).default(['一、', '（一）', '1.', '（1）']).describe('numbering style per level'),
  preface: z.array(BodyBlockSchema).optional(),
  sections: z.array(SectionSpecSchema).min(1),
});
export type OutlineSpec = z.output<typeof OutlineSpecSchema>;

export const DocumentSpecSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/),
  title: z.string().min(1).describe('Chinese title of the document'),
  part: z.string().describe('the top-level key of the packet it renders'),
  template: z.string(),
  fileName: z.string().describe('Handlebars; the output file name without extension'),
  outline: OutlineSpecSchema.optional(),
});
export type DocumentSpec = z.output<typeof DocumentSpecSchema>;

/**
 * Length limits where neither the field nor the format names one: no real paragraph comes near
 * them (10,000 characters is a dozen pages), and they keep a pasted file or a runaway script
 * from reaching layout (a 2 MB field is refused at check, with the field's label).
 */
export const DEFAULT_MAX_LENGTH = { text: 10_000, paragraph: 10_000, cell: 5_000 } as const;

export const FormatFileSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/),
  name: z.string().min(1),
  description: z.string().optional(),
  styles: z.string().default('styles.yaml'),
  notComparable: z.string().optional().describe('what a rate with a zero base prints (default -%（基数为0，不可比）)'),
  documentYear: z
    .array(z.strictObject({ path: z.string(), offset: z.number().int().default(0) }))
    .min(1)
    .describe('where the year of the fixed document date comes from (first present wins): 12-31 of that year + offset'),
  documents: z.array(DocumentSpecSchema).min(1),
  maxLength: z
    .strictObject({
      text: z.number().int().positive().default(DEFAULT_MAX_LENGTH.text),
      paragraph: z.number().int().positive().default(DEFAULT_MAX_LENGTH.paragraph),
      cell: z.number().int().positive().default(DEFAULT_MAX_LENGTH.cell),
    })
    .default(DEFAULT_MAX_LENGTH)
    .describe('longest text (characters) of a text field, of each paragraph, of a cell, where a field names no maxLength of its own'),
  fields: z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/), FieldSpecSchema),
  derived: z.record(z.string(), DerivedSpecSchema).default({}),
  checks: z.array(CheckSpecSchema).default([]),
});
export type FormatFile = z.output<typeof FormatFileSchema>;
