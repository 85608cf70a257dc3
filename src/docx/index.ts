/**
 * DOCX writer: renders the Document model as a Word file with named paragraph styles, the
 * 公文 page set-up and line grid, merged-cell tables cut where our layout cut them, and
 * `— N —` page numbers. Word flows the text itself; only table cuts and title line breaks come
 * from our layout, through the cut plan attached to the blocks (TableBlock.cut, TextBlock.lines,
 * see src/cut). Rows are cantSplit, except a row our layout cut inside (taller than a page).
 * Geometry (type area, grid pitch, footer distance) comes from src/document/geometry.ts, as in
 * the layout; nothing here reads layout internals.
 */
import fs from 'node:fs';
import {
  AlignmentType,
  BorderStyle,
  Document as DocxDocument,
  DocumentGridType,
  Footer,
  LineRuleType,
  PageNumber,
  PageOrientation,
  Paragraph,
  Table,
  TableCell as DocxCell,
  TableLayoutType,
  TableRow as DocxRow,
  TextRun,
  VerticalAlignTable as DocxVAlign,
  WidthType,
  type IParagraphStyleOptions,
  type IRunOptions,
  type ISectionOptions,
} from 'docx';
import type { Align, Block, Document, FontRole, PageStyle, Run, Section, TableBlock, TableCell, TablePiece, TableRow, TextBlock, VAlign } from '../document/model.ts';
import { footerDistance, footerLineHeight, gridFitSpacing, gridPitch, hp, spaceLines, tw, type GridPitch } from '../document/geometry.ts';
import type { FontSet } from '../fonts/index.ts';
type FontOptions = NonNullable<ConstructorParameters<typeof DocxDocument>[0]['fonts']>[number];

import { compileParts, finishParts } from './package.ts';

export interface WriteDocxOptions {
  /**
   * East Asian font name per role, as Word users have them on an official machine (the format's
   * styles.yaml `docxFontNames`: 仿宋_GB2312, 黑体, …).
   */
  readonly fontNames: Readonly<Record<FontRole, string>>;
  /**
   * Embed the first face of each role's chain from `fonts` (obfuscated per ECMA-376), under the
   * role's font name, so the file shows our open faces where the official fonts are missing.
   */
  readonly embedFonts?: boolean;
  /** The font set (needed for embedFonts). */
  readonly fonts?: FontSet;
}


const ALIGN: Record<Align, (typeof AlignmentType)[keyof typeof AlignmentType]> = {
  left: AlignmentType.LEFT,
  center: AlignmentType.CENTER,
  right: AlignmentType.RIGHT,
  justify: AlignmentType.JUSTIFIED,
};
const VALIGN: Record<VAlign, (typeof DocxVAlign)[keyof typeof DocxVAlign]> = {
  top: DocxVAlign.TOP,
  middle: DocxVAlign.CENTER,
  bottom: DocxVAlign.BOTTOM,
};

/**
 * The 公文 grid in Word terms.
 *
 * Why not `w:docGrid type="linesAndChars"` with a negative charSpace (what Word's dialog
 * writes for 28 chars a line)? LibreOffice ignores a negative charSpace and sets 14-15
 * characters a line. Instead: `type="lines"` with the line pitch, every paragraph on the grid
 * gets an *exact* line height of one pitch (so 22 lines fill the type area whatever the font's
 * ascent and descent, in Word and LibreOffice alike), and runs near the grid's character pitch
 * get a negative character spacing rounded down to 1/20 pt, so 28 but never 29 full-width
 * characters fit a line: 16 pt - 0.25 pt = 15.75 pt, 28 x 15.75 = 441 pt <= 442.2 pt (156 mm).
 */
type GridMetrics = GridPitch;

/**
 * Character spacing (twentieths of a point) that puts a run of `size` on the grid's pitch: the
 * same value our line breaker fills lines with (gridFitSpacing), so both formats break alike.
 */
function gridSpacing(grid: GridMetrics | undefined, size: number): number | undefined {
  if (!grid) return undefined;
  const s = Math.round(gridFitSpacing(grid.char, size) * 20);
  return s === 0 ? undefined : s;
}

/** Context shared while building one document. */
class Builder {
  readonly names: Record<FontRole, string>;
  /** docxStyleName -> style id and its serialized properties (first use wins). */
  private readonly styles = new Map<string, { id: string; key: string }>();
  readonly styleDefs: IParagraphStyleOptions[] = [];
  private readonly usedIds = new Set<string>();

  constructor(names: Record<FontRole, string>) {
    this.names = names;
  }

  font(role: FontRole): { eastAsia: string; ascii: string; hAnsi: string; cs: string } {
    const n = this.names[role];
    return { eastAsia: n, ascii: n, hAnsi: n, cs: n };
  }

  /**
   * Registers (or finds) the named style for a block look. Returns the style id and whether
   * the block's look differs from the style's (then the block also carries direct formatting).
   */
  style(name: string, idHint: string, def: Omit<IParagraphStyleOptions, 'id' | 'name'>): { id: string; differs: boolean } {
    const key = JSON.stringify(def);
    const hit = this.styles.get(name);
    if (hit) return { id: hit.id, differs: hit.key !== key };
    let id = idHint;
    for (let i = 2; this.usedIds.has(id); i++) id = `${idHint}${i}`;
    this.usedIds.add(id);
    this.styles.set(name, { id, key });
    this.styleDefs.push({ id, name, basedOn: 'Normal', next: id, quickFormat: true, ...def });
    return { id, differs: false };
  }
}

type ParaProps = NonNullable<IParagraphStyleOptions['paragraph']>;

/**
 * Widow/orphan control off (w:widowControl w:val="0"): our page flow fills every 22-line page
 * and moves only headings (keepWithNext); LibreOffice would otherwise move single last lines
 * on, and pages would differ from the PDF. docx's style typings omit the key, its writer
 * honours it.
 */
const NO_WIDOW = { widowControl: false } as unknown as ParaProps;
// Autospace between Chinese and digits/Latin (w:autoSpaceDE/DN) stays at Word's default, on:
// LibreOffice ignores the two elements and always spaces, and our line breaker models the same
// quarter-em gap (src/layout/linebreak.ts autospace), so PDF, Word and LibreOffice agree.
type RunProps = NonNullable<IParagraphStyleOptions['run']>;

function styleIdHint(block: TextBlock | TableBlock): string {
  if (block.kind === 'table') return 'JxTableText';
  if (block.kind === 'heading') return `JxHeading${block.level ?? 1}`;
  if (block.kind === 'paragraph') return 'JxBody';
  return block.kind === 'label' ? 'JxLabel' : 'JxTitle';
}

/** Line spacing of a block: one grid pitch on a grid, else the style's line height. */
function lineSpacing(style: TextBlock['style'], grid: GridMetrics | undefined) {
  if (grid) return { line: grid.lineTwips, lineRule: LineRuleType.EXACT };
  if (style.lineHeight) return { line: tw(style.lineHeight), lineRule: LineRuleType.EXACT };
  return { line: 240, lineRule: LineRuleType.AUTO };
}

function textBlockStyle(b: Builder, block: TextBlock, grid: GridMetrics | undefined) {
  const s = block.style;
  // Points everywhere; on the grid whole lines, as the layout places them.
  const unit = (n: number | undefined) => (n ? (grid ? spaceLines(n, grid) * grid.lineTwips : tw(n)) : 0);
  const indentChars = s.firstLineIndentChars ?? 0;
  const paragraph: ParaProps = {
    alignment: ALIGN[s.align],
    ...NO_WIDOW,
    // Set on every style (0 where there is none) so no indent can leak in from elsewhere.
    indent: indentChars
      ? { left: 0, right: 0, firstLine: tw(indentChars * s.size), firstLineChars: Math.round(indentChars * 100) }
      : { left: 0, right: 0, firstLine: 0 },
    spacing: { before: unit(s.spaceBefore), after: unit(s.spaceAfter), ...lineSpacing(s, grid) },
    // As the PDF: only what the style says (styles.yaml gives headings and the title keepWithNext).
    ...(s.keepWithNext ? { keepNext: true } : {}),
    ...(block.kind === 'heading' ? { outlineLevel: (block.level ?? 1) - 1 } : {}),
  };
  const run: RunProps = {
    font: b.font(s.font),
    size: hp(s.size),
    sizeComplexScript: hp(s.size),
    bold: !!s.bold,
    ...(gridSpacing(grid, s.size) !== undefined ? { characterSpacing: gridSpacing(grid, s.size) } : {}),
  };
  return { paragraph, run };
}

/** Runs of a block or cell paragraph, with direct formatting only where a run differs. */
function runs(b: Builder, list: readonly Run[], base: { font: FontRole; size: number; bold: boolean }, grid: GridMetrics | undefined, forceAll: boolean): TextRun[] {
  const out: TextRun[] = [];
  let pendingBreak = 0;
  for (const r of list) {
    if (r.text === '\n') {
      pendingBreak++;
      continue;
    }
    // A break hint (<wbr/>) has no text; titles already break where our layout did.
    if (r.breakHint) continue;
    const size = r.size ?? base.size;
    const font = r.font ?? base.font;
    const bold = r.bold ?? base.bold;
    const o: { -readonly [K in keyof IRunOptions]: IRunOptions[K] } = { text: r.text };
    if (pendingBreak) o.break = pendingBreak;
    pendingBreak = 0;
    if (forceAll || font !== base.font) o.font = b.font(font);
    if (forceAll || size !== base.size) {
      o.size = hp(size);
      o.sizeComplexScript = hp(size);
      const sp = gridSpacing(grid, size);
      o.characterSpacing = sp ?? 0;
    }
    if (forceAll || bold !== base.bold) o.bold = bold;
    out.push(new TextRun(o));
  }
  if (pendingBreak) out.push(new TextRun({ text: '', break: pendingBreak }));
  return out;
}

function textParagraph(b: Builder, block: TextBlock, grid: GridMetrics | undefined): Paragraph {
  const def = textBlockStyle(b, block, grid);
  const { id, differs } = b.style(block.style.docxStyleName, styleIdHint(block), def);
  return new Paragraph({
    style: id,
    ...(differs ? def.paragraph : {}),
    children: runs(b, block.runs, { font: block.style.font, size: block.style.size, bold: !!block.style.bold }, grid, differs),
  });
}

/** The style of table text: no indent, exact line height, no space around. */
function tableStyle(b: Builder, table: TableBlock) {
  const s = table.style;
  const def = {
    paragraph: {
      alignment: ALIGN[s.align],
      indent: { left: 0, right: 0, firstLine: 0 },
      spacing: { before: 0, after: 0, ...lineSpacing(s, undefined) },
    } satisfies ParaProps,
    run: { font: b.font(s.font), size: hp(s.size), sizeComplexScript: hp(s.size), bold: !!s.bold } satisfies RunProps,
  };
  return { def, ...b.style(s.docxStyleName, 'JxTableText', def) };
}


/** A paragraph one twip high: keeps two tables apart, ends a section after a table, or carries a page break. */
function spacer(opts: { style?: string; pageBreakBefore?: boolean; children?: TextRun[] } = {}): Paragraph {
  return new Paragraph({ ...opts, spacing: { before: 0, after: 0, line: 20, lineRule: LineRuleType.EXACT }, children: opts.children ?? [] });
}
/** The whole table as one piece (a table the cut stage has not seen). */
function wholeTable(table: TableBlock): TablePiece {
  let headerRows = 0;
  while (headerRows < table.rows.length && table.rows[headerRows]!.repeatHeader) headerRows++;
  return { rows: table.rows, sourceRows: table.rows.map((_, i) => i), headerRows: headerRows < table.rows.length ? headerRows : 0, firstRow: 0 };
}

/** How one table's cells and rows are written: its paragraph style and column widths in twips. */
interface TableLook {
  readonly id: string;
  readonly differs: boolean;
  readonly paragraph: ParaProps;
  readonly colTw: readonly number[];
}

/** The Word tables of a table, one per piece of its cut plan, with a page-break paragraph between. */
function tableParts(b: Builder, table: TableBlock): (Paragraph | Table)[] {
  const { id, differs, def } = tableStyle(b, table);
  const look: TableLook = { id, differs, paragraph: def.paragraph, colTw: table.columns.map(tw) };
  // A row our layout cut inside (taller than a page) is left to split; the table is cut elsewhere.
  const pieces = table.cut?.pieces ?? [wholeTable(table)];
  const splitRows = new Set(table.cut?.splitRows ?? []);
  const out: (Paragraph | Table)[] = [];
  pieces.forEach((piece, p) => {
    if (p > 0) {
      // Two tables in a row would merge into one in Word; a tiny paragraph that starts a new page
      // keeps them apart and puts the continuation at the top of the next page, as in our layout.
      out.push(spacer({ style: id, pageBreakBefore: true, children: [new TextRun({ text: '', size: 2 })] }));
    }
    out.push(wordTable(table, piece.rows.map((row, ri) => wordRow(b, table, look, row, ri < piece.headerRows, splitRows.has(piece.sourceRows[ri]!))), look));
  });
  return out;
}

/** One row: cells with their widths and spans; cantSplit unless layout cut the row inside. */
function wordRow(b: Builder, table: TableBlock, look: TableLook, row: TableRow, inHeader: boolean, maySplit: boolean): DocxRow {
  let col = 0;
  const cells = row.cells.map((cell: TableCell) => {
    const cellWidth = look.colTw.slice(col, col + cell.colSpan).reduce((a, c) => a + c, 0);
    col += cell.colSpan;
    return new DocxCell({
      children: cellParagraphs(b, cell, table.style, look.id, look.differs, look.paragraph),
      width: { size: cellWidth, type: WidthType.DXA },
      ...(cell.colSpan > 1 ? { columnSpan: cell.colSpan } : {}),
      ...(cell.rowSpan > 1 ? { rowSpan: cell.rowSpan } : {}),
      verticalAlign: VALIGN[cell.valign],
    });
  });
  return new DocxRow({
    children: cells,
    ...(maySplit ? {} : { cantSplit: true }),
    ...(inHeader && row.repeatHeader ? { tableHeader: true } : {}),
    ...(row.minHeight > 0 ? { height: { value: tw(row.minHeight), rule: 'atLeast' as const } } : {}),
  });
}

/** A fixed-layout Word table of `rows` with the table's borders and cell margins. */
function wordTable(table: TableBlock, rows: DocxRow[], look: TableLook): Table {
  const [pt, pr, pb, pl] = table.padding;
  const border = { style: BorderStyle.SINGLE, size: Math.max(2, Math.round(table.borderWidth * 8)), color: '000000' };
  return new Table({
    rows,
    width: { size: look.colTw.reduce((a, c) => a + c, 0), type: WidthType.DXA },
    columnWidths: [...look.colTw],
    layout: TableLayoutType.FIXED,
    borders: { top: border, bottom: border, left: border, right: border, insideHorizontal: border, insideVertical: border },
    // Word and LibreOffice add the border's width to each row's height; our layout draws the
    // border over the padding. Taking half a border off the top and bottom margins keeps
    // rows as tall as in our layout (rounded down, so a DOCX page never holds less).
    margins: {
      top: Math.max(0, Math.floor((pt - table.borderWidth / 2) * 20)),
      right: tw(pr),
      bottom: Math.max(0, Math.floor((pb - table.borderWidth / 2) * 20)),
      left: tw(pl),
    },
  });
}

/** Paragraphs of a cell; in a bold cell every run is bold unless it says otherwise. */
function cellParagraphs(b: Builder, cell: TableCell, s: TableBlock['style'], id: string, differs: boolean, para: ParaProps): Paragraph[] {
  return (cell.paragraphs.length ? cell.paragraphs : [[]]).map(
    (prs) =>
      new Paragraph({
        style: id,
        ...(differs ? para : {}),
        alignment: ALIGN[cell.align],
        children: runs(b, cell.bold ? prs.map((r) => ({ ...r, bold: r.bold ?? true })) : prs, { font: s.font, size: s.size, bold: !!s.bold }, undefined, differs),
      }),
  );
}

/** Footers for the section's page-number placement. */
function footers(b: Builder, page: PageStyle, anyOuter: boolean): ISectionOptions['footers'] {
  const size = page.pageNumberSize;
  const { id } = b.style(page.pageNumberDocxStyleName ?? '页码', 'JxPageNumber', {
    paragraph: {
      alignment: AlignmentType.CENTER,
      indent: { left: 0, right: 0, firstLine: 0 },
      spacing: { before: 0, after: 0, line: tw(footerLineHeight(page)), lineRule: LineRuleType.EXACT },
    },
    run: { font: b.font(page.pageNumberFont), size: hp(size), sizeComplexScript: hp(size) },
  });
  const make = (align: 'left' | 'center' | 'right'): Footer => {
    const [before, after] = splitFormat(page.pageNumberFormat);
    const children = page.pageNumbers === 'none' ? [] : [new TextRun({ children: [before, PageNumber.CURRENT, after] })];
    const oneChar = tw(size);
    return new Footer({
      children: [
        new Paragraph({
          style: id,
          alignment: ALIGN[align],
          ...(align === 'right' ? { indent: { right: oneChar, firstLine: 0 } } : align === 'left' ? { indent: { left: oneChar, firstLine: 0 } } : {}),
          children,
        }),
      ],
    });
  };
  if (page.pageNumbers === 'outer') return { default: make('right'), even: make('left') };
  // With odd/even footers on in the document, a section must give both, or it inherits.
  const f = make('center');
  return anyOuter ? { default: f, even: make('center') } : { default: f };
}

/** `— {n} —` -> ['— ', ' —']. */
function splitFormat(format: string): [string, string] {
  const i = format.indexOf('{n}');
  return i < 0 ? [format, ''] : [format.slice(0, i), format.slice(i + 3)];
}

/**
 * A title's runs with a line break wherever our layout broke it (its balanced split), so Word and
 * LibreOffice set the title in the same lines as our PDF instead of filling the first line.
 */
export function breakRunsAt(runs: readonly Run[], lines: readonly string[]): Run[] {
  // Character offsets (in the title's text without breaks) where a new line starts.
  const starts = new Set<number>();
  let at = 0;
  for (const line of lines.slice(0, -1)) {
    at += [...line.replace(/\s/g, '')].length;
    starts.add(at);
  }
  const out: Run[] = [];
  let pos = 0;
  for (const r of runs) {
    if (r.text === '\n' || r.breakHint) continue; // our lines already hold the data's forced breaks and the hints taken
    let piece = '';
    for (const ch of r.text) {
      if (/\s/.test(ch)) {
        piece += ch;
        continue;
      }
      if (starts.has(pos) && pos > 0) {
        if (piece) out.push({ ...r, text: piece });
        out.push({ text: '\n' });
        piece = '';
        starts.delete(pos);
      }
      piece += ch;
      pos++;
    }
    if (piece) out.push({ ...r, text: piece });
  }
  return out;
}

function sectionOptions(b: Builder, section: Section, anyOuter: boolean): ISectionOptions {
  const page = section.page;
  const grid = gridPitch(page);
  const children: (Paragraph | Table)[] = [];
  let lastWasTable = false;
  section.blocks.forEach((block: Block) => {
    if (block.kind === 'pageBreak') {
      children.push(spacer({ pageBreakBefore: true }));
      lastWasTable = false;
    } else if (block.kind === 'table') {
      if (lastWasTable) children.push(spacer());
      children.push(...tableParts(b, block));
      lastWasTable = true;
    } else {
      children.push(textParagraph(b, block.lines ? { ...block, runs: breakRunsAt(block.runs, block.lines) } : block, grid));
      lastWasTable = false;
    }
  });
  // Word needs a paragraph after a table at the end of a section; keep it one twip high.
  if (lastWasTable) children.push(spacer());
  const landscape = page.width > page.height;
  // Page number 7 mm (pageNumberGap) under the type area: Word's footer distance is measured
  // from the page's bottom edge to the footer line's bottom.
  return {
    properties: {
      page: {
        size: {
          width: tw(Math.min(page.width, page.height)),
          height: tw(Math.max(page.width, page.height)),
          orientation: landscape ? PageOrientation.LANDSCAPE : PageOrientation.PORTRAIT,
        },
        margin: {
          top: tw(page.margin.top),
          right: tw(page.margin.right),
          bottom: tw(page.margin.bottom),
          // Left margin from the rounded page width, so the type area keeps its exact width
          // (A4 11906 - 1474 - 8844 (156 mm) = 1588, where rounding 28 mm alone gives 1587).
          left: tw(page.width) - tw(page.margin.right) - tw(page.width - page.margin.left - page.margin.right),
          header: tw(Math.min(page.margin.top / 2, 36)),
          footer: tw(footerDistance(page)),
          gutter: 0,
        },
      },
      ...(grid ? { grid: { type: DocumentGridType.LINES, linePitch: grid.lineTwips } } : {}),
    },
    footers: footers(b, page, anyOuter),
    children,
  };
}

/** Renders the document as a DOCX file. Same input, same bytes. */
export async function writeDocx(doc: Document, opts: WriteDocxOptions): Promise<Buffer> {
  const names: Record<FontRole, string> = { ...opts.fontNames };
  const b = new Builder(names);
  const anyOuter = doc.sections.some((s) => s.page.pageNumbers === 'outer');
  const sections = doc.sections.map((s) => sectionOptions(b, s, anyOuter));
  const fonts: FontOptions[] = [];
  if (opts.embedFonts) {
    if (!opts.fonts) throw new Error('writeDocx: embedFonts needs opts.fonts');
    const seen = new Set<string>();
    for (const role of Object.keys(names) as FontRole[]) {
      const name = names[role];
      const face = opts.fonts.chain(role)[0];
      if (!face || seen.has(name)) continue;
      seen.add(name);
      fonts.push({ name, data: fs.readFileSync(face.file), characterSet: '86' as FontOptions['characterSet'] });
    }
  }
  const defaultFont = b.font('songti');
  const file = new DocxDocument({
    title: doc.meta.title,
    subject: doc.meta.subject,
    creator: doc.meta.author,
    lastModifiedBy: doc.meta.author,
    keywords: doc.meta.keywords ?? '',
    description: '',
    revision: 1,
    evenAndOddHeaderAndFooters: anyOuter,
    ...(fonts.length ? { fonts } : {}),
    styles: {
      default: {
        document: {
          // Western text (digits, Latin) as en-US, the East Asian as zh-CN, as Chinese Word sets it;
          // western zh-CN made LibreOffice break inside numbers (202|3).
          run: { font: defaultFont, size: 32, language: { value: 'en-US', eastAsia: 'zh-CN' } },
          paragraph: { ...NO_WIDOW, spacing: { before: 0, after: 0 }, indent: { left: 0, right: 0, firstLine: 0 } },
        },
      },
      paragraphStyles: b.styleDefs,
    },
    sections,
  });
  return finishParts(compileParts(file), { date: doc.meta.date });
}

