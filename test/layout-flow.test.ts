/** Page flow: the 公文 grid, keep-with-next, balanced titles, outline, page numbers, tables. */
import { describe, expect, it } from 'vitest';
import type { Block, Document, PageStyle, TableBlock, TextBlock } from '../src/document/model.ts';
import { loadFontSet } from '../src/fonts/index.ts';
import { layoutDocument } from '../src/layout/index.ts';
import { baselineInLine, mm } from '../src/layout/metrics.ts';
import type { LaidDocument, LaidPage, LayoutTable, TextBox } from '../src/layout/types.ts';
import { GONGWEN_PAGE, STYLES, sampleReport } from './helpers/sample-report.ts';

const fonts = loadFontSet();
const TOP = mm(37);
const LEFT = mm(28);
const PITCH_Y = mm(225) / 22;
const PITCH_X = mm(156) / 28;
const HAN = '部门整体支出绩效自评报告预算执行情况管理效率分析基本情况综合评价';
const han = (n: number) => Array.from({ length: n }, (_, i) => HAN[i % HAN.length]).join('');

const para = (text: string): TextBlock => ({ kind: 'paragraph', runs: [{ text }], style: STYLES.body });
const head = (level: 1 | 2 | 3 | 4, text: string): TextBlock => ({
  kind: 'heading',
  level,
  runs: [{ text }],
  style: [STYLES.h1, STYLES.h2, STYLES.h3, STYLES.h4][level - 1]!,
});
const docOf = (blocks: Block[], page: PageStyle = GONGWEN_PAGE): Document => ({
  meta: { title: 't', author: 'a', subject: 's', date: '2024-01-01T00:00:00Z' },
  sections: [{ page, blocks }],
});
/** Text lines of a page without the page number. */
const bodyLines = (p: LaidPage) => p.boxes.filter((b): b is TextBox => b.kind === 'text' && b.text !== p.pageNumber);
const rowOf = (y: number, size = 16) => (y - TOP - baselineInLine(PITCH_Y, size)) / PITCH_Y;
const noTables: LayoutTable = () => {
  throw new Error('no table expected');
};

describe('the 公文 grid (sample report)', () => {
  const laid = layoutDocument(sampleReport(), fonts, { layoutTable: noTables });

  it('runs to about nine pages, every line on a grid line, 22 lines on every full page', () => {
    expect(laid.pages.length).toBeGreaterThanOrEqual(9);
    expect(laid.pages.length).toBeLessThanOrEqual(10);
    laid.pages.forEach((p, i) => {
      const lines = bodyLines(p);
      for (const b of lines) {
        const size = b.fragments[0]?.size ?? 16;
        const r = rowOf(b.y, size);
        expect(Math.abs(r - Math.round(r)), `${b.text} off grid`).toBeLessThan(1e-6);
        expect(r).toBeGreaterThanOrEqual(0);
        expect(r).toBeLessThan(22);
      }
      // Full pages (all but page 1 with its blank lines and the last) hold 22 lines.
      if (i > 0 && i < laid.pages.length - 1) expect(lines).toHaveLength(22);
      // Page 1: label, blank, two title lines, blank, then text down to the last grid line.
      if (i === 0) expect(Math.round(rowOf(lines.at(-1)!.y))).toBe(21);
    });
  });

  it('puts the label at the top-left and balances the title on two centred lines', () => {
    const lines = bodyLines(laid.pages[0]!);
    expect(lines[0]!.text).toBe('附件 2');
    expect(lines[0]!.x + lines[0]!.fragments[0]!.x).toBeCloseTo(LEFT, 6);
    expect(lines[0]!.y).toBeCloseTo(TOP + baselineInLine(PITCH_Y, 16), 6);
    expect(lines[1]!.text).toBe('2023年度中共广州市委外事工作委员会');
    expect(lines[2]!.text).toBe('办公室部门整体支出绩效自评报告');
    expect(rowOf(lines[1]!.y, 22)).toBeCloseTo(2, 6);
    expect(rowOf(lines[2]!.y, 22)).toBeCloseTo(3, 6);
    for (const l of [lines[1]!, lines[2]!]) {
      const f = l.fragments;
      const left = l.x + f[0]!.x;
      const right = l.x + f.at(-1)!.x + f.at(-1)!.width;
      expect((left + right) / 2).toBeCloseTo(LEFT + mm(156) / 2, 1);
    }
    expect(lines[3]!.text).toBe('一、基本情况');
    expect(rowOf(lines[3]!.y)).toBeCloseTo(5, 6);
  });

  it('indents paragraphs by two characters and never ends a page with a heading', () => {
    const doc = sampleReport();
    const headingTexts = new Set(
      doc.sections[0]!.blocks.filter((b) => b.kind === 'heading').map((b) => (b as TextBlock).runs[0]!.text),
    );
    for (const p of laid.pages) {
      const lines = bodyLines(p);
      expect(headingTexts.has(lines.at(-1)!.text), `page ends with heading ${lines.at(-1)!.text}`).toBe(false);
    }
    const first = bodyLines(laid.pages[0]!).find((l) => l.text.startsWith('中共广州市委'))!;
    expect(first.fragments[0]!.x).toBeCloseTo(2 * 16, 6); // two characters of the block's size, as in the DOCX
  });

  it('records the outline: title, then headings with their page and line top', () => {
    expect(laid.outline[0]).toMatchObject({ level: 0, page: 0, title: '2023年度中共广州市委外事工作委员会办公室部门整体支出绩效自评报告' });
    expect(laid.outline.filter((e) => e.level === 1).map((e) => e.title)).toEqual(['一、基本情况', '二、综合评价分析', '三、存在的主要问题', '四、下一步改进措施']);
    expect(laid.outline.filter((e) => e.level === 2)).toHaveLength(7);
    expect(laid.outline.filter((e) => e.level === 3).map((e) => e.title)[0]).toBe('1.预算编制情况');
    expect(laid.outline.filter((e) => e.level === 4)).toHaveLength(4);
    for (const e of laid.outline.slice(1)) {
      const box = bodyLines(laid.pages[e.page]!).find((b) => b.text === e.title)!;
      expect(box, e.title).toBeDefined();
      expect(box.y).toBeCloseTo(e.y + baselineInLine(PITCH_Y, 16), 6);
    }
  });

  it('numbers pages `— N —` in 14pt 宋体: odd right, even left, one character in, 7 mm below the type area', () => {
    laid.pages.forEach((p, i) => {
      const n = i + 1;
      expect(p.pageNumber).toBe(`— ${n} —`);
      const box = p.boxes.at(-1) as TextBox;
      expect(box.text).toBe(`— ${n} —`);
      expect(box.fragments.every((f) => f.face === 'FandolSong-Regular' && f.size === 14)).toBe(true);
      const left = box.x + box.fragments[0]!.x;
      const right = box.x + box.fragments.at(-1)!.x + box.fragments.at(-1)!.width;
      if (n % 2 === 1) expect(right).toBeCloseTo(LEFT + mm(156) - 14, 6);
      else expect(left).toBeCloseTo(LEFT + 14, 6);
      expect(box.y - 0.88 * 14).toBeCloseTo(TOP + mm(225) + mm(7), 6);
    });
  });
});

describe('flow rules', () => {
  const body21 = Array.from({ length: 21 }, () => para(han(20)));

  it('moves a heading that would be the last line of a page to the next page', () => {
    const laid = layoutDocument(docOf([...body21, head(1, '一、基本情况'), para(han(40))]), fonts);
    expect(bodyLines(laid.pages[0]!)).toHaveLength(21);
    const p2 = bodyLines(laid.pages[1]!);
    expect(p2[0]!.text).toBe('一、基本情况');
    expect(rowOf(p2[0]!.y)).toBeCloseTo(0, 6);
    expect(laid.outline[0]).toMatchObject({ title: '一、基本情况', level: 1, page: 1 });
  });

  it('keeps a chain of headings together with the first body line', () => {
    const blocks = [...body21.slice(1), head(1, '二、综合评价分析'), head(2, '（一）自评结论综述'), para(han(40))];
    const laid = layoutDocument(docOf(blocks), fonts);
    expect(bodyLines(laid.pages[0]!)).toHaveLength(20);
    expect(bodyLines(laid.pages[1]!).map((l) => l.text).slice(0, 2)).toEqual(['二、综合评价分析', '（一）自评结论综述']);
  });

  it('fills the page to the 22nd line when the heading fits with its paragraph, and splits paragraphs across pages', () => {
    const laid = layoutDocument(docOf([...body21.slice(1), head(1, '一、基本情况'), para(han(60))]), fonts);
    const p1 = bodyLines(laid.pages[0]!);
    expect(p1).toHaveLength(22);
    expect(p1[20]!.text).toBe('一、基本情况');
    expect(bodyLines(laid.pages[1]!).length).toBe(2);
  });

  it('starts a new page at a pageBreak block and rounds spaceBefore/After (points) to whole grid lines', () => {
    const spaced: TextBlock = { ...para('甲'), style: { ...STYLES.body, spaceBefore: 2 * 29, spaceAfter: 27 } };
    const laid = layoutDocument(docOf([para('一'), spaced, para('乙'), { kind: 'pageBreak' }, para('丙')]), fonts);
    expect(laid.pages).toHaveLength(2);
    expect(bodyLines(laid.pages[0]!).map((l) => Math.round(rowOf(l.y)))).toEqual([0, 3, 5]);
    expect(bodyLines(laid.pages[1]!)[0]!.text).toBe('丙');
    expect(laid.pages[1]!.pageNumber).toBe('— 2 —');
  });

  it('does not touch its input (frozen tree) and gives equal results twice', () => {
    const deepFreeze = <T>(o: T): T => {
      if (o && typeof o === 'object') {
        Object.values(o).forEach(deepFreeze);
        Object.freeze(o);
      }
      return o;
    };
    const doc = deepFreeze(sampleReport());
    const a = layoutDocument(doc, fonts);
    const b = layoutDocument(doc, fonts);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });

  it('centres page numbers when asked and restarts numbering for each document', () => {
    const page: PageStyle = { ...GONGWEN_PAGE, pageNumbers: 'center' };
    const blocks = Array.from({ length: 30 }, () => para(han(20)));
    const a = layoutDocument(docOf(blocks, page), fonts);
    const b = layoutDocument(docOf(blocks, page), fonts);
    expect(a.pages.map((p) => p.pageNumber)).toEqual(['— 1 —', '— 2 —']);
    expect(b.pages[0]!.pageNumber).toBe('— 1 —');
    const box = a.pages[1]!.boxes.at(-1) as TextBox;
    const w = box.fragments.reduce((s, f) => s + f.width, 0);
    expect(box.x + box.fragments[0]!.x + w / 2).toBeCloseTo(LEFT + mm(156) / 2, 6);
    const none = layoutDocument(docOf(blocks, { ...GONGWEN_PAGE, pageNumbers: 'none' }), fonts);
    expect(none.pages.every((p) => p.pageNumber === undefined && bodyLines(p).length === p.boxes.length)).toBe(true);
  });
});

describe('sections without a grid (附件1)', () => {
  const free: PageStyle = { ...GONGWEN_PAGE, grid: undefined, margin: { top: 50, right: 40, bottom: 50, left: 40 }, pageNumbers: 'none' };
  const table: TableBlock = {
    kind: 'table',
    columns: [100, 200],
    rows: [],
    style: { font: 'fangsong', size: 9, align: 'left', lineHeight: 14, spaceBefore: 6, docxStyleName: '表格' },
    padding: [2, 2, 2, 2],
    borderWidth: 0.5,
  };
  /** A stand-in table layouter: one rule per page, 300pt on the first page, 100pt on the next. */
  const fakeTable: LayoutTable = (input) => ({
    pages: [
      { boxes: [{ kind: 'rule', x1: input.x, y1: input.firstTop, x2: input.x + 300, y2: input.firstTop, width: 0.5 }], bottom: input.firstBottom },
      { boxes: [{ kind: 'rule', x1: input.x, y1: input.pageTop, x2: input.x + 300, y2: input.pageTop, width: 0.5 }], bottom: input.pageTop + 100 },
    ],
    pageStartRows: [0, 12],
  });

  it('stacks blocks at their line height, hands tables to the layouter, continues them on new pages', () => {
    const label: TextBlock = { kind: 'label', runs: [{ text: '附件1：' }], style: { ...STYLES.label, lineHeight: 24 } };
    const after = { ...para('表后文字'), style: { ...STYLES.body, lineHeight: 20, spaceBefore: 0 } };
    let seen: Parameters<LayoutTable>[0] | undefined;
    const laid: LaidDocument = layoutDocument(docOf([label, table, after], free), fonts, {
      layoutTable: (i) => {
        seen = i;
        return fakeTable(i);
      },
    });
    expect(seen).toMatchObject({ x: 40, firstTop: 50 + 24 + 6, firstBottom: GONGWEN_PAGE.height - 50, pageTop: 50 });
    expect(laid.pages).toHaveLength(2);
    const l0 = laid.pages[0]!.boxes[0] as TextBox;
    expect(l0.y).toBeCloseTo(50 + baselineInLine(24, 16), 6);
    expect(laid.pages[0]!.boxes[1]).toMatchObject({ kind: 'rule', y1: 80 });
    expect(laid.pages[1]!.boxes[0]).toMatchObject({ kind: 'rule', y1: 50 });
    const t = laid.pages[1]!.boxes[1] as TextBox;
    expect(t.text).toBe('表后文字');
    expect(t.y).toBeCloseTo(150 + baselineInLine(20, 16), 6);
    expect(laid.tableSplits).toEqual([{ section: 0, block: 1, pageStartRows: [0, 12] }]);
  });
});
