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
/** Printable width of an A4 portrait sheet with our margins, in mm (the generic layout shares it out). */
const PAGE_MM = 180;

/** Column letters: 0 → A, 25 → Z, 26 → AA. */
function colName(c: number): string {
  let s = '';
  for (let n = c + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}
const colIndex = (letters: string) => [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;

/** Cell styles (indexes into cellXfs below). */
const S = { plain: 0, label: 1, text: 2, amount: 3, title: 4, attach: 5, textCenter: 6, subtitle: 7 } as const;

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
  constructor(
    /** Column widths in mm. */
    readonly widths: readonly number[] = WIDTHS_MM,
    /** The row of the big title (taller). */
    readonly titleRow = 1,
  ) {}
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
      if (span > 1) this.merges.push(`${colName(c)}${r + 1}:${colName(c + span - 1)}${r + 1}`);
    }
    this.rows.push(line);
    return r;
  }

  /** Merges column `c` over rows r0..r1 (0-based, inclusive). */
  mergeDown(c: number, r0: number, r1: number): void {
    if (r1 > r0) this.merges.push(`${colName(c)}${r0 + 1}:${colName(c)}${r1 + 1}`);
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

/** A value of the packet at a dotted path. */
function valueAt(data: unknown, p: string): unknown {
  let cur = data;
  for (const k of p.split('.')) cur = cur === null || typeof cur !== 'object' ? undefined : (cur as Record<string, unknown>)[k];
  return cur;
}

/** A field's value as a cell: amounts as numbers, paragraphs one a line, anything else as text. */
function cellOf(v: unknown, kind: string): readonly [string | Dec | null, number] {
  if (kind === 'amount') return [v === null || v === undefined ? null : (v as Dec), S.amount];
  if (kind === 'paragraphs') return [Array.isArray(v) ? v.join('\n') : '', S.text];
  return [v === null || v === undefined ? '' : String(v), kind === 'cell' ? S.textCenter : S.text];
}

/**
 * The table of a format laid out otherwise than the Guangzhou 申报表 (Fujian's 目标表), from the
 * format alone: the title and `（2019年度）`; each labelled cell on a row of its own (label | value),
 * cells of one section under that label merged down the left column; each sub-table under its
 * label, a header row of its columns, one row per innermost entry, an entry's own columns merged
 * over its rows, drop-down lists where import.yaml gives choices. `jixiao import` reads it back.
 */
function genericSheet(packet: Packet, spec: DeclarationSpec): SheetBuilder {
  const data = packet as unknown as Record<string, unknown>;
  const n = Math.max(3, ...spec.tables.map((t) => 1 + t.levels.reduce((k, l) => k + l.columns.length, 0)));
  const first = 26;
  const rest = Math.round(((PAGE_MM - first) / (n - 1)) * 10) / 10;
  const b = new SheetBuilder([first, ...Array<number>(n - 1).fill(rest)], 0);
  const year = valueAt(data, `${spec.part}.year`);
  b.row([[spec.title, n, S.title]]);
  b.row([[year === undefined ? '' : `（${String(year)}年度）`, n, S.subtitle]]);
  // Labelled cells, a section's together under its label.
  for (let i = 0; i < spec.cells.length; ) {
    const sec = spec.cells[i]!.section;
    if (!sec) {
      const c = spec.cells[i++]!;
      const [v, st] = cellOf(valueAt(data, c.path), c.kind);
      b.row([[c.label, 1, S.label], [v, n - 1, st]]);
      continue;
    }
    const r0 = b.rows.length;
    for (; i < spec.cells.length && spec.cells[i]!.section === sec; i++) {
      const c = spec.cells[i]!;
      const [v, st] = cellOf(valueAt(data, c.path), c.kind);
      b.row([[b.rows.length === r0 ? sec : null, 1, S.label], [c.label, 1, S.label], [v, n - 2, st]]);
    }
    b.mergeDown(0, r0, b.rows.length - 1);
  }
  for (const t of spec.tables) {
    const cols = t.levels.flatMap((l) => l.columns);
    const span = (k: number) => (k === cols.length - 1 ? n - cols.length : 1);
    const h0 = b.row([[t.section, 1, S.label], ...cols.map((c, k) => [c.label, span(k), S.label] as const)]);
    // Rows of one entry at `level`, from column `col` on; returns nothing, merges the entry's columns.
    const write = (entries: readonly Record<string, unknown>[], level: number, col: number, lead: (readonly [string | Dec | null, number, number])[]) => {
      const l = t.levels[level]!;
      for (const e of entries) {
        const r0 = b.rows.length;
        const own = l.columns.map((c, k) => {
          const [v, st] = cellOf(e[c.key], c.kind);
          return [v, span(col + k - 1), st] as const;
        });
        const kids = l.into ? ((e[l.into] as Record<string, unknown>[] | undefined) ?? []) : [];
        if (l.into && kids.length) write(kids, level + 1, col + l.columns.length, [...lead, ...own]);
        else b.row([[null, 1, S.label], ...lead, ...own]);
        // This entry's own cells stand once, merged over its rows.
        for (let r = r0 + 1; r < b.rows.length; r++) for (let k = 0; k < l.columns.length; k++) b.rows[r]![col + k] = { s: own[k]![2] };
        for (let k = 0; k < l.columns.length; k++) b.mergeDown(col + k, r0, b.rows.length - 1);
        lead = lead.map(([, w, st]) => [null, w, st] as const);
      }
    };
    const entries = (valueAt(data, t.path) as Record<string, unknown>[] | undefined) ?? [];
    write(entries, 0, 1, []);
    if (t.other) {
      const [v, st] = cellOf(valueAt(data, t.other.path), t.other.kind);
      b.row([[null, 1, S.label], [t.other.label, 1, S.label], [v, n - 2, st]]);
    }
    const h1 = b.rows.length - 1;
    b.mergeDown(0, h0, h1);
    if (h1 > h0) {
      for (const [key, list] of Object.entries(t.choices ?? {})) {
        const k = cols.findIndex((c) => c.key === key);
        if (k >= 0) b.validations.push({ sqref: `${colName(k + 1)}${h0 + 2}:${colName(k + 1)}${h1 + 1}`, list, title: cols[k]!.label });
      }
    }
  }
  return b;
}

function sheetXml(b: SheetBuilder, strings: Map<string, number>): string {
  const units = b.widths.map((w) => Math.round(w * UNITS_PER_MM * 100) / 100);
  const sid = (s: string) => {
    let i = strings.get(s);
    if (i === undefined) strings.set(s, (i = strings.size));
    return i;
  };
  // Heights: each row as tall as its tallest wrapped text (merged widths summed).
  const spans = new Map<string, number>();
  for (const m of b.merges) {
    const [a, z] = m.split(':') as [string, string];
    const [, ac, ar] = /^([A-Z]+)(\d+)$/.exec(a)!;
    const [, zc, zr] = /^([A-Z]+)(\d+)$/.exec(z)!;
    if (ar === zr) spans.set(a, colIndex(zc!) - colIndex(ac!) + 1);
  }
  const rows = b.rows.map((line, r) => {
    let height = 18;
    const cells = line.map((cell, c) => {
      const ref = `${colName(c)}${r + 1}`;
      const v = cell.v;
      if (v === null || v === undefined || v === '') return `<c r="${ref}" s="${cell.s}"/>`;
      if (typeof v === 'string') {
        const span = spans.get(ref) ?? 1;
        if (r > 1) height = Math.max(height, heightFor(v, units.slice(c, c + span).reduce((x, y) => x + y, 0)));
        return `<c r="${ref}" s="${cell.s}" t="s"><v>${sid(v)}</v></c>`;
      }
      return `<c r="${ref}" s="${cell.s}"><v>${v.toString()}</v></c>`;
    });
    if (r === b.titleRow) height = 36;
    return `<row r="${r + 1}" ht="${height}" customHeight="1">${cells.join('')}</row>`;
  });
  const last = `${colName(b.widths.length - 1)}${b.rows.length}`;
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

/** Whether a format's table is laid out like the Guangzhou 申报表 (its own grid); others get the generic layout. */
export function isGuangzhouLayout(spec: DeclarationSpec | undefined): boolean {
  const t = spec?.tables.find((x) => x.path === 'declaration.tasks');
  const i = spec?.tables.find((x) => x.path === 'declaration.indicators');
  return Boolean(t?.other && t.levels[0]?.columns.length === 4 && i && i.levels.flatMap((l) => l.columns).length === 5 && spec!.cells.some((c) => c.path === 'declaration.budget.transfer'));
}

/**
 * The workbook's bytes for a packet's table (the same packet gives the same bytes). The labels are
 * the format's (its fields' labels, import.yaml's drop-down lists); a table laid out like the
 * Guangzhou 申报表 gets that form's grid, any other the generic layout (genericSheet). A format
 * with no table (a report only) is refused (`export.noTable`).
 */
export function declarationWorkbook(packet: Packet, spec: DeclarationSpec | undefined = importOutline(formatOf(packet)).declaration): Uint8Array {
  if (!spec) {
    const f = formatOf(packet);
    throw new JixiaoError('export.noTable', `格式「${f.name}」（${f.id}）没有可导出为 Excel 的表格`, `the format "${f.id}" has no table to export to Excel`);
  }
  const guangzhou = isGuangzhouLayout(spec);
  const strings = new Map<string, number>();
  const builder = guangzhou ? declarationSheet(packet, spec) : genericSheet(packet, spec);
  const sheet = sheetXml(builder, strings);
  const year = valueAt(packet, `${spec.part}.year`) as number | undefined;
  const name = packet.department.name;
  const when = w3cdtf(`${documentDate(packet)}T00:00:00+08:00`);
  const lastCol = colName(builder.widths.length - 1);
  const keywords = guangzhou ? `附件1,绩效目标,${year}` : `绩效目标,${year}`;
  // Excel's sheet names: at most 31 characters, none of [ ] : * ? / \ .
  const sheetName = guangzhou ? '申报表' : spec.title.replace(/[[\]:*?/\\]/g, '').slice(0, 31);
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
      `<dc:title>${esc(`${year}年度${name}${spec.title}`)}</dc:title><dc:creator>${esc(name)}</dc:creator><cp:keywords>${esc(keywords)}</cp:keywords>` +
      `<dcterms:created xsi:type="dcterms:W3CDTF">${when}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${when}</dcterms:modified>` +
      '</cp:coreProperties>',
    'docProps/app.xml': xml + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>jixiao</Application></Properties>',
    'xl/workbook.xml':
      xml +
      '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
      `<sheets><sheet name="${esc(sheetName)}" sheetId="1" r:id="rId1"/></sheets>` +
      `<definedNames><definedName name="_xlnm.Print_Area" localSheetId="0">'${esc(sheetName)}'!$A$1:$${lastCol}$${sheet.match(/<row r="(\d+)"[^>]*>(?![\s\S]*<row )/)?.[1] ?? 1}</definedName></definedNames>` +
      '</workbook>',
    'xl/_rels/workbook.xml.rels':
      xml +
      '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>' +
      '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>' +
      '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>' +
      '</Relationships>',
    // The generic layout's centred subtitle is one more cell style (the 申报表's styles stay as they were).
    'xl/styles.xml': guangzhou ? STYLES : STYLES.replace('<cellXfs count="7">', '<cellXfs count="8">').replace('</cellXfs>', '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment horizontal="center" vertical="center"/></xf></cellXfs>'),
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
