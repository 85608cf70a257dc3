/**
 * Generated long inputs through the whole path: many key tasks, dozens of indicators, one cell
 * longer than a page. Nothing is lost, nothing leaves its page, every continuation page repeats
 * the group labels, and LibreOffice-free checks on the DOCX cut the table at the same rows.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { render, type RenderResult } from '../src/render/index.ts';
import type { TextBox } from '../src/layout/types.ts';
import { parseData, sampleData } from './helpers/sample.ts';
import { cellTexts, declarationPlan } from './helpers/table-plan.ts';
import type { TablePlan } from '../src/layout/table.ts';

const PHRASES = ['推进国际交流合作', '完善城市治理体系', '提升公共服务水平', '强化预算绩效管理', '优化营商环境'];
const text = (n: number, seed: number) => Array.from({ length: n }, (_, i) => PHRASES[(i + seed) % PHRASES.length]).join('，') + '。';

function longPacket() {
  const d = sampleData();
  const tasks = Array.from({ length: 24 }, (_, i) => ({ name: `重点任务${i + 1}`, content: text(3, i), amount: '100.00', target: text(4 + (i % 5), i) }));
  tasks[5]!.target = text(400, 1); // longer than a page
  d.declaration.tasks = tasks;
  d.declaration.budget.project = '2,400.00';
  d.declaration.budget.basic = '5,619.04';
  d.declaration.indicators = [
    { level1: '产出指标', groups: [
      { level2: '数量指标', items: Array.from({ length: 40 }, (_, i) => ({ name: `数量指标项目${i + 1}：${text(1 + (i % 3), i)}`, periodValue: '全年推进', annualValue: `大于等于${i + 1}个` })) },
      { level2: '时效指标', items: Array.from({ length: 12 }, (_, i) => ({ name: `时效${i + 1}`, periodValue: '第四季度', annualValue: text(2, i) })) },
    ] },
    { level1: '效益指标', groups: [{ level2: '社会效益指标', items: Array.from({ length: 15 }, (_, i) => ({ name: `社会效益${i + 1}`, periodValue: '全年推进', annualValue: text(3, i) })) }] },
    { level1: '满意度指标', groups: [{ level2: '服务对象满意度指标', items: [{ name: '满意度', periodValue: '全年推进', annualValue: '大于95%' }] }] },
  ];
  const r = parseData(d);
  if (!r.packet) throw new Error(JSON.stringify(r.diagnostics));
  return r.packet;
}

describe('long declaration', () => {
  let result: RenderResult;
  let plan: TablePlan;
  const packet = longPacket();
  beforeAll(async () => {
    result = await render(packet, { formats: ['pdf', 'docx'] });
    plan = declarationPlan(result);
  });

  it('runs over several pages and the DOCX is cut at the same rows', () => {
    const split = result.layouts['attachment1']!.tableSplits[0]!;
    expect(plan.pages.length).toBeGreaterThanOrEqual(5);
    expect(split.pageStartRows.length).toBe(plan.pages.length);
    expect(result.layouts['attachment1']!.pages.length).toBe(plan.pages.length);
  });

  it('loses no cell text (the page-long cell included)', () => {
    const cells = cellTexts(plan);
    packet.declaration.tasks.forEach((t: any, i: number) => {
      expect(cells.get(`${9 + i},1`)).toBe(t.name);
      expect(cells.get(`${9 + i},5`), `task ${i + 1} target`).toBe(t.target);
    });
    const first = 9 + packet.declaration.tasks.length + 2; // task rows, other tasks, indicator header
    const items = packet.declaration.indicators.flatMap((c: any) => c.groups.flatMap((g: any) => g.items));
    items.forEach((it: any, i: number) => {
      expect(cells.get(`${first + i},3`)).toBe(it.name);
      expect(cells.get(`${first + i},6`)).toBe(it.annualValue);
    });
  });

  it('every continuation page repeats the labels of the groups it continues', () => {
    for (const page of plan.pages.slice(1)) {
      const startRow = page.slices[0]!.row;
      const grid = plan.measured.grid;
      // Every repeat-on-split cell whose span covers the first row of the page shows its text again there.
      const spanning = grid.cells.filter((c) => c.cell.repeatOnSplit && c.row < startRow && c.row + c.rowSpan > startRow);
      expect(spanning.length).toBeGreaterThan(0);
      for (const c of spanning) {
        const part = page.parts.find((p) => p.cell === c)!;
        expect(part.firstSlice).toBe(0);
        expect(part.lines.map((l) => l.text).join('')).toBe(c.cell.paragraphs.flat().map((r) => r.text).join(''));
      }
    }
  });

  it('all text stays inside the page type area', () => {
    const section = result.documents['attachment1']!.sections[0]!;
    const { page } = section;
    for (const p of result.layouts['attachment1']!.pages) {
      for (const b of p.boxes.filter((x): x is TextBox => x.kind === 'text' && !/^— \d+ —$/.test(x.text))) {
        expect(b.y).toBeGreaterThan(page.margin.top);
        expect(b.y).toBeLessThanOrEqual(page.height - page.margin.bottom);
        expect(b.x).toBeGreaterThanOrEqual(page.margin.left);
      }
    }
  });
});
