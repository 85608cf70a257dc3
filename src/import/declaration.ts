/**
 * Reads the 申报表 from a grid (a Word table, or a sheet: ours, the bureau's, or one typed by
 * hand): labels find their values to the right, section labels in the left column (merged or
 * written once and left blank below) say which sub-table a row belongs to, header rows give the
 * columns of the key tasks and the indicators. Blank rows, merged cells, labels repeated at the
 * top of a continuation page and numbers stored as text are all taken in stride.
 */
import type { Grid, GridCell } from './grid.ts';
import type { Column, DeclarationCells } from './outline.ts';
import { setPath, type Note } from './data.ts';
import { parseAmount } from '../model/money.ts';
import { formatAmount } from '../model/format.ts';

/** Labels compared without spaces, with either kind of brackets, and without a `（万元）` unit. */
const normCache = new Map<string, string>();
export const normLabel = (s: string): string => {
  let n = normCache.get(s);
  if (n === undefined) {
    n = s.replace(/[\s　]/g, '').replace(/\(/g, '（').replace(/\)/g, '）').replace(/[：:]$/, '');
    if (normCache.size < 10_000) normCache.set(s, n);
  }
  return n;
};
const sameLabel = (a: string, b: string) => {
  const x = normLabel(a);
  const y = normLabel(b);
  return x === y || x.replace(/（万元）$/, '') === y.replace(/（万元）$/, '') || (y.endsWith('（可选填）') && x === y.replace(/（可选填）$/, ''));
};

/** An amount cell's text as the YAML will hold it (`5,093.50`), or the text as found when it is not one. */
export function amountText(raw: string | undefined, path: string, notes: Note[]): string | null {
  if (raw === undefined || raw.trim() === '') return null;
  const r = parseAmount(raw.replace(/万元$/, '').trim());
  if (r.ok) return formatAmount(r.value);
  notes.push({ look: true, path, zh: `金额「${raw}」无法识别：${r.zh}`, en: `amount "${raw}" not understood: ${r.en}` });
  return raw;
}

export interface DeclarationImport {
  readonly data: Record<string, unknown>;
  readonly notes: Note[];
  /** The year found in a title row above the table (`2025年度…申报表`). */
  readonly year?: number;
  /** Whether the grid held a declaration at all (any known label found). */
  readonly found: boolean;
}

/** Reads a declaration grid. */
export function readDeclaration(grid: Grid, spec: DeclarationCells): DeclarationImport {
  const data: Record<string, unknown> = {};
  const notes: Note[] = [];
  const at = (r: number, c: number): GridCell | undefined => grid.at(r, c);
  /** The value of the label at (r, c): the next filled cell right of it, unless that is another label. */
  const rightOf = (r: number, c: number): GridCell | undefined => {
    const self = at(r, c);
    for (let k = c + 1; k < grid.cols; k++) {
      const cell = at(r, k);
      if (!cell || (self && cell.row === self.row && cell.col === self.col)) continue;
      if (cell.text === '') continue;
      return isLabel(cell.text) ? undefined : cell;
    }
    return undefined;
  };
  const sectionLabels = [spec.tasks.section, spec.indicators.section, '预算整体情况'];
  const allLabels = [...spec.cells.map((c) => c.label), spec.tasks.other.label, ...sectionLabels];
  const isLabel = (t: string) => allLabels.some((l) => sameLabel(t, l));
  let found = false;
  // A table is the declaration only with its name row or a section label: a report's own table
  // of 基本支出/项目支出 is not one.
  let anchored = false;
  let year: number | undefined;
  let section: string | undefined;
  let taskCols: Map<string, number> | undefined;
  let indCols: Map<string, number> | undefined;
  const tasks: Record<string, unknown>[] = [];
  const indicators: { level1: string; groups: { level2: string; items: Record<string, string>[] }[] }[] = [];
  let last1 = '';
  let last2 = '';

  const headerColumns = (r: number, cols: readonly Column[]): Map<string, number> | undefined => {
    const m = new Map<string, number>();
    for (let c = 0; c < grid.cols; c++) {
      const cell = at(r, c);
      if (!cell || cell.col !== c) continue;
      const col = cols.find((x) => sameLabel(cell.text, x.label));
      if (col && !m.has(col.key)) m.set(col.key, c);
    }
    return m.size >= Math.min(3, cols.length) ? m : undefined;
  };
  const cellText = (r: number, c: number | undefined) => (c === undefined ? '' : at(r, c)?.text ?? '');

  for (let r = 0; r < grid.rows; r++) {
    // Which section: a section label in the row's first filled position, or the one above carried on.
    let first: GridCell | undefined;
    for (let c = 0; c < grid.cols && !first; c++) first = at(r, c);
    if (!first) continue; // blank row
    if (year === undefined && !found) {
      const y = /(\d{4})\s*年度?[^，。]*申报表/.exec(first.text);
      if (y) {
        year = Number(y[1]);
        continue;
      }
    }
    const sec = sectionLabels.find((l) => sameLabel(first!.text, l));
    if (sec) {
      section = sec;
      anchored = true;
    }
    else if (first.col === 0 && allLabels.some((l) => sameLabel(first!.text, l))) section = undefined;

    if (section === spec.tasks.section) {
      found = true;
      const h = headerColumns(r, spec.tasks.columns);
      if (h) {
        taskCols = h;
        continue;
      }
      const otherAt = [...Array(grid.cols).keys()].find((c) => at(r, c)?.col === c && sameLabel(at(r, c)!.text, spec.tasks.other.label));
      if (otherAt !== undefined) {
        setPath(data, spec.tasks.other.path, rightOf(r, otherAt)?.text ?? '');
        continue;
      }
      if (!taskCols) continue;
      const row: Record<string, unknown> = {};
      let any = false;
      for (const col of spec.tasks.columns) {
        const t = cellText(r, taskCols.get(col.key));
        if (t && !sameLabel(t, spec.tasks.section)) any = true;
        row[col.key] = col.kind === 'amount' ? amountText(t, `${spec.tasks.path}.${tasks.length}.${col.key}`, notes) : t;
      }
      if (any) tasks.push(row);
      continue;
    }
    if (section === spec.indicators.section) {
      found = true;
      const h = headerColumns(r, spec.indicators.columns);
      if (h) {
        indCols = h;
        continue;
      }
      if (!indCols) continue;
      const v = (key: string) => cellText(r, indCols!.get(key));
      const rest = spec.indicators.columns.filter((c) => c.key !== 'level1' && c.key !== 'level2');
      if (rest.every((c) => v(c.key) === '')) continue;
      // A blank 一级/二级 cell continues the group above (a sheet that writes the label once).
      const l1 = v('level1') || last1;
      const l2 = v('level2') || last2;
      let cat = indicators[indicators.length - 1];
      if (!cat || cat.level1 !== l1) indicators.push((cat = { level1: l1, groups: [] }));
      let group = cat.groups[cat.groups.length - 1];
      if (!group || group.level2 !== l2) cat.groups.push((group = { level2: l2, items: [] }));
      group.items.push(Object.fromEntries(rest.map((c) => [c.key, v(c.key)])));
      last1 = l1;
      last2 = l2;
      continue;
    }
    // Labelled cells anywhere in the row.
    for (let c = 0; c < grid.cols; c++) {
      const cell = at(r, c);
      if (!cell || cell.col !== c || cell.row !== r) continue;
      // `部门名称` with its value to the right, or `部门名称：某某局` in one cell.
      let spec1 = spec.cells.find((x) => sameLabel(cell.text, x.label));
      let inline: string | undefined;
      if (!spec1) {
        spec1 = spec.cells.find((x) => normLabel(cell.text).startsWith(normLabel(x.label) + '：') || normLabel(cell.text).startsWith(normLabel(x.label) + ':'));
        inline = spec1 && cell.text.replace(/^[^：:]*[：:]\s*/, '').trim();
      }
      if (!spec1) continue;
      found = true;
      if (spec1 === spec.cells[0]) anchored = true;
      const value = inline ?? rightOf(r, c)?.text;
      setPath(data, spec1.path, spec1.kind === 'amount' ? amountText(value, spec1.path, notes) : value ?? '');
    }
  }
  found &&= anchored;
  if (tasks.length) setPath(data, spec.tasks.path, tasks);
  if (indicators.length) setPath(data, spec.indicators.path, indicators);
  for (const c of spec.cells) {
    if (found && !hasPath(data, c.path)) notes.push({ look: true, path: c.path, zh: `申报表中未找到「${c.label}」`, en: `"${c.label}" not found in the table` });
  }
  if (found) notes.push({ zh: `申报表：${tasks.length} 项重点工作任务，${indicators.reduce((n, x) => n + x.groups.reduce((m, g) => m + g.items.length, 0), 0)} 个三级指标`, en: `declaration table: ${tasks.length} key task(s), ${indicators.reduce((n, x) => n + x.groups.reduce((m, g) => m + g.items.length, 0), 0)} indicator(s)` });
  return { data, notes, year, found };
}

function hasPath(data: Record<string, unknown>, path: string): boolean {
  let cur: unknown = data;
  for (const k of path.split('.')) {
    if (cur === null || typeof cur !== 'object' || !(k in (cur as object))) return false;
    cur = (cur as Record<string, unknown>)[k];
  }
  return true;
}
