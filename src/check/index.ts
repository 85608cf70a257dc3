/**
 * Checks a parsed packet: errors stop rendering, warnings do not. Every message names the path in
 * the data, the value found and what was expected, Chinese first and English after.
 */
import { D, type Dec } from '../model/money.ts';
import type { Packet } from '../model/schema.ts';
import { formatAmount, formatPercent } from '../model/format.ts';
import { derive, type Derived } from '../derive/index.ts';
import { formatPath, type Diagnostic } from './diagnostic.ts';
import { glyphDiagnostics } from './glyphs.ts';
import { walk } from './walk.ts';
import type { FontSet } from '../fonts/index.ts';

/** The national framework of indicator levels (财预〔2020〕10号 and later rules): 一级 → allowed 二级. */
export const INDICATOR_FRAMEWORK: Readonly<Record<string, readonly string[]>> = {
  产出指标: ['数量指标', '质量指标', '时效指标', '成本指标'],
  效益指标: ['经济效益指标', '社会效益指标', '生态效益指标', '可持续影响指标'],
  满意度指标: ['服务对象满意度指标'],
  成本指标: ['经济成本指标', '社会成本指标', '生态环境成本指标'],
};

/** Paths whose text may stay empty (the form says 可选填). */
const OPTIONAL_TEXT = new Set(['declaration.otherTasks', '$schema', 'documentDate', 'report.title']);

type Loc = (path: readonly PropertyKey[]) => { line: number; column: number } | undefined;

const fmt = (v: Dec) => formatAmount(v);

export interface CheckResult {
  readonly diagnostics: readonly Diagnostic[];
  readonly errors: number;
  readonly warnings: number;
  /** The derived figures (null where inputs are missing). */
  readonly derived: Derived;
}

/** Options of checkPacket. */
export interface CheckOptions {
  /** Also check that every character has a glyph in these fonts (needed for PDF output). */
  readonly fonts?: FontSet;
}

/** Runs every check. `locate` (from parsePacket) adds line numbers to the findings. */
export function checkPacket(packet: Packet, locate?: Loc, options: CheckOptions = {}): CheckResult {
  const out: Diagnostic[] = [];
  const add = (severity: Diagnostic['severity'], code: string, path: readonly PropertyKey[], zh: string, en: string) => {
    out.push({ severity, code, path: formatPath(path), zh, en, ...(locate?.(path) ?? {}) });
  };

  walk(packet, [], (value, path) => {
    const p = formatPath(path);
    if (value === null) {
      add('error', 'amount.missing', path, '金额未填写，应为数字（万元，最多两位小数）', 'amount not filled in; expected a number (万元, at most 2 decimals)');
    } else if (D.isDecimal(value)) {
      if ((value as Dec).isNegative()) add('error', 'amount.negative', path, `金额不能为负数，实际为 ${fmt(value as Dec)}`, `amount must not be negative, got ${fmt(value as Dec)}`);
    } else if (typeof value === 'string') {
      if (value.trim() === '' && !OPTIONAL_TEXT.has(p)) add('error', 'text.empty', path, '必填文字为空', 'required text is empty');
    } else if (Array.isArray(value) && value.length === 0) {
      add('error', 'list.empty', path, '列表为空，至少应有一项', 'list is empty; at least one entry expected');
    }
  });

  const derived = derive(packet);
  const d = packet.declaration;
  const b = d.budget;

  // The three ways to total the declaration's budget agree.
  const { spendingTotal, incomeTotal, levelTotal, tasksTotal } = derived.declaration;
  if (spendingTotal && incomeTotal && !spendingTotal.eq(incomeTotal)) {
    add('error', 'budget.totals', ['declaration', 'budget', 'fiscal'],
      `财政拨款 + 其他资金 = ${fmt(incomeTotal)}，应等于 基本支出 + 项目支出 = ${fmt(spendingTotal)}`,
      `财政拨款 + 其他资金 (income) = ${fmt(incomeTotal)}, expected to equal 基本支出 + 项目支出 (spending) = ${fmt(spendingTotal)}`);
  }
  if (spendingTotal && levelTotal && !spendingTotal.eq(levelTotal)) {
    add('error', 'budget.totals', ['declaration', 'budget', 'cityLevel'],
      `市本级使用资金 + 拟用于对下转移支付资金 = ${fmt(levelTotal)}，应等于 基本支出 + 项目支出 = ${fmt(spendingTotal)}`,
      `市本级使用资金 + 拟用于对下转移支付资金 (by level) = ${fmt(levelTotal)}, expected to equal 基本支出 + 项目支出 = ${fmt(spendingTotal)}`);
  }
  if (spendingTotal && spendingTotal.isZero()) {
    add('warning', 'budget.zero', ['declaration', 'budget'], '预算总额（基本支出 + 项目支出）为 0：金额都还没有填写？', 'the budget total (basic + project spending) is 0: amounts not filled in yet?');
  }
  // The key tasks' amounts add up to 项目支出.
  if (tasksTotal && b.project && !tasksTotal.eq(b.project)) {
    add('error', 'tasks.total', ['declaration', 'tasks'],
      `年度重点工作任务拟投入资金合计 ${fmt(tasksTotal)}，应等于项目支出 ${fmt(b.project)}（相差 ${fmt(tasksTotal.minus(b.project))}）`,
      `key tasks add up to ${fmt(tasksTotal)}, expected 项目支出 (project spending) ${fmt(b.project)} (difference ${fmt(tasksTotal.minus(b.project))})`);
  }

  // Indicator levels against the national framework.
  d.indicators.forEach((cat, i) => {
    const allowed = INDICATOR_FRAMEWORK[cat.level1];
    if (cat.level1.trim() === '') return; // reported as empty text
    if (!allowed) {
      add('error', 'indicator.level1', ['declaration', 'indicators', i, 'level1'],
        `一级指标「${cat.level1}」不在国家指标框架内，应为 ${Object.keys(INDICATOR_FRAMEWORK).join('、')} 之一`,
        `first-level indicator "${cat.level1}" is not in the national framework; expected one of ${Object.keys(INDICATOR_FRAMEWORK).join(', ')}`);
      return;
    }
    cat.groups.forEach((g, j) => {
      if (g.level2.trim() !== '' && !allowed.includes(g.level2)) {
        add('error', 'indicator.level2', ['declaration', 'indicators', i, 'groups', j, 'level2'],
          `二级指标「${g.level2}」不属于一级指标「${cat.level1}」，应为 ${allowed.join('、')} 之一`,
          `second-level indicator "${g.level2}" does not belong to "${cat.level1}"; expected one of ${allowed.join(', ')}`);
      }
    });
  });

  // Report figures.
  const r = packet.report;
  const fin = r.finance;
  const spent = r.efficiency.execution.spent;
  const { executionRate, spendingRate } = derived.report;
  if (fin.executed && spent && !fin.executed.eq(spent) && executionRate && spendingRate) {
    add('warning', 'figure.twice', ['report', 'efficiency', 'execution', 'spent'],
      `同一年度的执行数出现两个不同数值：本年支出数 ${fmt(spent)}（支出进度 ${formatPercent(spendingRate)}）与 report.finance.executed 执行数 ${fmt(fin.executed)}（完成预算 ${formatPercent(executionRate)}），请核对`,
      `the year's spending is given twice with two values: 本年支出数 ${fmt(spent)} (${formatPercent(spendingRate)}) and report.finance.executed ${fmt(fin.executed)} (${formatPercent(executionRate)}); please verify`);
  }
  for (const [rate, path, name] of [
    [executionRate, ['report', 'finance', 'executed'], '执行数'],
    [spendingRate, ['report', 'efficiency', 'execution', 'spent'], '本年支出数'],
  ] as const) {
    if (rate?.exact && rate.exact.gt(100)) {
      add('warning', 'rate.over100', path, `${name}超过全年预算数（${formatPercent(rate)}）`, `${name} exceeds the year's budget (${formatPercent(rate)})`);
    }
  }
  if (fin.budget && fin.budget.isZero()) {
    add('warning', 'budget.zero', ['report', 'finance', 'budget'], '全年预算数为 0：执行率将印为“不可比”', "the year's budget is 0: the execution rates will print as 不可比 (not comparable)");
  }
  if (r.score && r.score.gt(100)) {
    add('error', 'score.range', ['report', 'score'], `自评得分应在 0–100 之间，实际为 ${r.score.toString()}`, `score must be between 0 and 100, got ${r.score.toString()}`);
  }

  // Procurement: a part never exceeds its whole.
  const p = r.efficiency.procurement;
  const base = ['report', 'efficiency', 'procurement'];
  for (const [part, whole, key, zh] of [
    [p.smeGoods, p.goods, 'smeGoods', '货物'],
    [p.smeWorks, p.works, 'smeWorks', '工程'],
    [p.smeServices, p.services, 'smeServices', '服务'],
  ] as const) {
    if (part && whole && part.gt(whole)) {
      add('error', 'procurement.part', [...base, key],
        `${zh}采购授予中小企业合同金额 ${fmt(part)} 大于${zh}支出 ${fmt(whole)}`,
        `SME contracts for ${key.slice(3).toLowerCase()} ${fmt(part)} exceed that category's spending ${fmt(whole)}`);
    }
  }
  const sme = derived.report.procurement.sme;
  if (p.smallMicro && sme && p.smallMicro.gt(sme)) {
    add('error', 'procurement.part', [...base, 'smallMicro'],
      `授予小微企业合同金额 ${fmt(p.smallMicro)} 大于授予中小企业合同金额 ${fmt(sme)}`,
      `small and micro enterprise contracts ${fmt(p.smallMicro)} exceed all SME contracts ${fmt(sme)}`);
  }

  if (options.fonts) out.push(...glyphDiagnostics(packet, options.fonts, locate));

  const errors = out.filter((x) => x.severity === 'error').length;
  return { diagnostics: out, errors, warnings: out.length - errors, derived };
}
