/**
 * A report as Word or WPS users make it: headings by built-in style (heading 1 / 标题 2) or only by
 * their typed numbering, Word's automatic numbering (numbering.xml) in front of the text, spaces
 * around figures, another bureau's wording of the score, a preface and a heading the format does
 * not have.
 */
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { importBuffers, importBytes, importFiles } from '../src/import/index.ts';
import { makeDocx, type Para } from './helpers/office.ts';

const paras: Para[] = [
  { text: '附件2' },
  { text: '2024年广州市某某局整体支出绩效自评报告', style: 'Title' }, // another bureau's title wording
  { text: '根据《关于开展2025年市级财政资金绩效自评工作的通知》要求，我局及时布置自评任务，形成本评价报告。' },
  { text: '基本情况', style: 'H1', num: { id: 1, lvl: 0 } }, // 一、 from numbering.xml
  { text: '部门概况', style: 'H2', num: { id: 1, lvl: 1 } }, // （一）
  { text: '我局为一级预算单位。' },
  { text: '内设机构5个。' },
  { text: '（二）年度工作和重点工作任务' }, // typed numbering, no style
  { text: '全年完成各项任务。' },
  { text: '（三）部门整体收支情况', style: 'ZhH2' },
  { text: '部门整体支出绩效目标：服务全市发展。' },
  { text: '全年预算数 1,000.00 万元，执行数 950.00 万元，完成预算的 95.00%。' },
  { text: '二、综合评价分析', style: 'H1' },
  { text: '（一）自评结论综述' },
  { text: '经评价，本单位自评得分为 92.5 分，等级为优秀。' },
  { text: '（二）履职效能分析' },
  { text: '全年履职情况良好。' },
  { text: '完成重点项目建设。', bold: '1.项目建设。' },
  { text: '继续推进。' },
  { text: '服务群众满意。', bold: '2.群众服务。' },
  { text: '五、其他需要说明的情况', style: 'H1' },
  { text: '无其他需要说明的情况。' },
  { text: '三、存在的主要问题', style: 'H1' },
  { text: '一是预算编制有待加强。' },
];
const styles = { H1: 'heading 1', H2: 'heading 2', ZhH2: '标题 2', Title: 'Title' };

describe('import of a report made in Word/WPS', () => {
  const [piece] = importBytes(makeDocx(paras, { styles }), 'word.docx');
  const d = piece!.data as any;

  it('finds headings by style, by Word numbering and by typed numbering, and maps them', () => {
    expect(d.report.year).toBe(2024);
    expect(d.department.name).toBe('广州市某某局');
    expect(d.report.overview).toEqual(['我局为一级预算单位。', '内设机构5个。']);
    expect(d.report.work).toEqual(['全年完成各项任务。']);
    expect(d.report.finance.goal).toEqual(['部门整体支出绩效目标：服务全市发展。']);
    expect(d.report.problems).toEqual(['一是预算编制有待加强。']);
  });

  it('reads figures with spaces around them, and a score in another wording', () => {
    expect(d.report.finance.budget).toBe('1,000.00');
    expect(d.report.finance.executed).toBe('950.00');
    expect(d.report.score).toBe(92.5);
    expect(piece!.notes.some((n) => n.look && n.zh.includes('「自评结论综述」措辞不同，只按数字前后文字读出：report.score=92.5'))).toBe(true);
  });

  it('makes run-in bold leads items, and the paragraphs after them the item’s', () => {
    expect(d.report.effectiveness.intro).toEqual(['全年履职情况良好。']);
    expect(d.report.effectiveness.items).toEqual([
      { title: '项目建设', paragraphs: ['完成重点项目建设。', '继续推进。'] },
      { title: '群众服务', paragraphs: ['服务群众满意。'] },
    ]);
  });

  it('writes the preface and a heading the format lacks as the packet’s outline changes (report.outline), in order', () => {
    expect(d.report.outline).toEqual({
      preface: ['根据《关于开展2025年市级财政资金绩效自评工作的通知》要求，我局及时布置自评任务，形成本评价报告。'],
      sections: [{ after: 'evaluation', heading: '其他需要说明的情况', paragraphs: ['无其他需要说明的情况。'] }],
    });
  });

  it('keeps what it cannot place, in order, with the heading it stood under', () => {
    expect(piece!.unplaced.map((u) => [u.under, u.text])).toEqual([['（一）自评结论综述', '经评价，本单位自评得分为 92.5 分，等级为优秀。']]);
    // Without outline changes (a format whose packets have none), the preface and the section are kept too.
    const [plain] = importBytes(makeDocx(paras, { styles }), 'word.docx', { outlineEdits: false });
    expect(plain!.unplaced.map((u) => [u.under, u.text])).toEqual([
      ['（开头 start）', '根据《关于开展2025年市级财政资金绩效自评工作的通知》要求，我局及时布置自评任务，形成本评价报告。'],
      ['（一）自评结论综述', '经评价，本单位自评得分为 92.5 分，等级为优秀。'],
      ['五、其他需要说明的情况', '五、其他需要说明的情况'],
      ['五、其他需要说明的情况', '无其他需要说明的情况。'],
    ]);
    // The title differs from the format's default wording, so it is kept as report.title.
    expect(d.report.title).toBe('2024年广州市某某局整体支出绩效自评报告');
  });

  it('writes the unplaced paragraphs, in order, into a marked comment block at the end of the YAML', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'jixiao-word-')), 'word.docx');
    fs.writeFileSync(file, makeDocx(paras, { styles }));
    const { yaml } = importFiles([file]);
    const block = yaml.slice(yaml.indexOf('# ═════════════ 未能归入字段的段落 UNPLACED PARAGRAPHS ═════════════'));
    expect(block).toMatch(/【位于 under: （一）自评结论综述】措辞与格式的固定句式「自评结论综述」不同.*\n#   经评价，本单位自评得分为 92.5 分，等级为优秀。/);
    expect(yaml).toMatch(/^ {4}# 前言\n {4}preface:\n {6}- 根据《关于开展2025年市级财政资金绩效自评工作的通知》要求/m);
    expect(yaml).toMatch(/^ {8}heading: 其他需要说明的情况 # 标题$/m);
    expect(yaml).toMatch(/^# 需人工核对 \/ please check:$/m);
  });
});

describe('import of a declaration table made in Word', () => {
  it('keeps the paragraphs around the table (not its label and title) and reads the table', () => {
    const cell = (t: string, span = 1, vmerge = '') => `<w:tc><w:tcPr>${span > 1 ? `<w:gridSpan w:val="${span}"/>` : ''}${vmerge ? `<w:vMerge w:val="${vmerge}"/>` : ''}</w:tcPr><w:p><w:r><w:t>${t}</w:t></w:r></w:p></w:tc>`;
    const row = (...cells: string[]) => `<w:tr>${cells.join('')}</w:tr>`;
    const body =
      '<w:p><w:r><w:t>附件1：</w:t></w:r></w:p><w:p><w:r><w:t>2026年度部门整体预算绩效目标申报表</w:t></w:r></w:p>' +
      '<w:tbl><w:tblGrid><w:gridCol w:w="1000"/><w:gridCol w:w="1000"/><w:gridCol w:w="1000"/></w:tblGrid>' +
      row(cell('部门名称'), cell('某某局', 2)) +
      row(cell('预算整体情况', 1, 'restart'), cell('基本支出'), cell('1,234.50')) +
      row(cell('', 1, 'continue'), cell('项目支出'), cell('0')) +
      '</w:tbl><w:p><w:r><w:t>填报说明：金额单位为万元。</w:t></w:r></w:p>';
    const bytes = makeDocx([], { rawDocument: `<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>` });
    const pieces = importBytes(bytes, 'decl.docx');
    expect(pieces.map((p) => p.kind)).toEqual(['declaration']);
    const d = pieces[0]!.data as any;
    expect(d.department.name).toBe('某某局');
    expect(d.declaration.year).toBe(2026);
    expect(d.declaration.budget).toEqual({ basic: '1,234.50', project: '0.00' });
    expect(pieces[0]!.unplaced.map((u) => u.text)).toEqual(['填报说明：金额单位为万元。']);
  });
});

describe('numbered list items are not headings', () => {
  it('一、… ending in 。 stays a paragraph of its section', () => {
    const [piece] = importBytes(makeDocx([
      { text: '三、存在的主要问题' },
      { text: '一、预算编制有待加强。' },
      { text: '二、执行进度有待提高。' },
      { text: '四、下一步改进措施' },
      { text: '（一）加强预算编制' },
      { text: '从源头抓好预算编制。' },
    ]), 'list.docx');
    const d = piece!.data as any;
    expect(d.report.problems).toEqual(['一、预算编制有待加强。', '二、执行进度有待提高。']);
    // A sub-heading the outline lacks, under a section with a field: kept there as a paragraph, flagged.
    expect(d.report.measures).toEqual(['（一）加强预算编制', '从源头抓好预算编制。']);
    expect(piece!.notes.some((n) => n.look && n.zh.startsWith('小标题「（一）加强预算编制」不在格式的提纲中'))).toBe(true);
  });
});

describe('the department and year from the title', () => {
  const one = (title: string, creator?: string) => {
    const core = `<?xml version="1.0"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">${creator ? `<dc:creator>${creator}</dc:creator>` : ''}</cp:coreProperties>`;
    const bytes = makeDocx([{ text: title }, { text: '一、基本情况' }, { text: '（一）部门概况' }, { text: '概况。' }], { extra: { 'docProps/core.xml': core } });
    const r = importBuffers([{ name: 'r.docx', bytes }]);
    return r.data as any;
  };
  it('reads `XX局2023年度整体支出绩效自评报告` as well as `2023年度XX局部门整体…`', () => {
    const d = one('广州市某某局2023年度整体支出绩效自评报告');
    expect([d.department.name, d.report.year, d.report.title]).toEqual(['广州市某某局', 2023, '广州市某某局2023年度整体支出绩效自评报告']);
  });
  it('takes the file’s author as the department only when it reads like one', () => {
    expect(one('自评报告', '广州市某某局').department.name).toBe('广州市某某局');
    expect(one('自评报告', 'Administrator').department.name).toBe('');
  });
});

describe('a table inside a report', () => {
  it('that is not the declaration (no 部门名称, no section label) is kept, row by row, as unplaced', () => {
    const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
    const p = (t: string) => `<w:p><w:r><w:t>${t}</w:t></w:r></w:p>`;
    const tc = (t: string) => `<w:tc>${p(t)}</w:tc>`;
    const body = p('一、基本情况') + p('（三）部门整体收支情况') + p('收支如下表。') +
      `<w:tbl><w:tblGrid><w:gridCol w:w="2000"/><w:gridCol w:w="2000"/></w:tblGrid><w:tr>${tc('基本支出')}${tc('100.00')}</w:tr><w:tr>${tc('项目支出')}${tc('50.00')}</w:tr></w:tbl>`;
    const pieces = importBytes(makeDocx([], { rawDocument: `<?xml version="1.0"?><w:document ${W}><w:body>${body}</w:body></w:document>` }), 't.docx');
    expect(pieces.map((x) => x.kind)).toEqual(['report']);
    expect((pieces[0]!.data as any).report.finance.goal).toEqual(['收支如下表。']);
    expect(pieces[0]!.unplaced.map((u) => [u.under, u.text])).toEqual([['（三）部门整体收支情况', '基本支出 | 100.00'], ['（三）部门整体收支情况', '项目支出 | 50.00']]);
  });
});

describe('printed rates are recomputed', () => {
  it('a rate the document got wrong is reported with the value rendering will print', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'jixiao-rate-')), 'r.docx');
    fs.writeFileSync(file, makeDocx([
      { text: '2023年度某某局部门整体支出绩效自评报告' },
      { text: '一、基本情况' },
      { text: '（三）部门整体收支情况' },
      { text: '全年预算数1,000.00万元，执行数950.00万元，完成预算的96.00%。' },
    ]));
    const r = importFiles([file]);
    expect(r.notes.find((n) => n.path === 'derived.report.executionRate')?.zh).toBe('原文印出 96.00%，按导入的数据计算为 95.00%；生成时将印出计算值');
  });
});
