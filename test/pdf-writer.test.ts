/** The PDF writer, measured from the PDF itself (pdfjs-dist): margins, grid, fonts, page numbers, bytes. */
import { beforeAll, describe, expect, it } from 'vitest';
import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { loadFontSet } from '../src/fonts/index.ts';
import { layoutDocument } from '../src/layout/index.ts';
import { HANGING, NO_LINE_END, NO_LINE_START } from '../src/layout/linebreak.ts';
import { baselineInLine, mm } from '../src/layout/metrics.ts';
import { writePdf } from '../src/pdf/index.ts';
import { extractPdfInfo, extractPdfText, linesOf, type PdfTextPage } from './helpers/pdftext.ts';
import { sampleReport } from './helpers/sample-report.ts';

const fonts = loadFontSet();
const LEFT = mm(28);
const RIGHT = mm(28 + 156);
const TOP = mm(37);
const PITCH_Y = mm(225) / 22;
const isWide = (c: string) => /[\u3000-\u303f\u4e00-\u9fff\uff00-\uff60“”‘’…—]/.test(c);

let pdf: Buffer;
let pages: PdfTextPage[];
const doc = sampleReport();

beforeAll(async () => {
  pdf = await writePdf(layoutDocument(doc, fonts), doc.meta, fonts);
  pages = await extractPdfText(pdf);
});

/** Lines of a page without its page number (the line below the type area). */
const body = (p: PdfTextPage) => linesOf(p).filter((l) => l.y < TOP + mm(225));
const pageNumberLine = (p: PdfTextPage) => linesOf(p).find((l) => l.y > TOP + mm(225))!;

describe('geometry measured from the PDF', () => {
  it('is A4 with the type area at left 28 mm and first baseline from top 37 mm', () => {
    for (const p of pages) {
      expect(p.width).toBeCloseTo(mm(210), 1);
      expect(p.height).toBeCloseTo(mm(297), 1);
      const lines = body(p);
      const minX = Math.min(...lines.map((l) => l.x));
      expect(Math.abs(minX - LEFT)).toBeLessThan(0.5);
    }
    // The label 附件 2 sits on grid line 1: em box centred in a line of 225/22 mm.
    const first = body(pages[0]!)[0]!;
    expect(first.text).toBe('附件 2');
    expect(Math.abs(first.y - (TOP + baselineInLine(PITCH_Y, 16)))).toBeLessThan(0.5);
    for (const p of pages.slice(1)) expect(Math.abs(body(p)[0]!.y - (TOP + baselineInLine(PITCH_Y, 16)))).toBeLessThan(0.05);
  });

  it('puts 22 lines on every full page, one grid line apart', () => {
    expect(pages.length).toBeGreaterThanOrEqual(9);
    for (const p of pages.slice(1, -1)) {
      const lines = body(p);
      expect(lines).toHaveLength(22);
      lines.slice(1).forEach((l, i) => expect(l.y - lines[i]!.y).toBeCloseTo(PITCH_Y, 2));
    }
  });

  it('sets 28 characters on every full body line (29 with a hanging stop, 27 when 禁则 pushed one down, fewer before a digit run)', () => {
    const all = pages.flatMap((p) => body(p));
    let full = 0;
    let pushed = 0;
    let digitLines = 0;
    all.forEach((l, k) => {
      const chars = Array.from(l.text);
      const last = l.items.at(-1)!;
      const reachesRight = last.x + last.width > RIGHT - 1;
      if (!reachesRight || !chars.every(isWide)) return;
      const base = l.x > LEFT + 1 ? 26 : 28; // first lines are indented two characters
      const hangs = HANGING.has(chars.at(-1)!) && chars.length === base + 1;
      const next = Array.from(all[k + 1]?.text ?? '');
      // Push: the next line starts with a character and a mark that may not start a line, or
      // this line would have ended with an opening mark.
      const push = chars.length === base - 1 && (NO_LINE_START.has(next[1] ?? '') || NO_LINE_END.has(next[0] ?? ''));
      // A digit run at natural width (2023 = 32pt, two grid cells are 31.6pt) that did not fit.
      const digitsDown = chars.length >= base - 2 && /^[0-9A-Za-z]/.test(next[0] ?? '');
      if (digitsDown) return void digitLines++;
      if (push) pushed++;
      else expect(chars.length, l.text).toBe(base + (hangs ? 1 : 0));
      if (hangs) expect(last.x + last.width).toBeGreaterThan(RIGHT + 10);
      else expect(Math.abs(last.x + last.width - RIGHT)).toBeLessThan(0.5);
      full++;
    });
    expect(full).toBeGreaterThan(60);
    expect(pushed).toBeLessThan(full / 5);
    expect(digitLines).toBeLessThan(full / 10);
  });

  it('uses 黑体 for level 1, 楷体 for level 2, 仿宋 for levels 3-4 and body, 小标宋 for the title', () => {
    const all = pages.flatMap((p) => linesOf(p));
    const fontOf = (text: string) =>
      all.find((l) => l.text.replace(/\s/g, '') === text.replace(/\s/g, ''))?.items.filter((i) => i.str.trim() !== '').map((i) => i.font);
    expect(fontOf('附件 2')).toEqual(['FandolHei-Regular']);
    expect(new Set(fontOf('2023年度中共广州市委外事工作委员会'))).toEqual(new Set(['FandolSong-Bold']));
    expect(fontOf('一、基本情况')).toEqual(['FandolHei-Regular']);
    expect(fontOf('（一）部门概况')).toEqual(['FandolKai-Regular']);
    expect(new Set(fontOf('1.预算编制情况'))).toEqual(new Set(['FandolFang-Regular']));
    expect(new Set(fontOf('（1）总体执行情况'))).toEqual(new Set(['FandolFang-Regular']));
    const sizes = all.find((l) => l.text === '办公室部门整体支出绩效自评报告')!.items.map((i) => i.size);
    expect(sizes).toEqual([22]);
    expect(fontOf('附件 2')).toEqual(['FandolHei-Regular']);
  });

  it('draws level-3 headings in synthetic bold (fill + stroke) and nothing else', async () => {
    const pdfDoc = await getDocument({ data: new Uint8Array(pdf), verbosity: 0 }).promise;
    let boldRuns = 0;
    for (let i = 1; i <= pdfDoc.numPages; i++) {
      const ops = await (await pdfDoc.getPage(i)).getOperatorList();
      ops.fnArray.forEach((fn, k) => {
        if (fn === OPS.setTextRenderingMode && ops.argsArray[k][0] === 2) boldRuns++;
      });
    }
    await pdfDoc.destroy();
    const level3 = doc.sections[0]!.blocks.filter((b) => b.kind === 'heading' && b.level === 3).length;
    // One text-showing run per level-3 heading fragment: "1." in digits and the rest in ideographs.
    expect(level3).toBe(5);
    expect(boldRuns).toBe(level3 * 2);
  });

  it('prints `— N —` in 14pt 宋体 7 mm below the type area: odd pages right, even pages left, one character in', () => {
    pages.forEach((p, i) => {
      const n = i + 1;
      const l = pageNumberLine(p);
      expect(l.text.replace(/\s+/g, ' ')).toBe(`— ${n} —`);
      expect(l.items.every((it) => it.font === 'FandolSong-Regular' && Math.abs(it.size - 14) < 0.01)).toBe(true);
      expect(Math.abs(l.y - 0.88 * 14 - (TOP + mm(225) + mm(7)))).toBeLessThan(0.05);
      const last = l.items.at(-1)!;
      if (n % 2 === 1) expect(Math.abs(last.x + last.width - (RIGHT - 14))).toBeLessThan(0.5);
      else expect(Math.abs(l.x - (LEFT + 14))).toBeLessThan(0.05);
    });
  });
});

describe('document properties', () => {
  it('writes the info dictionary with the data date and bookmarks nested by level', async () => {
    const { info, outline, numPages } = await extractPdfInfo(pdf);
    expect(numPages).toBe(pages.length);
    expect(info).toMatchObject({
      PDFFormatVersion: '1.7',
      Title: doc.meta.title,
      Author: doc.meta.author,
      Subject: doc.meta.subject,
      Keywords: '绩效自评,2023',
      Creator: 'jixiao',
      CreationDate: 'D:20240315010000Z',
      ModDate: 'D:20240315010000Z',
    });
    expect(outline).toHaveLength(1);
    const top = outline[0]!;
    expect(top.title).toBe(doc.meta.title);
    expect(top.items.map((i) => i.title)).toEqual(['一、基本情况', '二、综合评价分析', '三、存在的主要问题', '四、下一步改进措施']);
    expect(top.items[0]!.items.map((i) => i.title)).toEqual(['（一）部门概况', '（二）年度工作和重点工作任务', '（三）部门整体收支情况', '（四）部门整体绩效管理情况']);
    const mgmt = top.items[1]!.items[2]!;
    expect(mgmt.title).toBe('（三）管理效率分析');
    expect(mgmt.items[1]!.title).toBe('2.预算执行情况');
    expect(mgmt.items[1]!.items.map((i) => i.title)).toEqual(['（1）总体执行情况', '（2）提高政治站位', '（3）强化支出计划管理', '（4）加强合同支付管理']);
  });

  it('embeds font subsets only and gives the same bytes for the same input', async () => {
    const again = await writePdf(layoutDocument(sampleReport(), fonts), doc.meta, fonts);
    expect(again.equals(pdf)).toBe(true);
    const text = pdf.toString('latin1');
    const baseFonts = [...new Set([...text.matchAll(/\/BaseFont \/([A-Z]{6}\+)?([\w-]+)/g)].map((m) => `${m[1] ? 'subset:' : ''}${m[2]}`))];
    expect(baseFonts.sort()).toEqual(
      ['FandolFang-Regular', 'FandolHei-Regular', 'FandolKai-Regular', 'FandolSong-Bold', 'FandolSong-Regular'].map((f) => `subset:${f}`),
    );
    expect(pdf.length).toBeLessThan(2_000_000);
  });
});
