/**
 * Every figure that can be computed from the data is computed here, never typed: the sums,
 * counts and rates a format declares under `derived:` in its format.yaml. Rounding is 四舍五入
 * (half up) to the places the format gives (the originals show two for budget execution, one for
 * procurement shares). The core knows how to sum, count and divide; which figures exist is data.
 *
 * This module takes the format's `derived:` specs as an argument; `derive(packet)` in ./index.ts
 * finds the packet's format first (src/format loads formats and uses this module).
 */
import { D, sum, type Dec } from '../model/money.ts';
import type { Packet } from '../model/schema.ts';
import type { DerivedSpec } from '../format/spec.ts';
import { valuesAt } from '../format/fields.ts';

export { valuesAt };

/** A share in per cent, rounded; `value` null = 不可比 (the base is zero). */
export interface Percent {
  /** Rounded per-cent value (96.67 for 96.67%), or null when the base is zero. */
  readonly value: Dec | null;
  /** Decimal places it was rounded to. */
  readonly places: number;
  /** The unrounded ratio × 100, for checks. */
  readonly exact: Dec | null;
  /** What prints when the base is zero (the format's wording). */
  readonly notComparable?: string;
}

/** One derived figure: an amount (sum), a count, a rate, or null when an input is missing. */
export type DerivedValue = Dec | Percent | number | null;

/** Derived figures, nested as the format names them (`derived.report.executionRate`). */
export interface Derived {
  readonly [key: string]: DerivedValue | Derived | any;
}

/** Default places of a rate. */
export const RATE_PLACES = 2;

/** part ÷ base as a rounded percentage; null base or part gives null, zero base gives 不可比. */
export function percent(part: Dec | null, base: Dec | null, places: number, notComparable?: string): Percent | null {
  if (part === null || base === null) return null;
  const nc = notComparable !== undefined ? { notComparable } : {};
  if (base.isZero()) return { value: null, places, exact: null, ...nc };
  const exact = part.div(base).times(100);
  return { value: exact.toDecimalPlaces(places, D.ROUND_HALF_UP), places, exact, ...nc };
}

/** Computes the format's derived figures in the order declared (later ones may use earlier ones). */
export function deriveFigures(
  specs: Readonly<Record<string, DerivedSpec>>,
  packet: Packet,
  parsePath: (p: string) => PropertyKey[],
  notComparable: string | undefined,
): Derived {
  const derived: Record<string, unknown> = {};
  const root = { ...packet, derived };
  const figures = (p: string): unknown[] => valuesAt(root, parsePath(p));
  const amounts = (paths: readonly string[]): Dec | null => {
    const vs = paths.flatMap(figures);
    // A part of the packet that is absent (the other document) or an amount not filled in: no figure.
    if (vs.length === 0 && paths.some((p) => valuesAt(root, parsePath(p).slice(0, 1))[0] === undefined)) return null;
    return vs.every((v) => D.isDecimal(v)) ? sum(vs as Dec[]) : null;
  };
  const one = (p: string): Dec | null => {
    const v = figures(p)[0];
    return D.isDecimal(v) ? (v as Dec) : null;
  };
  for (const [name, s] of Object.entries(specs)) {
    let value: DerivedValue = null;
    if (s.sum) value = amounts(s.sum);
    else if (s.count) value = figures(s.count).filter((v) => v !== undefined).length;
    else if (s.rate) value = percent(one(s.rate[0]), one(s.rate[1]), s.places ?? RATE_PLACES, s.notComparable ?? notComparable);
    setPath(derived, name.split('.'), value);
  }
  return derived as Derived;
}

function setPath(obj: Record<string, unknown>, keys: readonly string[], value: unknown): void {
  let o = obj;
  for (const k of keys.slice(0, -1)) o = (o[k] ??= {}) as Record<string, unknown>;
  o[keys[keys.length - 1]!] = value;
}
