/**
 * The sample department rendered end to end: every word of the two originals comes out of our
 * PDFs, the figures are the derived ones, and the 附件1 table spans and splits as the original.
 */
import fs from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { render, type RenderResult } from '../src/render/index.ts';
import { describeTablePages, type TablePlan } from '../src/layout/table.ts';
import { cellTexts, declarationPlan } from './helpers/table-plan.ts';
import { extractPdfText, linesOf, type PdfTextPage } from './helpers/pdftext.ts';
import { ORIGINAL_ATTACHMENT1, ORIGINAL_ATTACHMENT2, samplePacket } from './helpers/sample.ts';

const seed = (file: string) => fs.readFileSync(file, 'utf8');
const squash = (s: string) => s.replace(/\s+/g, '');
const PAGE_NUMBER = /^— \d+ —$/;

/** All text of a PDF without white space and without page numbers, page by page. */
function pdfText(pages: readonly PdfTextPage[]): string[] {
  return pages.map((p) => squash(p.items.filter((i) => !PAGE_NUMBER.test(i.str.trim())).map((i) => i.str).join('')));
}

let result: RenderResult;
let pdf1: PdfTextPage[];
let pdf2: PdfTextPage[];
beforeAll(async () => {
  result = await render(samplePacket(), { formats: ['pdf'] });
  pdf1 = await extractPdfText(result.files.find((f) => f.document === 'attachment1')!.bytes);
  pdf2 = await extractPdfText(result.files.find((f) => f.document === 'attachment2')!.bytes);
});

describe('附件2 self-evaluation report', () => {
  it('holds every word of the original, in order', () => {
    // The original's text, with the extraction's stray spaces and its page number removed.
    const original = seed(ORIGINAL_ATTACHMENT2)
      .split('\n')
      .filter((l) => !/^\s*\d+\s*$/.test(l))
      .join('');
    expect(pdfText(pdf2).join('')).toBe(squash(original));
  });
  it('prints the derived figures in the sentences', () => {
    const text = pdfText(pdf2).join('');
    expect(text).toContain('全年预算数9,647.82万元，执行数9,326.11万元，完成预算的96.67%。');
    expect(text).toContain('本年支出数9360.25万元，支出进度为97.02%。');
    expect(text).toContain('政府采购支出总额1,758.16万元');
    expect(text).toContain('授予中小企业合同金额1,172.1万元，占政府采购支出总额的66.7%');
    expect(text).toContain('占授予中小企业合同金额的10.8%');
    expect(text).toContain('占货物支出金额的100%');
    expect(text).toContain('占工程支出金额的-%（基数为0，不可比）');
    expect(text).toContain('占服务支出金额的62.1%');
    expect(text).toContain('自评得分97.96分');
  });
  it('fills 9 pages, numbered — 1 — to — 9 —', () => {
    expect(pdf2).toHaveLength(9);
    pdf2.forEach((p, i) => expect(p.items.some((it) => it.str.trim() === `— ${i + 1} —`)).toBe(true));
  });
  it('extracted text per page (reviewed snapshot)', () => {
    const text = pdf2.map((p, i) => `--- page ${i + 1}\n` + linesOf(p).map((l) => l.text).join('\n')).join('\n');
    expect(text).toMatchSnapshot();
  });
  it('draws exactly the laid-out lines', () => {
    const laid = result.layouts['attachment2']!;
    laid.pages.forEach((page, i) => {
      const boxes = squash(page.boxes.flatMap((b) => (b.kind === 'text' ? [b.text] : [])).join(''));
      expect(squash(pdf2[i]!.items.map((it) => it.str).join(''))).toBe(boxes);
    });
  });
});

describe('附件1 declaration table', () => {
  let plan: TablePlan;
  beforeAll(() => {
    plan = declarationPlan(result);
  });

  it('holds every word and amount of the original (same characters, page numbers aside)', () => {
    const count = (s: string) => {
      const m = new Map<string, number>();
      for (const ch of s) m.set(ch, (m.get(ch) ?? 0) + 1);
      return [...m.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
    };
    expect(count(pdfText(pdf1).join(''))).toEqual(count(squash(seed(ORIGINAL_ATTACHMENT1))));
  });

  it('every cell holds the text of its field', () => {
    const cells = cellTexts(plan);
    const p = samplePacket();
    const at = (r: number, c: number) => cells.get(`${r},${c}`);
    expect(at(0, 1)).toBe('中共广州市委外事工作委员会办公室');
    expect(at(2, 3)).toBe('5,093.50');
    expect(at(2, 7)).toBe('8,019.04');
    expect(at(3, 3)).toBe('2,925.54');
    expect(at(6, 4)).toBe('拟用于对下转移支付资金');
    expect(at(7, 1)).toBe(p.declaration.goal);
    p.declaration.tasks.forEach((t: any, i: number) => {
      expect(at(9 + i, 1)).toBe(t.name);
      expect(at(9 + i, 3)).toBe(t.content.replace(/\n/g, ''));
      expect(at(9 + i, 4)).toBe(t.amount!.toFixed(2));
      expect(at(9 + i, 5)).toBe(t.target);
    });
    const items = p.declaration.indicators.flatMap((c: any) => c.groups.flatMap((g: any) => g.items));
    items.forEach((it: any, i: number) => {
      expect(at(18 + i, 3)).toBe(it.name);
      expect(at(18 + i, 4)).toBe(it.periodValue);
      expect(at(18 + i, 6)).toBe(it.annualValue);
    });
  });

  it('spanning cells span the right rows', () => {
    const grid = plan.measured.grid;
    const span = (r: number, c: number) => {
      const cell = grid.cells.find((g) => g.row === r && g.col === c)!;
      return [cell.rowSpan, cell.colSpan, cell.cell.paragraphs.flat().map((x) => x.text).join('')];
    };
    expect(span(1, 0)).toEqual([6, 1, '预算整体情况']);
    expect(span(8, 0)).toEqual([9, 1, '年度重点工作任务']);
    expect(span(17, 0)).toEqual([27, 1, '绩效指标']);
    expect(span(18, 1)).toEqual([21, 1, '产出指标']);
    expect(span(18, 2)).toEqual([19, 1, '数量指标']);
    expect(span(37, 2)).toEqual([2, 1, '质量指标']);
    expect(span(39, 1)).toEqual([4, 1, '效益指标']);
    expect(span(40, 2)).toEqual([3, 1, '社会效益指标']);
    expect(span(43, 1)).toEqual([1, 1, '满意度指标']);
    expect(span(7, 1)).toEqual([1, 7, samplePacket().declaration.goal]);
  });

  it('runs over two pages like the original: page 2 starts with the 11th 数量指标 row under repeated labels', () => {
    expect(plan.pages).toHaveLength(2);
    expect(result.layouts['attachment1']!.tableSplits[0]!.pageStartRows).toEqual([0, 28]);
    const page2 = plan.pages[1]!;
    const labels = page2.parts.filter((p) => p.firstSlice === 0 && p.cell.col < 3).map((p) => [p.cell.col, p.lines.map((l) => l.text).join('')]);
    expect(labels).toEqual([
      [0, '绩效指标'],
      [1, '产出指标'],
      [2, '数量指标'],
    ]);
    expect(page2.parts.find((p) => p.cell.row === 28 && p.cell.col === 3)!.lines.map((l) => l.text).join('')).toBe('线上线下汇总或集成展示广州市区相关部门引资引技引智亮点政策。');
  });

  it('the laid-out table, page by page (reviewed snapshot)', () => {
    expect(describeTablePages(plan)).toMatchSnapshot();
  });
});
