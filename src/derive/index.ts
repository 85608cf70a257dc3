/**
 * Derived figures of a packet: `derive(packet)` finds the packet's format and computes the
 * figures it declares (the arithmetic is in ./figures.ts, which the format module uses).
 */
import type { Packet } from '../model/schema.ts';
import { formatOf } from '../format/index.ts';
import type { Derived } from './figures.ts';

export { percent, deriveFigures, valuesAt, RATE_PLACES, type Percent, type Derived, type DerivedValue } from './figures.ts';

/** The figures of a packet, as its format declares them. */
export function derive(packet: Packet): Derived {
  return formatOf(packet).derive(packet);
}
