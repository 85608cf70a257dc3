/**
 * Handlebars helpers for templates: amounts, percentages, Chinese ordinals, the 不可比 case and
 * multi-line data. Every helper escapes data, so `<`, `&` or `{{` in the data prints as itself.
 */
import type Handlebars from 'handlebars';
import { D, type Dec } from '../model/money.ts';
import { formatAmount, formatPercent } from '../model/format.ts';
import type { Percent } from '../derive/figures.ts';
import { JixiaoError } from '../errors.ts';

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 35 → 三十五 (up to 99). */
export function chineseNumber(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 99) return String(n);
  if (n < 10) return DIGITS[n]!;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return (tens === 1 ? '' : DIGITS[tens]!) + '十' + (ones ? DIGITS[ones]! : '');
}

/**
 * Numbering styles of 公文 headings, by example: `一、` `（一）` `1.` `（1）` `1、`.
 * The example's digit or numeral is replaced by the number.
 */
export function ordinal(n: number, style: string): string {
  if (/[一二三四五六七八九十]/.test(style)) return style.replace(/[一二三四五六七八九十]+/, chineseNumber(n));
  if (/\d/.test(style)) return style.replace(/\d+/, String(n));
  throw new JixiaoError('template.helper', `ordinal 的样式「${style}」应含 一 或 1，如 一、（一）1.（1）`, `ordinal style "${style}" must contain 一 or 1, e.g. 一、 （一） 1. （1）`);
}

function isPercent(v: unknown): v is Percent {
  return typeof v === 'object' && v !== null && 'places' in v && 'value' in v;
}

function need<T>(v: T | null | undefined, helper: string): T {
  if (v === null || v === undefined) {
    throw new JixiaoError('template.helper', `模板助手 ${helper} 收到了空值（数据未填写？）`, `template helper ${helper} got an empty value (data not filled in?)`);
  }
  return v;
}

/** Registers the helpers on an isolated Handlebars instance. */
export function registerHelpers(hb: typeof Handlebars): void {
  const esc = hb.Utils.escapeExpression;
  const safe = (s: string) => new hb.SafeString(s);

  /** `{{amount x}}` → 9,647.82; hash: grouping=false, trim=true, places=N. */
  hb.registerHelper('amount', (value: unknown, options: Handlebars.HelperOptions) => {
    const v = need(value as Dec | null, 'amount');
    const d = D.isDecimal(v) ? (v as Dec) : new D(String(v));
    const { grouping = true, trim = false, places = 2 } = options.hash as { grouping?: boolean; trim?: boolean; places?: number };
    return formatAmount(d, { grouping, trim, places });
  });

  /** `{{percent p}}` → 96.67% or the 不可比 text; hash: trim=true prints 100.0% as 100%. */
  hb.registerHelper('percent', (value: unknown, options: Handlebars.HelperOptions) => {
    const p = need(value, 'percent');
    if (!isPercent(p)) throw new JixiaoError('template.helper', 'percent 需要一个派生的百分比（derived.…）', 'percent needs a derived percentage (derived.…)');
    return formatPercent(p, { trim: Boolean((options.hash as { trim?: boolean }).trim) });
  });

  /** `{{#if (comparable p)}}` — false when the base is zero. */
  hb.registerHelper('comparable', (p: unknown) => isPercent(p) && p.value !== null);

  /** `{{ordinal @index "（一）" start=1}}` → （一）; numbering starts at 1 unless `start` says otherwise. */
  hb.registerHelper('ordinal', (index: number, style: string, options: Handlebars.HelperOptions) => {
    const start = (options.hash as { start?: number }).start ?? 1;
    return ordinal(Number(index) + start, style);
  });

  /** `{{cn 3}}` → 三. */
  hb.registerHelper('cn', (n: number) => chineseNumber(Number(n)));

  /** `{{lines text}}` → the text escaped, its line breaks as `<br/>` (paragraphs inside a cell, title lines). */
  hb.registerHelper('lines', (value: unknown) => {
    const s = String(need(value, 'lines'));
    return safe(s.split(/\r?\n/).map((l) => esc(l)).join('<br/>'));
  });

  /** `{{add a b}}` for counters. */
  hb.registerHelper('add', (a: number, b: number) => Number(a) + Number(b));

  /** `{{count list "items"}}`: the sum of the lengths of each entry's `items` (rows a group label spans). */
  hb.registerHelper('count', (list: unknown, key: string) =>
    (Array.isArray(list) ? list : []).reduce((n: number, x: Record<string, unknown>) => n + (Array.isArray(x[key]) ? (x[key] as unknown[]).length : 0), 0),
  );

  /** `{{#if (eq a b)}}`. */
  hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
}
