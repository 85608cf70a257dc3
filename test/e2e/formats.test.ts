/**
 * Each shipped format renders its fixture to PDF and DOCX; LibreOffice's rendering of the DOCX
 * has the pages and text of our PDF. The CLI lists formats, starts a packet of any format, and
 * copies a format that `render --templates` then uses.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { readPacketFile } from '../../src/model/parse.ts';
import { checkPacket } from '../../src/check/index.ts';
import { render, type RenderResult } from '../../src/render/index.ts';
import { convertDocxToPdf, describeIfSoffice } from '../helpers/soffice.ts';
import { extractPdfText, linesOf, type PdfTextPage } from '../helpers/pdftext.ts';
import { jixiao } from '../helpers/cli.ts';
import { ROOT } from '../helpers/sample.ts';

const squash = (s: string) => s.replace(/\s+/g, '');
const PAGE_NUMBER = /^—\d+—$/;
const textOf = (pages: PdfTextPage[]) => pages.map((p) => linesOf(p).map((l) => squash(l.text)).filter((t) => !PAGE_NUMBER.test(t)).join('')).join('');
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'jixiao-fmt-e2e-'));

const CASES = [
  {
    file: 'guangdong-city.yaml',
    pages: 3,
    expect: ['2021年XX市水务局整体支出绩效自评报告', '现将2021年XX市水务局整体支出绩效自评报告如下：', '（二）设置机构及人员情况', '4、加强水资源管理。', '预算执行率95.43%', '自评为“优秀”', '五、改进措施'],
  },
  {
    file: 'fujian.yaml',
    pages: 1,
    expect: ['部门整体支出绩效目标表', '（2019年度）', '部门预算编码', '302001', '232.21', '171.41', '目标3：做好档案查阅利用', '环境效益指标', '2019年12月', '（计划标准）', '≥60%', '环境效益指标≥95%'],
  },
];

describeIfSoffice('each shipped format renders its fixture; LibreOffice renders the DOCX alike', () => {
  const results: Record<string, { res: RenderResult; ours: PdfTextPage[]; lo: PdfTextPage[] }> = {};
  beforeAll(async () => {
    for (const c of CASES) {
      const parsed = readPacketFile(path.join(ROOT, 'fixtures', c.file));
      expect(parsed.diagnostics).toEqual([]);
      const res = await render(parsed.packet!);
      const dir = tmp();
      const pdf = res.files.find((f) => f.format === 'pdf')!;
      const docx = res.files.find((f) => f.format === 'docx')!;
      const docxFile = path.join(dir, 'out.docx');
      fs.writeFileSync(docxFile, docx.bytes);
      results[c.file] = { res, ours: await extractPdfText(pdf.bytes), lo: await extractPdfText(fs.readFileSync(await convertDocxToPdf(docxFile, dir))) };
    }
  }, 300_000);
  it.each(CASES)('$file: one PDF and one DOCX, the expected pages and texts', (c) => {
    const { res, ours, lo } = results[c.file]!;
    expect(res.files.map((f) => f.format)).toEqual(['pdf', 'docx']);
    expect(ours.length).toBe(c.pages);
    const text = textOf(ours);
    for (const s of c.expect) expect(text, s).toContain(s);
    expect(lo.length).toBe(ours.length);
    const loText = textOf(lo);
    for (const s of c.expect) expect(loText, `LibreOffice: ${s}`).toContain(s);
    // Page by page the same characters (stops aside: LibreOffice may not draw one hanging past the edge).
    const chars = (p: PdfTextPage) => [...textOf([p]).replace(/[，。、]/g, '')].sort().join('');
    ours.forEach((p, i) => expect(chars(lo[i]!), `page ${i + 1}`).toBe(chars(p)));
  });
});

describe('jixiao formats, init --format, new-format', () => {
  it('formats lists the three formats and their documents', () => {
    const r = jixiao(['formats']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^guangzhou {2}广州市部门整体预算绩效目标申报表与支出绩效自评报告\n {2}- 部门整体预算绩效目标申报表（declaration，文件 document attachment1）/);
    expect(r.stdout).toContain('fujian  福建省地级市部门整体支出绩效目标表');
    expect(r.stdout).toContain('guangdong-city  广东省地级市部门整体支出绩效自评报告');
    const json = JSON.parse(jixiao(['formats', '--json']).stdout);
    expect(json.map((f: { id: string }) => f.id)).toEqual(['guangzhou', 'fujian', 'guangdong-city']);
  });
  it('init --format fujian writes a Fujian starter: it parses, check lists exactly its empty fields', () => {
    const dir = tmp();
    const r = jixiao(['init', '--format', 'fujian', '--year', '2020', '--department', 'XX市测试局', '-o', 'p.yaml'], { cwd: dir });
    expect(r.code).toBe(0);
    const text = fs.readFileSync(path.join(dir, 'p.yaml'), 'utf8');
    expect(text).toContain('format: fujian');
    expect(text).toContain('# 部门预算编码');
    expect(text).toContain('# 指标解释');
    const parsed = readPacketFile(path.join(dir, 'p.yaml'));
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.packet!.declaration.year).toBe(2020);
    const ds = checkPacket(parsed.packet!).diagnostics;
    expect(new Set(ds.map((d) => d.code))).toEqual(new Set(['text.empty', 'amount.missing']));
    expect(ds.map((d) => d.path)).toContain('declaration.duties[0].items[0].amount');
    const schema = JSON.parse(fs.readFileSync(path.join(dir, 'packet.schema.json'), 'utf8'));
    expect(schema.properties.declaration.properties.code.title).toBe('部门预算编码');
  });
  it('new-format copies a format that render --templates uses', async () => {
    const dir = tmp();
    const r = jixiao(['new-format', 'my-city', '--from', 'guangdong-city'], { cwd: dir });
    expect(r.code).toBe(0);
    // The guide is named by its full path in the installed package, readable from any folder.
    expect(r.stderr + r.stdout).toContain(`修改说明见 see ${path.join(ROOT, 'templates', 'README.md')}\n`);
    const outline = path.join(dir, 'my-city', 'outline.yaml');
    fs.writeFileSync(outline, fs.readFileSync(outline, 'utf8').replace('heading: 改进措施', 'heading: 下一步工作计划'));
    const data = YAML.parse(fs.readFileSync(path.join(ROOT, 'fixtures', 'guangdong-city.yaml'), 'utf8'));
    fs.writeFileSync(path.join(dir, 'p.yaml'), YAML.stringify(data));
    data.report.outline = { omit: ['other'] };
    fs.writeFileSync(path.join(dir, 'p.yaml'), YAML.stringify(data));
    expect(jixiao(['check', 'p.yaml', '--templates', 'my-city'], { cwd: dir }).code).toBe(0);
    const out = jixiao(['render', 'p.yaml', '--templates', 'my-city', '--format', 'docx', '--out', 'out'], { cwd: dir });
    expect(out.code, out.stderr).toBe(0);
    expect(fs.readdirSync(path.join(dir, 'out'))).toEqual(['2021年XX市水务局整体支出绩效自评报告.docx']);
    const { unzipSync, strFromU8 } = await import('fflate');
    const xml = strFromU8(unzipSync(fs.readFileSync(path.join(dir, 'out', '2021年XX市水务局整体支出绩效自评报告.docx')))['word/document.xml']!);
    expect(xml).toContain('五、下一步工作计划');
    expect(xml).not.toContain('改进措施</w:t>');
  });
});

describe('an unknown format on the command line is a usage error (3), in a packet a data error (1)', () => {
  it.each([
    ['init --format nope', ['init', '--format', 'nope', '-o', 'p.yaml']],
    ['schema --format nope', ['schema', '--format', 'nope']],
    ['new-format x --from nope', ['new-format', 'x', '--from', 'nope']],
  ])('%s exits 3 naming the known formats, writing nothing', (_, args) => {
    const dir = tmp();
    const r = jixiao(args, { cwd: dir });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('找不到格式「nope」');
    expect(r.stderr).toContain('可用的格式：fujian、guangdong-city、guangzhou');
    expect(r.stderr).toContain('no format "nope"');
    expect(r.stdout).toBe('');
    expect(fs.readdirSync(dir)).toEqual([]);
  });
  it('init --format nope beside an existing packet.schema.json: still 3 (the format is resolved first), nothing touched', () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'packet.schema.json'), 'mine');
    const r = jixiao(['init', '--format', 'nope', '-o', 'n.yaml'], { cwd: dir });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('找不到格式「nope」');
    expect(r.stderr).not.toContain('已存在');
    expect(fs.readdirSync(dir)).toEqual(['packet.schema.json']);
    expect(fs.readFileSync(path.join(dir, 'packet.schema.json'), 'utf8')).toBe('mine');
  });
  it('format: nope in a packet: check exits 1 with the field named; --templates of a broken folder exits 4', () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'p.yaml'), fs.readFileSync(path.join(ROOT, 'fixtures', 'fujian.yaml'), 'utf8').replace(/^format: fujian$/m, 'format: nope'));
    const r = jixiao(['check', 'p.yaml'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toMatch(/p\.yaml:\d+:\d+: 错误 error 格式（format）\n {2}找不到格式「nope」/);
    fs.mkdirSync(path.join(dir, 'broken'));
    fs.writeFileSync(path.join(dir, 'broken', 'format.yaml'), 'id: [\n');
    const b = jixiao(['check', 'p.yaml', '--templates', 'broken'], { cwd: dir });
    expect(b.code).toBe(4);
    expect(b.stderr).toContain('format.yaml');
  });
});
