/**
 * What an importer needs to know about a format, built from the format itself (src/format): the
 * report's outline (`Format.headings` / `Format.outline`: headings → the field their paragraphs go
 * to, fixed sentences whose figures are read back), the field labels and kinds (`Format.label`,
 * `Format.fields`), and, from the format's `import.yaml`, what only an importer knows: other
 * wordings of a heading, totals printed only with shares, how the declaration table is laid out.
 */
import type { FieldKind, Format } from '../format/index.ts';

/** A fixed sentence of the format: Handlebars, as the template prints it, with full paths. */
export interface FixedSentence {
  /** Name used in messages: the heading it stands under (自评结论综述), or 前言. */
  readonly name: string;
  /** The sentence as the format writes it, e.g. `全年预算数{{amount report.finance.budget}}万元…`. */
  readonly text: string;
  /** Where it sits among the section's paragraphs: first (with a lead), or anywhere. */
  readonly position: 'first' | 'last' | 'any';
}

/** A heading of the report and where the paragraphs under it go. */
export interface OutlineSection {
  /** The format's id of the section, for the packet's outline edits. */
  readonly id?: string;
  /** 1 = 一、 2 = （一） 3 = 1. 4 = （1）. */
  readonly level: number;
  /** The heading's words without the number (部门概况). */
  readonly heading: string;
  /** Other wordings seen for the same heading in other departments' reports. */
  readonly aliases?: readonly string[];
  /** The format lets a department leave it out: its absence needs no look. */
  readonly optional?: boolean;
  /** Path of the paragraphs field (`report.overview`); absent = a heading with no text of its own. */
  readonly path?: string;
  /** The format numbers the paragraphs (`1、`): the number is taken off on import. */
  readonly numbered?: string;
  /** Fixed sentences that belong to this section. */
  readonly sentences?: readonly FixedSentence[];
  /**
   * A list of run-in items (`1.主场外交活动点亮广州。` in bold, then text): paragraphs before the
   * first item go to `path`, each item to an entry of `items.path` with `title` and `paragraphs`.
   */
  readonly items?: { readonly path: string; readonly title: string; readonly paragraphs: string };
}

/** Amounts the text gives only as a total and shares: each part = base × share, the largest base the rest. */
export interface SplitRule {
  readonly total: string;
  readonly parts: readonly { readonly path: string; readonly base: string; readonly share: string }[];
}

/** A cell of the declaration table: a label and the field of the value beside it. */
export interface LabelledCell {
  readonly label: string;
  readonly path: string;
  readonly kind: FieldKind;
  /** Only in the rows under this section label. */
  readonly section?: string;
  /** For a paragraphs field held in one cell: what to take off the start of each line (`目标1：`). */
  readonly strip?: RegExp;
}

/** A column of a sub-table: header label → key of the entry at its level. */
export interface Column {
  readonly label: string;
  readonly key: string;
  readonly kind: FieldKind;
}

/**
 * A sub-table holding a list field: one row per innermost entry. An entry with a nested list
 * (一级指标 → groups → items) is a level: its columns are the entry's own fields, `into` the nested
 * list; rows with the same values at a level (or blank ones, a label written once) share the entry.
 */
export interface TableSpec {
  /** The label in the left column (the list field's label: 年度重点工作任务). */
  readonly section: string;
  readonly path: string;
  readonly levels: readonly { readonly columns: readonly Column[]; readonly into?: string }[];
  /** A last row with a label and a value (其他需完成的任务（可选填）). */
  readonly other?: LabelledCell;
  /** A row starting with this label ends the table (合计). */
  readonly end?: string;
  /** Drop-down lists of an exported workbook, by column key. */
  readonly choices?: Readonly<Record<string, readonly string[]>>;
}

export interface DeclarationSpec {
  /** The packet part (declaration) and the document's title (to recognise it and find the year). */
  readonly part: string;
  readonly title: string;
  readonly cells: readonly LabelledCell[];
  /** Other labels of the table (sub-headings): never taken as values. */
  readonly labels: readonly string[];
  readonly tables: readonly TableSpec[];
}

export interface ImportOutline {
  /** Format id. */
  readonly id: string;
  readonly format: Format;
  /** The report's part (report), when the format has an outlined document. */
  readonly reportPart?: string;
  /** The report's default title, Handlebars (to tell a default title from a custom one). */
  readonly reportTitle?: string;
  /** Label printed top left (附件 2), skipped on import. */
  readonly reportLabel?: string;
  /** Fixed sentences of the preface (before the first heading). */
  readonly preface: readonly FixedSentence[];
  readonly sections: readonly OutlineSection[];
  readonly splits: readonly SplitRule[];
  /** The declaration table, when the format has one and its import.yaml describes it. */
  readonly declaration?: DeclarationSpec;
}
