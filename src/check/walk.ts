/** Walks parsed packet data: every leaf (strings, Decimals, null) and every array, with its path. */
import { D } from '../model/money.ts';

export function walk(value: unknown, path: PropertyKey[], visit: (v: unknown, path: PropertyKey[]) => void): void {
  if (Array.isArray(value)) {
    visit(value, path);
    value.forEach((v, i) => walk(v, [...path, i], visit));
  } else if (value !== null && typeof value === 'object' && !D.isDecimal(value)) {
    for (const [k, v] of Object.entries(value)) walk(v, [...path, k], visit);
  } else {
    visit(value, path);
  }
}
