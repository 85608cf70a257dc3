/**
 * The importer's outline read from a format's own outline.yaml (issue 11's formats as data)
 * equals the built-in one it replaces: same headings, levels, fields, items and fixed sentences,
 * and the sample still round-trips with it. fixtures/import/format-outline-guangzhou.yaml is a
 * copy of templates/guangzhou/outline.yaml of the formats branch; once merged, that file is read too.
 */
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { outlineFromFormat } from '../src/import/outline-format.ts';
import { GUANGZHOU_OUTLINE } from '../src/import/outline-guangzhou.ts';
import { importBuffers, importBytes } from '../src/import/index.ts';
import { makeDocx } from './helpers/office.ts';
import { render } from '../src/render/index.ts';
import { parsePacket } from '../src/model/parse.ts';
import { ROOT, samplePacket } from './helpers/sample.ts';

const shipped = path.join(ROOT, 'templates/guangzhou/outline.yaml');
const sources = [path.join(ROOT, 'fixtures/import/format-outline-guangzhou.yaml'), ...(fs.existsSync(shipped) ? [shipped] : [])];
const strip = (o: typeof GUANGZHOU_OUTLINE) => o.sections.map((s) => ({ level: s.level, heading: s.heading, path: s.path, items: s.items, sentences: s.sentences?.map((x) => x.text) }));

describe.each(sources)('outline from %s', (file) => {
  const outline = outlineFromFormat('guangzhou', fs.readFileSync(file, 'utf8'), GUANGZHOU_OUTLINE);

  it('equals the built-in outline: headings, levels, fields, items, fixed sentences with full paths', () => {
    expect(strip(outline)).toEqual(strip(GUANGZHOU_OUTLINE));
    expect(outline.sections.find((s) => s.heading === '预算执行情况')!.sentences![0]!.position).toBe('first');
  });

  it('imports the sample’s DOCX to the same data', async () => {
    const r = await render(samplePacket(), { formats: ['docx'] });
    const result = importBuffers(r.files.map((f) => ({ name: `${f.document}.docx`, bytes: f.bytes })), { outline });
    const parsed = parsePacket(result.yaml);
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.packet).toEqual(samplePacket());
  });
});

describe('another format’s outline (guangdong-city, copied from the formats branch)', () => {
  const outline = outlineFromFormat('guangdong-city', fs.readFileSync(path.join(ROOT, 'fixtures/import/format-outline-guangdong-city.yaml'), 'utf8'), GUANGZHOU_OUTLINE);

  it('gives its headings, numbered lists and fixed sentences, loops inside a sentence included', () => {
    expect(outline.sections.map((s) => `${s.level}${s.heading}`).slice(0, 5)).toEqual(['1部门基本情况', '2部门职能', '2设置机构及人员情况', '2年度总体工作和重点工作任务', '2部门整体支出绩效目标']);
    const work = outline.sections.find((s) => s.heading === '年度总体工作和重点工作任务')!;
    expect([work.path, work.numbered]).toEqual(['report.work', '1、']);
    expect(outline.sections.find((s) => s.heading === '部门整体支出绩效目标')!.sentences![0]!.text).toContain('{{#each report.goals}}');
  });

  it('reads a report in that format: figures of its sentences, its numbered list without the numbers', () => {
    const docx = makeDocx([
      { text: '2021年某市某局整体支出绩效自评报告', style: 'Title' },
      { text: '一、部门基本情况' },
      { text: '（二）设置机构及人员情况' },
      { text: '某市某局成立于1983年，为行政单位，内设机构9个。2021年末实有编制45名，年末在职人数43人，离退休人数20人。' },
      { text: '（三）年度总体工作和重点工作任务' },
      { text: '1、抓好预算执行。' },
      { text: '2、推进绩效管理。' },
      { text: '二、部门整体支出情况' },
      { text: '2021年，我局全年预算数1,234.56万元，全年支出数1,200.00万元，预算执行率97.20%。其中：基本支出1,000.00万元，项目支出200.00万元。' },
    ], { styles: { Title: 'Title' } });
    const [piece] = importBytes(docx, 'gd.docx', { outline });
    const d = piece!.data as any;
    expect(d.report.work).toEqual(['抓好预算执行。', '推进绩效管理。']);
    expect(d.report.organization).toMatchObject({ founded: '1983', unitType: '行政单位', divisions: '9', quota: '45', staff: '43', retired: '20' });
    expect(d.department.selfReference).toBe('我局');
    expect([d.report.finance.budget, d.report.finance.executed, d.report.finance.basic, d.report.finance.project]).toEqual(['1,234.56', '1,200.00', '1,000.00', '200.00']);
  });
});

describe('outline edits for formats whose packets carry them (report.outline)', () => {
  const outline = outlineFromFormat('guangzhou', fs.readFileSync(path.join(ROOT, 'fixtures/import/format-outline-guangzhou.yaml'), 'utf8'), GUANGZHOU_OUTLINE);
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
    const [piece] = importBytes(docx, 'r.docx', { outline, outlineEdits: true });
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

  it('without them (today’s schema) the same text is kept as unplaced', () => {
    const [piece] = importBytes(docx, 'r.docx', { outline, outlineEdits: false });
    expect(piece!.unplaced.map((u) => u.text)).toEqual(['根据市财政局通知要求，现将自评情况报告如下：', '（二）设置机构及人员情况', '内设机构5个。']);
  });
});
