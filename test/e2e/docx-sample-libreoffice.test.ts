/**
 * The sample's DOCX files, converted by LibreOffice, against our own PDFs: same text, same page
 * count, the 22 × 28 grid, and the 附件1 table split at the same row with repeated labels.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { render } from '../../src/render/index.ts';
import { convertDocxToPdf, describeIfSoffice } from '../helpers/soffice.ts';
import { extractPdfText, linesOf, type PdfTextPage } from '../helpers/pdftext.ts';
import { samplePacket } from '../helpers/sample.ts';

const squash = (s: string) => s.replace(/\s+/g, '');
const PAGE_NUMBER = /^—\d+—$/;
const pageText = (p: PdfTextPage) => linesOf(p).map((l) => squash(l.text)).filter((t) => t && !PAGE_NUMBER.test(t));

describeIfSoffice('LibreOffice renders our DOCX like our PDF', () => {
  const ours: Record<string, PdfTextPage[]> = {};
  const lo: Record<string, PdfTextPage[]> = {};
  beforeAll(async () => {
    const res = await render(samplePacket());
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jixiao-lo-'));
    for (const f of res.files) {
      if (f.format === 'pdf') ours[f.document] = await extractPdfText(f.bytes);
      else {
        const file = path.join(dir, `${f.document}.docx`);
        fs.writeFileSync(file, f.bytes);
        lo[f.document] = await extractPdfText(fs.readFileSync(await convertDocxToPdf(file, dir)));
      }
    }
  }, 240_000);

  it('附件2: same page count (9) and the same text on every page', () => {
    expect(lo['attachment2']!.length).toBe(9);
    expect(lo['attachment2']!.length).toBe(ours['attachment2']!.length);
    // LibreOffice 7 does not draw a stop hanging past the edge when the next line starts with a
    // digit (page 6: 工作水平。| 2023年 shows no 。), so small stops are compared by count.
    const stops = /[，。、]/g;
    let missing = 0;
    ours['attachment2']!.forEach((page, i) => {
      const a = pageText(lo['attachment2']![i]!).join('');
      const b = pageText(page).join('');
      expect(a.replace(stops, ''), `page ${i + 1}`).toBe(b.replace(stops, ''));
      missing += (b.match(stops) ?? []).length - (a.match(stops) ?? []).length;
    });
    expect(missing).toBeGreaterThanOrEqual(0);
    expect(missing).toBeLessThanOrEqual(2);
  });

  it('附件2: the title is set in the same two lines', () => {
    const titleLines = (pages: PdfTextPage[]) => pageText(pages[0]!).slice(1, 3);
    expect(titleLines(lo['attachment2']!)).toEqual(['2023年度中共广州市委外事工作委员会', '办公室部门整体支出绩效自评报告']);
    expect(titleLines(ours['attachment2']!)).toEqual(titleLines(lo['attachment2']!));
  });

  it('附件2: full pages hold 22 lines and full body lines 28 characters, as ours', () => {
    const count = (pages: PdfTextPage[]) => pages.map((p) => pageText(p).length);
    const loCounts = count(lo['attachment2']!);
    expect(loCounts.slice(0, -1).every((n) => n <= 22)).toBe(true);
    expect(loCounts.filter((n) => n === 22).length).toBeGreaterThanOrEqual(5);
    // Lines of 28 characters (29 with a hanging stop): same share in both renderings.
    const full = (pages: PdfTextPage[]) => pages.flatMap(pageText).filter((l) => [...l].length >= 28 && [...l].length <= 29).length;
    const ourFull = full(ours['attachment2']!);
    expect(ourFull).toBeGreaterThan(100);
    expect(Math.abs(full(lo['attachment2']!) - ourFull)).toBeLessThanOrEqual(3);
    const ideographsOnly = lo['attachment2']!.flatMap(pageText).filter((l) => /^[\u4e00-\u9fff，。、；：“”（）《》]+$/.test(l));
    expect(Math.max(...ideographsOnly.map((l) => [...l].length))).toBeLessThanOrEqual(29);
  });

  it('附件1: two pages; page 2 starts with 线上线下… under repeated 绩效指标 / 产出指标 / 数量指标', () => {
    expect(lo['attachment1']!.length).toBe(2);
    const page2 = squash(lo['attachment1']![1]!.items.map((i) => i.str).join(''));
    for (const label of ['绩效指标', '产出指标', '数量指标', '线上线下汇总或集成展示']) expect(page2).toContain(label);
    expect(squash(lo['attachment1']![0]!.items.map((i) => i.str).join(''))).not.toContain('线上线下汇总');
  });

  it('附件1: the same characters as our PDF', () => {
    const chars = (pages: PdfTextPage[]) => [...pages.flatMap(pageText).join('')].sort().join('');
    expect(chars(lo['attachment1']!)).toBe(chars(ours['attachment1']!));
  });
});
