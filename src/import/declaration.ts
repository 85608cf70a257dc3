/**
 * Reads the 申报表 from a grid (a Word table, or a sheet: ours, the bureau's, or one typed by
 * hand): labels find their values to the right, section labels in the left column (merged or
 * written once and left blank below) say which sub-table a row belongs to, header rows give the
 * columns of the key tasks and the indicators. Blank rows, merged cells, labels repeated at the
 * top of a continuation page and numbers stored as text are all taken in stride.
 */
import type { Grid, GridCell } from './grid.ts';
import type { Column, DeclarationSpec, TableSpec } from './outline.ts';
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

/** A cell's text as its field wants it: an amount as `5,093.50`, a paragraphs field split into lines. */
function cellValue(text: string | undefined, cell: { kind: string; path: string; strip?: RegExp }, notes: Note[]): unknown {
  if (cell.kind === 'amount') return amountText(text, cell.path, notes);
  if (cell.kind === 'paragraphs') return (text ?? '').split('\n').map((l) => (cell.strip ? l.replace(cell.strip, '') : l).trim()).filter((l) => l !== '');
  return text ?? '';
}

/** Reads a declaration grid. */
export function readDeclaration(grid: Grid, spec: DeclarationSpec): DeclarationImport {
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
  const cellSections = [...new Set(spec.cells.flatMap((c) => (c.section ? [c.section] : [])))];
  const sectionLabels = [...spec.tables.map((t) => t.section), ...cellSections];
  const allLabels = [...spec.cells.map((c) => c.label), ...spec.tables.flatMap((t) => (t.other ? [t.other.label] : [])), ...sectionLabels, ...spec.labels];
  const isLabel = (t: string) => allLabels.some((l) => sameLabel(t, l));
  let found = false;
  // A table is the declaration only with its name row or a section label: a report's own table
  // of 基本支出/项目支出 is not one.
  let anchored = false;
  let year: number | undefined;
  let section: string | undefined;
  let table: TableSpec | undefined;
  let cols: Map<string, number> | undefined;
  let ended = false;
  const lists = new Map<TableSpec, Record<string, unknown>[]>();
  /** The entry currently open at each level of the table being read (a blank cell continues it). */
  let open: Record<string, unknown>[] = [];
  const headerColumns = (r: number, columns: readonly Column[]): Map<string, number> | undefined => {
    const m = new Map<string, number>();
    for (let c = 0; c < grid.cols; c++) {
      const cell = at(r, c);
      if (!cell || cell.col !== c) continue;
      const col = columns.find((x) => sameLabel(cell.text, x.label));
      if (col && !m.has(col.key)) m.set(col.key, c);
    }
    return m.size >= Math.min(3, columns.length) ? m : undefined;
  };
  const cellText = (r: number, c: number | undefined) => (c === undefined ? '' : at(r, c)?.text ?? '');

  for (let r = 0; r < grid.rows; r++) {
    // Which section: a section label in the row's first filled position, or the one above carried on.
    let first: GridCell | undefined;
    for (let c = 0; c < grid.cols && !first; c++) first = at(r, c);
    if (!first) continue; // blank row
    if (year === undefined && !found) {
      const y = /(\d{4})\s*年度?[^，。]*表$/.exec(first.text) ?? /^[（(]\s*(\d{4})\s*年度\s*[）)]$/.exec(first.text);
      if (y) {
        year = Number(y[1]);
        continue;
      }
    }
    const sec = sectionLabels.find((l) => sameLabel(first!.text, l));
    if (sec) {
      if (sec !== section) {
        table = spec.tables.find((t) => t.section === sec);
        cols = undefined;
        ended = false;
        open = [];
      }
      section = sec;
      anchored = true;
    } else if (first.col === 0 && allLabels.some((l) => sameLabel(first!.text, l))) {
      section = undefined;
      table = undefined;
    }

    if (table) {
      found = true;
      const t = table;
      const all = t.levels.flatMap((l) => l.columns);
      const h = headerColumns(r, all);
      if (h) {
        cols = h;
        continue;
      }
      const cells = [...Array(grid.cols).keys()].filter((c) => at(r, c)?.col === c && at(r, c)?.row !== undefined);
      if (t.end && cells.some((c) => sameLabel(at(r, c)!.text, t.end!))) {
        ended = true;
        continue;
      }
      const otherAt = t.other && cells.find((c) => sameLabel(at(r, c)!.text, t.other!.label));
      if (t.other && otherAt !== undefined) {
        setPath(data, t.other.path, rightOf(r, otherAt)?.text ?? '');
        continue;
      }
      if (!cols || ended) continue;
      const v = (key: string) => {
        const x = cellText(r, cols!.get(key));
        return sameLabel(x, t.section) ? '' : x;
      };
      const leaf = t.levels[t.levels.length - 1]!;
      if (leaf.columns.every((c) => v(c.key) === '')) continue;
      const list = lists.get(t) ?? [];
      lists.set(t, list);
      // Each level: a new entry when its cells differ from the open one's; blank cells continue it.
      let into: Record<string, unknown>[] = list;
      let changed = false;
      t.levels.forEach((level, i) => {
        const own = level.columns.map((c) => v(c.key));
        const cur = open[i];
        const same = !changed && cur !== undefined && (level.into === undefined ? false : own.every((x, k) => x === '' || x === String(cur[level.columns[k]!.key] ?? '')));
        if (same) {
          into = cur![level.into!] as Record<string, unknown>[];
          return;
        }
        changed = true;
        const entry: Record<string, unknown> = {};
        level.columns.forEach((c, k) => (entry[c.key] = c.kind === 'amount' ? amountText(own[k], `${t.path}.${c.key}`, notes) : own[k] === '' && cur && level.into ? cur[c.key] : own[k]));
        if (level.into) entry[level.into] = [];
        into.push(entry);
        open[i] = entry;
        open.length = i + 1;
        if (level.into) into = entry[level.into] as Record<string, unknown>[];
      });
      continue;
    }
    // Labelled cells anywhere in the row.
    for (let c = 0; c < grid.cols; c++) {
      const cell = at(r, c);
      if (!cell || cell.col !== c || cell.row !== r) continue;
      // `部门名称` with its value to the right, or `部门名称：某某局` in one cell.
      const here = spec.cells.filter((x) => !x.section || x.section === section);
      let spec1 = here.find((x) => sameLabel(cell.text, x.label));
      let inline: string | undefined;
      if (!spec1) {
        spec1 = here.find((x) => x.kind !== 'paragraphs' && (normLabel(cell.text).startsWith(normLabel(x.label) + '：') || normLabel(cell.text).startsWith(normLabel(x.label) + ':')));
        inline = spec1 && cell.text.replace(/^[^：:]*[：:]\s*/, '').trim();
      }
      if (!spec1) continue;
      found = true;
      if (spec1 === spec.cells[0]) anchored = true;
      setPath(data, spec1.path, cellValue(inline ?? rightOf(r, c)?.text, spec1, notes));
    }
  }
  found &&= anchored;
  for (const [t, list] of lists) setPath(data, t.path, list);
  for (const c of spec.cells) {
    if (found && !hasPath(data, c.path)) notes.push({ look: true, path: c.path, zh: `表中未找到「${c.label}」`, en: `"${c.label}" not found in the table` });
  }
  const count = (t: TableSpec, list: readonly Record<string, unknown>[], level = 0): number =>
    t.levels[level]?.into ? list.reduce((n, e) => n + count(t, e[t.levels[level]!.into!] as Record<string, unknown>[], level + 1), 0) : list.length;
  if (found) {
    const parts = spec.tables.map((t) => `${t.section} ${count(t, lists.get(t) ?? [])} 行`);
    notes.push({ zh: `${spec.title}：${parts.join('，')}`, en: `${spec.title}: ${spec.tables.map((t) => `${t.path} ${count(t, lists.get(t) ?? [])} row(s)`).join(', ')}` });
  }
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
