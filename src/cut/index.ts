/**
 * The cut stage, between layout and the writers: decides for every table its pieces across pages
 * (row ranges, repeated group labels, rows allowed to split) and for every title its lines, and
 * attaches them to the blocks themselves. Writers read `TableBlock.cut` and `TextBlock.lines`;
 * none of them needs the layout's internals or block numbers.
 */
import type { Block, Document, Section, TableBlock, TableCut, TextBlock } from '../document/model.ts';
import type { LaidDocument, TableSplit, TitleLines } from '../layout/types.ts';
import { cutTable, tableCuts } from './table.ts';

export { cutTable, tableCuts, type TableCuts, type TablePiece } from './table.ts';

/** The cut plan of one table from where layout cut it into pages. */
export function tableCut(table: TableBlock, split: Pick<TableSplit, 'pageStartRows' | 'pageContinues'>): TableCut {
  const { pieceStarts, splitRows } = tableCuts(split);
  return { pieces: cutTable(table, pieceStarts), splitRows: [...splitRows].sort((a, b) => a - b) };
}

/**
 * The document with its cut plan attached: every table gets `cut` (one piece when layout did not
 * cut it), every title its `lines`. Pure; the input document is not changed.
 */
export function planCuts(doc: Document, laid: Pick<LaidDocument, 'tableSplits' | 'titleLines'>): Document {
  return attachCuts(doc, laid.tableSplits, laid.titleLines);
}

/** Attaches given table splits and title lines (keyed by section and block index) to the blocks. */
export function attachCuts(doc: Document, splits: readonly TableSplit[], titles: readonly TitleLines[] = []): Document {
  const splitAt = new Map(splits.map((s) => [`${s.section}:${s.block}`, s]));
  const titleAt = new Map(titles.map((t) => [`${t.section}:${t.block}`, t]));
  const sections = doc.sections.map((section, si): Section => ({
    ...section,
    blocks: section.blocks.map((block, bi): Block => {
      const key = `${si}:${bi}`;
      if (block.kind === 'table') return { ...block, cut: tableCut(block, splitAt.get(key) ?? { pageStartRows: [0] }) };
      if (block.kind !== 'title') return block;
      const title = titleAt.get(key);
      return title ? ({ ...block, lines: title.lines } satisfies TextBlock) : block;
    }),
  }));
  return { ...doc, sections };
}
