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
    ['５０９３．５', '5093.5'],
    ['８，０１９．０４', '8019.04'],
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

describe('file encodings', () => {
  it('a GBK or UTF-16 file is refused by name, a BOM is fine', async () => {
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const { readPacketFile } = await import('../src/model/parse.ts');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jixiao-enc-'));
    const gbk = path.join(dir, 'gbk.yaml');
    fs.writeFileSync(gbk, Buffer.from([0x64, 0x3a, 0x20, 0xbc, 0xd7, 0xbe, 0xd6, 0x0a])); // "d: 甲局" in GBK
    expect(() => readPacketFile(gbk)).toThrow(/不是 UTF-8 编码（看来是 GBK\/GB18030）/);
    const u16 = path.join(dir, 'u16.yaml');
    fs.writeFileSync(u16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('d: 1\n', 'utf16le')]));
    expect(() => readPacketFile(u16)).toThrow(/UTF-16/);
    const bom = path.join(dir, 'bom.yaml');
    fs.writeFileSync(bom, '\uFEFF' + fs.readFileSync(path.resolve(import.meta.dirname, '../fixtures/sample.yaml'), 'utf8'));
    expect(readPacketFile(bom).packet).toBeDefined();
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
  it.each([
    ['tab indentation', 'department:\n\tname: x\n', '2:1', '用了制表符（Tab）缩进，YAML 只能用空格缩进', 'Tabs are not allowed as indentation'],
    ['bad indentation', 'department:\n  name: x\n code: 1\n', '3:1', '缩进不一致：同一层的字段应从同一列开始', 'All mapping items must start at the same column'],
    ['unclosed double quote', 'department:\n  name: "x\n  code: 1\n', '4:1', '双引号没有闭合（缺少结尾的 "）', 'Missing closing "quote'],
    ['unclosed bracket', 'department:\n  name: [x\n', '3:1', '方括号 [ 没有配对的 ]，或它后面的行缩进不够', 'Flow sequence in block collection must be sufficiently indented and end with a ]'],
    ['duplicate key', 'a: 1\na: 2\n', '2:1', '同一层中有两个相同的字段名', 'Map keys must be unique'],
  ])('a YAML syntax error in Chinese words, line and column kept, the parser\'s English after /: %s', (_what, text, at, zh, en) => {
    try {
      parsePacket(text, { file: 'bad.yaml' });
      expect.unreachable();
    } catch (e) {
      expect((e as JixiaoError).code).toBe('input.syntax');
      expect((e as JixiaoError).zh).toBe(`bad.yaml:${at} 文件格式错误：${zh} / ${en}`);
      expect((e as JixiaoError).en).toBe(`bad.yaml:${at} cannot parse the file as YAML/JSON: ${en}`);
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
      expect.objectContaining({ code: 'input.unknownKey', path: 'declaration.budget', zh: '未知字段：basci（是否应为 basic？）', en: 'unknown key(s): basci (did you mean basic?)' }),
    ]);
  });
  it('a misspelt amount key: one error with the hint, no second 缺少字段 for the key the hint names', () => {
    const d = sampleData();
    d.declaration.budget.basci = d.declaration.budget.basic;
    delete d.declaration.budget.basic;
    expect(parseData(d).diagnostics.map((x) => [x.path, x.zh, x.en])).toEqual([
      ['declaration.budget', '未知字段：basci（是否应为 basic？）', 'unknown key(s): basci (did you mean basic?)'],
    ]);
  });
  it('a missing key the hint does not name is still reported', () => {
    const d = sampleData();
    d.declaration.budget.basci = d.declaration.budget.basic;
    delete d.declaration.budget.basic;
    delete d.declaration.budget.fiscal;
    expect(parseData(d).diagnostics.map((x) => [x.path, x.zh])).toEqual([
      ['declaration.budget.fiscal', '缺少字段'],
      ['declaration.budget', '未知字段：basci（是否应为 basic？）'],
    ]);
  });
  it('a misspelt top-level key is named with its nearest known key', () => {
    const d = sampleData();
    d.reprot = d.report;
    delete d.report;
    const r = parseData(d);
    expect(r.diagnostics.map((x) => x.zh)).toContain('未知字段：reprot（是否应为 report？）');
  });
  it('a score typed with its unit is refused as a score, not an amount', () => {
    const d = sampleData();
    d.report.score = '97.96分';
    expect(parseData(d).diagnostics.map((x) => [x.path, x.zh])).toEqual([['report.score', '「97.96分」不是分数，应为数字，如 5093.50 或 "5,093.50"']]);
  });
  it('true as an amount says so in Chinese', () => {
    const d = sampleData();
    d.declaration.budget.other = true;
    expect(parseData(d).diagnostics[0]!.zh).toBe('应为金额（数字），实际为布尔值（true/false）');
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
  it('a packet may carry one document; with neither, both are named', () => {
    const d = sampleData();
    delete d.report;
    const r = parseData(d);
    expect(r.diagnostics).toEqual([]);
    expect(r.packet!.report).toBeUndefined();
    delete d.declaration;
    const none = parseData(d);
    expect(none.diagnostics).toEqual([expect.objectContaining({ path: '(根 / root)', code: 'input.missing' })]);
    expect(none.diagnostics[0]!.zh).toContain('declaration（部门整体预算绩效目标申报表） 或 report（部门整体支出绩效自评报告）');
  });
  it('a shape error names the field by its label', () => {
    const d = sampleData();
    d.declaration.budget.basic = '五千';
    expect(parseData(d).diagnostics).toEqual([expect.objectContaining({ path: 'declaration.budget.basic', label: '基本支出' })]);
  });
  it('an unknown format is refused at format, naming the shipped ones', () => {
    const d = sampleData();
    d.format = 'shanghai';
    const r = parseData(d);
    expect(r.diagnostics).toEqual([expect.objectContaining({ path: 'format', code: 'input.format' })]);
    expect(r.diagnostics[0]!.zh).toContain('fujian、guangdong-city、guangzhou');
  });
});
