/** Re-plans the 附件1 table of a render result as the page flow placed it, for cell-level checks. */
import type { RenderResult } from '../../src/render/index.ts';
import type { TableBlock } from '../../src/document/model.ts';
import type { RuleBox } from '../../src/layout/types.ts';
import { loadFontSet } from '../../src/fonts/index.ts';
import { createLineBreaker } from '../../src/layout/linebreak.ts';
import { planTable, type TablePlan } from '../../src/layout/table.ts';

export function declarationPlan(result: RenderResult): TablePlan {
  const section = result.documents['attachment1']!.sections[0]!;
  const table = section.blocks.find((b) => b.kind === 'table') as TableBlock;
  const rules = result.layouts['attachment1']!.pages[0]!.boxes.filter((b): b is RuleBox => b.kind === 'rule');
  const { page } = section;
  return planTable({
    table,
    breakLines: createLineBreaker(loadFontSet()),
    x: page.margin.left,
    firstTop: Math.min(...rules.map((r) => Math.min(r.y1, r.y2))),
    firstBottom: page.height - page.margin.bottom,
    pageTop: page.margin.top,
    pageBottom: page.height - page.margin.bottom,
  });
}

/** Each cell's text (row,col → text), joined over the pages it runs on; repeated labels left out. */
export function cellTexts(plan: TablePlan): Map<string, string> {
  const cells = new Map<string, string>();
  for (const page of plan.pages) {
    for (const part of page.parts) {
      if (!part.isFirst && part.cell.cell.repeatOnSplit) continue;
      const key = `${part.cell.row},${part.cell.col}`;
      cells.set(key, (cells.get(key) ?? '') + part.lines.map((l) => l.text).join(''));
    }
  }
  return cells;
}
