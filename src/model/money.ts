/**
 * Amounts in 万元 as decimal.js values. Input accepts what people type (`5093.5`, `"5,093.50"`);
 * everything else is refused with a message that says what was found and what is expected.
 */
import { Decimal } from 'decimal.js';
import { z } from 'zod';

/** Decimal configured for money: plenty of precision, 四舍五入 (half up) rounding. */
export const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
export type Dec = InstanceType<typeof D>;

/** Largest amount we accept, in 万元 (a hundred trillion yuan): beyond it a typo is likelier than data. */
const MAX = new D('1e10');

/** Plain digits, or digits grouped by commas in threes; optional sign and decimals. */
const PLAIN = /^[-+]?\d+(\.\d+)?$/;
const GROUPED = /^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$/;

/**
 * Parses one amount. Returns the Decimal or a bilingual reason.
 * `places` is how many decimals the form shows; more is refused (a typo, or 元 typed for 万元).
 */
export function parseAmount(
  input: unknown,
  places = 2,
  noun: { zh: string; en: string } = { zh: '金额', en: 'amount' },
): { ok: true; value: Dec } | { ok: false; zh: string; en: string } {
  let text: string;
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return { ok: false, zh: `不是有限数值（${String(input)}）`, en: `not a finite number (${String(input)})` };
    // A JS number keeps ~15 significant digits; String() gives the shortest exact form of what was typed.
    text = String(input);
    if (/e/i.test(text)) return { ok: false, zh: `数值超出范围（${text}）`, en: `number out of range (${text})` };
  } else if (typeof input === 'string') {
    // A Chinese keyboard types full-width digits and marks: read them as the ASCII ones.
    text = input
      .trim()
      .replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
      .replace(/[，]/g, ',')
      .replace(/[．。]/g, '.')
      .replace(/[－]/g, '-');
    if (!PLAIN.test(text) && !GROUPED.test(text)) {
      return { ok: false, zh: `「${input}」不是${noun.zh}，应为数字，如 5093.50 或 "5,093.50"`, en: `"${input}" is not ${noun.en === 'amount' ? 'an amount' : `a ${noun.en}`}; expected a number such as 5093.50 or "5,093.50"` };
    }
    text = text.replace(/,/g, '');
  } else {
    return { ok: false, zh: `应为${noun.zh}（数字），实际为${KIND_ZH[kindOf(input)] ?? kindOf(input)}`, en: `expected ${noun.en === 'amount' ? 'an amount' : `a ${noun.en}`} (number), got ${kindOf(input)}` };
  }
  const value = new D(text);
  if (value.abs().gt(MAX)) return { ok: false, zh: `${noun.zh}过大（${text}）`, en: `${noun.en} too large (${text})` };
  if (value.decimalPlaces() > places) {
    return { ok: false, zh: `小数位过多：${text}，最多 ${places} 位`, en: `too many decimals: ${text}, at most ${places}` };
  }
  return { ok: true, value };
}

/** What kind of value was typed, in JSON terms (`null`, `array`, `string`, `undefined` …). */
export function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

const KIND_ZH: Record<string, string> = { boolean: '布尔值（true/false）', object: '对象', array: '列表', null: '空值' };

/**
 * zod schema of an amount in 万元 (2 decimals). `null` means "not filled in yet" (what `jixiao init`
 * writes); the checker reports it and rendering refuses it.
 */
export const amount = decimalField({ zh: '金额', en: 'amount' }).meta({
  description: '金额（万元，最多两位小数），如 5093.50 或 "5,093.50"；未填写时为 null。Amount in 万元, at most 2 decimals.',
});

/** A decimal figure (2 places unless told) typed like an amount (the score), its messages naming `noun`. */
export function decimalField(noun: { zh: string; en: string }, places = 2) {
  return z.unknown().transform((v, ctx): Dec | null => {
    if (v === null || v === undefined || v === '') return null;
    const r = parseAmount(v, places, noun);
    if (!r.ok) {
      ctx.addIssue({ code: 'custom', message: `${r.zh}\n${r.en}`, params: { bilingual: true } });
      return z.NEVER;
    }
    return r.value;
  });
}

/** One digit as parseAmount reads it: ASCII or full-width. */
const DIGIT = '[0-9０-９]';

/**
 * The JSON Schema form of an amount (zod cannot derive it from a transform). It accepts what
 * parseAmount accepts, so an editor never marks red what the CLI reads: numbers with at most two
 * decimals; strings with ASCII or full-width digits, grouped by commas (`,` `，`) in threes or not,
 * a decimal mark `.` `．` `。` with at most two significant decimals (trailing zeros are free, as
 * `5.100` is 5.1), an optional sign (`-` `+` `－`), surrounding white space; `""` and null for "not
 * filled in". Not expressed: the 1e10 万元 ceiling for strings (the CLI refuses larger amounts).
 * test/amount-schema.test.ts feeds the same inputs to both.
 */
export const AMOUNT_JSON_SCHEMA = {
  description: '金额（万元，最多两位小数），如 5093.50 或 "5,093.50"；未填写时为 null。Amount in 万元, at most 2 decimals.',
  anyOf: [
    { type: 'number', multipleOf: 0.01, minimum: -1e10, maximum: 1e10 },
    {
      type: 'string',
      pattern: `^(\\s*[-+－]?(${DIGIT}+|${DIGIT}{1,3}([,，]${DIGIT}{3})+)([.．。]${DIGIT}{1,2}[0０]*)?\\s*)?$`,
    },
    { type: 'null' },
  ],
};

/** Sum of amounts. */
export function sum(values: readonly Dec[]): Dec {
  return values.reduce((a, b) => a.plus(b), new D(0));
}
