/**
 * What layout produces: positioned boxes per page. Writers only draw these.
 * All coordinates are points from the page's top-left corner, y growing downwards.
 */
import type { Align, Run, FontRole } from '../document/model.ts';

/** A piece of one line set in one face, ready to draw. */
export interface Fragment {
  /** x offset from the line's left edge, in points. */
  readonly x: number;
  /** The characters. */
  readonly text: string;
  /** Face id (font file's PostScript name), as registered in the FontSet. */
  readonly face: string;
  /** Font size in points. */
  readonly size: number;
  /** Synthetic bold requested (the writer strokes the glyphs). */
  readonly bold: boolean;
  /** Extra space after every character of the fragment, in points (justification, grid pitch). */
  readonly charSpacing: number;
  /** Width of the fragment including its charSpacing, in points. */
  readonly width: number;
}

/** One broken line, relative to its line box. */
export interface LaidLine {
  /** Fragments, left to right. */
  readonly fragments: readonly Fragment[];
  /** Width used by the fragments, in points. */
  readonly width: number;
  /** The line's text (fragments joined), for tests and extraction. */
  readonly text: string;
  /** True for the last line of a paragraph (never justified). */
  readonly last: boolean;
}

/** Options for breaking one paragraph into lines. */
export interface BreakOptions {
  /** Available width in points. */
  readonly width: number;
  /** Default font role and size (runs may override). */
  readonly font: FontRole;
  readonly size: number;
  readonly bold?: boolean;
  /** Indent of the first line in points. */
  readonly firstLineIndent: number;
  /** Alignment; `justify` stretches every line but the last to both edges. */
  readonly align: Align;
  /**
   * Character pitch in points when the text sits on a 公文 grid (CJK characters advance by
   * exactly this); absent = natural advances.
   */
  readonly pitch?: number;
  /** Data path for error messages when a character has no glyph. */
  readonly field?: string;
  /**
   * Let a full-width stop hang past the right edge. Default: on the grid only, as LibreOffice
   * does (it hangs on the 公文 grid but not in off-grid table cells, so neither do we).
   */
  readonly hang?: boolean;
}

/** Breaks runs into lines. Implemented in src/layout/linebreak.ts. */
export type BreakLines = (runs: readonly Run[], options: BreakOptions) => LaidLine[];

/** A text line placed on a page; `y` is the baseline. */
export interface TextBox {
  readonly kind: 'text';
  readonly x: number;
  readonly y: number;
  readonly fragments: readonly Fragment[];
  /** The text of the line, for tests. */
  readonly text: string;
}

/** A straight rule (table border), from (x1, y1) to (x2, y2) in page points from the top-left. */
export interface RuleBox {
  readonly kind: 'rule';
  /** Start point. */
  readonly x1: number;
  readonly y1: number;
  /** End point. */
  readonly x2: number;
  readonly y2: number;
  /** Line width in points. */
  readonly width: number;
}

export type Box = TextBox | RuleBox;

/** A heading's place, for the PDF outline. */
export interface OutlineEntry {
  readonly title: string;
  /** 0 = title, 1-4 = heading levels. */
  readonly level: number;
  /** Page index (0-based, across the whole document). */
  readonly page: number;
  /** Top of the heading's line on that page. */
  readonly y: number;
}

/** Where layout cut one table into pages; the DOCX writer splits its table at the same rows. */
export interface TableSplit {
  /** Section index in the document. */
  readonly section: number;
  /** Block index in the section. */
  readonly block: number;
  /**
   * For each page the table appears on, the index of the first body row of the table's own
   * rows placed there (the first entry is always the table's first row).
   */
  readonly pageStartRows: readonly number[];
  /**
   * Per page (parallel to pageStartRows): true when the page's first body row is the rest of a
   * row cut at the bottom of the page before (a row taller than a page; it is in pageStartRows for
   * every page it reaches, but not where it starts). The DOCX does not cut its table there and
   * lets that row split. Absent from layouts that do not say (test doubles).
   */
  readonly pageContinues?: readonly boolean[];
}

/** One laid-out page: everything a writer draws on it. */
export interface LaidPage {
  /** Page width in points. */
  readonly width: number;
  /** Page height in points. */
  readonly height: number;
  /** Boxes in drawing order. */
  readonly boxes: readonly Box[];
  /** The page number as printed (`— 3 —`), with its box among `boxes`; absent when none. */
  readonly pageNumber?: string;
}

/** A whole document laid out: the layout stage's output. */
export interface LaidDocument {
  /** Pages in order. */
  readonly pages: readonly LaidPage[];
  /** Title and headings with their pages, for bookmarks. */
  readonly outline: readonly OutlineEntry[];
  /** Where each table was cut into pages. */
  readonly tableSplits: readonly TableSplit[];
  /** How each title was broken into lines; the DOCX writer breaks its titles at the same places. */
  readonly titleLines: readonly TitleLines[];
}

/** The lines a title block was set in (balanced split or data-forced breaks). */
export interface TitleLines {
  /** Section index in the document. */
  readonly section: number;
  /** Block index in the section. */
  readonly block: number;
  /** Each line's text, top to bottom. */
  readonly lines: readonly string[];
}

export type { Align };

/** What the page flow gives the table layouter (src/layout/table.ts). */
export interface TableLayoutInput {
  /** The table as the template wrote it. */
  readonly table: import('../document/model.ts').TableBlock;
  /** The paragraph line breaker (same one the report uses). */
  readonly breakLines: BreakLines;
  /** Left edge of the table on the page. */
  readonly x: number;
  /** Where the table starts on the current page (top y) and where that page's type area ends. */
  readonly firstTop: number;
  readonly firstBottom: number;
  /** Top and bottom of the type area on continuation pages. */
  readonly pageTop: number;
  readonly pageBottom: number;
  /** Path prefix for glyph errors, e.g. `declaration` (cells carry their own run.field). */
  readonly field?: string;
}

/** The table cut into pages. The first entry is drawn on the current page. */
export interface TableLayoutResult {
  readonly pages: readonly {
    /** Rules and text boxes of the table on this page. */
    readonly boxes: readonly Box[];
    /** y just below the table's last border on this page. */
    readonly bottom: number;
  }[];
  /** Index of the first table row placed on each page (see TableSplit.pageStartRows). */
  readonly pageStartRows: readonly number[];
  /** Whether each page's first body row continues a row cut on the page before (see TableSplit.pageContinues). */
  readonly pageContinues?: readonly boolean[];
}

/** Lays a table out over as many pages as it needs. Implemented in src/layout/table.ts. */
export type LayoutTable = (input: TableLayoutInput) => TableLayoutResult;
