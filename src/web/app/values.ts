/**
 * Values as the form shows and stores them, without the page: amounts as people write them
 * (`5,093.50`), what a typed amount is saved as, the empty value of a new row.
 */
import type { FieldSpec } from './api.ts';

/** An empty value for a new row, shaped by the spec. */
export function emptyValue(spec: FieldSpec): unknown {
  switch (spec.kind) {
    case 'object':
      return Object.fromEntries((spec.fields ?? []).filter((f) => !f.optional).map((f) => [f.key, emptyValue(f)]));
    case 'list':
      // One empty row, so a new 一级指标 comes with its 二级 and one 三级 row to fill in.
      return spec.item ? [emptyValue(spec.item)] : [];
    case 'paragraphs':
      return [''];
    case 'amount':
    case 'score':
    case 'integer':
    case 'year':
      return null;
    default:
      return '';
  }
}

/** An amount as it shows in a cell: numbers with two places and thousands separators (no floats involved). */
export function showAmount(v: unknown, places = 2): string {
  if (v === null || v === undefined) return '';
  if (typeof v !== 'number') return String(v);
  const s = String(v);
  if (!/^-?\d+(\.\d+)?$/.test(s)) return s;
  const [int, frac = ''] = s.split('.');
  const digits = int!.replace('-', '');
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return (int!.startsWith('-') ? '-' : '') + grouped + (frac.length <= places ? '.' + frac.padEnd(places, '0') : '.' + frac);
}

/** What an amount cell's text is stored as: null when empty, a number when that keeps it exactly, else the text as typed. */
export function parseAmountInput(text: string): unknown {
  const t = text.trim();
  if (t === '') return null;
  if (/^-?\d+(\.\d+)?$/.test(t) && String(Number(t)) === t) return Number(t);
  return t;
}

/** A number-or-text cell: digits stay a number only when that keeps them exactly. */
export function cellValue(text: string): unknown {
  const v = parseAmountInput(text);
  return v === null ? '' : v;
}
