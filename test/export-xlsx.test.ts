import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { declarationWorkbook } from '../src/export/xlsx.ts';
import { importBuffers, importBytes, importFiles } from '../src/import/index.ts';
import { parsePacket } from '../src/model/parse.ts';
import { ROOT, samplePacket } from './helpers/sample.ts';
import { makeXlsx } from './helpers/office.ts';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'jixiao-xlsx-'));
const text = (bytes: Uint8Array, part: string) => new TextDecoder().decode(unzipSync(bytes)[part]);

describe('export --xlsx', () => {
  const bytes = declarationWorkbook(samplePacket());

  it('is laid out like the 申报表: merged labels, official labels, 万元 formats, drop-down lists', () => {
    const sheet = text(bytes, 'xl/worksheets/sheet1.xml');
    const strings = text(bytes, 'xl/sharedStrings.xml');
    // 预算整体情况 spans its six rows; 部门名称's value spans the seven value columns.
    expect(sheet).toContain('<mergeCell ref="A4:A9"/>');
    expect(sheet).toContain('<mergeCell ref="B3:H3"/>');
    // 绩效指标 spans header + 26 indicator rows; 产出指标 spans its 21 rows, 数量指标 its 19.
    expect(sheet).toMatch(/<mergeCell ref="A(\d+):A(\d+)"\/>(?![\s\S]*<mergeCell ref="A)/);
    const [, a0, a1] = /<mergeCell ref="A(\d+):A(\d+)"\/>(?![\s\S]*<mergeCell ref="A)/.exec(sheet)!;
    expect(Number(a1) - Number(a0)).toBe(26);
    expect(sheet).toContain(`<mergeCell ref="B${Number(a0) + 1}:B${Number(a0) + 21}"/>`);
    expect(sheet).toContain(`<mergeCell ref="C${Number(a0) + 1}:C${Number(a0) + 19}"/>`);
    for (const label of ['部门名称', '预算整体情况', '基本支出', '拟用于对下转移支付资金', '总体绩效目标', '年度重点工作任务', '其他需完成的任务（可选填）', '实施周期指标值']) expect(strings).toContain(`>${label}<`);
    expect(text(bytes, 'xl/styles.xml')).toContain('<numFmt numFmtId="164" formatCode="#,##0.00"/>');
    expect(sheet).toMatch(/<c r="D5" s="3"><v>5093\.5<\/v><\/c>/); // 基本支出 as a number, formatted #,##0.00
    expect(sheet).toContain(`sqref="B${Number(a0) + 1}:B${Number(a1)}"><formula1>"产出指标,效益指标,满意度指标,成本指标"</formula1>`);
    expect(sheet).toMatch(/<formula1>"数量指标,质量指标,时效指标,成本指标,[^"]*服务对象满意度指标"<\/formula1>/);
  });

  it('is the same bytes for the same packet', () => {
    expect(Buffer.compare(Buffer.from(declarationWorkbook(samplePacket())), Buffer.from(bytes))).toBe(0);
  });

  it('export → import gives the same declaration data', () => {
    const dir = tmp();
    const file = path.join(dir, 'decl.xlsx');
    fs.writeFileSync(file, bytes);
    const r = importFiles([file]);
    const parsed = parsePacket(r.yaml, { file: 'x.yaml' });
    expect(parsed.diagnostics).toEqual([]);
    const sample = samplePacket();
    expect(parsed.packet!.declaration).toEqual(sample.declaration);
    expect(parsed.packet!.department.name).toBe(sample.department.name);
    expect(parsed.packet!.documentDate).toBe(sample.documentDate);
  });
});

describe('import of a plain 申报表 sheet', () => {
  it('reads labels in the left column with values beside them: merged cells, blank rows, numbers as text', () => {
    const rows = [
      ['附件1：'],
      ['2026年度部门整体预算绩效目标申报表'],
      [],
      ['部门名称：广州市某某局'],
      ['预算整体情况', '部门预算支出', '预算金额（万元）', '收入来源', '预算金额（万元）'],
      [null, '基本支出', ' 1,200.50 ', '财政拨款', 1500.5],
      [null, '项目支出', '３００', '其他资金', '0'],
      [],
      [null, '事业发展性支出', '预算金额（万元）', '按预算级次划分', '预算金额（万元）'],
      [null, '财政专项资金', 0, '市本级使用资金', 1500.5000000000002],
      [null, '其他事业发展性支出', null, '拟用于对下转移支付资金', 0],
      ['总体绩效目标', '做好本年度各项工作。'],
      ['年度重点工作任务', '名称', '主要实施内容', '拟投入的资金（万元）', '期望达到的目标（概述）'],
      [null, '任务一', '内容一', '100.00', '目标一'],
      [],
      [null, '任务二', '内容二', 200, '目标二'],
      [null, '其他需完成的任务（可选填）'],
      ['绩效指标', '一级指标', '二级指标', '三级指标', '实施周期指标值', '年度指标值'],
      [null, '产出指标', '数量指标', '指标一', '全年', '1个'],
      [null, null, null, '指标二', '全年', '2个'],
      [null, null, '质量指标', '指标三', '全年', '100%'],
      [null, '满意度指标', '服务对象满意度指标', '满意度', '全年', '≥95%'],
    ];
    const [piece] = importBytes(makeXlsx(rows, { merges: ['A5:A11', 'B4:E4'] }), 'plain.xlsx');
    const d = piece!.data as any;
    expect(d.department.name).toBe('广州市某某局');
    expect(d.declaration.year).toBe(2026);
    expect(d.declaration.budget).toEqual({ basic: '1,200.50', project: '300.00', fiscal: '1,500.50', other: '0.00', specialFunds: '0.00', otherDevelopment: null, cityLevel: '1,500.50', transfer: '0.00' });
    expect(d.declaration.goal).toBe('做好本年度各项工作。');
    expect(d.declaration.tasks).toEqual([
      { name: '任务一', content: '内容一', amount: '100.00', target: '目标一' },
      { name: '任务二', content: '内容二', amount: '200.00', target: '目标二' },
    ]);
    expect(d.declaration.otherTasks).toBe('');
    expect(d.declaration.indicators).toEqual([
      { level1: '产出指标', groups: [
        { level2: '数量指标', items: [{ name: '指标一', periodValue: '全年', annualValue: '1个' }, { name: '指标二', periodValue: '全年', annualValue: '2个' }] },
        { level2: '质量指标', items: [{ name: '指标三', periodValue: '全年', annualValue: '100%' }] },
      ] },
      { level1: '满意度指标', groups: [{ level2: '服务对象满意度指标', items: [{ name: '满意度', periodValue: '全年', annualValue: '≥95%' }] }] },
    ]);
  });
});

describe('export --xlsx of a format laid out otherwise (fujian 目标表)', () => {
  const file = path.join(ROOT, 'fixtures/fujian.yaml');
  const packet = parsePacket(fs.readFileSync(file, 'utf8'), { file }).packet!;
  const bytes = declarationWorkbook(packet);

  it('has the format’s labels, a section label merged down, entries merged over their rows, its drop-down lists', () => {
    const sheet = text(bytes, 'xl/worksheets/sheet1.xml');
    const strings = text(bytes, 'xl/sharedStrings.xml');
    for (const label of ['部门整体支出绩效目标表', '（2019年度）', '部门（单位）名称', '部门预算编码', '年度预算安排（万元）', '年度履职目标', '支出项目名称', '指标解释', '目标值']) expect(strings).toContain(`>${label}<`);
    expect(text(bytes, 'xl/workbook.xml')).toContain('<sheet name="部门整体支出绩效目标表"');
    // 档案收集、整理与保管 has two 支出项目: its 部门职能 and 年度目标任务 cells span both rows.
    const duty = packet.declaration!.duties[1]!;
    expect(duty.items).toHaveLength(2);
    expect(sheet).toMatch(/<mergeCell ref="B(\d+):B(\d+)"\/>/);
    expect(sheet).toMatch(/<formula1>"产出指标,效益指标,满意度指标"<\/formula1>/);
    expect(sheet).toMatch(/<formula1>"[^"]*环境效益指标[^"]*"<\/formula1>/);
  });

  it('is the same bytes for the same packet, and export → import gives the same data', () => {
    expect(Buffer.compare(Buffer.from(declarationWorkbook(packet)), Buffer.from(bytes))).toBe(0);
    const [piece] = importBytes(bytes, 'fujian.xlsx', { format: 'fujian' });
    expect(piece!.unplaced).toEqual([]);
    const r = importBuffers([{ name: 'fujian.xlsx', bytes }], { format: 'fujian' });
    const parsed = parsePacket(r.yaml, { file: 'x.yaml' });
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.packet).toEqual({ ...packet, documentDate: '2018-12-31' });
  });

  it('a format with no table (guangdong-city, a report only) is refused by name', () => {
    const gd = path.join(ROOT, 'fixtures/guangdong-city.yaml');
    const p = parsePacket(fs.readFileSync(gd, 'utf8'), { file: gd }).packet!;
    expect(() => declarationWorkbook(p)).toThrow('格式「广东省地级市部门整体支出绩效自评报告」（guangdong-city）没有可导出为 Excel 的表格');
  });
});
