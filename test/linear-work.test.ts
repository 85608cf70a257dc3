/**
 * Layout work grows in proportion to the text: four times the text costs about four times the
 * measuring (counted, not timed). A cost that grew faster (re-measuring a line from its start,
 * rescanning the rows placed so far) would show as a ratio well above 4.
 */
import { describe, expect, it } from 'vitest';
import type { Document, TableBlock, TableCell, TextBlock } from '../src/document/model.ts';
import { loadFontSet, type FontSet } from '../src/fonts/index.ts';
import { layoutDocument } from '../src/layout/index.ts';
import { measureCells, paginateTable, resolveGrid, type MeasuredTable } from '../src/layout/table.ts';
import { createLineBreaker } from '../src/layout/linebreak.ts';
import { GONGWEN_PAGE, STYLES } from './helpers/sample-report.ts';

const PHRASE = '推进国际交流合作，完善城市治理体系。提升公共服务水平2023年，APEC商务卡974人次；';
const textOf = (n: number) => PHRASE.repeat(Math.ceil(n / PHRASE.length)).slice(0, n);

/** The font set with every character lookup counted. */
function counting(fonts: FontSet): { fonts: FontSet; calls: () => number } {
  let calls = 0;
  return {
    fonts: { ...fonts, faceFor: (role, ch, field) => (calls++, fonts.faceFor(role, ch, field)) },
    calls: () => calls,
  };
}

function reportWith(n: number): Document {
  const para: TextBlock = { kind: 'paragraph', runs: [{ text: textOf(n) }], style: STYLES.body };
  return { meta: { title: 't', author: 'a', subject: 's', date: '2024-01-01' }, sections: [{ page: GONGWEN_PAGE, blocks: [para] }] };
}

describe('linear layout work', () => {
  const fonts = loadFontSet();

  it('measures each character of a long paragraph once, whatever its length', () => {
    const work = [5_000, 20_000].map((n) => {
      const c = counting(fonts);
      const laid = layoutDocument(reportWith(n), c.fonts);
      return { n, calls: c.calls(), pages: laid.pages.length };
    });
    // One lookup per character, plus the page numbers.
    expect(work[0]!.calls).toBeLessThan(5_000 + 20 * work[0]!.pages);
    expect(work[1]!.calls / work[0]!.calls).toBeLessThan(4.1);
    expect(work[1]!.pages / work[0]!.pages).toBeGreaterThan(3.8);
  });

  it('paginates a table by looking at each row a bounded number of times', () => {
    const cell = (text: string, o: Partial<TableCell> = {}): TableCell => ({ paragraphs: [[{ text }]], rowSpan: 1, colSpan: 1, align: 'left', valign: 'middle', repeatOnSplit: false, ...o });
    const table = (rows: number): TableBlock => ({
      kind: 'table',
      columns: [60, 200, 200],
      rows: Array.from({ length: rows }, (_, i) => ({
        // A group label over every row, repeated on each page.
        cells: [...(i === 0 ? [cell('产出指标', { rowSpan: rows, repeatOnSplit: true })] : []), cell(`指标${i + 1}`), cell(textOf(20 + (i % 7) * 15))],
        repeatHeader: false,
        minHeight: 0,
      })),
      style: { font: 'fangsong', size: 9, align: 'left', lineHeight: 12, docxStyleName: '表格文字' },
      padding: [2, 3, 2, 3],
      borderWidth: 0.5,
    });
    const breakLines = createLineBreaker(fonts);
    const work = [100, 400].map((rows) => {
      const t = table(rows);
      const m = measureCells(t, resolveGrid(t), breakLines);
      let reads = 0;
      const lines = new Proxy(m.lines as (typeof m.lines)[number][], { get: (a, k) => (typeof k === 'string' && /^\d+$/.test(k) && reads++, Reflect.get(a, k)) });
      const counted: MeasuredTable = { ...m, lines };
      const pages = paginateTable(counted, { x: 0, firstTop: 50, firstBottom: 800, pageTop: 50, pageBottom: 800 });
      return { rows, reads, pages: pages.length };
    });
    expect(work[1]!.pages / work[0]!.pages).toBeGreaterThan(3.5);
    expect(work[1]!.reads / work[0]!.reads).toBeLessThan(4.6);
  });
});
