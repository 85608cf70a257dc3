/**
 * A checked packet crosses to a batch worker without being parsed again: decimals travel as exact
 * strings and come back as decimals of the same value, through a real structured clone.
 */
import { describe, expect, it } from 'vitest';
import { checkPacket } from '../src/check/index.ts';
import { D } from '../src/model/money.ts';
import type { Packet } from '../src/model/schema.ts';
import type { Derived } from '../src/derive/index.ts';
import { fromWire, toWire } from '../src/batch/transfer.ts';
import { samplePacket } from './helpers/sample.ts';

describe('batch transfer', () => {
  it('round-trips a checked packet and its derived figures through structuredClone', () => {
    const packet = samplePacket();
    const derived = checkPacket(packet).derived;
    // Decimal values cannot be cloned as they are (each carries its constructor).
    expect(() => structuredClone(packet)).toThrow();
    const p = fromWire<Packet>(structuredClone(toWire(packet)));
    const d = fromWire<Derived>(structuredClone(toWire(derived)));
    expect(D.isDecimal(p.report.finance.budget)).toBe(true);
    expect(p.report.finance.budget!.toFixed(2)).toBe('9647.82');
    expect(p.report.finance.budget!.equals(packet.report.finance.budget!)).toBe(true);
    expect(p.department.name).toBe(packet.department.name);
    expect(p.report.work).toEqual(packet.report.work);
    // The worker renders from these without a second check: the figures are the check's.
    expect(JSON.stringify(d)).toBe(JSON.stringify(derived));
    expect(checkPacket(p).diagnostics).toEqual(checkPacket(packet).diagnostics);
  });

  it('leaves an object that merely looks like a tagged decimal alone when it has other keys', () => {
    expect(fromWire({ $decimal: '1.5', note: 'x' })).toEqual({ $decimal: '1.5', note: 'x' });
    expect(D.isDecimal(fromWire({ $decimal: '1.5' }))).toBe(true);
  });
});
