/**
 * Templates: the document tree of both attachments (reviewed snapshots), escaping of data,
 * helpers, template errors with name/line/field, a user's template folder, markup validation.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderDocuments, loadTemplates, DEFAULT_TEMPLATES } from '../src/templates/index.ts';
import { parseMarkup } from '../src/templates/markup.ts';
import { chineseNumber, ordinal } from '../src/templates/helpers.ts';
import { describeDocument } from '../src/document/describe.ts';
import { derive } from '../src/derive/index.ts';
import { render } from '../src/render/index.ts';
import { JixiaoError } from '../src/errors.ts';
import type { TextBlock } from '../src/document/model.ts';
import { parseData, sampleData, samplePacket } from './helpers/sample.ts';
import { extractPdfText } from './helpers/pdftext.ts';

const docsOf = (packet = samplePacket(), dir?: string) => renderDocuments(packet, derive(packet), loadTemplates(dir));

/** A copy of the default template folder that a test may change. */
function templateCopy(edit: (dir: string) => void): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jixiao-tpl-'));
  for (const f of fs.readdirSync(DEFAULT_TEMPLATES, { withFileTypes: true })) if (f.isFile()) fs.copyFileSync(path.join(DEFAULT_TEMPLATES, f.name), path.join(dir, f.name));
  edit(dir);
  return dir;
}

describe('document trees of the sample (reviewed snapshots)', () => {
  const docs = docsOf();
  it('file names', () => {
    expect(docs.map((d) => d.fileName)).toEqual([
      '附件1-中共广州市委外事工作委员会办公室2025年度部门整体预算绩效目标申报表',
      '附件2-中共广州市委外事工作委员会办公室2023年度部门整体支出绩效自评报告',
    ]);
  });
  it('附件1', () => expect(describeDocument(docs[0]!.document)).toMatchSnapshot());
  it('附件2', () => expect(describeDocument(docs[1]!.document)).toMatchSnapshot());
  it('附件2 headings follow 一、 → （一） → 1. with their styles', () => {
    const heads = docs[1]!.document.sections[0]!.blocks.filter((b): b is TextBlock => b.kind === 'heading');
    expect(heads.map((h) => `${h.level}${h.runs[0]!.text}`)).toEqual([
      '1一、基本情况', '2（一）部门概况', '2（二）年度工作和重点工作任务', '2（三）部门整体收支情况', '2（四）部门整体绩效管理情况',
      '1二、综合评价分析', '2（一）自评结论综述', '2（二）履职效能分析', '2（三）管理效率分析',
      '31.预算编制情况', '32.预算执行情况', '33.绩效管理情况', '34.政府采购情况', '35.资产管理情况',
      '1三、存在的主要问题', '1四、下一步改进措施',
    ]);
    expect(new Set(heads.filter((h) => h.level === 1).map((h) => h.style.font))).toEqual(new Set(['heiti']));
    expect(new Set(heads.filter((h) => h.level === 2).map((h) => h.style.font))).toEqual(new Set(['kaiti']));
    expect(heads.filter((h) => h.level === 3).every((h) => h.style.font === 'fangsong' && h.style.bold)).toBe(true);
  });
});

describe('data is escaped: it prints as itself', () => {
  it('< & " {{ }} in the data come out unchanged, in the model and in the PDF', async () => {
    const d = sampleData();
    const nasty = '<b>甲&乙</b> "{{report.year}}" \'x\' `y` a=b';
    d.report.problems = [nasty];
    d.declaration.tasks[0].content = '第一行<br/>\n第二行 & {{x}}';
    const packet = parseData(d).packet!;
    const [a1, a2] = docsOf(packet);
    const problems = a2!.document.sections[0]!.blocks.find((b) => b.kind === 'paragraph' && b.runs[0]?.text.startsWith('<b>')) as TextBlock;
    expect(problems.runs).toEqual([{ text: nasty }]);
    const table = a1!.document.sections[0]!.blocks.find((b) => b.kind === 'table')!;
    if (table.kind !== 'table') throw new Error();
    const cell = table.rows[9]!.cells[1]!;
    expect(cell.paragraphs.map((p) => p.map((r) => r.text).join(''))).toEqual(['第一行<br/>', '第二行 & {{x}}']);
    const res = await render(packet, { formats: ['pdf'] });
    const pages = await extractPdfText(res.files.find((f) => f.document === 'attachment2')!.bytes);
    const text = pages.flatMap((p) => p.items.map((i) => i.str)).join('').replace(/\s+/g, '');
    expect(text).toContain(nasty.replace(/\s+/g, ''));
  });
});

describe('helpers', () => {
  it('Chinese numbers and ordinals', () => {
    expect([1, 2, 10, 11, 20, 23, 99].map(chineseNumber)).toEqual(['一', '二', '十', '十一', '二十', '二十三', '九十九']);
    expect(ordinal(3, '一、')).toBe('三、');
    expect(ordinal(12, '（一）')).toBe('（十二）');
    expect(ordinal(4, '1.')).toBe('4.');
    expect(ordinal(10, '（1）')).toBe('（10）');
    expect(() => ordinal(1, 'a)')).toThrow(JixiaoError);
  });
  it('effectiveness items are numbered 1. 2. 3. 4. with a bold run-in heading', () => {
    const blocks = docsOf()[1]!.document.sections[0]!.blocks as TextBlock[];
    const runIns = blocks.filter((b) => b.kind === 'paragraph' && b.runs[0]?.bold).map((b) => b.runs[0]!.text);
    expect(runIns).toEqual(['1.主场外交活动点亮广州。', '2.“外事+”赋能“五外联动”。', '3.全球城市朋友圈释放新活力。', '4.外事服务品质持续提升。']);
  });
});

describe('template errors name the template, line and field', () => {
  it('a missing field', () => {
    const dir = templateCopy((d) => {
      const f = path.join(d, 'attachment2.hbs');
      fs.writeFileSync(f, fs.readFileSync(f, 'utf8').replace('{{else}}{{report.year}}年度', '{{else}}{{report.yaer}}年度'));
    });
    const line = fs.readFileSync(path.join(dir, 'attachment2.hbs'), 'utf8').split('\n').findIndex((l) => l.includes('report.yaer')) + 1;
    try {
      docsOf(samplePacket(), dir);
      expect.unreachable();
    } catch (e) {
      expect((e as JixiaoError).code).toBe('template.missingField');
      expect((e as JixiaoError).zh).toContain(`模板 attachment2.hbs 第 ${line} 行`);
      expect((e as JixiaoError).zh).toContain('数据中没有字段「report.yaer」');
      expect((e as JixiaoError).en).toContain(`line ${line}`);
    }
  });
  it('a Handlebars syntax error says what was expected', () => {
    const dir = templateCopy((d) => fs.appendFileSync(path.join(d, 'attachment1.hbs'), '{{#each x}}'));
    expect(() => docsOf(samplePacket(), dir)).toThrow(/attachment1\.hbs 第 \d+ 行：语法错误.*Expecting .*got 'EOF'/);
  });
  it('an unknown helper is called a helper', () => {
    const dir = templateCopy((d) => {
      const f = path.join(d, 'outline.yaml');
      fs.writeFileSync(f, fs.readFileSync(f, 'utf8').replace('{{amount report.finance.budget}}', '{{amout report.finance.budget}}'));
    });
    expect(() => docsOf(samplePacket(), dir)).toThrow(/没有名为「amout」的助手或字段/);
  });
  it('markup problems are refused with the element', () => {
    const styles = loadTemplates().styles;
    const ctx = { template: 't.hbs', styles, date: '2024-01-01' };
    const wrap = (s: string) => `<document title="t" author="a" subject="s"><section page="gongwen">${s}</section></document>`;
    expect(() => parseMarkup(wrap('<h5>x</h5>'), ctx)).toThrow(/未知元素 <h5>/);
    expect(() => parseMarkup(wrap('<p><h1>x</h1></p>'), ctx)).toThrow(/<h1> 不能放在 <p> 里/);
    expect(() => parseMarkup(wrap('<p colour="red">x</p>'), ctx)).toThrow(/没有属性 colour/);
    expect(() => parseMarkup(wrap('<p style="nope">x</p>'), ctx)).toThrow(/样式「nope」不存在/);
    expect(() => parseMarkup(wrap('<p>x'), ctx)).toThrow(/标记格式错误/);
    expect(() => parseMarkup(wrap('<table widths="10,10"><tr><td rowspan="0">x</td></tr></table>'), ctx)).toThrow(/rowspan「0」应为正整数/);
    expect(() => parseMarkup(wrap('<p><run font="arial">x</run></p>'), ctx)).toThrow(/字体角色「arial」无效/);
    expect(() => parseMarkup('<document title="t" author="a" subject="s"><section page="a5"><p>x</p></section></document>', ctx)).toThrow(/页面样式「a5」不存在/);
  });
  it('a broken styles.yaml names the file and key', () => {
    const dir = templateCopy((d) => {
      const f = path.join(d, 'styles.yaml');
      fs.writeFileSync(f, fs.readFileSync(f, 'utf8').replace('body:     { font: fangsong', 'body:     { font: comic'));
    });
    expect(() => loadTemplates(dir)).toThrow(/styles\.yaml 的 styles\.body\.font 有误/);
  });
});

describe("a user's template folder changes the output without code changes", () => {
  it('a changed title, font size and a preface paragraph', async () => {
    const dir = templateCopy((d) => {
      const hbs = path.join(d, 'attachment2.hbs');
      fs.writeFileSync(hbs, fs.readFileSync(hbs, 'utf8').replace('{{outline}}', '<p>根据通知要求，现将{{report.year}}年度自评情况报告如下。</p>\n{{outline}}'));
      const outline = path.join(d, 'outline.yaml');
      fs.writeFileSync(outline, fs.readFileSync(outline, 'utf8').replace('heading: 基本情况', 'heading: 部门基本情况'));
      const st = path.join(d, 'styles.yaml');
      fs.writeFileSync(st, fs.readFileSync(st, 'utf8').replace('title:    { font: xiaobiaosong, size: 22', 'title:    { font: heiti, size: 18'));
    });
    const res = await render(samplePacket(), { formats: ['pdf'], templates: dir });
    const doc = res.documents['attachment2']!;
    const blocks = doc.sections[0]!.blocks as TextBlock[];
    expect(blocks[2]!.runs[0]!.text).toBe('根据通知要求，现将2023年度自评情况报告如下。');
    expect(blocks[3]!.runs[0]!.text).toBe('一、部门基本情况');
    expect(blocks[1]!.style).toMatchObject({ font: 'heiti', size: 18 });
    const pages = await extractPdfText(res.files.find((f) => f.document === 'attachment2')!.bytes);
    const title = pages[0]!.items.find((i) => i.str.includes('2023'))!;
    expect(title.font).toBe('FandolHei-Regular');
    expect(title.size).toBeCloseTo(18, 1);
  });
});

describe('figures in sentences print as an official writes them', () => {
  it('a whole score has no .00, a zero procurement total is 0 like its parts', () => {
    const d = sampleData();
    d.report.score = 98;
    for (const k of ['goods', 'works', 'services', 'smeGoods', 'smeWorks', 'smeServices', 'smallMicro']) d.report.efficiency.procurement[k] = 0;
    const blocks = docsOf(parseData(d).packet!)[1]!.document.sections[0]!.blocks as TextBlock[];
    const text = blocks.map((b) => b.runs?.map((r) => r.text).join('') ?? '').join('');
    expect(text).toContain('经评价，我部门自评得分98分。');
    expect(text).toContain('政府采购支出总额0万元，其中：政府采购货物支出0万元、政府采购工程支出0万元、政府采购服务支出0万元。');
    expect(text).toContain('占政府采购支出总额的-%（基数为0，不可比）');
  });
});

describe('the report title', () => {
  it('is made from year and department by default', () => {
    const title = docsOf()[1]!.document.sections[0]!.blocks[1] as TextBlock;
    // With break hints (<wbr/>) after 年度 and after the name.
    expect(title.runs).toEqual([
      { text: '2023年度' },
      { text: '', breakHint: true },
      { text: '中共广州市委外事工作委员会办公室' },
      { text: '', breakHint: true },
      { text: '部门整体支出绩效自评报告' },
    ]);
  });
  it('may be given by the data, a line break marking where it splits', async () => {
    const d = sampleData();
    d.report.title = '2023年度中共广州市委外事工作\n委员会办公室部门整体支出绩效自评报告';
    const packet = parseData(d).packet!;
    const title = docsOf(packet)[1]!.document.sections[0]!.blocks[1] as TextBlock;
    expect(title.runs.map((r) => r.text)).toEqual(['2023年度中共广州市委外事工作', '\n', '委员会办公室部门整体支出绩效自评报告']);
    const res = await render(packet, { formats: ['pdf'] });
    const lines = res.layouts['attachment2']!.pages[0]!.boxes.filter((b) => b.kind === 'text').map((b) => (b.kind === 'text' ? b.text : ''));
    expect(lines[1]!.replace(/\s/g, '')).toBe('2023年度中共广州市委外事工作');
    expect(lines[2]!.replace(/\s/g, '')).toBe('委员会办公室部门整体支出绩效自评报告');
  });
});
