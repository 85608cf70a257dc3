/**
 * `jixiao export --xlsx`: the 申报表 as an Excel workbook laid out like the form: the same
 * 8-column grid as templates/attachment1.hbs, merged label cells, the official labels, amounts
 * as numbers formatted `#,##0.00` (万元), drop-down lists for 一级/二级指标, borders on every
 * cell of the table, A4 portrait fitted to the page width. `jixiao import` reads it back.
 *
 * Written by hand (SpreadsheetML is a handful of small XML parts) and zipped with fflate with
 * fixed entry times and core-property dates from the packet, so the same packet gives the same
 * bytes, as our PDF and DOCX do. See the commit that added it for why no spreadsheet library.
 */
import { zipSync, type Zippable } from 'fflate';
import type { Packet } from '../model/schema.ts';
import type { Dec } from '../model/money.ts';
import { JixiaoError } from '../errors.ts';
import type { DeclarationSpec, TableSpec } from '../import/outline.ts';
import { importOutline } from '../import/format.ts';
import { formatOf } from '../format/index.ts';
import { documentDate } from '../templates/index.ts';
import { w3cdtf } from '../docx/package.ts';

/** Column widths of the form in mm (templates/attachment1.hbs), and Excel width units per mm. */
const WIDTHS_MM = [22, 14, 14, 42, 22, 8, 10, 48];
const UNITS_PER_MM = 0.62;
const COL = 'ABCDEFGH';

/** Cell styles (indexes into cellXfs below). */
const S = { plain: 0, label: 1, text: 2, amount: 3, title: 4, attach: 5, textCenter: 6 } as const;

interface Cell {
  readonly v?: string | Dec | null;
  readonly s: number;
}

/** Escapes XML text and drops characters XML 1.0 cannot carry. */
const esc = (s: string) =>
  s
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');

/** Builds the sheet row by row with merges, like the template's table. */
class SheetBuilder {
  readonly rows: Cell[][] = [];
  readonly merges: string[] = [];
  readonly validations: { sqref: string; list: readonly string[]; title: string }[] = [];

  /** Adds a row of cells given as [text, colspan, style]; returns its 0-based index. */
  row(cells: readonly (readonly [string | Dec | null | undefined, number, number])[]): number {
    const r = this.rows.length;
    const line: Cell[] = [];
    for (const [v, span, s] of cells) {
      const c = line.length;
      line.push({ v, s });
      for (let k = 1; k < span; k++) line.push({ s });
      if (span > 1) this.merges.push(`${COL[c]}${r + 1}:${COL[c + span - 1]}${r + 1}`);
    }
    this.rows.push(line);
    return r;
  }

  /** Merges column `c` over rows r0..r1 (0-based, inclusive). */
  mergeDown(c: number, r0: number, r1: number): void {
    if (r1 > r0) this.merges.push(`${COL[c]}${r0 + 1}:${COL[c]}${r1 + 1}`);
  }
}

/** Display width of text in Excel units at 10 pt: an ideograph about 1.9, a Latin letter or digit about 1. */
function textUnits(s: string): number {
  let n = 0;
  for (const ch of s) n += /[\u2E80-\uFFEF]/.test(ch) ? 2.15 : 1.05;
  return n;
}

/** Row height in points that shows `text` wrapped in a cell `units` wide (Excel does not grow rows it did not lay out). */
function heightFor(text: string, units: number): number {
  const perLine = Math.max(1, units - 1);
  const lines = text.split('\n').reduce((n, l) => n + Math.max(1, Math.ceil(textUnits(l) / perLine)), 0);
  return Math.min(409, Math.max(18, lines * 14 + 6));
}

/** The 申报表 sheet of a packet. */
function declarationSheet(packet: Packet, spec: DeclarationSpec): SheetBuilder {
  const table = (p: string): TableSpec => spec.tables.find((t) => t.path === p)!;
  const tasks = table('declaration.tasks');
  const indicators = table('declaration.indicators');
  const label = (p: string) => spec.cells.find((c) => c.path === p)?.label ?? p;
  const b = new SheetBuilder();
  const d = packet.declaration;
  b.row([['附件1：', 2, S.attach]]);
  b.row([[spec.title, 8, S.title]]);
  b.row([[label('department.name'), 1, S.label], [packet.department.name, 7, S.text]]);
  const budget = d.budget;
  const top = b.row([['预算整体情况', 1, S.label], ['部门预算支出', 2, S.label], ['预算金额（万元）', 1, S.label], ['收入来源', 3, S.label], ['预算金额（万元）', 1, S.label]]);
  b.row([[null, 1, S.label], [label('declaration.budget.basic'), 2, S.label], [budget.basic, 1, S.amount], [label('declaration.budget.fiscal'), 3, S.label], [budget.fiscal, 1, S.amount]]);
  b.row([[null, 1, S.label], [label('declaration.budget.project'), 2, S.label], [budget.project, 1, S.amount], [label('declaration.budget.other'), 3, S.label], [budget.other, 1, S.amount]]);
  b.row([[null, 1, S.label], ['事业发展性支出', 2, S.label], ['预算金额（万元）', 1, S.label], ['按预算级次划分', 3, S.label], ['预算金额（万元）', 1, S.label]]);
  b.row([[null, 1, S.label], [label('declaration.budget.specialFunds'), 2, S.label], [budget.specialFunds, 1, S.amount], [label('declaration.budget.cityLevel'), 3, S.label], [budget.cityLevel, 1, S.amount]]);
  const last = b.row([[null, 1, S.label], [label('declaration.budget.otherDevelopment'), 2, S.label], [budget.otherDevelopment, 1, S.amount], [label('declaration.budget.transfer'), 3, S.label], [budget.transfer, 1, S.amount]]);
  b.mergeDown(0, top, last);
  b.row([[label('declaration.goal'), 1, S.label], [d.goal, 7, S.text]]);
  const [cName, cContent, cAmount, cTarget] = tasks.levels[0]!.columns;
  const t0 = b.row([[tasks.section, 1, S.label], [cName!.label, 2, S.label], [cContent!.label, 1, S.label], [cAmount!.label, 1, S.label], [cTarget!.label, 3, S.label]]);
  for (const t of d.tasks) b.row([[null, 1, S.label], [t.name, 2, S.textCenter], [t.content, 1, S.text], [t.amount, 1, S.amount], [t.target, 3, S.text]]);
  const t1 = b.row([[null, 1, S.label], [tasks.other!.label, 2, S.label], [d.otherTasks, 5, S.text]]);
  b.mergeDown(0, t0, t1);
  const [i1, i2, i3, iP, iA] = indicators.levels.flatMap((l) => l.columns);
  const h0 = b.row([[indicators.section, 1, S.label], [i1!.label, 1, S.label], [i2!.label, 1, S.label], [i3!.label, 1, S.label], [iP!.label, 2, S.label], [iA!.label, 2, S.label]]);
  const first = h0 + 1;
  for (const cat of d.indicators) {
    const c0 = b.rows.length;
    for (const g of cat.groups) {
      const g0 = b.rows.length;
      for (const it of g.items) b.row([[null, 1, S.label], [cat.level1, 1, S.label], [g.level2, 1, S.label], [it.name, 1, S.text], [it.periodValue, 2, S.textCenter], [it.annualValue, 2, S.textCenter]]);
      b.mergeDown(2, g0, b.rows.length - 1);
    }
    b.mergeDown(1, c0, b.rows.length - 1);
  }
  const h1 = b.rows.length - 1;
  b.mergeDown(0, h0, h1);
  if (h1 >= first) {
    b.validations.push({ sqref: `B${first + 1}:B${h1 + 1}`, list: indicators.choices?.['level1'] ?? [], title: i1!.label });
    b.validations.push({ sqref: `C${first + 1}:C${h1 + 1}`, list: indicators.choices?.['level2'] ?? [], title: i2!.label });
  }
  return b;
}

function sheetXml(b: SheetBuilder, strings: Map<string, number>): string {
  const units = WIDTHS_MM.map((w) => Math.round(w * UNITS_PER_MM * 100) / 100);
  const sid = (s: string) => {
    let i = strings.get(s);
    if (i === undefined) strings.set(s, (i = strings.size));
    return i;
  };
  // Heights: each row as tall as its tallest wrapped text (merged widths summed).
  const spans = new Map<string, number>();
  for (const m of b.merges) {
    const [a, z] = m.split(':') as [string, string];
    if (a.slice(1) === z.slice(1)) spans.set(a, COL.indexOf(z[0]!) - COL.indexOf(a[0]!) + 1);
  }
  const rows = b.rows.map((line, r) => {
    let height = 18;
    const cells = line.map((cell, c) => {
      const ref = `${COL[c]}${r + 1}`;
      const v = cell.v;
      if (v === null || v === undefined || v === '') return `<c r="${ref}" s="${cell.s}"/>`;
      if (typeof v === 'string') {
        const span = spans.get(ref) ?? 1;
        if (r > 1) height = Math.max(height, heightFor(v, units.slice(c, c + span).reduce((x, y) => x + y, 0)));
        return `<c r="${ref}" s="${cell.s}" t="s"><v>${sid(v)}</v></c>`;
      }
      return `<c r="${ref}" s="${cell.s}"><v>${v.toString()}</v></c>`;
    });
    if (r === 1) height = 36;
    return `<row r="${r + 1}" ht="${height}" customHeight="1">${cells.join('')}</row>`;
  });
  const last = `H${b.rows.length}`;
  const dv = b.validations.length
    ? `<dataValidations count="${b.validations.length}">${b.validations
        .map((v) => `<dataValidation type="list" allowBlank="1" showInputMessage="1" showErrorMessage="1" errorTitle="${esc(v.title)}" error="${esc(`请从列表中选择${v.title} / choose from the list`)}" promptTitle="${esc(v.title)}" prompt="${esc('从下拉列表中选择 / choose from the list')}" sqref="${v.sqref}"><formula1>"${esc(v.list.join(','))}"</formula1></dataValidation>`)
        .join('')}</dataValidations>`
    : '';
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
    '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>' +
    `<dimension ref="A1:${last}"/>` +
    '<sheetViews><sheetView workbookViewId="0" tabSelected="1"/></sheetViews>' +
    '<sheetFormatPr defaultRowHeight="18" customHeight="1"/>' +
    `<cols>${units.map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`).join('')}</cols>` +
    `<sheetData>${rows.join('')}</sheetData>` +
    `<mergeCells count="${b.merges.length}">${b.merges.map((m) => `<mergeCell ref="${m}"/>`).join('')}</mergeCells>` +
    dv +
    '<printOptions horizontalCentered="1"/>' +
    '<pageMargins left="0.6" right="0.6" top="0.7" bottom="0.7" header="0.3" footer="0.3"/>' +
    '<pageSetup paperSize="9" orientation="portrait" fitToWidth="1" fitToHeight="0"/>' +
    '</worksheet>'
  );
}

const STYLES =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
  '<numFmts count="1"><numFmt numFmtId="164" formatCode="#,##0.00"/></numFmts>' +
  '<fonts count="4">' +
  '<font><sz val="10"/><name val="宋体"/><charset val="134"/><family val="3"/></font>' +
  '<font><sz val="10"/><name val="宋体"/><charset val="134"/><family val="3"/></font>' +
  '<font><b/><sz val="18"/><name val="宋体"/><charset val="134"/><family val="3"/></font>' +
  '<font><b/><sz val="12"/><name val="黑体"/><charset val="134"/><family val="3"/></font>' +
  '</fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>' +
  '<border><left style="thin"><color auto="1"/></left><right style="thin"><color auto="1"/></right><top style="thin"><color auto="1"/></top><bottom style="thin"><color auto="1"/></bottom><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="7">' +
  '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
  '<xf numFmtId="0" fontId="1" fillId="0" borderId="1" xfId="0" applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf>' +
  '<xf numFmtId="49" fontId="1" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyBorder="1" applyAlignment="1"><alignment horizontal="left" vertical="center" wrapText="1"/></xf>' +
  '<xf numFmtId="164" fontId="1" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyBorder="1" applyAlignment="1"><alignment horizontal="right" vertical="center"/></xf>' +
  '<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1"><alignment horizontal="center" vertical="center"/></xf>' +
  '<xf numFmtId="0" fontId="3" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1"><alignment horizontal="left" vertical="center"/></xf>' +
  '<xf numFmtId="49" fontId="1" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf>' +
  '</cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
  '</styleSheet>';

/** Whether the workbook writer knows the layout of a format's table (so far the guangzhou 申报表's). */
export function canExportXlsx(spec: DeclarationSpec | undefined): spec is DeclarationSpec {
  const t = spec?.tables.find((x) => x.path === 'declaration.tasks');
  const i = spec?.tables.find((x) => x.path === 'declaration.indicators');
  return Boolean(t?.other && t.levels[0]?.columns.length === 4 && i && i.levels.flatMap((l) => l.columns).length === 5 && spec!.cells.some((c) => c.path === 'declaration.budget.transfer'));
}

/**
 * The workbook's bytes for a packet's declaration (the same packet gives the same bytes). The
 * labels are the format's (its fields' labels, import.yaml's drop-down lists); the layout is the
 * Guangzhou 申报表's, so a format whose table is laid out otherwise is refused (`export.layout`).
 */
export function declarationWorkbook(packet: Packet, spec: DeclarationSpec | undefined = importOutline(formatOf(packet)).declaration): Uint8Array {
  if (!canExportXlsx(spec)) {
    const f = formatOf(packet);
    throw new JixiaoError('export.layout', `格式「${f.name}」（${f.id}）的表格暂不能导出为 Excel：工作簿的版式目前只有广州市申报表一种`, `the table of the format "${f.id}" cannot be exported to Excel yet: the only workbook layout so far is the Guangzhou declaration's`);
  }
  const strings = new Map<string, number>();
  const sheet = sheetXml(declarationSheet(packet, spec), strings);
  const year = packet.declaration.year;
  const name = packet.department.name;
  const when = w3cdtf(`${documentDate(packet)}T00:00:00+08:00`);
  const xml = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
  const enc = new TextEncoder();
  const parts: Record<string, string> = {
    '[Content_Types].xml':
      xml +
      '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
      '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
      '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
      '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>' +
      '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' +
      '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>' +
      '</Types>',
    '_rels/.rels':
      xml +
      '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>' +
      '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>' +
      '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>' +
      '</Relationships>',
    'docProps/core.xml':
      xml +
      '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
      `<dc:title>${esc(`${year}年度${name}${spec.title}`)}</dc:title><dc:creator>${esc(name)}</dc:creator><cp:keywords>${esc(`附件1,绩效目标,${year}`)}</cp:keywords>` +
      `<dcterms:created xsi:type="dcterms:W3CDTF">${when}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${when}</dcterms:modified>` +
      '</cp:coreProperties>',
    'docProps/app.xml': xml + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>jixiao</Application></Properties>',
    'xl/workbook.xml':
      xml +
      '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
      `<sheets><sheet name="申报表" sheetId="1" r:id="rId1"/></sheets>` +
      `<definedNames><definedName name="_xlnm.Print_Area" localSheetId="0">'申报表'!$A$1:$H$${sheet.match(/<row r="(\d+)"[^>]*>(?![\s\S]*<row )/)?.[1] ?? 1}</definedName></definedNames>` +
      '</workbook>',
    'xl/_rels/workbook.xml.rels':
      xml +
      '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>' +
      '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>' +
      '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>' +
      '</Relationships>',
    'xl/styles.xml': STYLES,
    'xl/worksheets/sheet1.xml': sheet,
  };
  const list = [...strings.keys()];
  parts['xl/sharedStrings.xml'] =
    xml +
    `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${list.length}" uniqueCount="${list.length}">` +
    list.map((s) => `<si><t xml:space="preserve">${esc(s)}</t></si>`).join('') +
    '</sst>';
  // Same entry times in every time zone (fflate writes DOS times from local fields).
  const mtime = new Date(1980, 0, 1, 0, 0, 0);
  const z: Zippable = {};
  for (const [n, text] of Object.entries(parts)) z[n] = [enc.encode(text), { mtime, level: 6 }];
  return zipSync(z);
}
