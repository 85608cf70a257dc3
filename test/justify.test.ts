/** Justification spreads the leftover next to ideographs and spaces, never inside a number or word. */
import { describe, expect, it } from 'vitest';
import { createLineBreaker } from '../src/layout/linebreak.ts';
import { loadFontSet } from '../src/fonts/index.ts';
import type { LaidLine } from '../src/layout/types.ts';

const breakLines = createLineBreaker(loadFontSet());
const PITCH = 442.2 / 28;
const opts = { width: 442.2, font: 'fangsong' as const, size: 16, firstLineIndent: 0, align: 'justify' as const, pitch: PITCH };

/** The extra spacing after each character of a line, beyond its natural advance on the grid. */
function spacingOf(line: LaidLine, chars: string): number[] {
  const out: number[] = [];
  for (const f of line.fragments) for (const ch of f.text) if (chars.includes(ch)) out.push(f.charSpacing);
  return out;
}

describe('justification', () => {
  it('keeps the digits of 9,647.82 at one spacing and stretches the line to the full width', () => {
    const lines = breakLines([{ text: '全年预算数9,647.82万元，执行数9,326.11万元，完成预算的96.67%，其余文字用来把这一行填满并折到下一行。' }], opts);
    const first = lines[0]!;
    expect(first.width).toBeCloseTo(442.2, 1);
    // No gap opens inside the numbers: all but their last digit carry no extra spacing (the last
    // one carries the gap to the next ideograph).
    const inNumber = first.fragments.filter((f) => /^[0-9,.]+$/.test(f.text) && f.text.length > 1).map((f) => [f.text, f.charSpacing]);
    expect(inNumber).toEqual([['9,647.8', 0], ['9,326.1', 0]]);
    // The ideographs share the stretch.
    const cjk = first.fragments.find((f) => f.text.startsWith('全年预算'))!;
    expect(cjk.charSpacing).toBeGreaterThan(0.1);
  });
  it('spreads a Latin line at its spaces, not between letters', () => {
    const text = 'see the page at https://www.gz.gov.cn/zwgk/index.html and also the annual report of the bureau for more';
    const lines = breakLines([{ text }], { ...opts, pitch: undefined, size: 10, width: 200, align: 'justify' });
    const first = lines[0]!;
    expect(first.width).toBeCloseTo(200, 1);
    const letters = spacingOf(first, 'abcdefghijklmnopqrstuvwxyz');
    const spaces = spacingOf(first, ' ');
    expect(Math.max(...letters.slice(0, -1))).toBeLessThan(0.01);
    expect(Math.min(...spaces)).toBeGreaterThan(0.1);
  });
});
