import { describe, expect, it } from 'vitest';
import { parsePacket } from '../src/model/parse.ts';
import { parseAmount } from '../src/model/money.ts';
import { JixiaoError } from '../src/errors.ts';
import { parseData, sampleData } from './helpers/sample.ts';

describe('amounts as people type them', () => {
  it.each([
    [5093.5, '5093.5'],
    ['5,093.50', '5093.5'],
    ['5093.50', '5093.5'],
    [' 8,019.04 ', '8019.04'],
    [0, '0'],
    ['1,234,567.89', '1234567.89'],
  ])('%j is accepted as %s', (input, value) => {
    const r = parseAmount(input);
    expect(r.ok && r.value.toString()).toBe(value);
  });
  it.each([
    ['abc', '不是金额'],
    ['5,09.50', '不是金额'],
    ['12,34', '不是金额'],
    [Number.POSITIVE_INFINITY, '不是有限数值'],
    [Number.NaN, '不是有限数值'],
    [1e21, '超出范围'],
    ['1.234', '小数位过多'],
    [1.005, '小数位过多'],
    [true, '应为金额'],
    [[1], '应为金额'],
  ])('%j is refused (%s)', (input, zh) => {
    const r = parseAmount(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.zh).toContain(zh);
  });
  it('1e400 typed in YAML (Infinity) is refused with the field path', () => {
    const r = parsePacket('declaration:\n  budget:\n    basic: 1e400\n');
    const d = r.diagnostics.find((x) => x.path === 'declaration.budget.basic');
    expect(d?.zh).toContain('不是有限数值');
    expect(d?.line).toBe(3);
  });
});

describe('text as pasted', () => {
  it('loses invisible characters and surrounding spaces', () => {
    const d = sampleData();
    d.department.name = ' 广州市\u200B戊局\u00AD ';
    d.declaration.indicators[1].level1 = '效益指标 ';
    d.report.problems = ['\uFEFF一是预算编制水平有待提升。\u200D  '];
    const p = parseData(d).packet!;
    expect(p.department.name).toBe('广州市戊局');
    expect(p.declaration.indicators[1]!.level1).toBe('效益指标');
    expect(p.report.problems).toEqual(['一是预算编制水平有待提升。']);
  });
});

describe('malformed files, wrong types and unknown keys', () => {
  it('a syntax error throws with line and column', () => {
    try {
      parsePacket('department:\n  name: [x\n', { file: 'bad.yaml' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(JixiaoError);
      expect((e as JixiaoError).code).toBe('input.syntax');
      expect((e as JixiaoError).zh).toMatch(/^bad\.yaml:\d+:\d+ 文件格式错误/);
    }
  });
  it('a broken JSON file throws with its position', () => {
    expect(() => parsePacket('{"department": {"name": "x",}', { file: 'bad.json' })).toThrow(/bad\.json:1:\d+/);
  });
  it('duplicate keys are a syntax error', () => {
    expect(() => parsePacket('a: 1\na: 2\n')).toThrow(JixiaoError);
  });
  it('a non-mapping document is refused', () => {
    expect(() => parsePacket('- 1\n- 2\n')).toThrow(/对象/);
  });
  it('unknown keys are named with their path', () => {
    const d = sampleData();
    d.declaration.budget.basci = 1;
    const r = parseData(d);
    expect(r.packet).toBeUndefined();
    expect(r.diagnostics).toEqual([
      expect.objectContaining({ code: 'input.unknownKey', path: 'declaration.budget', zh: expect.stringContaining('basci') }),
    ]);
  });
  it('wrong types say what was expected and found', () => {
    const d = sampleData();
    d.declaration.tasks[1].name = 42;
    d.report.year = '二〇二三';
    const r = parseData(d);
    expect(r.diagnostics.map((x) => [x.path, x.zh])).toEqual([
      ['declaration.tasks[1].name', '类型错误：应为文字，实际为数字'],
      ['report.year', '类型错误：应为数字，实际为文字'],
    ]);
    expect(r.diagnostics[0]!.en).toBe('wrong type: expected string, got number');
  });
  it('a bad amount is refused with its path', () => {
    const d = sampleData();
    d.declaration.tasks[2].amount = '二百七十六';
    const r = parseData(d);
    expect(r.diagnostics).toEqual([expect.objectContaining({ path: 'declaration.tasks[2].amount', code: 'input.amount' })]);
    expect(r.diagnostics[0]!.en).toContain('not an amount');
  });
  it.each(['2025-13-01', '2025-02-30', '2025-00-10', '25-01-01'])('documentDate %s is refused', (date) => {
    const d = sampleData();
    d.documentDate = date;
    const r = parseData(d);
    expect(r.diagnostics).toEqual([expect.objectContaining({ path: 'documentDate' })]);
  });
  it('a real documentDate (leap day) is accepted', () => {
    const d = sampleData();
    d.documentDate = '2024-02-29';
    expect(parseData(d).diagnostics).toEqual([]);
  });
  it('a missing section is named', () => {
    const d = sampleData();
    delete d.report;
    const r = parseData(d);
    expect(r.diagnostics).toEqual([expect.objectContaining({ path: 'report', code: 'input.missing' })]);
  });
});
