/**
 * DOCX writer tests: structure asserted from the package XML, and (with LibreOffice) the
 * rendered 公文 grid and a table split across pages. Test documents are built by hand here.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SaxesParser } from 'saxes';
import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BlockStyle, Document, PageStyle, Run, TableBlock, TableCell, TableRow, TextBlock } from '../src/document/model.ts';
import { writeDocx, type WriteDocxOptions } from '../src/docx/index.ts';
import { attachCuts, cutTable } from '../src/cut/index.ts';
import { loadTemplates } from '../src/templates/index.ts';
import { resolveGrid } from '../src/layout/grid.ts';
import { ORIGINAL_ATTACHMENT2 } from './helpers/sample.ts';
import { obfuscateFont } from '../src/docx/package.ts';
import { loadFontSet } from '../src/fonts/index.ts';
import { convertDocxToPdf, describeIfSoffice, fontEnv } from './helpers/soffice.ts';

/** The guangzhou format's Word font names (styles.yaml docxFontNames). */
const NAMES = loadTemplates().styles.docxFontNames;
/** writeDocx with the format's font names. */
const docx = (doc: Document, opts: Partial<WriteDocxOptions> = {}) => writeDocx(doc, { fontNames: NAMES, ...opts });

// ---------------------------------------------------------------- test documents


const MM = 72 / 25.4;
const GONGWEN_PAGE: PageStyle = {
  width: 210 * MM, height: 297 * MM,
  margin: { top: 37 * MM, right: 26 * MM, bottom: 35 * MM, left: 28 * MM },
  grid: { linesPerPage: 22, charsPerLine: 28 },
  pageNumbers: 'outer', pageNumberFormat: '— {n} —', pageNumberFont: 'songti', pageNumberSize: 14, pageNumberGap: 7 * MM,
};
const TABLE_PAGE: PageStyle = {
  width: 210 * MM, height: 297 * MM,
  margin: { top: 20 * MM, right: 15 * MM, bottom: 20 * MM, left: 15 * MM },
  pageNumbers: 'center', pageNumberFormat: '— {n} —', pageNumberFont: 'songti', pageNumberSize: 14, pageNumberGap: 7 * MM,
};
const STYLES = {
  label: { font: 'heiti', size: 16, align: 'left', docxStyleName: '附件标注' },
  title: { font: 'xiaobiaosong', size: 22, align: 'center', spaceBefore: 29, spaceAfter: 29, keepWithNext: true, docxStyleName: '公文标题' },
  h1: { font: 'heiti', size: 16, align: 'justify', firstLineIndentChars: 2, keepWithNext: true, docxStyleName: '一级标题' },
  h2: { font: 'kaiti', size: 16, align: 'justify', firstLineIndentChars: 2, keepWithNext: true, docxStyleName: '二级标题' },
  h3: { font: 'fangsong', size: 16, bold: true, align: 'justify', firstLineIndentChars: 2, keepWithNext: true, docxStyleName: '三级标题' },
  h4: { font: 'fangsong', size: 16, align: 'justify', firstLineIndentChars: 2, keepWithNext: true, docxStyleName: '四级标题' },
  body: { font: 'fangsong', size: 16, align: 'justify', firstLineIndentChars: 2, docxStyleName: '公文正文' },
  table: { font: 'fangsong', size: 9, align: 'center', lineHeight: 12, docxStyleName: '表格文字' },
} satisfies Record<string, BlockStyle>;

const run = (text: string): Run => ({ text });
const para = (text: string): TextBlock => ({ kind: 'paragraph', runs: [run(text)], style: STYLES.body });
const heading = (level: 1 | 2 | 3 | 4, text: string): TextBlock => ({
  kind: 'heading', level, runs: [run(text)], style: STYLES[`h${level}` as const], outline: text,
});

/** Paragraphs of the 附件2 seed: rendered lines joined back, a short line ends a paragraph. */
function seedBlocks(): TextBlock[] {
  const lines = fs.readFileSync(ORIGINAL_ATTACHMENT2, 'utf8').split('\n').map((l) => l.trim()).filter(Boolean);
  const blocks: TextBlock[] = [];
  let buf = '';
  const flush = () => { if (buf) blocks.push(para(buf)); buf = ''; };
  for (const l of lines.slice(3)) {
    let m: RegExpMatchArray | null;
    if ((m = l.match(/^[一二三四五六七八九十]+、.{0,20}$/))) { flush(); blocks.push(heading(1, l)); continue; }
    if ((m = l.match(/^（[一二三四五六七八九十]+）.{0,20}$/))) { flush(); blocks.push(heading(2, l)); continue; }
    buf += l;
    if (l.length < 24 && !/^\d+\./.test(l)) flush();
  }
  flush();
  return blocks;
}

function gongwenDoc(bodyBlocks: TextBlock[] = seedBlocks()): Document {
  const blocks = [
    { kind: 'label', runs: [run('附件 2')], style: STYLES.label } as TextBlock,
    { kind: 'title', runs: [run('2023 年度中共广州市委外事工作委员会'), run('\n'), run('办公室部门整体支出绩效自评报告')], style: STYLES.title, outline: 'title' } as TextBlock,
    ...bodyBlocks,
  ];
  return {
    meta: { title: '部门整体支出绩效自评报告', author: '市委外办', subject: '2023 年度部门整体支出绩效自评', keywords: '绩效,自评', date: '2024-03-15' },
    sections: [{ page: GONGWEN_PAGE, blocks }],
  };
}

const cell = (text: string, o: Partial<TableCell> = {}): TableCell => ({
  paragraphs: text ? [[run(text)]] : [], rowSpan: 1, colSpan: 1, align: 'left', valign: 'middle', repeatOnSplit: false, ...o,
});
const row = (cells: TableCell[], o: Partial<TableRow> = {}): TableRow => ({ cells, repeatHeader: false, minHeight: 0, ...o });

/**
 * An indicator table like 附件1's: a header row, then 绩效指标 (rows 1..n) spanning the first
 * column, 一级 in the second, 二级 in the third, and the 三级 text and two values.
 * Returns the table and the row index where 数量指标 starts.
 */
function indicatorTable(quantity = 19, quality = 2): TableBlock {
  const rows: TableRow[] = [];
  rows.push(row(['', '一级指标', '二级指标', '三级指标', '实施周期指标值', '年度指标值'].map((t, i) => cell(t || '项目', { bold: true, align: 'center', colSpan: 1 })).slice(0, 6), { repeatHeader: true }));
  const total = quantity + quality + 3;
  for (let i = 0; i < total; i++) {
    const cells: TableCell[] = [];
    if (i === 0) cells.push(cell('绩效指标', { rowSpan: total, align: 'center', repeatOnSplit: true }));
    if (i === 0) cells.push(cell('产出指标', { rowSpan: quantity + quality, align: 'center', repeatOnSplit: true }));
    if (i === quantity + quality) cells.push(cell('效益指标', { rowSpan: 3, align: 'center', repeatOnSplit: true }));
    if (i === 0) cells.push(cell('数量指标', { rowSpan: quantity, align: 'center', repeatOnSplit: true }));
    if (i === quantity) cells.push(cell('质量指标', { rowSpan: quality, align: 'center', repeatOnSplit: true }));
    if (i === quantity + quality) cells.push(cell('社会效益指标', { rowSpan: 3, align: 'center', repeatOnSplit: true }));
    cells.push(cell(`指标${i + 1}：线上线下汇总或集成展示各类外事资源的平台数量`));
    cells.push(cell(`大于等于${100 + i}个`, { align: 'right' }));
    cells.push(cell(`${90 + (i % 10)}%`, { align: 'right' }));
    rows.push(row(cells, { minHeight: 24 }));
  }
  rows.push(row([cell('其他说明', { align: 'center' }), cell('本表金额单位为万元，指标值为文字。', { colSpan: 5 })]));
  return { kind: 'table', columns: [50, 55, 65, 160, 85, 95], rows, style: STYLES.table, padding: [2, 3, 2, 3], borderWidth: 0.5 };
}

function tableDoc(table = indicatorTable()): Document {
  return {
    meta: { title: '部门整体预算绩效目标申报表', author: '市委外办', subject: '2025', date: '2024-10-01' },
    sections: [{ page: TABLE_PAGE, blocks: [{ kind: 'label', runs: [run('附件1：')], style: { ...STYLES.label, lineHeight: 20 } }, table] }],
  };
}

// ---------------------------------------------------------------- XML helpers

interface El {
  name: string;
  attrs: Record<string, string>;
  children: El[];
  text: string;
}

function parseXml(xml: string): El {
  const root: El = { name: '#root', attrs: {}, children: [], text: '' };
  const stack: El[] = [root];
  const p = new SaxesParser();
  p.on('opentag', (t) => {
    const el: El = { name: t.name, attrs: t.attributes as Record<string, string>, children: [], text: '' };
    stack[stack.length - 1]!.children.push(el);
    stack.push(el);
  });
  p.on('text', (t) => {
    stack[stack.length - 1]!.text += t;
  });
  p.on('closetag', () => {
    stack.pop();
  });
  p.write(xml).close();
  return root;
}

/** All descendants named `name`, document order. */
function all(el: El, name: string): El[] {
  const out: El[] = [];
  const walk = (e: El) => {
    for (const c of e.children) {
      if (c.name === name) out.push(c);
      walk(c);
    }
  };
  walk(el);
  return out;
}
const first = (el: El, name: string): El | undefined => all(el, name)[0];
const kids = (el: El, name: string): El[] => el.children.filter((c) => c.name === name);
/** Text of all w:t below. */
const textOf = (el: El): string => all(el, 'w:t').map((t) => t.text).join('');

class Pkg {
  readonly files: Record<string, Uint8Array>;
  constructor(buf: Uint8Array) {
    this.files = unzipSync(buf);
  }
  str(name: string): string {
    const f = this.files[name];
    if (!f) throw new Error(`no ${name} in package: ${Object.keys(this.files).join(', ')}`);
    return new TextDecoder().decode(f);
  }
  xml(name: string): El {
    return parseXml(this.str(name));
  }
}

function styleByName(styles: El, name: string): El {
  const s = all(styles, 'w:style').find((st) => first(st, 'w:name')?.attrs['w:val'] === name);
  if (!s) throw new Error(`style ${name} missing`);
  return s;
}

/**
 * The merged-cell structure of one w:tbl: for each origin cell (not a vMerge continuation),
 * its text, row, grid column, grid span and the rows it covers.
 */
function tableCells(tbl: El): { text: string; row: number; col: number; span: number; rows: number }[] {
  const rows = kids(tbl, 'w:tr');
  const origins: { text: string; row: number; col: number; span: number; rows: number }[] = [];
  const open = new Map<number, { rows: number }>();
  rows.forEach((tr, r) => {
    let col = 0;
    for (const tc of kids(tr, 'w:tc')) {
      const span = Number(first(tc, 'w:gridSpan')?.attrs['w:val'] ?? 1);
      const vm = first(tc, 'w:vMerge');
      const vmVal = vm ? (vm.attrs['w:val'] ?? 'continue') : undefined;
      if (vmVal === 'continue') {
        const o = open.get(col);
        if (!o) throw new Error(`vMerge continue without restart at row ${r} col ${col}`);
        o.rows++;
      } else {
        const o = { text: textOf(tc), row: r, col, span, rows: 1 };
        origins.push(o);
        if (vmVal === 'restart') open.set(col, o);
        else open.delete(col);
      }
      col += span;
    }
  });
  return origins;
}

const HEADER = ['项目', '一级指标', '二级指标', '三级指标', '实施周期指标值', '年度指标值'];

// ---------------------------------------------------------------- structure

describe('writeDocx: 公文 page and styles', () => {
  let pkg: Pkg;
  let doc: El;
  let styles: El;
  beforeAll(async () => {
    pkg = new Pkg(await docx(gongwenDoc()));
    doc = pkg.xml('word/document.xml');
    styles = pkg.xml('word/styles.xml');
  });

  it('sets A4 with the GB/T 9704 margins, the footer 7 mm under the type area and the 22-line grid', () => {
    const sect = first(doc, 'w:sectPr')!;
    expect(first(sect, 'w:pgSz')!.attrs).toMatchObject({ 'w:w': '11906', 'w:h': '16838' });
    const mar = first(sect, 'w:pgMar')!.attrs;
    expect(mar).toMatchObject({ 'w:top': '2098', 'w:left': '1588', 'w:right': '1474', 'w:bottom': '1984' });
    // type area 156 mm x 225 mm
    expect(11906 - 1588 - 1474).toBe(Math.round((156 / 25.4) * 1440));
    // footer line (14 pt x 1.2 exact) starts 7 mm (397 twips) below the type area
    expect(1984 - Number(mar['w:footer']) - 14 * 1.2 * 20).toBeCloseTo((7 / 25.4) * 1440, -1);
    expect(first(sect, 'w:docGrid')!.attrs).toMatchObject({ 'w:type': 'lines', 'w:linePitch': '579' });
    expect(22 * 579).toBeLessThanOrEqual(16838 - 2098 - 1984);
    expect(23 * 579).toBeGreaterThan(16838 - 2098 - 1984);
  });

  it('defines named styles with East Asian fonts; only text styles carry an indent', () => {
    const body = styleByName(styles, '公文正文');
    expect(first(body, 'w:rFonts')!.attrs).toMatchObject({ 'w:eastAsia': '仿宋_GB2312', 'w:ascii': '仿宋_GB2312', 'w:hAnsi': '仿宋_GB2312' });
    expect(first(body, 'w:sz')!.attrs['w:val']).toBe('32');
    expect(first(body, 'w:jc')!.attrs['w:val']).toBe('both');
    expect(first(body, 'w:ind')!.attrs).toMatchObject({ 'w:firstLineChars': '200', 'w:firstLine': '640' });
    expect(first(body, 'w:spacing')!.attrs).toMatchObject({ 'w:line': '579', 'w:lineRule': 'exact' });
    // autospace left on (our line breaker models it), no widow control (as our page flow)
    expect(all(styles, 'w:autoSpaceDE')).toHaveLength(0);
    expect(all(styles, 'w:autoSpaceDN')).toHaveLength(0);
    expect(['0', 'false']).toContain(first(body, 'w:widowControl')!.attrs['w:val']);
    // western text en-US, East Asian zh-CN
    expect(first(first(styles, 'w:docDefaults')!, 'w:lang')!.attrs).toMatchObject({ 'w:val': 'en-US', 'w:eastAsia': 'zh-CN' });
    // -0.25 pt character spacing: 28 characters of 15.75 pt fit 156 mm, 29 do not
    expect(kids(first(body, 'w:rPr')!, 'w:spacing')[0]!.attrs['w:val']).toBe('-5');

    const title = styleByName(styles, '公文标题');
    expect(first(title, 'w:rFonts')!.attrs['w:eastAsia']).toBe('方正小标宋简体');
    expect(first(title, 'w:sz')!.attrs['w:val']).toBe('44');
    expect(first(title, 'w:jc')!.attrs['w:val']).toBe('center');
    expect(first(title, 'w:ind')!.attrs['w:firstLine']).toBe('0');

    expect(first(styleByName(styles, '附件标注'), 'w:rFonts')!.attrs['w:eastAsia']).toBe('黑体');
    const h1 = styleByName(styles, '一级标题');
    expect(first(h1, 'w:rFonts')!.attrs['w:eastAsia']).toBe('黑体');
    expect(first(h1, 'w:keepNext')).toBeDefined();
    expect(first(styleByName(styles, '二级标题'), 'w:rFonts')!.attrs['w:eastAsia']).toBe('楷体_GB2312');

    const pageNo = styleByName(styles, '页码');
    expect(first(pageNo, 'w:rFonts')!.attrs['w:eastAsia']).toBe('宋体');
    expect(first(pageNo, 'w:sz')!.attrs['w:val']).toBe('28');
    expect(first(pageNo, 'w:ind')!.attrs['w:firstLine']).toBe('0');
    // The defaults carry no first-line indent that could leak into cells or footers.
    const defaults = first(styles, 'w:docDefaults')!;
    expect(first(defaults, 'w:ind')?.attrs['w:firstLine'] ?? '0').toBe('0');
  });

  it('uses the styles by id on the paragraphs, without direct formatting', () => {
    const ids = new Map(all(styles, 'w:style').map((s) => [s.attrs['w:styleId']!, first(s, 'w:name')!.attrs['w:val']!]));
    const paras = all(first(doc, 'w:body')!, 'w:p');
    const bodyParas = paras.filter((p) => ids.get(first(p, 'w:pStyle')?.attrs['w:val'] ?? '') === '公文正文');
    expect(bodyParas.length).toBeGreaterThan(20);
    for (const p of bodyParas) {
      expect(first(p, 'w:ind')).toBeUndefined();
      expect(first(p, 'w:rFonts')).toBeUndefined();
    }
    const titleP = paras.find((p) => ids.get(first(p, 'w:pStyle')?.attrs['w:val'] ?? '') === '公文标题')!;
    // the "\n" run is a line break between the two title lines
    const rs = all(titleP, 'w:r');
    expect(rs.map((r) => r.children.map((c) => c.name).filter((n) => n !== 'w:rPr'))).toEqual([['w:t'], ['w:br', 'w:t']]);
    expect(textOf(titleP)).toBe('2023 年度中共广州市委外事工作委员会办公室部门整体支出绩效自评报告');
  });

  it('numbers pages — N — with odd pages right and even pages left, one character in', () => {
    const settings = pkg.xml('word/settings.xml');
    expect(first(settings, 'w:evenAndOddHeaders')).toBeDefined();
    const sect = first(doc, 'w:sectPr')!;
    const rels = pkg.xml('word/_rels/document.xml.rels');
    const target = (type: string) => {
      const id = all(sect, 'w:footerReference').find((f) => f.attrs['w:type'] === type)!.attrs['r:id'];
      return 'word/' + all(rels, 'Relationship').find((r) => r.attrs.Id === id)!.attrs.Target;
    };
    const odd = pkg.xml(target('default'));
    const even = pkg.xml(target('even'));
    for (const f of [odd, even]) {
      expect(all(f, 'w:instrText').map((t) => t.text.trim())).toEqual(['PAGE']);
      expect(textOf(f)).toBe('— ' + ' —');
      expect(all(f, 'w:fldChar').map((c) => c.attrs['w:fldCharType'])).toEqual(['begin', 'separate', 'end']);
    }
    expect(first(odd, 'w:jc')!.attrs['w:val']).toBe('right');
    expect(first(odd, 'w:ind')!.attrs['w:right']).toBe('280');
    expect(first(even, 'w:jc')!.attrs['w:val']).toBe('left');
    expect(first(even, 'w:ind')!.attrs['w:left']).toBe('280');
  });

  it('writes title, subject, author, keywords and the data date into core.xml', () => {
    const core = pkg.xml('docProps/core.xml');
    const val = (n: string) => first(core, n)?.text;
    expect(val('dc:title')).toBe('部门整体支出绩效自评报告');
    expect(val('dc:subject')).toBe('2023 年度部门整体支出绩效自评');
    expect(val('dc:creator')).toBe('市委外办');
    expect(val('cp:keywords')).toBe('绩效,自评');
    expect(val('dcterms:created')).toBe('2024-03-15T00:00:00Z');
    expect(val('dcterms:modified')).toBe('2024-03-15T00:00:00Z');
  });

  it('honours other font names', async () => {
    const p = new Pkg(await docx(gongwenDoc(), { fontNames: { ...NAMES, fangsong: 'FangSong' } }));
    expect(first(styleByName(p.xml('word/styles.xml'), '公文正文'), 'w:rFonts')!.attrs['w:eastAsia']).toBe('FangSong');
  });

  it('names the page number style as the page style says (styles.yaml pageNumberDocxStyleName)', async () => {
    const d = gongwenDoc([para('一行正文。')]);
    const named: Document = { ...d, sections: d.sections.map((sec) => ({ ...sec, page: { ...sec.page, pageNumberDocxStyleName: '公文页码' } })) };
    const styles = new Pkg(await docx(named)).xml('word/styles.xml');
    expect(first(styleByName(styles, '公文页码'), 'w:sz')!.attrs['w:val']).toBe('28');
  });
});

describe('writeDocx: tables', () => {
  it('merges cells down the right rows and across the right columns, with one header row', async () => {
    const pkg = new Pkg(await docx(tableDoc()));
    const tbls = all(pkg.xml('word/document.xml'), 'w:tbl');
    expect(tbls).toHaveLength(1);
    const tbl = tbls[0]!;
    expect(first(tbl, 'w:tblLayout')!.attrs['w:type']).toBe('fixed');
    // padding 2 pt less half the 0.5 pt border (Word and LibreOffice add the border to the row)
    const mar = first(tbl, 'w:tblCellMar')!;
    expect(['w:top', 'w:left', 'w:bottom', 'w:right'].map((n) => first(mar, n)!.attrs['w:w'])).toEqual(['35', '60', '35', '60']);
    expect(kids(first(tbl, 'w:tblGrid')!, 'w:gridCol').map((c) => c.attrs['w:w'])).toEqual(['1000', '1100', '1300', '3200', '1700', '1900']);
    const rows = kids(tbl, 'w:tr');
    expect(rows).toHaveLength(26);
    expect(rows.map((r) => !!first(r, 'w:tblHeader'))).toEqual([true, ...new Array(25).fill(false)]);
    expect(rows.every((r) => !!first(r, 'w:cantSplit'))).toBe(true);
    const cells = tableCells(tbl);
    const find = (t: string) => cells.find((c) => c.text === t)!;
    expect(find('绩效指标')).toMatchObject({ row: 1, col: 0, rows: 24 });
    expect(find('产出指标')).toMatchObject({ row: 1, col: 1, rows: 21 });
    expect(find('数量指标')).toMatchObject({ row: 1, col: 2, rows: 19 });
    expect(find('质量指标')).toMatchObject({ row: 20, col: 2, rows: 2 });
    expect(find('效益指标')).toMatchObject({ row: 22, col: 1, rows: 3 });
    expect(find('社会效益指标')).toMatchObject({ row: 22, col: 2, rows: 3 });
    expect(find('指标24：线上线下汇总或集成展示各类外事资源的平台数量')).toMatchObject({ row: 24, col: 3, rows: 1 });
    expect(find('本表金额单位为万元，指标值为文字。')).toMatchObject({ row: 25, col: 1, span: 5, rows: 1 });
    // every row covers the 6 grid columns exactly
    for (const tr of rows) {
      expect(kids(tr, 'w:tc').reduce((n, tc) => n + Number(first(tc, 'w:gridSpan')?.attrs['w:val'] ?? 1), 0)).toBe(6);
    }
    // restart/continue counts: one restart per merged cell, continues = covered rows - 1
    const vm = all(tbl, 'w:vMerge').map((v) => v.attrs['w:val'] ?? 'continue');
    expect(vm.filter((v) => v === 'restart')).toHaveLength(6);
    expect(vm.filter((v) => v === 'continue')).toHaveLength(23 + 20 + 18 + 1 + 2 + 2);
    // amounts right-aligned, labels vertically centred, table text not indented
    const amount = all(tbl, 'w:tc').find((tc) => textOf(tc) === '大于等于100个')!;
    expect(first(amount, 'w:jc')!.attrs['w:val']).toBe('right');
    const label = all(tbl, 'w:tc').find((tc) => textOf(tc) === '绩效指标')!;
    expect(first(label, 'w:vAlign')!.attrs['w:val']).toBe('center');
    const tstyle = styleByName(pkg.xml('word/styles.xml'), '表格文字');
    expect(first(tstyle, 'w:ind')!.attrs['w:firstLine']).toBe('0');
    expect(first(tstyle, 'w:spacing')!.attrs).toMatchObject({ 'w:line': '240', 'w:lineRule': 'exact' });
    // centred page numbers only: no odd/even footers
    const eo = first(pkg.xml('word/settings.xml'), 'w:evenAndOddHeaders');
    expect(eo === undefined || ['0', 'false'].includes(eo.attrs['w:val'] ?? '')).toBe(true);
  });

  it('splits the table at the layout rows, repeating the header and the group labels', async () => {
    const pkg = new Pkg(await docx(attachCuts(tableDoc(), [{ section: 0, block: 1, pageStartRows: [0, 12, 21] }])));
    const body = first(pkg.xml('word/document.xml'), 'w:body')!;
    const tbls = kids(body, 'w:tbl');
    expect(tbls).toHaveLength(3);
    // a page-break-before paragraph between the pieces keeps them apart
    const order = body.children.map((c) => (c.name === 'w:tbl' ? 'T' : first(c, 'w:pageBreakBefore') ? 'B' : c.name === 'w:p' ? 'p' : ''));
    expect(order.join('')).toMatch(/^pTBTBTp?$/);

    const [t1, t2, t3] = tbls.map(tableCells) as [ReturnType<typeof tableCells>, ReturnType<typeof tableCells>, ReturnType<typeof tableCells>];
    expect(kids(tbls[0]!, 'w:tr')).toHaveLength(12);
    expect(t1.find((c) => c.text === '数量指标')).toMatchObject({ row: 1, rows: 11 });
    // piece 2: header again, then model rows 12..20 with the labels re-emitted
    for (const [i, tbl] of [tbls[1]!, tbls[2]!].entries()) {
      const first2 = kids(tbl, 'w:tr')[0]!;
      expect(first(first2, 'w:tblHeader'), `piece ${i + 2} header`).toBeDefined();
      expect(kids(first2, 'w:tc').map(textOf)).toEqual(HEADER);
    }
    expect(kids(tbls[1]!, 'w:tr')).toHaveLength(1 + 9);
    expect(t2.filter((c) => c.row === 1).map((c) => [c.text, c.rows])).toEqual([
      ['绩效指标', 9],
      ['产出指标', 9],
      ['数量指标', 8],
      ['指标12：线上线下汇总或集成展示各类外事资源的平台数量', 1],
      ['大于等于111个', 1],
      ['91%', 1],
    ]);
    expect(t2.find((c) => c.text === '质量指标')).toMatchObject({ row: 9, rows: 1 });
    // piece 3: rows 21..25; 产出/质量 continue for one row, 绩效指标 for four
    expect(kids(tbls[2]!, "w:tr")).toHaveLength(1 + 5);
    expect(t3.filter((c) => c.row === 1).map((c) => [c.text, c.rows])).toEqual([
      ['绩效指标', 4],
      ['产出指标', 1],
      ['质量指标', 1],
      ['指标21：线上线下汇总或集成展示各类外事资源的平台数量', 1],
      ['大于等于120个', 1],
      ['90%', 1],
    ]);
    // nothing lost: every indicator appears exactly once over the pieces
    const all3 = [...t1, ...t2, ...t3].map((c) => c.text);
    for (let i = 1; i <= 24; i++) expect(all3.filter((t) => t.startsWith(`指标${i}：`))).toHaveLength(1);
  });

  it('re-emits a crossing cell without repeatOnSplit as an empty cell of the same span', () => {
    const t = tableDocTable();
    const cells = t.rows[1]!.cells.map((c, i) => (i === 0 ? { ...c, repeatOnSplit: false } : c));
    const table: TableBlock = { ...t, rows: t.rows.map((r, i) => (i === 1 ? { ...r, cells } : r)) };
    const pieces = cutTable(table, [0, 5]);
    expect(pieces).toHaveLength(2);
    const top = pieces[1]!.rows[1]!.cells;
    expect(top[0]).toMatchObject({ paragraphs: [], rowSpan: 20 });
    expect(top[1]!.paragraphs[0]![0]!.text).toBe('产出指标');
    expect(resolveGrid(table).cells.length).toBe(resolveGrid(t).cells.length);
  });

  it('rejects a row with too many cells at the cut stage, as the layout does', () => {
    const t = tableDocTable();
    const bad: TableBlock = { ...t, rows: t.rows.map((r, i) => (i === 2 ? { ...r, cells: [...r.cells, r.cells[0]!] } : r)) };
    expect(() => resolveGrid(bad)).toThrow();
    expect(() => attachCuts(tableDoc(bad), [])).toThrow(/第 3 行/);
  });
});

function tableDocTable(): TableBlock {
  return indicatorTable();
}

describe('writeDocx: determinism', () => {
  it('gives the same bytes twice and in any time zone, with fixed zip times', async () => {
    const tz = process.env.TZ;
    try {
      process.env.TZ = 'UTC';
      const a = await docx(gongwenDoc());
      const a2 = await docx(gongwenDoc());
      process.env.TZ = 'Asia/Shanghai';
      const b = await docx(gongwenDoc());
      process.env.TZ = 'America/Los_Angeles';
      const c = await docx(gongwenDoc());
      expect(a2.equals(a)).toBe(true);
      expect(b.equals(a)).toBe(true);
      expect(c.equals(a)).toBe(true);
      // every local file header: DOS time 00:00, date 1980-01-01 (0x0021)
      let n = 0;
      for (let i = a.indexOf(Buffer.from('PK\x03\x04', 'latin1')); i >= 0; i = a.indexOf(Buffer.from('PK\x03\x04', 'latin1'), i + 4)) {
        if (a.readUInt16LE(i + 12) !== 0x0021) continue; // a signature inside compressed data
        expect(a.readUInt16LE(i + 10)).toBe(0);
        n++;
      }
      expect(n).toBe(Object.keys(unzipSync(a)).length);
      expect(Object.keys(unzipSync(a))[0]).toBe('[Content_Types].xml');
    } finally {
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    }
  });
});

describe('writeDocx: embedded fonts', () => {
  it('embeds each role font obfuscated with a key derived from the data', async () => {
    const fonts = loadFontSet();
    const small: Document = { ...gongwenDoc([para('一行正文。')]) };
    const a = await docx(small, { embedFonts: true, fonts });
    const b = await docx(small, { embedFonts: true, fonts });
    expect(a.equals(b)).toBe(true);
    const pkg = new Pkg(a);
    expect(first(pkg.xml('word/settings.xml'), 'w:embedTrueTypeFonts')).toBeDefined();
    expect(pkg.str('[Content_Types].xml')).toContain('application/vnd.openxmlformats-officedocument.obfuscatedFont');
    const table = pkg.xml('word/fontTable.xml');
    const rels = pkg.xml('word/_rels/fontTable.xml.rels');
    const embedded = all(table, 'w:font').filter((f) => first(f, 'w:embedRegular'));
    expect(embedded.map((f) => f.attrs['w:name']).sort()).toEqual(['仿宋_GB2312', '宋体', '方正小标宋简体', '楷体_GB2312', '黑体'].sort());
    const fang = embedded.find((f) => f.attrs['w:name'] === '仿宋_GB2312')!;
    const er = first(fang, 'w:embedRegular')!;
    const key = er.attrs['w:fontKey']!;
    expect(key).toMatch(/^\{[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\}$/);
    const target = all(rels, 'Relationship').find((r) => r.attrs.Id === er.attrs['r:id'])!.attrs.Target!;
    const part = pkg.files['word/' + target]!;
    const original = fs.readFileSync(fonts.chain('fangsong')[0]!.file);
    expect(part.length).toBe(original.length);
    expect(Buffer.from(part.subarray(0, 32)).equals(original.subarray(0, 32))).toBe(false);
    expect(Buffer.from(obfuscateFont(part, key)).equals(original)).toBe(true);
  }, 60_000);
});

// ---------------------------------------------------------------- LibreOffice

interface PdfLine {
  page: number;
  y: number;
  x: number;
  text: string;
  size: number;
}

/** Text lines of a PDF with their baselines (pt from the page top), via pdfjs. */
async function pdfLines(file: string): Promise<{ pages: number; lines: PdfLine[]; height: number }> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const pdf = await pdfjs.getDocument({ data: new Uint8Array(fs.readFileSync(file)), verbosity: 0 }).promise;
  const lines: PdfLine[] = [];
  let height = 0;
  for (let p = 1; p <= pdf.numPages; p++) {
    const page = await pdf.getPage(p);
    const vp = page.getViewport({ scale: 1 });
    height = vp.height;
    const content = await page.getTextContent();
    const byY = new Map<number, { x: number; str: string; size: number }[]>();
    for (const it of content.items) {
      if (!('str' in it) || !it.str) continue;
      const y = Math.round((vp.height - it.transform[5]) * 10) / 10;
      const key = [...byY.keys()].find((k) => Math.abs(k - y) < 2) ?? y;
      const list = byY.get(key) ?? [];
      list.push({ x: it.transform[4], str: it.str, size: Math.abs(it.transform[0]) });
      byY.set(key, list);
    }
    for (const [y, items] of [...byY.entries()].sort((a, b) => a[0] - b[0])) {
      items.sort((a, b) => a.x - b.x);
      lines.push({ page: p, y, x: items[0]!.x, text: items.map((i) => i.str).join('').replace(/\s+/g, ''), size: Math.max(...items.map((i) => i.size)) });
    }
  }
  return { pages: pdf.numPages, lines, height };
}

const FULL_WIDTH = /^[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’—…·]+$/u;

describeIfSoffice('DOCX rendered by LibreOffice', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jixiao-docx-test-'));
  });

  it('sets the 公文 body on the grid: 28 characters a line, 22 lines a page', async () => {
    const file = path.join(dir, 'gongwen.docx');
    fs.writeFileSync(file, await docx(gongwenDoc()));
    const pdf = await convertDocxToPdf(file, dir);
    const { pages, lines } = await pdfLines(pdf);
    expect(pages).toBeGreaterThanOrEqual(3);
    const MM = 72 / 25.4;
    const typeTop = 37 * MM;
    const typeBottom = (297 - 35) * MM;
    const body = lines.filter((l) => l.y > typeTop && l.y < typeBottom + 2);
    const pageNos = lines.filter((l) => l.y > typeBottom + 2);
    // page numbers — N — on every page, right on odd pages and left on even ones
    expect(pageNos.map((l) => l.text)).toEqual(Array.from({ length: pages }, (_, i) => `—${i + 1}—`));
    for (const l of pageNos) {
      if (l.page % 2 === 1) expect(l.x).toBeGreaterThan(400);
      else expect(l.x).toBeLessThan(120);
    }
    // the grid: every body baseline sits a whole number of pitches below the page's first line
    const pitch = 579 / 20;
    const perPage = new Map<number, PdfLine[]>();
    for (const l of body) perPage.set(l.page, [...(perPage.get(l.page) ?? []), l]);
    const counts: number[] = [];
    for (const [p, ls] of perPage) {
      const y0 = ls[0]!.y;
      for (const l of ls) {
        const k = (l.y - y0) / pitch;
        if (l.size < 17) expect(Math.abs(k - Math.round(k)), `page ${p} line "${l.text}"`).toBeLessThan(0.05);
      }
      const slots = Math.round((ls[ls.length - 1]!.y - y0) / pitch) + 1;
      expect(slots, `page ${p}`).toBeLessThanOrEqual(22);
      counts.push(slots);
    }
    // full pages (all but the last) use all 22 lines (one may end early when a heading moves on;
    // widow control is off, as in our page flow)
    const full = counts.slice(0, -1);
    expect(full.filter((c) => c === 22).length).toBeGreaterThanOrEqual(full.length - 1);
    expect(full.length).toBeGreaterThanOrEqual(5);
    // 28 full-width characters on a line; a stop or comma may hang past the edge as a 29th
    // (hanging punctuation, as our PDF line breaker does)
    const cjk = body.filter((l) => l.size < 17 && FULL_WIDTH.test(l.text) && l.x < 85);
    expect(cjk.length).toBeGreaterThan(30);
    const inArea = (t: string) => [...t.replace(/[，。、；：！？]$/u, '')].length;
    expect(Math.max(...cjk.map((l) => inArea(l.text)))).toBe(28);
    expect(cjk.filter((l) => [...l.text].length === 29).every((l) => /[，。、；：！？]$/u.test(l.text))).toBe(true);
    const lens = cjk.map((l) => inArea(l.text));
    expect(lens.filter((n) => n === 28).length / lens.length).toBeGreaterThan(0.6);
    // first line of a body paragraph is two characters (2 x 16 pt, firstLine 640) in
    const firstBody = body.find((l) => l.text.startsWith('中共广州市委外事工作委员会办公室'))!;
    expect(firstBody.x - 28 * MM).toBeCloseTo(2 * 16, 0);
    // the fonts are the mapped Fandol faces
    const fonts = execFileSync('pdffonts', [pdf], { env: fontEnv() }).toString();
    for (const f of ['FandolFang-Regular', 'FandolHei-Regular', 'FandolKai-Regular', 'FandolSong-Bold', 'FandolSong-Regular']) expect(fonts).toContain(f);
  }, 120_000);

  it('keeps every cell of a table split across pages, with the labels on each page', async () => {
    const file = path.join(dir, 'table.docx');
    fs.writeFileSync(file, await docx(attachCuts(tableDoc(), [{ section: 0, block: 1, pageStartRows: [0, 12, 21] }])));
    const pdf = await convertDocxToPdf(file, dir);
    const { pages, lines } = await pdfLines(pdf);
    expect(pages).toBe(3);
    const pageText = (p: number) => lines.filter((l) => l.page === p).map((l) => l.text).join('\n');
    for (let p = 1; p <= 3; p++) {
      expect(pageText(p)).toContain('三级指标');
      expect(pageText(p)).toContain('绩效指标');
      expect(pageText(p)).toContain(p < 3 ? '数量指标' : '质量指标');
    }
    const text = [1, 2, 3].map(pageText).join('\n');
    for (let i = 1; i <= 24; i++) expect(text).toContain(`大于等于${99 + i}个`);
    expect(pageText(1)).toContain('大于等于110个');
    expect(pageText(2)).toContain('大于等于111个');
    expect(pageText(3)).toContain('本表金额单位为万元');
  }, 120_000);
});
