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

/**
 * An amount's text as the form shows it once the cell is left: `60` → `60.00`, `5093.5` →
 * `5,093.50`, `5,093.5` → `5,093.50`, like its neighbours. Digits only, on the text (no floats);
 * anything else (`约60`, `1,00`, more than two places) stays as typed for the check to name.
 */
export function tidyAmount(text: string): string {
  const t = text.trim();
  const grouped = /^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(t);
  if (!grouped && !/^-?\d+(\.\d+)?$/.test(t)) return text;
  const [int, frac = ''] = t.replace(/,/g, '').split('.');
  if (frac.length > 2) return text;
  const digits = int!.replace('-', '').replace(/^0+(?=\d)/, '');
  return (int!.startsWith('-') ? '-' : '') + digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + '.' + frac.padEnd(2, '0');
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
