/**
 * A realistic 公文 test document built by hand from the 附件2 seed text (no templates): label,
 * two-line title, four heading levels and about nine pages of body text, on the GB/T 9704 grid.
 * Used by the layout-flow and PDF-writer tests.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { BlockStyle, Document, PageStyle, TextBlock } from '../../src/document/model.ts';
import { mm } from '../../src/layout/metrics.ts';
import { ORIGINAL_ATTACHMENT2 } from './sample.ts';
import { loadTemplates } from '../../src/templates/index.ts';

const SEED = ORIGINAL_ATTACHMENT2;
const HERE = path.dirname(new URL(import.meta.url).pathname);

/** The GB/T 9704 page: A4, top 37 mm, left 28 mm, type area 156 x 225 mm, 22 x 28 grid. */
export const GONGWEN_PAGE: PageStyle = {
  width: mm(210),
  height: mm(297),
  margin: { top: mm(37), left: mm(28), right: mm(210 - 28 - 156), bottom: mm(297 - 37 - 225) },
  grid: { linesPerPage: 22, charsPerLine: 28 },
  pageNumbers: 'outer',
  pageNumberFormat: '— {n} —',
  pageNumberFont: 'songti',
  pageNumberSize: 14,
  pageNumberGap: mm(7),
};

const base = { size: 16, align: 'justify' as const, firstLineIndentChars: 2 };
/** Styles of the sample document, by kind. */
export const STYLES = {
  label: { font: 'heiti', size: 16, align: 'left', docxStyleName: '附件标注' },
  title: { font: 'xiaobiaosong', size: 22, align: 'center', spaceBefore: 29, spaceAfter: 29, docxStyleName: '公文标题', titleWords: loadTemplates().styles.styles['title']!.titleWords },
  h1: { ...base, font: 'heiti', keepWithNext: true, docxStyleName: '一级标题' },
  h2: { ...base, font: 'kaiti', keepWithNext: true, docxStyleName: '二级标题' },
  h3: { ...base, font: 'fangsong', bold: true, keepWithNext: true, docxStyleName: '三级标题' },
  h4: { ...base, font: 'fangsong', keepWithNext: true, docxStyleName: '四级标题' },
  body: { ...base, font: 'fangsong', docxStyleName: '公文正文' },
} satisfies Record<string, BlockStyle>;

/** Removes the stray spaces the PDF extraction left (keeps a space between two Latin letters). */
export function cleanSeedLine(s: string): string {
  return s.replace(/\s+/g, (m, off: number, all: string) => (/[A-Za-z]/.test(all[off - 1] ?? '') && /[A-Za-z]/.test(all[off + m.length] ?? '') ? ' ' : ''));
}

function para(text: string, field = 'report.body'): TextBlock {
  return { kind: 'paragraph', runs: [{ text, field }], style: STYLES.body };
}
function heading(level: 1 | 2 | 3 | 4, text: string): TextBlock {
  const style = [STYLES.h1, STYLES.h2, STYLES.h3, STYLES.h4][level - 1]!;
  return { kind: 'heading', level, runs: [{ text }], style, outline: text };
}

/** Builds the sample report from the seed. */
export function sampleReport(): Document {
  void HERE;
  const raw = fs.readFileSync(SEED, 'utf8').split('\n').map(cleanSeedLine).filter((l) => l !== '' && !/^\d+$/.test(l));
  // Skip the label and the two title lines.
  const lines = raw.slice(3);
  const blocks: TextBlock[] = [
    { kind: 'label', runs: [{ text: '附件 2' }], style: STYLES.label },
    {
      kind: 'title',
      runs: [{ text: '2023年度中共广州市委外事工作委员会办公室部门整体支出绩效自评报告', field: 'report.title' }],
      style: STYLES.title,
      outline: '2023年度中共广州市委外事工作委员会办公室部门整体支出绩效自评报告',
    },
  ];
  let cur = '';
  const flush = () => {
    if (cur) blocks.push(para(cur));
    cur = '';
  };
  for (const l of lines) {
    if (/^[一二三四]、\S{2,10}$/.test(l)) {
      flush();
      blocks.push(heading(1, l));
    } else if (/^（[一二三四五]）\S{2,12}$/.test(l)) {
      flush();
      blocks.push(heading(2, l));
    } else if (/^\d\.\S{2,8}$/.test(l)) {
      flush();
      blocks.push(heading(3, l));
      if (l === '2.预算执行情况') blocks.push(heading(4, '（1）总体执行情况'));
    } else {
      if (/^(一|二|三)是(提高政治站位|强化支出计划|重点以合同)/.test(l)) {
        flush();
        const h = { 一: '（2）提高政治站位', 二: '（3）强化支出计划管理', 三: '（4）加强合同支付管理' }[l[0] as '一' | '二' | '三'];
        blocks.push(heading(4, h));
      }
      cur += l;
      // Lines of the original are full at about 26 characters; a shorter one ends a paragraph.
      if ([...l].length < 24 && /[。；]$/.test(l)) flush();
    }
  }
  flush();
  return {
    meta: {
      title: '2023年度中共广州市委外事工作委员会办公室部门整体支出绩效自评报告',
      author: '中共广州市委外事工作委员会办公室',
      subject: '部门整体支出绩效自评报告',
      keywords: '绩效自评,2023',
      date: '2024-03-15T09:00:00+08:00',
    },
    sections: [{ page: GONGWEN_PAGE, blocks }],
  };
}
