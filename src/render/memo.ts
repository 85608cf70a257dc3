/**
 * Memos of the warm renderer: layout results kept by the content they were computed from, so a
 * render after a one-field edit lays out again only the blocks whose content changed.
 *
 * Generational: an entry used by the last render survives the next one; anything unused for a
 * whole render is dropped, so a long-lived renderer (a batch worker, the workbench) holds about
 * two renders' worth and never grows with the number of packets.
 */
import type { BreakLines, LaidLine, LayoutTable, TableLayoutResult } from '../layout/types.ts';

/** Hits and misses since the memo was made (for tests and the bench). */
export interface MemoStats {
  readonly hits: number;
  readonly misses: number;
}

/** A generational memo keyed by strings. */
export class Memo<V> {
  private current = new Map<string, V>();
  private previous = new Map<string, V>();
  private counts = { hits: 0, misses: 0 };

  /** The value for `key`, computed by `make` when neither this render nor the last one had it. */
  get(key: string, make: () => V): V {
    let v = this.current.get(key);
    if (v === undefined) {
      v = this.previous.get(key);
      if (v !== undefined) this.current.set(key, v);
    }
    if (v !== undefined) {
      this.counts.hits++;
      return v;
    }
    this.counts.misses++;
    v = make();
    this.current.set(key, v);
    return v;
  }

  /** Ends a render: entries the render did not use are dropped at the end of the next one. */
  age(): void {
    this.previous = this.current;
    this.current = new Map();
  }

  stats(): MemoStats {
    return { ...this.counts };
  }
}

/**
 * A line breaker that keeps its results by content: a paragraph's runs and options (width,
 * font, size, indent, alignment, pitch) give its broken lines. Lines are immutable, so callers
 * share them.
 */
export function memoBreakLines(breakLines: BreakLines, memo: Memo<LaidLine[]>): BreakLines {
  return (runs, options) => memo.get(JSON.stringify([runs, options]), () => breakLines(runs, options));
}

/**
 * A table layouter that keeps its results by content: the table block (rows, cells, styles) and
 * where it starts and may run give its pages. The injected breaker is the same for every call.
 */
export function memoLayoutTable(layoutTable: LayoutTable, memo: Memo<TableLayoutResult>): LayoutTable {
  return (input) => {
    const { table, x, firstTop, firstBottom, pageTop, pageBottom, field } = input;
    const key = JSON.stringify([table, x, firstTop, firstBottom, pageTop, pageBottom, field ?? null]);
    return memo.get(key, () => layoutTable(input));
  };
}
