/** How figures print: amounts `9,647.82`, percentages `96.67%`, the 不可比 case. */
import type { Dec } from './money.ts';
import type { Percent } from '../derive/figures.ts';

export interface AmountFormat {
  /** Decimal places (2 for 万元). */
  readonly places?: number;
  /** Thousands separators (`9,647.82`); false gives `9647.82`. */
  readonly grouping?: boolean;
  /** Drop trailing zeros (`1,172.1`, `0`), as some sentences of the originals print. */
  readonly trim?: boolean;
}

/** Formats an amount, rounding half up to `places`. */
export function formatAmount(value: Dec, { places = 2, grouping = true, trim = false }: AmountFormat = {}): string {
  let s = value.toFixed(places);
  if (trim && s.includes('.')) s = s.replace(/0+$/, '').replace(/\.$/, '');
  if (!grouping) return s;
  const [int, frac] = s.split('.');
  const sign = int!.startsWith('-') ? '-' : '';
  const digits = sign ? int!.slice(1) : int!;
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return sign + grouped + (frac !== undefined ? '.' + frac : '');
}

/** Text printed where a share has a zero base (the original's wording). */
export const NOT_COMPARABLE = '-%（基数为0，不可比）';

/** Formats a percentage; `trim` prints 100.0 as 100. */
export function formatPercent(p: Percent, { trim = false }: { trim?: boolean } = {}): string {
  if (p.value === null) return p.notComparable ?? NOT_COMPARABLE;
  return formatAmount(p.value, { places: p.places, grouping: false, trim }) + '%';
}
