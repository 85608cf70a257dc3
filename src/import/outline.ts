/**
 * What an importer needs to know about a format, as data: the report's outline (headings →
 * the field their paragraphs go to, fixed sentences whose figures are read back) and the
 * declaration table's cells (labels → fields). Until the formats carry their outline
 * themselves (issue 11), src/import/outline-guangzhou.ts describes the one format there is.
 */

/** A fixed sentence of the format: Handlebars, as the template prints it, with full paths. */
export interface FixedSentence {
  /** Name used in messages (履职 "预算执行情况首段"). */
  readonly name: string;
  /** The sentence as the template writes it, e.g. `全年预算数{{amount report.finance.budget}}万元…`. */
  readonly text: string;
  /** Where it sits among the section's paragraphs: first (with a lead), or after them. */
  readonly position: 'first' | 'last' | 'any';
}

/** A heading of the report and where the paragraphs under it go. */
export interface OutlineSection {
  /** The format's id of the section (outline.yaml), for the packet's outline edits. */
  readonly id?: string;
  /** 1 = 一、 2 = （一） 3 = 1. 4 = （1）. */
  readonly level: number;
  /** The heading's words without the number (部门概况). */
  readonly heading: string;
  /** Other wordings seen for the same heading in other departments' reports. */
  readonly aliases?: readonly string[];
  /** Path of the paragraphs field (`report.overview`); absent = a heading with no text of its own. */
  readonly path?: string;
  /** The template numbers the paragraphs (`1、`): the number is taken off on import. */
  readonly numbered?: string;
  /** Fixed sentences that belong to this section. */
  readonly sentences?: readonly FixedSentence[];
  /**
   * A list of run-in items (`1.主场外交活动点亮广州。` in bold, then text): paragraphs before the
   * first item go to `path`, each item to an entry of `items.path` with `title` and `paragraphs`.
   */
  readonly items?: { readonly path: string; readonly title: string; readonly paragraphs: string };
}

/** Amounts the text gives only as a total and shares: each part = base × share, the last part the rest. */
export interface SplitRule {
  readonly total: string;
  readonly parts: readonly { readonly path: string; readonly base: string; readonly share: string }[];
}

/** A cell of the declaration table: a label and the field of the value beside it. */
export interface LabelledCell {
  readonly label: string;
  readonly path: string;
  readonly kind: 'text' | 'amount';
}

/** A column of a sub-table (tasks, indicators): header label → key of the row object. */
export interface Column {
  readonly label: string;
  readonly key: string;
  readonly kind: 'text' | 'amount';
}

export interface DeclarationCells {
  /** Title words of the table (to recognise it and find the year before them). */
  readonly title: string;
  /** Cells whose value stands right of their label, in one section or anywhere. */
  readonly cells: readonly (LabelledCell & { readonly section?: string })[];
  /** The key tasks: section label, header columns, the optional last row. */
  readonly tasks: { readonly section: string; readonly path: string; readonly columns: readonly Column[]; readonly other: LabelledCell };
  /** The indicators: section label and header columns (level1, level2 group the rows). */
  readonly indicators: { readonly section: string; readonly path: string; readonly columns: readonly Column[] };
  /** Choices for the 一级/二级 drop-down lists of an exported workbook. */
  readonly level1Choices: readonly string[];
  readonly level2Choices: readonly string[];
}

export interface ImportOutline {
  /** Format id. */
  readonly id: string;
  /** The report's default title, Handlebars (to tell a default title from a custom one). */
  readonly reportTitle: string;
  /** Label printed top left (附件 2), skipped on import. */
  readonly reportLabel: string;
  readonly sections: readonly OutlineSection[];
  readonly splits: readonly SplitRule[];
  readonly declaration: DeclarationCells;
}
