import { describe, expect, it } from 'vitest';
import { checkPacket } from '../src/check/index.ts';
import type { Diagnostic } from '../src/check/diagnostic.ts';
import { parseData, sampleData, samplePacket } from './helpers/sample.ts';

/** Checks raw data; fails the test if it does not even parse. */
function check(data: unknown): readonly Diagnostic[] {
  const r = parseData(data);
  if (!r.packet) throw new Error('did not parse: ' + JSON.stringify(r.diagnostics));
  return checkPacket(r.packet, r.locate).diagnostics;
}
const errors = (ds: readonly Diagnostic[]) => ds.filter((d) => d.severity === 'error');

describe('the sample fixture', () => {
  it('passes with no errors and exactly one warning: the two execution figures', () => {
    const ds = checkPacket(samplePacket()).diagnostics;
    expect(errors(ds)).toEqual([]);
    expect(ds).toHaveLength(1);
    expect(ds[0]).toMatchObject({ severity: 'warning', code: 'figure.twice', path: 'report.efficiency.execution.spent' });
    expect(ds[0]!.zh).toContain('9,360.25');
    expect(ds[0]!.zh).toContain('9,326.11');
    expect(ds[0]!.en).toContain('twice');
  });
});

describe('each check breaks the fixture one way', () => {
  it('budget totals: income side disagrees', () => {
    const d = sampleData();
    d.declaration.budget.fiscal = '8,000.00';
    const es = errors(check(d));
    expect(es).toHaveLength(1);
    expect(es[0]).toMatchObject({ code: 'budget.totals', path: 'declaration.budget.fiscal' });
    expect(es[0]!.zh).toContain('8,000.00');
    expect(es[0]!.zh).toContain('8,019.04');
    expect(es[0]!.en).toContain('expected to equal');
  });
  it('budget totals: by-level side disagrees', () => {
    const d = sampleData();
    d.declaration.budget.transfer = 1;
    const es = errors(check(d));
    expect(es.map((e) => [e.code, e.path])).toEqual([['budget.totals', 'declaration.budget.cityLevel']]);
    expect(es[0]!.zh).toContain('8,020.04');
  });
  it('key tasks must add up to 项目支出', () => {
    const d = sampleData();
    d.declaration.tasks[0].amount = 800;
    const es = errors(check(d));
    expect(es.map((e) => [e.code, e.path])).toEqual([['tasks.total', 'declaration.tasks']]);
    expect(es[0]!.zh).toContain('2,891.54');
    expect(es[0]!.zh).toContain('2,925.54');
    expect(es[0]!.zh).toContain('-34.00');
  });
  it('negative amounts are refused with path and value', () => {
    const d = sampleData();
    d.report.efficiency.procurement.smallMicro = -5;
    const es = errors(check(d));
    expect(es[0]).toMatchObject({ code: 'amount.negative', path: 'report.efficiency.procurement.smallMicro' });
    expect(es[0]!.zh).toContain('-5.00');
  });
  it('一级 indicator outside the national framework', () => {
    const d = sampleData();
    d.declaration.indicators[1].level1 = '效果指标';
    const es = errors(check(d));
    expect(es).toHaveLength(1);
    expect(es[0]).toMatchObject({ code: 'indicator.level1', path: 'declaration.indicators[1].level1' });
    expect(es[0]!.zh).toContain('效果指标');
    expect(es[0]!.zh).toContain('产出指标、效益指标、满意度指标、成本指标');
  });
  it('二级 indicator not allowed under its 一级', () => {
    const d = sampleData();
    d.declaration.indicators[2].groups[0].level2 = '质量指标';
    const es = errors(check(d));
    expect(es).toHaveLength(1);
    expect(es[0]).toMatchObject({ code: 'indicator.level2', path: 'declaration.indicators[2].groups[0].level2' });
    expect(es[0]!.zh).toContain('服务对象满意度指标');
  });
  it('empty required texts and lists', () => {
    const d = sampleData();
    d.declaration.goal = '  ';
    d.report.problems = [];
    d.declaration.otherTasks = ''; // optional: no finding
    const es = errors(check(d));
    expect(es.map((e) => [e.code, e.path])).toEqual([
      ['text.empty', 'declaration.goal'],
      ['list.empty', 'report.problems'],
    ]);
  });
  it('a missing amount is listed by path', () => {
    const d = sampleData();
    d.report.finance.budget = null;
    const es = errors(check(d));
    expect(es.map((e) => [e.code, e.path])).toEqual([['amount.missing', 'report.finance.budget']]);
  });
  it('a figure given twice with two values is a warning, not an error', () => {
    const d = sampleData();
    d.report.efficiency.execution.spent = d.report.finance.executed;
    expect(check(d)).toEqual([]);
  });
  it('procurement parts never exceed their whole', () => {
    const d = sampleData();
    d.report.efficiency.procurement.smeGoods = 300;
    const es = errors(check(d));
    expect(es[0]).toMatchObject({ code: 'procurement.part', path: 'report.efficiency.procurement.smeGoods' });
    expect(es[0]!.zh).toContain('300.00');
    expect(es[0]!.zh).toContain('213.53');
  });
  it('an all-zero budget is a warning on both attachments', () => {
    const d = sampleData();
    for (const k of Object.keys(d.declaration.budget)) d.declaration.budget[k] = 0;
    for (const t of d.declaration.tasks) t.amount = 0;
    d.report.finance.budget = 0;
    d.report.finance.executed = 0;
    d.report.efficiency.execution.spent = 0;
    const ds = check(d);
    expect(errors(ds)).toEqual([]);
    expect(ds.filter((x) => x.code === 'budget.zero').map((x) => x.path)).toEqual(['declaration.budget', 'report.finance.budget']);
  });
  it('score above 100', () => {
    const d = sampleData();
    d.report.score = 101;
    expect(errors(check(d)).map((e) => e.path)).toEqual(['report.score']);
  });
  it('findings carry the line of the field in a YAML file', async () => {
    const { parsePacket } = await import('../src/model/parse.ts');
    const { SAMPLE_TEXT } = await import('./helpers/sample.ts');
    const text = SAMPLE_TEXT.replace("basic: '5,093.50'", 'basic: -1');
    const r = parsePacket(text);
    const ds = checkPacket(r.packet!, r.locate).diagnostics.filter((x) => x.code === 'amount.negative');
    const line = text.split('\n').findIndex((l) => l.includes('basic: -1')) + 1;
    expect(ds[0]).toMatchObject({ path: 'declaration.budget.basic', line });
  });
});
