/** Line breaker: 禁则, hanging punctuation, unsplit numbers and Latin, grid pitch, justification. */
import { describe, expect, it } from 'vitest';
import type { Run } from '../src/document/model.ts';
import { JixiaoError } from '../src/errors.ts';
import { loadFontSet } from '../src/fonts/index.ts';
import { AUTOSPACE_EM, HANGING, NO_LINE_END, NO_LINE_START, createLineBreaker } from '../src/layout/linebreak.ts';
import { mm } from '../src/layout/metrics.ts';
import type { BreakOptions, LaidLine } from '../src/layout/types.ts';
import { sampleReport } from './helpers/sample-report.ts';

const fonts = loadFontSet();
const breakLines = createLineBreaker(fonts);
const WIDTH = mm(156);
const PITCH = WIDTH / 28;
const body: BreakOptions = { width: WIDTH, font: 'fangsong', size: 16, firstLineIndent: 0, align: 'justify', pitch: PITCH };
const br = (text: string, o: Partial<BreakOptions> = {}) => breakLines([{ text }], { ...body, ...o });
const HAN = '部门整体支出绩效自评报告预算执行情况管理效率分析基本情况综合评价';
const han = (n: number) => Array.from({ length: n }, (_, i) => HAN[i % HAN.length]).join('');

/** Paragraph texts of the sample report. */
const paragraphs = sampleReport()
  .sections[0]!.blocks.filter((b) => b.kind === 'paragraph')
  .map((b) => (b.kind === 'paragraph' ? b.runs.map((r) => r.text).join('') : ''));

function assertKinsoku(lines: LaidLine[]) {
  lines.forEach((l, i) => {
    const chars = Array.from(l.text);
    if (i > 0) expect(NO_LINE_START.has(chars[0]!), `line starts with ${chars[0]}: ${l.text}`).toBe(false);
    if (i < lines.length - 1) expect(NO_LINE_END.has(chars[chars.length - 1]!), `line ends with ${chars.at(-1)}: ${l.text}`).toBe(false);
  });
}

describe('禁则 (punctuation rules)', () => {
  it('never starts a line with closing punctuation nor ends one with opening, over the whole report at many widths', () => {
    let checked = 0;
    for (const p of paragraphs) {
      for (const o of [{}, { pitch: undefined, align: 'left' as const }, { width: 200, pitch: undefined }, { width: 97.3, pitch: undefined }, { width: PITCH * 13 }]) {
        const lines = br(p, { ...o, firstLineIndent: 2 * PITCH });
        assertKinsoku(lines);
        expect(lines.map((l) => l.text).join('')).toBe(p); // nothing lost or added
        checked += lines.length;
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it('pushes the previous character down when a closing mark may not hang', () => {
    // 28 ideographs then ）: the ） cannot start a line and does not hang, so 28th char goes down with it.
    const lines = br(`${han(28)}）后文`);
    expect(Array.from(lines[0]!.text)).toHaveLength(27);
    expect(lines[1]!.text.startsWith(`${han(28).slice(-1)}）`)).toBe(true);
    expect(lines[0]!.width).toBeCloseTo(WIDTH, 2);
  });

  it('moves an opening mark at the end of a line to the next line', () => {
    const lines = br(`${han(27)}（一）后文`);
    expect(lines[0]!.text).toBe(han(27));
    expect(lines[1]!.text.startsWith('（一）')).toBe(true);
  });

  it('treats curly quotes as opening and closing in Chinese text', () => {
    const lines = br(`${han(26)}，“四个出新出彩”。`);
    // “ may not end a line: it goes down with 四.
    expect(lines[0]!.text).toBe(`${han(26)}，`);
    expect(lines[1]!.text).toBe('“四个出新出彩”。');
  });
});

describe('hanging punctuation', () => {
  it('lets a comma hang as the 29th character of a full 28-character line', () => {
    const lines = br(`${han(28)}，下一行`);
    expect(lines[0]!.text).toBe(`${han(28)}，`);
    expect(lines[1]!.text).toBe('下一行');
    // The hanging mark is not counted: the visible line fills the width exactly.
    expect(lines[0]!.width).toBeCloseTo(WIDTH, 2);
    const last = lines[0]!.fragments.at(-1)!;
    const end = last.x + last.width;
    expect(end).toBeGreaterThan(WIDTH + PITCH - 0.5);
    expect(HANGING.has('。')).toBe(true);
  });

  it('hangs a full stop at the end of an indented first line', () => {
    const lines = br(`${han(26)}。后面`, { firstLineIndent: 2 * PITCH });
    expect(lines[0]!.text).toBe(`${han(26)}。`);
    expect(lines[0]!.fragments[0]!.x).toBeCloseTo(2 * PITCH, 6);
  });
});

describe('numbers and Latin', () => {
  const text = '本年度办理APEC商务旅行卡974人次，全年预算数9,647.82万元，完成预算的96.67%，支出进度为97.02%。';
  const tokens = ['APEC', '974', '9,647.82', '96.67%', '97.02%'];
  it('never splits 9,647.82, 96.67%, APEC or 974 at any width', () => {
    let widths = 0;
    for (let w = 70; w <= 300; w += 3.7) {
      for (const pitch of [undefined, PITCH]) {
        const lines = br(text, { width: w, pitch });
        assertKinsoku(lines);
        const cuts: number[] = [];
        let pos = 0;
        for (const l of lines.slice(0, -1)) cuts.push((pos += Array.from(l.text).length));
        const all = Array.from(lines.map((l) => l.text).join(''));
        expect(all.join('')).toBe(text);
        for (const t of tokens) {
          const start = Array.from(text.slice(0, text.indexOf(t))).length;
          const end = start + Array.from(t).length;
          expect(cuts.some((c) => c > start && c < end), `${t} split at width ${w}`).toBe(false);
        }
        widths++;
      }
    }
    expect(widths).toBeGreaterThan(100);
  });

  it('sets digits and Latin at natural width, ideographs on the grid pitch, a quarter em between them', () => {
    const [line] = br('APEC商务旅行卡974人次', { align: 'left' });
    const frags = line!.fragments;
    const gap = AUTOSPACE_EM * 16;
    expect(frags.map((f) => f.text)).toEqual(['APE', 'C', '商务旅行', '卡', '97', '4', '人次']);
    expect(frags.map((f) => f.charSpacing)).toEqual([0, gap, PITCH - 16, PITCH - 16 + gap, 0, gap, PITCH - 16].map((v) => expect.closeTo(v, 6)));
    expect(frags[4]!.width).toBeCloseTo(2 * 8, 6); // Fandol digits are half an em
    expect(frags[2]!.width).toBeCloseTo(4 * PITCH, 6);
    // Fragments abut.
    for (let i = 1; i < frags.length; i++) expect(frags[i]!.x).toBeCloseTo(frags[i - 1]!.x + frags[i - 1]!.width, 6);
    // No autospace before punctuation, none at a line end.
    expect(br('（2）提高', { align: 'left' })[0]!.fragments.map((f) => f.text)).toEqual(['（', '2', '）提高']);
    const lines = br(`${han(27)}2023年`, { align: 'left' });
    expect(lines[0]!.text).toBe(han(27));
    expect(lines[0]!.width).toBeCloseTo(27 * PITCH, 6);
  });

  it('fits 28 ideographs on a 156 mm line (16pt on a 15.79pt pitch)', () => {
    const lines = br(han(56));
    expect(lines.map((l) => Array.from(l.text).length)).toEqual([28, 28]);
    expect(lines[0]!.width).toBeCloseTo(442.2, 1);
  });
});

describe('justification', () => {
  it('stretches every line but the last to the full width, the last stays natural', () => {
    let full = 0;
    for (const p of paragraphs) {
      for (const o of [{}, { pitch: undefined }, { width: 180, pitch: undefined }]) {
        const opts = { ...body, ...o, firstLineIndent: 2 * PITCH };
        const lines = breakLines([{ text: p }], opts);
        lines.forEach((l, i) => {
          const avail = opts.width - (i === 0 ? opts.firstLineIndent : 0);
          const natural = l.fragments.reduce((s, f) => s + f.width - f.charSpacing * Array.from(f.text).length, 0);
          if (!l.last) {
            expect(l.width, l.text).toBeGreaterThan(avail - 0.01);
            expect(l.width, l.text).toBeLessThan(avail + 0.01);
            full++;
          } else {
            expect(l.last).toBe(i === lines.length - 1);
            // Not stretched: spacing is only the grid's (pitch - size) on wide characters, 0 on the rest.
            const grid = opts.pitch === undefined ? 0 : PITCH - 16;
            for (const f of l.fragments) expect([0, grid, 4, grid + 4].some((c) => Math.abs(f.charSpacing - c) < 1e-9), `${f.text} ${f.charSpacing}`).toBe(true);
            expect(l.width).toBeLessThanOrEqual(avail + 0.01);
            expect(natural).toBeGreaterThan(0);
          }
        });
      }
    }
    expect(full).toBeGreaterThan(300);
  });

  it('centres and right-aligns inside the available width', () => {
    const [c] = br('一、基本情况', { align: 'center', pitch: undefined });
    expect(c!.fragments[0]!.x).toBeCloseTo((WIDTH - 6 * 16) / 2, 6);
    const [r] = br('一、基本情况', { align: 'right', pitch: undefined });
    expect(r!.fragments[0]!.x + r!.width).toBeCloseTo(WIDTH, 6);
  });
});

describe('faces, runs and breaks', () => {
  it('splits fragments where face, size or bold changes', () => {
    const runs: Run[] = [{ text: '甲乙', font: 'heiti' }, { text: '丙丁' }, { text: '戊', bold: true }, { text: '己', size: 12 }];
    const [line] = breakLines(runs, { ...body, align: 'left', pitch: undefined });
    expect(line!.fragments.map((f) => [f.text, f.face, f.size, f.bold])).toEqual([
      ['甲乙', 'FandolHei-Regular', 16, false],
      ['丙丁', 'FandolFang-Regular', 16, false],
      ['戊', 'FandolFang-Regular', 16, true],
      ['己', 'FandolFang-Regular', 12, false],
    ]);
    expect(line!.width).toBeCloseTo(5 * 16 + 12, 6);
  });

  it('breaks at a "\\n" run and does not justify the line before it', () => {
    const lines = breakLines([{ text: '第一行' }, { text: '\n' }, { text: '第二行' }], body);
    expect(lines.map((l) => [l.text, l.last])).toEqual([
      ['第一行', false],
      ['第二行', true],
    ]);
    expect(lines[0]!.width).toBeCloseTo(3 * PITCH, 6);
  });

  it('gives an empty paragraph one empty line', () => {
    expect(br('')).toEqual([{ fragments: [], width: 0, text: '', last: true }]);
  });

  it('names the character and the field when no face has a glyph', () => {
    let err: unknown;
    try {
      breakLines([{ text: '正常\u{E123}', field: 'report.overview' }], body);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(JixiaoError);
    expect((err as JixiaoError).code).toBe('font.missingGlyph');
    expect((err as JixiaoError).path).toBe('report.overview');
    expect((err as JixiaoError).zh).toContain('U+E123');
  });
});
