/**
 * A checked packet crossing to a worker thread. Structured cloning cannot copy decimal.js values
 * (each carries its constructor), so amounts travel as tagged strings and come back as the same
 * decimals: the worker renders the packet the main thread parsed and checked, without parsing
 * or checking it again.
 */
import { D } from '../model/money.ts';
import { FORMAT_DIR } from '../model/schema.ts';

/** The key a packet's format folder (the FORMAT_DIR symbol, which cloning drops) travels under. */
const WIRE_FORMAT_DIR = '$formatDir';

/** A decimal on the wire. */
interface WireDecimal {
  readonly $decimal: string;
}

const isWireDecimal = (v: object): v is WireDecimal => '$decimal' in v && typeof (v as WireDecimal).$decimal === 'string' && Object.keys(v).length === 1;

/** Copies `value` with every decimal replaced by its exact string, ready for postMessage. */
export function toWire(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (D.isDecimal(value)) return { $decimal: value.toString() } satisfies WireDecimal;
  if (Array.isArray(value)) return value.map(toWire);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = toWire(v);
  const dir = (value as { [FORMAT_DIR]?: unknown })[FORMAT_DIR];
  if (typeof dir === 'string') out[WIRE_FORMAT_DIR] = dir;
  return out;
}

/** The inverse of toWire: tagged strings become decimals again (the same values, exactly). */
export function fromWire<T>(value: unknown): T {
  return revive(value) as T;
}

function revive(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(revive);
  if (isWireDecimal(value)) return new D(value.$decimal);
  const out: Record<string | symbol, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === WIRE_FORMAT_DIR && typeof v === 'string') out[FORMAT_DIR] = v;
    else out[k] = revive(v);
  }
  return out;
}
