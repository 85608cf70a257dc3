/**
 * The importer on the format API: each shipped format's outline, labels and table layout come
 * from the format (Format.headings / outline / label / fields, plus its import.yaml), and a DOCX
 * rendered from each format's fixture imports to the same data.
 */
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { importBuffers, importBytes, importDetect, importOutline } from '../src/import/index.ts';
import { declarationWorkbook } from '../src/export/xlsx.ts';
import { makeDocx } from './helpers/office.ts';
import { render } from '../src/render/index.ts';
import { parsePacket } from '../src/model/parse.ts';
import { ROOT, samplePacket } from './helpers/sample.ts';

const fixture = (name: string) => {
  const file = path.join(ROOT, 'fixtures', name);
  const r = parsePacket(fs.readFileSync(file, 'utf8'), { file });
  if (!r.packet) throw new Error(JSON.stringify(r.diagnostics));
  return r.packet;
};

describe('the guangzhou outline from the format', () => {
  const o = importOutline('guangzhou');
  it('has the headings, levels, fields and fixed sentences (full paths) the built-in outline had', () => {
    expect(o.sections.map((s) => `${s.level}${s.heading}→${s.path ?? ''}`)).toEqual([
      '1基本情况→', '2部门概况→report.overview', '2年度工作和重点工作任务→report.work', '2部门整体收支情况→report.finance.goal', '2部门整体绩效管理情况→report.performanceManagement',
      '1综合评价分析→', '2自评结论综述→', '2履职效能分析→report.effectiveness.intro', '2管理效率分析→', '3预算编制情况→report.efficiency.budgeting',
      '3预算执行情况→report.efficiency.execution.paragraphs', '3绩效管理情况→report.efficiency.performance', '3政府采购情况→report.efficiency.procurement.intro', '3资产管理情况→report.efficiency.assets',
      '1存在的主要问题→report.problems', '1下一步改进措施→report.measures',
    ]);
    const exec = o.sections.find((s) => s.id === 'execution')!;
    expect(exec.sentences![0]!.text).toBe('{{report.efficiency.execution.lead}}{{report.year}}年，{{department.selfReference}}全年预算数{{amount report.finance.budget grouping=false}}万元，本年支出数{{amount report.efficiency.execution.spent grouping=false}}万元，支出进度为{{percent derived.report.spendingRate}}。');
    expect(exec.sentences![0]!.position).toBe('first');
    expect(o.sections.find((s) => s.id === 'overview')!.aliases).toContain('单位概况'); // from import.yaml
    expect(o.declaration!.cells.find((c) => c.path === 'declaration.budget.basic')).toMatchObject({ label: '基本支出', kind: 'amount', section: '预算整体情况' });
    expect(o.reportTitle).toBe('{{report.year}}年度{{department.name}}部门整体支出绩效自评报告');
  });
});

describe('guangdong-city: a DOCX rendered from the fixture imports to the same data', () => {
  it('grade, preface (notice, number, process), the 1、 list, staff figures in the sentence, goals in 一是…；二是…。', async () => {
    const packet = fixture('guangdong-city.yaml');
    const r = await render(packet, { formats: ['docx'] });
    const files = r.files.map((f) => ({ name: `${f.document}.docx`, bytes: f.bytes }));
    const result = importBuffers(files, { format: 'guangdong-city' });
    const d = result.data as any;
    expect(d.format).toBe('guangdong-city');
    expect(d.report.grade).toBe('优秀');
    expect(d.report.notice).toEqual(packet.report!.notice);
    expect(d.report.work[0]).toBe('推进水利基础设施建设。完成城区防洪排涝提升工程主体工程，加固病险水库3宗，整治中小河流27.6公里。');
    expect(d.report.organization).toMatchObject({ founded: 2002, unitType: '市政府工作部门（行政单位）', divisions: 9, quota: 58, staff: 54, retired: 31 });
    expect(d.report.goals).toHaveLength(4);
    expect(d.declaration).toBeUndefined(); // the packet carries only the documents found
    const parsed = parsePacket(result.yaml, { file: 'imported.yaml' });
    expect(parsed.diagnostics).toEqual([]);
    // The document date is read from the file's properties (the one the format gives the year).
    expect(parsed.packet).toEqual({ ...packet, documentDate: '2022-12-31' });
    expect(result.unplaced).toEqual([]);
    const again = await render(parsed.packet!, { formats: ['docx'] });
    expect(Buffer.compare(again.files[0]!.bytes, r.files[0]!.bytes)).toBe(0);
  });
});

describe('fujian: the 目标表 DOCX imports to the same data', () => {
  it('部门预算编码, 项目/基本支出, 目标1：… lines, 年度履职目标 with merged 部门职能 rows, indicators with 指标解释/目标值', async () => {
    const packet = fixture('fujian.yaml');
    const r = await render(packet, { formats: ['docx'] });
    const result = importBuffers(r.files.map((f) => ({ name: `${f.document}.docx`, bytes: f.bytes })), { format: 'fujian' });
    const parsed = parsePacket(result.yaml, { file: 'imported.yaml' });
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.packet).toEqual({ ...packet, documentDate: '2018-12-31' });
    expect(result.data.report).toBeUndefined();
    expect(result.unplaced).toEqual([]);
    const d = result.data as any;
    expect(d.declaration.duties[1].items).toHaveLength(2); // a 部门职能 merged over its rows is one entry
    expect(d.declaration.goals[0]).not.toMatch(/^目标/);
  });
});

describe('--format takes a folder as loadFormat does', () => {
  it('a copied format folder: its outline, and the packet names the folder', () => {
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'jixiao-fmt-')), 'my-format');
    fs.cpSync(path.join(ROOT, 'templates/guangdong-city'), dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'format.yaml'), fs.readFileSync(path.join(dir, 'format.yaml'), 'utf8').replace('id: guangdong-city', 'id: my-format'));
    fs.writeFileSync(path.join(dir, 'outline.yaml'), fs.readFileSync(path.join(dir, 'outline.yaml'), 'utf8').replace('heading: 存在的问题', 'heading: 存在的主要困难'));
    const docx = makeDocx([{ text: '一、部门基本情况' }, { text: '（一）部门职能' }, { text: '职能。' }, { text: '四、存在的主要困难' }, { text: '困难。' }]);
    const r = importBuffers([{ name: 'r.docx', bytes: docx }], { format: dir });
    const d = r.data as any;
    expect(d.format).toBe(dir);
    expect([d.report.functions, d.report.problems]).toEqual([['职能。'], ['困难。']]);
  });

  it('an import.yaml naming a field the format lacks is a template error naming the file and the field', () => {
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'jixiao-fmt-')), 'broken');
    fs.cpSync(path.join(ROOT, 'templates/fujian'), dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'import.yaml'), 'declaration:\n  cells: [declaration.nope]\n');
    expect(() => importOutline(dir)).toThrow(`${path.join(dir, 'import.yaml')}：格式中没有字段 declaration.nope`);
  });

  it('an unknown format is refused naming the formats there are', () => {
    expect(() => importOutline('no-such-format')).toThrow(/找不到格式「no-such-format」[\s\S]*guangzhou/);
  });
});

describe('outline edits for formats whose packets carry them (report.outline)', () => {
  const docx = makeDocx([
    { text: '2023年度某某局部门整体支出绩效自评报告', style: 'Title' },
    { text: '根据市财政局通知要求，现将自评情况报告如下：' },
    { text: '一、部门基本情况' },
    { text: '（一）部门概况' },
    { text: '概况。' },
    { text: '（二）设置机构及人员情况' },
    { text: '内设机构5个。' },
    { text: '（三）年度工作和重点工作任务' },
    { text: '工作。' },
  ]);

  it('writes the preface, an added sub-section (after the one before it) and the renamed heading as data', () => {
    const [piece] = importBytes(docx, 'r.docx');
    const d = piece!.data as any;
    expect(d.report.outline).toEqual({
      preface: ['根据市财政局通知要求，现将自评情况报告如下：'],
      headings: [{ id: 'basic', heading: '部门基本情况' }],
      sections: [{ after: 'overview', heading: '设置机构及人员情况', paragraphs: ['内设机构5个。'] }],
    });
    expect(d.report.overview).toEqual(['概况。']);
    expect(d.report.work).toEqual(['工作。']);
    expect(piece!.unplaced).toEqual([]);
  });

  it('the sample’s own DOCX still round-trips with no outline changes', async () => {
    const r = await render(samplePacket(), { formats: ['docx'] });
    const result = importBuffers(r.files.map((f) => ({ name: `${f.document}.docx`, bytes: f.bytes })));
    expect((result.data as any).report.outline).toBeUndefined();
    expect(parsePacket(result.yaml).packet).toEqual(samplePacket());
  });
});

describe('without a format: the shipped format that places the most of the files is chosen', () => {
  const detect = async (name: string) => {
    const packet = fixture(name);
    const r = await render(packet, { formats: ['docx'] });
    return { packet, files: r.files.map((f) => ({ name: `${f.document}.docx`, bytes: f.bytes })) };
  };
  it('the fujian 目标表 (DOCX and XLSX) is read as fujian, with 编码, budget and 履职目标, and names its format', async () => {
    const { packet, files } = await detect('fujian.yaml');
    const found = importDetect(files);
    expect(found.format).toBe('fujian');
    expect(found.scores[0]!.id).toBe('fujian');
    expect(found.scores[1]!.placed!).toBeLessThan(found.scores[0]!.placed!);
    expect(found.result.yaml).toMatch(/^format: fujian # 格式$/m);
    expect(parsePacket(found.result.yaml, { file: 'back.yaml' }).packet).toEqual({ ...packet, documentDate: '2018-12-31' });
    const xlsx = importDetect([{ name: 'fj.xlsx', bytes: declarationWorkbook(packet) }]);
    expect(xlsx.format).toBe('fujian');
    const back = parsePacket(xlsx.result.yaml, { file: 'back.yaml' }).packet as any;
    expect(back.declaration).toEqual(packet.declaration);
    expect(back.declaration.code).toBe('302001');
  });
  it('the guangdong-city report is read as guangdong-city; the guangzhou sample (both documents) as guangzhou', async () => {
    const gd = await detect('guangdong-city.yaml');
    const g = importDetect(gd.files);
    expect(g.format).toBe('guangdong-city');
    expect(parsePacket(g.result.yaml, { file: 'back.yaml' }).packet).toEqual({ ...gd.packet, documentDate: '2022-12-31' });
    const gz = await detect('sample.yaml');
    const z = importDetect(gz.files);
    expect(z.format).toBe('guangzhou');
    expect(z.result.yaml).toBe(importBuffers(gz.files, { format: 'guangzhou' }).yaml);
    // Each document alone too: the report by itself is not taken for guangdong-city's.
    expect(importDetect(gz.files.slice(1)).format).toBe('guangzhou');
  });
  it('a document no format reads well is refused (import.formatUnknown) with the formats to name', () => {
    const bytes = makeDocx([{ text: '会议纪要' }, { text: '今天讨论了食堂的菜单。' }, { text: '下周再议。' }]);
    let err: any;
    try { importDetect([{ name: 'minutes.docx', bytes }]); } catch (e) { err = e; }
    expect(err?.code).toBe('import.formatUnknown');
    expect(err.zh).toMatch(/^无法判断 minutes\.docx 属于哪种格式.*--format 指定：guangzhou（广州市.*）、.*guangdong-city（/);
    expect(err.en).toMatch(/name one with --format: guangzhou, (fujian|guangdong-city), /);
  });
});
