import { describe, expect, it } from 'vitest';
import { derive, percent } from '../src/derive/index.ts';
import { formatAmount, formatPercent } from '../src/model/format.ts';
import { D } from '../src/model/money.ts';
import { samplePacket } from './helpers/sample.ts';

describe('derived figures of the sample equal the originals', () => {
  const d = derive(samplePacket());
  const r = d.report;
  const p = r.procurement;
  it('budget execution rates (2 places, half up)', () => {
    expect(formatPercent(r.executionRate!)).toBe('96.67%');
    expect(formatPercent(r.spendingRate!)).toBe('97.02%');
  });
  it('procurement total and SME amount', () => {
    expect(formatAmount(p.total!)).toBe('1,758.16');
    expect(formatAmount(p.sme!, { trim: true })).toBe('1,172.1');
  });
  it('procurement shares (1 place), 100% and the 不可比 case', () => {
    expect(formatPercent(p.smeShare!)).toBe('66.7%');
    expect(formatPercent(p.smallMicroShare!)).toBe('10.8%');
    expect(formatPercent(p.goodsSmeShare!, { trim: true })).toBe('100%');
    expect(p.worksSmeShare!.value).toBeNull();
    expect(formatPercent(p.worksSmeShare!)).toBe('-%（基数为0，不可比）');
    expect(formatPercent(p.servicesSmeShare!)).toBe('62.1%');
  });
  it('declaration sums', () => {
    expect(formatAmount(d.declaration.spendingTotal!)).toBe('8,019.04');
    expect(formatAmount(d.declaration.incomeTotal!)).toBe('8,019.04');
    expect(formatAmount(d.declaration.levelTotal!)).toBe('8,019.04');
    expect(formatAmount(d.declaration.tasksTotal!)).toBe('2,925.54');
    expect(d.declaration.indicatorCount).toBe(26);
  });
});

describe('rounding and formatting', () => {
  it('rounds half up, not half even', () => {
    expect(percent(new D('1'), new D('8'), 1)!.value!.toString()).toBe('12.5');
    expect(percent(new D('0.125'), new D('1'), 1)!.value!.toString()).toBe('12.5');
    expect(percent(new D('0.00125'), new D('1'), 1)!.value!.toString()).toBe('0.1');
    expect(percent(new D('0.00025'), new D('1'), 2)!.value!.toString()).toBe('0.03');
  });
  it('ties round away from zero (四舍五入), where half-even would differ', () => {
    expect(formatAmount(new D('2.125'))).toBe('2.13'); // half-even: 2.12
    expect(formatAmount(new D('2.135'))).toBe('2.14');
    expect(formatAmount(new D('-2.125'))).toBe('-2.13');
    expect(formatAmount(new D('0.005'))).toBe('0.01'); // half-even: 0.00
    expect(percent(new D('1'), new D('40'), 1)!.value!.toString()).toBe('2.5');
    expect(percent(new D('0.0125'), new D('1'), 0)!.value!.toString()).toBe('1');
    expect(percent(new D('0.00625'), new D('1'), 2)!.value!.toString()).toBe('0.63'); // half-even: 0.62
  });
  it('zero base is 不可比, missing input is null', () => {
    expect(percent(new D(5), new D(0), 1)).toEqual({ value: null, places: 1, exact: null });
    expect(percent(null, new D(1), 1)).toBeNull();
  });
  it('formats amounts with grouping, places and trimming', () => {
    expect(formatAmount(new D('9647.82'))).toBe('9,647.82');
    expect(formatAmount(new D('9647.82'), { grouping: false })).toBe('9647.82');
    expect(formatAmount(new D('0'), { trim: true })).toBe('0');
    expect(formatAmount(new D('1234567.5'))).toBe('1,234,567.50');
    expect(formatAmount(new D('-1234.5'))).toBe('-1,234.50');
  });
});
