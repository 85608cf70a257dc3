/**
 * The document model: one small readonly tree that every output format renders.
 *
 * Templates produce it (src/templates), layout positions it (src/layout), and the
 * PDF and DOCX writers draw it. No backend type may appear here. All lengths are in
 * PostScript points (1/72 inch); templates write millimetres and the parser converts.
 */

/** A typographic role; a font map (src/fonts) assigns a font file to each. */
export type FontRole =
  /** 仿宋 (FangSong): body text, level-3/4 headings, table text. */
  | 'fangsong'
  /** 黑体 (HeiTi): level-1 headings, attachment label. */
  | 'heiti'
  /** 楷体 (KaiTi): level-2 headings. */
  | 'kaiti'
  /** 小标宋 (XiaoBiaoSong): document title. */
  | 'xiaobiaosong'
  /** 宋体 (SongTi): page numbers and the fallback face. */
  | 'songti';

export const FONT_ROLES: readonly FontRole[] = ['fangsong', 'heiti', 'kaiti', 'xiaobiaosong', 'songti'];

/** A run of text with one look. */
export interface Run {
  /** The characters, already final (no markup, entities decoded). */
  readonly text: string;
  /** Font role; inherits the block's style when absent. */
  readonly font?: FontRole;
  /** Bold (synthetic stroke in PDF where the face has no bold; w:b in DOCX). */
  readonly bold?: boolean;
  /** Size in points; inherits the block's style when absent. */
  readonly size?: number;
  /** Path in the input data this text came from (e.g. `report.overview`), for error messages. */
  readonly field?: string;
  /**
   * A preferred line break (`<wbr/>` in the markup): the run's text is empty and nothing is
   * drawn. Titles break at these points when the resulting lines fit (see src/layout/flow.ts
   * breakBlock); other blocks carry it without effect (Chinese text breaks between any two
   * characters anyway), and the DOCX writer writes nothing for it.
   */
  readonly breakHint?: boolean;
}

export type Align = 'left' | 'center' | 'right' | 'justify';
export type VAlign = 'top' | 'middle' | 'bottom';

/** The look of one kind of block; style presets hold these by name. */
export interface BlockStyle {
  /** Default font role for the block's runs. */
  readonly font: FontRole;
  /** Default size in points. */
  readonly size: number;
  /** Default bold. */
  readonly bold?: boolean;
  /** Horizontal alignment. */
  readonly align: Align;
  /** First-line indent in characters of the block's size (2 for 公文 body). */
  readonly firstLineIndentChars?: number;
  /** Space before the block in points; on a grid page rounded to whole grid lines (29 pt = one line). */
  readonly spaceBefore?: number;
  /** Space after the block in points, as spaceBefore. */
  readonly spaceAfter?: number;
  /** Keep with the next block: never the last line on a page (headings). */
  readonly keepWithNext?: boolean;
  /** Line height in points for sections without a grid (tables, 附件1); ignored on a grid. */
  readonly lineHeight?: number;
  /** Name of the paragraph style in DOCX (e.g. `公文正文`); Word users restyle by it. */
  readonly docxStyleName: string;
  /** Title styles: the vocabulary that balanced title breaks keep words whole by (src/layout/title.ts). */
  readonly titleWords?: TitleWords;
}

/** Words of department names and report names, for breaking a long title between words. */
export interface TitleWords {
  /** Characters that usually end a word (…委员会 / …局 / 2023年度): a break after one costs nothing. */
  readonly ends: string;
  /** Words a title line may well start with (办公室, 部门): a break before one costs little. */
  readonly starts: readonly string[];
  /** Words never to split (委员会, 社会保障), compounds included; a break inside one costs most. */
  readonly words: readonly string[];
}

/** A paragraph-like block: one or more lines of runs. */
export interface TextBlock {
  /**
   * What the block is; decides its default style:
   * `label` (附件 2), `title`, `heading` (level 1-4), `paragraph`.
   */
  readonly kind: 'label' | 'title' | 'heading' | 'paragraph';
  /** Heading level 1-4 (一、 （一） 1. （1）); only for `heading`. */
  readonly level?: 1 | 2 | 3 | 4;
  /**
   * The text. A run whose text is "\n" is a forced line break (titles split by the data); a run
   * with `breakHint` is a preferred break point.
   */
  readonly runs: readonly Run[];
  /** The resolved style (the template parser fills it from the preset). */
  readonly style: BlockStyle;
  /** Text for the PDF outline (bookmarks); headings and titles only. */
  readonly outline?: string;
  /**
   * The lines a title was set in (its balanced split or data-forced breaks), attached by the
   * cut stage (src/cut) after layout; writers that flow text themselves (DOCX) break it there.
   */
  readonly lines?: readonly string[];
}

/** One cell of a table as the template wrote it (origin cells only, no placeholders). */
export interface TableCell {
  /** Paragraphs inside the cell; each is a list of runs. */
  readonly paragraphs: readonly (readonly Run[])[];
  /** Rows this cell spans (>= 1). */
  readonly rowSpan: number;
  /** Columns this cell spans (>= 1). */
  readonly colSpan: number;
  /** Horizontal alignment of the text. */
  readonly align: Align;
  /** Vertical alignment. */
  readonly valign: VAlign;
  /**
   * When a page break falls inside this cell's row span, repeat the cell's text at the top
   * of the continuation (group labels such as 绩效指标 / 产出指标 / 数量指标).
   */
  readonly repeatOnSplit: boolean;
  /** Bold text (header cells). */
  readonly bold?: boolean;
}

/** One row of a table. */
export interface TableRow {
  /** Origin cells of this row, left to right; columns covered by spans from above are skipped. */
  readonly cells: readonly TableCell[];
  /** A header row repeated at the top of every continuation page. */
  readonly repeatHeader: boolean;
  /** Minimum height in points (0 = just the content). */
  readonly minHeight: number;
}

/** A bordered table. */
export interface TableBlock {
  readonly kind: 'table';
  /** Column widths in points; they sum to the table width. */
  readonly columns: readonly number[];
  /** Rows, top to bottom. */
  readonly rows: readonly TableRow[];
  /** Font role, size, line height for cell text. */
  readonly style: BlockStyle;
  /** Cell padding in points: [top, right, bottom, left]. */
  readonly padding: readonly [number, number, number, number];
  /** Border line width in points. */
  readonly borderWidth: number;
  /** Where the table is cut across pages, attached by the cut stage (src/cut) after layout. */
  readonly cut?: TableCut;
}

/** One page's piece of a cut table: rows in the model's shape (origin cells only). */
export interface TablePiece {
  /** Rows of this piece; no span runs past its end; group labels crossing in from above repeated. */
  readonly rows: readonly TableRow[];
  /** For each of `rows`, its index in the source table (repeated headers included). */
  readonly sourceRows: readonly number[];
  /** How many leading rows of the piece are header rows (w:tblHeader). */
  readonly headerRows: number;
  /** Index in the source table of the piece's first body row (after any repeated headers). */
  readonly firstRow: number;
}

/** The cut plan of one table: what every writer draws on each page. */
export interface TableCut {
  /** The pieces, one per page start (a page continuing a row cut inside starts no piece). */
  readonly pieces: readonly TablePiece[];
  /** Source rows taller than a page that layout cut inside: writers let them split across pages. */
  readonly splitRows: readonly number[];
}

/** A forced page break. */
export interface PageBreakBlock {
  readonly kind: 'pageBreak';
}

/** Anything a section holds, top to bottom. */
export type Block = TextBlock | TableBlock | PageBreakBlock;

/** The 公文 line grid: every line sits on it, every character in a cell. */
export interface LineGrid {
  /** Lines per page (22). */
  readonly linesPerPage: number;
  /** Characters per line (28). */
  readonly charsPerLine: number;
}

/** Where page numbers go. */
export type PageNumberPlacement = 'outer' | 'center' | 'none';

/** Page geometry and furniture of one section. */
export interface PageStyle {
  /** Page width in points. */
  readonly width: number;
  /** Page height in points. */
  readonly height: number;
  /** Margins in points. */
  readonly margin: { readonly top: number; readonly right: number; readonly bottom: number; readonly left: number };
  /** The line grid; absent for free-flowing pages (the 附件1 table). */
  readonly grid?: LineGrid;
  /** Page-number placement: `outer` = odd right, even left, one character in (GB/T 9704). */
  readonly pageNumbers: PageNumberPlacement;
  /** Page number format; `{n}` is replaced by the number (`— {n} —`). */
  readonly pageNumberFormat: string;
  /** Page number font role (宋体). */
  readonly pageNumberFont: FontRole;
  /** Page number size in points (4号 = 14). */
  readonly pageNumberSize: number;
  /** Distance from the bottom of the type area to the page number's top, in points (7 mm). */
  readonly pageNumberGap: number;
  /** Name of the page number's paragraph style in DOCX (`页码`); absent = `页码`. */
  readonly pageNumberDocxStyleName?: string;
}

/** A run of pages with one page style; every section starts on a new page. */
export interface Section {
  /** Page geometry, grid and page numbers of the section. */
  readonly page: PageStyle;
  /** The content, in reading order. */
  readonly blocks: readonly Block[];
}

/** Document properties written into PDF info and DOCX core.xml. */
export interface DocumentMeta {
  /** Document title (PDF Title, DOCX dc:title). */
  readonly title: string;
  /** The department (PDF Author, DOCX dc:creator). */
  readonly author: string;
  /** What kind of document it is (PDF Subject, DOCX dc:subject). */
  readonly subject: string;
  /** Comma-separated keywords. */
  readonly keywords?: string;
  /** Fixed creation date (ISO 8601), from the data, so output bytes are stable. */
  readonly date: string;
}

/** One attachment: what every writer renders. */
export interface Document {
  /** File properties. */
  readonly meta: DocumentMeta;
  /** The sections, in order (page numbers run through all of them). */
  readonly sections: readonly Section[];
}
