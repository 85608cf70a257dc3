/**
 * The cut plan: one decision per table (its pieces across pages, the group labels repeated at the
 * top of each piece, the rows allowed to split), attached to the table block, read by both
 * writers: the PDF pages and the DOCX tables follow the same pieces.
 */
import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TableBlock, TableCell } from '../src/document/model.ts';
import { tableCut } from '../src/cut/index.ts';
import { render, type RenderResult } from '../src/render/index.ts';
import type { TextBox } from '../src/layout/types.ts';
import { parseData, sampleData } from './helpers/sample.ts';

const cellText = (c: TableCell) => c.paragraphs.map((p) => p.map((r) => r.text).join('')).join('');

/** Texts of the repeatOnSplit cells whose span starts above `row` and reaches it (labels a cut there repeats). */
function labelsOver(table: TableBlock, row: number): string[] {
  return table.rows.flatMap((r, i) => r.cells.filter((c) => c.repeatOnSplit && i < row && i + c.rowSpan > row).map(cellText));
}

/** The sample with 45 quantity indicators: the indicator table runs over several pages inside 产出指标 / 数量指标. */
async function manyIndicators(): Promise<RenderResult> {
  const d = sampleData();
  const group = d.declaration.indicators[0].groups[0];
  group.items = Array.from({ length: 45 }, (_, i) => ({ name: `数量指标项目${i + 1}：完成年度重点外事接待任务`, periodValue: '全年推进', annualValue: `大于等于${i + 1}批次` }));
  const parsed = parseData(d);
  if (!parsed.packet) throw new Error(JSON.stringify(parsed.diagnostics));
  return render(parsed.packet);
}

describe('cut plan', () => {
  let res: RenderResult;
  let table: TableBlock;
  beforeAll(async () => {
    res = await manyIndicators();
    table = res.documents['attachment1']!.sections[0]!.blocks.find((b): b is TableBlock => b.kind === 'table')!;
  });

  it('is attached to the table: one piece per page, each after the first opening with the header rows and the group labels', () => {
    const cut = table.cut!;
    const pages = res.layouts['attachment1']!.pages;
    expect(cut.pieces.length).toBe(pages.length);
    expect(cut.pieces.length).toBeGreaterThanOrEqual(2);
    expect(cut.splitRows).toEqual([]);
    const repeated: string[] = [];
    cut.pieces.forEach((piece, k) => {
      if (k === 0) {
        expect(piece.firstRow).toBe(0);
        return;
      }
      expect(piece.sourceRows.slice(0, piece.headerRows)).toEqual(Array.from({ length: piece.headerRows }, (_, i) => i));
      const firstBody = piece.rows[piece.headerRows]!.cells;
      // The labels of the spans the cut crosses, with their text, over the rows left in this piece.
      for (const label of labelsOver(table, piece.firstRow)) {
        const c = firstBody.find((x) => cellText(x) === label)!;
        expect(c, label).toBeDefined();
        expect(c.rowSpan).toBeLessThanOrEqual(piece.rows.length - piece.headerRows);
        repeated.push(label);
      }
    });
    expect(repeated).toContain('产出指标');
    expect(repeated).toContain('数量指标');
  });

  it('is what both writers draw: each PDF page and each DOCX table shows its piece with the labels', () => {
    const cut = table.cut!;
    const pages = res.layouts['attachment1']!.pages;
    const docx = res.files.find((f) => f.document === 'attachment1' && f.format === 'docx')!;
    const xml = strFromU8(unzipSync(docx.bytes)['word/document.xml']!);
    const tables = xml.split('<w:tbl>').slice(1);
    expect(tables.length).toBe(cut.pieces.length);
    cut.pieces.forEach((piece, k) => {
      const lastRow = piece.sourceRows[piece.sourceRows.length - 1]!;
      const lastName = (table.rows[lastRow]!.cells.map(cellText).find((t) => t.startsWith('数量指标项目')) ?? '').slice(0, 8);
      const pdfText = pages[k]!.boxes.filter((b): b is TextBox => b.kind === 'text').map((b) => b.text.replace(/\s/g, '')).join('|');
      const docxText = [...tables[k]!.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
      for (const text of [pdfText, docxText]) {
        for (const label of k > 0 ? labelsOver(table, piece.firstRow) : []) expect(text).toContain(label);
        if (lastName) expect(text).toContain(lastName);
      }
    });
  });

  it('lets a row taller than a page split instead of starting a piece on its continuation page', () => {
    const cut = tableCut(table, { pageStartRows: [0, 12, 12, 30], pageContinues: [false, false, true, false] });
    expect(cut.pieces.map((p) => p.firstRow)).toEqual([0, 12, 30]);
    expect(cut.splitRows).toEqual([12]);
  });
});
