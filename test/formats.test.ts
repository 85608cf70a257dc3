/**
 * Formats as data: the three shipped formats, their JSON Schema (labels, kinds), checks that apply
 * only where a format declares them, labels in messages, and a report outline changed by data alone.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { describe, expect, it } from 'vitest';
import { listFormats, loadFormat } from '../src/format/index.ts';
import { parsePacket } from '../src/model/parse.ts';
import { checkPacket } from '../src/check/index.ts';
import { formatDiagnostic } from '../src/check/diagnostic.ts';
import { renderDocuments } from '../src/templates/index.ts';
import { derive } from '../src/derive/index.ts';
import { render } from '../src/render/index.ts';
import { EXIT, exitStatusOf } from '../src/cli/exit.ts';
import { JixiaoError } from '../src/errors.ts';
import type { TextBlock } from '../src/document/model.ts';
import { extractPdfText } from './helpers/pdftext.ts';
import { ROOT, parseData, sampleData } from './helpers/sample.ts';

const fixture = (name: string) => YAML.parse(fs.readFileSync(path.join(ROOT, 'fixtures', name), 'utf8'));
const parsed = (data: unknown) => {
  const r = parseData(data);
  if (!r.packet) throw new Error(JSON.stringify(r.diagnostics));
  return r.packet;
};
const headings = (packet: ReturnType<typeof parsed>, doc = 1) =>
  (renderDocuments(packet, derive(packet))[doc]!.document.sections[0]!.blocks as TextBlock[]).filter((b) => b.kind === 'heading').map((b) => b.runs.map((r) => r.text).join(''));
const texts = (packet: ReturnType<typeof parsed>, doc = 1) =>
  (renderDocuments(packet, derive(packet))[doc]!.document.sections[0]!.blocks as TextBlock[]).map((b) => b.runs?.map((r) => r.text).join('') ?? '');

describe('the shipped formats', () => {
  it('are listed with their documents', () => {
    expect(listFormats().map((f) => [f.id, f.documents.map((d) => `${d.part}:${d.title}`)])).toEqual([
      ['guangzhou', ['declaration:部门整体预算绩效目标申报表', 'report:部门整体支出绩效自评报告']],
      ['fujian', ['declaration:部门整体支出绩效目标表']],
      ['guangdong-city', ['report:部门整体支出绩效自评报告']],
    ]);
  });
  it.each(['guangzhou', 'guangdong-city', 'fujian'])('%s: every property of the JSON Schema has a title and a kind', (id) => {
    const schema = loadFormat(id).jsonSchema() as any;
    const missing: string[] = [];
    const visit = (s: any, p: string) => {
      if (!s.title || !s['x-jixiao']?.kind) missing.push(p);
      for (const [k, sub] of Object.entries(s.properties ?? {})) visit(sub, `${p}.${k}`);
      // A paragraphs field's entries are its paragraphs (plain strings, no label of their own).
      if (s.items && s['x-jixiao']?.kind === 'list') visit(s.items, `${p}[]`);
    };
    for (const [k, sub] of Object.entries(schema.properties)) visit(sub, k);
    expect(missing).toEqual([]);
    expect(schema.properties.format.examples).toEqual([id]);
  });
  it('the outline headings, numbered, with the fields their paragraphs come from (for importers)', () => {
    const h = loadFormat('guangzhou').headings('attachment2');
    expect(h.slice(0, 3)).toEqual([
      { id: 'basic', level: 1, heading: '基本情况', numbered: '一、基本情况', optional: false, fields: [] },
      { id: 'overview', level: 2, heading: '部门概况', numbered: '（一）部门概况', optional: false, fields: ['report.overview'] },
      { id: 'work', level: 2, heading: '年度工作和重点工作任务', numbered: '（二）年度工作和重点工作任务', optional: false, fields: ['report.work'] },
    ]);
    expect(h.find((x) => x.id === 'assets')).toMatchObject({ level: 3, numbered: '5.资产管理情况' });
    expect(loadFormat('guangdong-city').headings('report').map((x) => x.numbered)).toContain('（二）设置机构及人员情况');
    expect(loadFormat('fujian').headings('target-table')).toEqual([]);
  });
  it('the JSON Schema carries the labels as the forms print them', () => {
    const fj = loadFormat('fujian').jsonSchema() as any;
    const decl = fj.properties.declaration;
    expect(decl['x-jixiao']).toMatchObject({ kind: 'object', document: 'target-table' });
    expect(decl.properties.code).toMatchObject({ title: '部门预算编码', maxLength: 20, 'x-jixiao': { kind: 'cell' } });
    expect(decl.properties.duties.items.properties.items.items.properties.name.title).toBe('支出项目名称');
    const gd = loadFormat('guangdong-city').jsonSchema() as any;
    expect(gd.properties.report.properties.grade).toMatchObject({ title: '自评等级', 'x-jixiao': { kind: 'choice', choices: ['优秀', '良好', '中', '差'] } });
    expect(gd.properties.report.properties.organization.properties.staff['x-jixiao'].kind).toBe('integer');
    expect(gd.properties.report.properties.other['x-jixiao']).toEqual({ kind: 'paragraphs', optional: true });
  });
  it.each([
    ['sample.yaml', 'guangzhou'],
    ['guangdong-city.yaml', 'guangdong-city'],
    ['fujian.yaml', 'fujian'],
  ])('%s parses with its format and passes check', (file, id) => {
    const r = parsePacket(fs.readFileSync(path.join(ROOT, 'fixtures', file), 'utf8'), { file: path.join(ROOT, 'fixtures', file) });
    expect(r.diagnostics).toEqual([]);
    const c = checkPacket(r.packet!, r.locate);
    expect(c.errors).toBe(0);
    expect(loadFormat(id).dir).toBe(path.join(ROOT, 'templates', id));
  });
});

describe('checks apply where the format declares them', () => {
  it('Fujian: the items with their 基本支出 line add up to 资金总额, and 项目支出 is no sum rule', () => {
    const p = parsed(fixture('fujian.yaml'));
    const c = checkPacket(p);
    expect(c.diagnostics).toEqual([]);
    expect(c.derived.declaration.total.toFixed(2)).toBe('232.21');
    expect(c.derived.declaration.dutiesTotal.toFixed(2)).toBe('232.21');
  });
  it('Fujian: items that miss 资金总额 are refused by the Fujian rule, with labels', () => {
    const d = fixture('fujian.yaml');
    d.declaration.duties[0].items[0].amount = 170.41;
    const ds = checkPacket(parsed(d)).diagnostics;
    expect(ds).toEqual([expect.objectContaining({ code: 'duties.total', path: 'declaration.duties', label: '年度履职目标' })]);
    expect(ds[0]!.zh).toBe('年度履职目标预算金额合计 231.21，应等于资金总额 232.21（相差 -1.00）');
    expect(formatDiagnostic(ds[0]!)).toContain('错误 error 年度履职目标（declaration.duties）');
  });
  it('the English of a sum rule reads without a stray "="', () => {
    const d = fixture('fujian.yaml');
    d.declaration.duties[0].items[0].amount = 170.41;
    const [e] = checkPacket(parsed(d)).diagnostics;
    expect(e!.en).toBe("the duties' items add up to 231.21, expected to equal total funds 232.21 (difference -1.00)");
  });
  it('a sum rule whose figure rests on a refused value (negative 基本支出) adds no second error', () => {
    const d = fixture('fujian.yaml');
    d.declaration.budget.basic = -110.3; // 资金总额 = 60.80 - 110.30 = -49.50 ≠ the items' 232.21
    const ds = checkPacket(parsed(d)).diagnostics;
    expect(ds.map((x) => [x.code, x.path])).toEqual([['amount.negative', 'declaration.budget.basic']]);
    expect(ds[0]!.zh).toBe('金额不能为负数，实际为 -110.30');
  });
  it('a sum rule whose items include a refused value (negative amount) adds no second error', () => {
    const d = fixture('fujian.yaml');
    d.declaration.duties[1].items[0].amount = -25;
    const ds = checkPacket(parsed(d)).diagnostics;
    expect(ds.map((x) => [x.code, x.path])).toEqual([['amount.negative', 'declaration.duties[1].items[0].amount']]);
  });
  it('the older framework allows 环境效益指标 in Fujian; the national one refuses it in Guangzhou', () => {
    expect(checkPacket(parsed(fixture('fujian.yaml'))).errors).toBe(0);
    const d = sampleData();
    d.declaration.indicators[1].groups[0].level2 = '环境效益指标';
    const ds = checkPacket(parsed(d)).diagnostics.filter((x) => x.severity === 'error');
    expect(ds).toEqual([expect.objectContaining({ code: 'indicator.level2', path: 'declaration.indicators[1].groups[0].level2', label: '二级指标' })]);
  });
  it('a bare number in a text cell is its text (目标值 1), unquoted', () => {
    const p = parsed(fixture('fujian.yaml'));
    expect(p.declaration.indicators[0].groups[0].items[2].target).toBe('1');
    expect(p.declaration.code).toBe('302001');
    const d = sampleData();
    d.declaration.indicators[0].groups[0].items[0].annualValue = 108;
    expect(parsed(d).declaration.indicators[0].groups[0].items[0].annualValue).toBe('108');
  });
  it('Guangdong: a grade not on the list is refused with the choices; staff not yet known is listed', () => {
    const d = fixture('guangdong-city.yaml');
    d.report.grade = '很好';
    const r = parseData(d);
    expect(r.diagnostics).toEqual([expect.objectContaining({ path: 'report.grade', label: '自评等级', code: 'input.choice' })]);
    expect(r.diagnostics[0]!.zh).toBe('「很好」不是可选值，应为 优秀、良好、中、差 之一');
    const e = fixture('guangdong-city.yaml');
    e.report.organization.staff = null;
    const ds = checkPacket(parsed(e)).diagnostics;
    expect(ds).toEqual([expect.objectContaining({ code: 'value.missing', path: 'report.organization.staff', label: '年末在职人数' })]);
  });
  it('Guangdong: 基本支出 + 项目支出 must make 全年支出数', () => {
    const d = fixture('guangdong-city.yaml');
    d.report.finance.project = 700;
    const ds = checkPacket(parsed(d)).diagnostics;
    expect(ds.map((x) => `${x.code} ${x.label} ${x.zh}`)).toEqual(['spending.split 基本支出 基本支出 + 项目支出 1,826.30，应等于全年支出数 1,863.42（相差 -37.12）']);
  });
  it('messages name the field by its label before the path', () => {
    const d = sampleData();
    d.declaration.budget.basic = -1;
    const ds = checkPacket(parsed(d)).diagnostics;
    expect(formatDiagnostic(ds.find((x) => x.code === 'amount.negative')!)).toContain('错误 error 基本支出（declaration.budget.basic）');
    expect(ds.find((x) => x.code === 'amount.negative')!.label).toBe('基本支出');
    d.declaration.tasks[2].amount = null;
    const missing = checkPacket(parsed(d)).diagnostics.find((x) => x.code === 'amount.missing')!;
    expect(formatDiagnostic(missing)).toContain('拟投入的资金（万元）（declaration.tasks[2].amount）');
  });
});

describe('format folders that cannot be used', () => {
  it('an older template folder (manifest.yaml) is named as such', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jixiao-old-'));
    fs.writeFileSync(path.join(dir, 'manifest.yaml'), 'documents: []\n');
    expect(() => loadFormat(dir)).toThrow(/旧式模板文件夹（manifest\.yaml，没有 format\.yaml）；请用 jixiao new-format/);
  });
  it('a format.yaml with a wrong kind names the file and key', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jixiao-bad-'));
    fs.cpSync(path.join(ROOT, 'templates', 'fujian'), dir, { recursive: true });
    const f = path.join(dir, 'format.yaml');
    fs.writeFileSync(f, fs.readFileSync(f, 'utf8').replace('code: { kind: cell', 'code: { kind: money'));
    expect(() => loadFormat(dir)).toThrow(/format\.yaml 的 fields\.declaration\.fields\.code\.kind 有误/);
  });
  it('a paragraph is named by its field and number', () => {
    const d = sampleData();
    d.report.problems = ['有内容', ''];
    const ds = checkPacket(parsed(d)).diagnostics.filter((x) => x.code === 'text.empty');
    expect(ds.map((x) => `${x.label}（${x.path}）`)).toEqual(['存在的主要问题第2段（report.problems[1]）']);
  });
});

describe('an unknown format: usage error on the command line, data error in a packet', () => {
  const thrown = (f: () => unknown): JixiaoError => {
    try {
      f();
    } catch (e) {
      if (e instanceof JixiaoError) return e;
      throw e;
    }
    throw new Error('nothing thrown');
  };
  it('loadFormat("nope") names the known formats in both languages; the CLI exits 3', () => {
    const e = thrown(() => loadFormat('nope'));
    expect(e.code).toBe('format.unknown');
    expect(e.zh).toMatch(/^找不到格式「nope」（.*nope[/\\]format\.yaml 不存在）；可用的格式：fujian、guangdong-city、guangzhou（jixiao formats 列出），或一个格式文件夹的路径$/);
    expect(e.en).toContain('no format "nope"');
    expect(e.en).toContain('formats: fujian, guangdong-city, guangzhou');
    expect(exitStatusOf(e)).toBe(EXIT.usage);
  });
  it('format: nope in a packet is an error in the data at its line, not a thrown error', () => {
    const r = parsePacket('department:\n  name: 测试局\nformat: nope\n', { file: 'p.yaml' });
    expect(r.packet).toBeUndefined();
    expect(r.diagnostics).toEqual([expect.objectContaining({ severity: 'error', code: 'input.format', path: 'format', label: '格式', line: 3 })]);
    expect(r.diagnostics[0]!.zh).toContain('找不到格式「nope」');
    expect(r.diagnostics[0]!.zh).toContain('fujian、guangdong-city、guangzhou');
  });
  it('a format folder that is there but broken stays an environment error (4), in a packet too', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jixiao-broken-'));
    fs.cpSync(path.join(ROOT, 'templates', 'fujian'), dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'format.yaml'), 'id: broken\nname: [\n');
    const e = thrown(() => loadFormat(dir));
    expect(e.code).toBe('template.read');
    expect(exitStatusOf(e)).toBe(EXIT.environment);
    const inPacket = thrown(() => parsePacket(`format: ${JSON.stringify(dir)}\n`));
    expect(inPacket.code).toBe('template.read');
  });
});

describe('wording a format sets once', () => {
  it('notComparable: a zero base prints the format\'s words', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jixiao-nc-'));
    fs.cpSync(path.join(ROOT, 'templates', 'guangzhou'), dir, { recursive: true });
    fs.appendFileSync(path.join(dir, 'format.yaml'), "\nnotComparable: '—（基数为零）'\n");
    const d = sampleData();
    d.format = dir;
    d.report.efficiency.procurement.works = 0;
    const t = texts(parsed(d)).join('');
    expect(t).toContain('工程采购授予中小企业合同金额占工程支出金额的—（基数为零），');
    expect(texts(parsed(sampleData())).join('')).toContain('工程支出金额的-%（基数为0，不可比）');
  });
});

describe('a packet carries either document or both', () => {
  it('the sample without its report renders only 附件1', async () => {
    const d = sampleData();
    delete d.report;
    const p = parsed(d);
    expect(checkPacket(p).errors).toBe(0);
    const res = await render(p, { formats: ['docx'] });
    expect(res.files.map((f) => f.document)).toEqual(['attachment1']);
    expect(res.warnings).toEqual([]); // the figure.twice warning is about the report
  });
});

describe('the report outline is extended by data, without template edits', () => {
  it('a preface and an extra sub-section come out in order, in the PDF text too', async () => {
    const d = sampleData();
    d.report.outline = {
      preface: ['根据《关于开展2023年度部门整体支出绩效自评工作的通知》要求，现将我办自评情况报告如下：'],
      sections: [{ after: 'overview', heading: '设置机构及人员情况', paragraphs: ['我办内设机构7个，年末在职人数58人。'] }],
    };
    const p = parsed(d);
    expect(checkPacket(p).errors).toBe(0);
    expect(headings(p).slice(0, 5)).toEqual(['一、基本情况', '（一）部门概况', '（二）设置机构及人员情况', '（三）年度工作和重点工作任务', '（四）部门整体收支情况']);
    const res = await render(p, { formats: ['pdf'] });
    const text = (await extractPdfText(res.files.find((f) => f.document === 'attachment2')!.bytes)).map((pg) => pg.items.map((i) => i.str).join('')).join('').replace(/\s+/g, '');
    const order = ['附件2', '根据《关于开展2023年度部门整体支出绩效自评工作的通知》要求', '一、基本情况', '（一）部门概况', '（二）设置机构及人员情况', '我办内设机构7个，年末在职人数58人。', '（三）年度工作和重点工作任务'];
    const at = order.map((s) => text.indexOf(s));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
  });
  it('a heading renamed for one department, an optional section left out, both renumbered', () => {
    const d = sampleData();
    d.report.outline = { headings: [{ id: 'basic', heading: '部门基本情况' }, { id: 'overview', heading: '部门职能' }], omit: ['performanceManagement'] };
    const h = headings(parsed(d));
    expect(h.slice(0, 5)).toEqual(['一、部门基本情况', '（一）部门职能', '（二）年度工作和重点工作任务', '（三）部门整体收支情况', '二、综合评价分析']);
  });
  it('an optional section with no text drops out; a required one cannot be omitted; unknown ids are named', () => {
    const d = sampleData();
    delete d.report.performanceManagement;
    expect(headings(parsed(d))).not.toContain('（四）部门整体绩效管理情况');
    const e = sampleData();
    e.report.outline = { omit: ['overview'], headings: [{ id: 'overveiw', heading: 'x' }] };
    const ds = checkPacket(parsed(e)).diagnostics.filter((x) => x.severity === 'error');
    expect(ds.map((x) => `${x.code} ${x.path}`)).toEqual(['outline.unknown report.outline.headings[0].id', 'outline.required report.outline.omit[0]']);
    expect(ds[1]!.zh).toContain('小节「部门概况」（overview）不可省略');
  });
  it('Guangdong: the preface from the notice, 1、 numbered work, 一是/二是 goals, the grade sentence', () => {
    const t = texts(parsed(fixture('guangdong-city.yaml')), 0);
    expect(t[0]).toBe('2021年XX市水务局整体支出绩效自评报告');
    expect(t[1]).toMatch(/^根据《关于开展2022年市级财政资金绩效自评工作的通知》（X财绩函〔2022〕2号）要求，我局及时布置自评任务，.*现将2021年XX市水务局整体支出绩效自评报告如下：$/);
    expect(t).toContain('XX市水务局成立于2002年，为市政府工作部门（行政单位），内设机构9个。2021年末实有编制58名，年末在职人数54人，离退休人数31人。');
    expect(t.some((s) => s.startsWith('2、落实河湖长制。'))).toBe(true);
    expect(t.find((s) => s.startsWith('我局部门整体支出绩效目标：'))).toMatch(/：一是完成年度水利工程建设任务，.*；四是预算执行率达到95%以上，资金使用规范、安全、有效。$/);
    expect(t).toContain('2021年，我局全年预算数1,952.60万元，全年支出数1,863.42万元，预算执行率95.43%。其中：基本支出1,126.30万元，项目支出737.12万元。');
    expect(t).toContain('经综合评价，我局2021年度部门整体支出绩效自评为“优秀”。');
    expect(t).not.toContain('六、其他需要说明的情况');
  });
});
