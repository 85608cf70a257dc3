/**
 * A table row taller than a page: our layout cuts it across pages, and so must Word and
 * LibreOffice. The DOCX leaves that row splittable (no w:cantSplit) and starts no new table at
 * it, so LibreOffice does not move the whole row to a new page (page 1 nearly empty, one page
 * more than our PDF). Other rows stay cantSplit and other cuts stay.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TableBlock } from '../src/document/model.ts';
import { tableCuts } from '../src/cut/index.ts';
import { render, type RenderResult } from '../src/render/index.ts';
import { extractPdfText, linesOf, type PdfTextPage } from './helpers/pdftext.ts';
import { parseData, sampleData } from './helpers/sample.ts';
import { convertDocxToPdf, describeIfSoffice } from './helpers/soffice.ts';

describe('tableCuts', () => {
  it('starts no piece where a page continues a cut row, and lets that row split', () => {
    const c = tableCuts({ pageStartRows: [0, 7, 7, 34], pageContinues: [false, true, true, false] });
    expect(c.pieceStarts).toEqual([0, 34]);
    expect([...c.splitRows]).toEqual([7]);
  });
  it('a cut row that starts its first page (moved there whole) still starts a piece there', () => {
    const c = tableCuts({ pageStartRows: [0, 7, 7, 9], pageContinues: [false, false, true, false] });
    expect(c.pieceStarts).toEqual([0, 7, 9]);
    expect([...c.splitRows]).toEqual([7]);
  });
  it('without pageContinues: ordinary cuts as before; a row starting two pages running is cut', () => {
    expect(tableCuts({ pageStartRows: [0, 12, 21] })).toEqual({ pieceStarts: [0, 12, 21], splitRows: new Set() });
    expect(tableCuts({ pageStartRows: [0, 7, 7, 34] })).toEqual({ pieceStarts: [0, 7, 34], splitRows: new Set([7]) });
    // An empty first page (the table starts on the next) is no cut row.
    expect(tableCuts({ pageStartRows: [0, 0, 5] })).toEqual({ pieceStarts: [0, 0, 5], splitRows: new Set() });
  });
});

/** The sample with its declaration goal repeated 30 times: a table row over three pages. */
async function longGoal(): Promise<RenderResult> {
  const d = sampleData();
  d.declaration.goal = Array.from({ length: 30 }, () => d.declaration.goal).join('');
  const parsed = parseData(d);
  if (!parsed.packet) throw new Error(JSON.stringify(parsed.diagnostics));
  return render(parsed.packet);
}

/** The sample with its second key task's target repeated 40 times: a cut row inside the 年度重点工作任务 span. */
async function longTask(): Promise<RenderResult> {
  const d = sampleData();
  const t = d.declaration.tasks[1];
  t.target = Array.from({ length: 40 }, () => t.target).join('');
  const parsed = parseData(d);
  if (!parsed.packet) throw new Error(JSON.stringify(parsed.diagnostics));
  return render(parsed.packet);
}

const fileOf = (res: RenderResult, format: 'pdf' | 'docx') => res.files.find((f) => f.document === 'attachment1' && f.format === format)!.bytes;
const textOf = (xml: string) => [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
const squash = (s: string) => s.replace(/\s+/g, '');
const pageText = (p: PdfTextPage) => squash(linesOf(p).map((l) => l.text).join(''));

describe('a declaration goal longer than a page', () => {
  let res: RenderResult;
  let table: TableBlock;
  let goalRow: number;
  let tables: string[];
  let body: string;
  beforeAll(async () => {
    res = await longGoal();
    table = res.documents['attachment1']!.sections[0]!.blocks.find((b): b is TableBlock => b.kind === 'table')!;
    goalRow = table.rows.findIndex((r) => r.cells[0]!.paragraphs.flat().some((run) => run.text === '总体绩效目标'));
    const xml = strFromU8(unzipSync(new Uint8Array(fileOf(res, 'docx')))['word/document.xml']!);
    body = xml.slice(xml.indexOf('<w:body>'), xml.lastIndexOf('<w:sectPr'));
    tables = [...body.matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>/g)].map((m) => m[0]);
  }, 60_000);

  it('is cut by our layout over three pages, then the table goes on to a fourth', () => {
    const split = res.layouts['attachment1']!.tableSplits[0]!;
    expect(goalRow).toBeGreaterThan(0);
    expect(split.pageStartRows).toEqual([0, goalRow, goalRow, expect.any(Number)]);
    expect(split.pageContinues).toEqual([false, true, true, false]);
    expect(res.layouts['attachment1']!.pages).toHaveLength(4);
  });

  it('the DOCX leaves the goal row splittable and keeps every other row cantSplit', () => {
    const rows = tables.flatMap((t) => [...t.matchAll(/<w:tr>[\s\S]*?<\/w:tr>/g)].map((m) => m[0]));
    expect(rows).toHaveLength(table.rows.length); // no header rows: nothing repeated
    const goal = rows.filter((r) => textOf(r).startsWith('总体绩效目标'));
    expect(goal).toHaveLength(1);
    expect(goal[0]).not.toContain('w:cantSplit');
    expect(textOf(goal[0]!)).toBe('总体绩效目标' + table.rows[goalRow]!.cells[1]!.paragraphs.flat().map((r) => r.text).join(''));
    for (const r of rows.filter((x) => x !== goal[0])) expect(r).toMatch(/<w:trPr>[\s\S]*<w:cantSplit\/>[\s\S]*<\/w:trPr>/);
  });

  it('the DOCX starts a new table on a new page only where the layout moved to a new row', () => {
    const split = res.layouts['attachment1']!.tableSplits[0]!;
    const next = split.pageStartRows[3]!;
    expect(tables).toHaveLength(2);
    // One page break, between the two tables (none at the goal row).
    expect(body.match(/<w:pageBreakBefore\/>/g)).toHaveLength(1);
    const between = body.slice(body.indexOf(tables[0]!) + tables[0]!.length, body.indexOf(tables[1]!));
    expect(between).toContain('<w:pageBreakBefore/>');
    // The first table holds the rows before the cut, the goal row among them; the second starts with row `next`.
    expect(tables[0]!.match(/<w:tr>/g)).toHaveLength(next);
    const firstRow = tables[1]!.match(/<w:tr>[\s\S]*?<\/w:tr>/)![0];
    const expected = table.rows[next]!.cells.map((c) => c.paragraphs.flat().map((r) => r.text).join('')).join('');
    expect(squash(textOf(firstRow))).toContain(squash(expected));
  });
});

describeIfSoffice('LibreOffice splits the long goal row like our PDF', () => {
  let ours: PdfTextPage[];
  let lo: PdfTextPage[];
  let goalStart: string;
  let nextText: string;
  beforeAll(async () => {
    const res = await longGoal();
    const table = res.documents['attachment1']!.sections[0]!.blocks.find((b): b is TableBlock => b.kind === 'table')!;
    const split = res.layouts['attachment1']!.tableSplits[0]!;
    goalStart = squash(sampleData().declaration.goal).slice(0, 12);
    // The third-level indicator name of the row that opens page 4.
    const row = table.rows[split.pageStartRows[3]!]!;
    nextText = squash(row.cells.at(-3)!.paragraphs.flat().map((r) => r.text).join('')).slice(0, 8);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jixiao-cut-rows-'));
    const docx = path.join(dir, 'attachment1.docx');
    fs.writeFileSync(docx, fileOf(res, 'docx'));
    ours = await extractPdfText(fileOf(res, 'pdf'));
    lo = await extractPdfText(fs.readFileSync(await convertDocxToPdf(docx, dir)));
  }, 240_000);

  it('gives the same page count as our PDF (4)', () => {
    expect(ours).toHaveLength(4);
    expect(lo).toHaveLength(ours.length);
  });

  it('a long key task (a row inside a merged cell) too: same page count, that row splittable', async () => {
    const res = await longTask();
    const split = res.layouts['attachment1']!.tableSplits[0]!;
    expect(split.pageContinues).toContain(true);
    const xml = strFromU8(unzipSync(new Uint8Array(fileOf(res, 'docx')))['word/document.xml']!);
    const rows = [...xml.matchAll(/<w:tr>[\s\S]*?<\/w:tr>/g)].map((m) => m[0]);
    expect(rows.filter((r) => !r.includes('w:cantSplit'))).toHaveLength(1);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jixiao-cut-rows-'));
    const docx = path.join(dir, 'task.docx');
    fs.writeFileSync(docx, fileOf(res, 'docx'));
    const loPages = await extractPdfText(fs.readFileSync(await convertDocxToPdf(docx, dir)));
    expect(loPages).toHaveLength(res.layouts['attachment1']!.pages.length);
  }, 240_000);

  it('starts the goal on page 1 and the row after the goal\'s pages on page 4, as our PDF does', () => {
    for (const pages of [ours, lo]) {
      expect(pageText(pages[0]!)).toContain('总体绩效目标');
      expect(pageText(pages[0]!)).toContain(goalStart);
      expect(pageText(pages[2]!)).not.toContain(nextText);
      expect(pageText(pages[3]!)).toContain(nextText);
    }
  });
});
