/**
 * Every figure that can be computed from the data is computed here, never typed:
 * execution rates, procurement totals and shares, the declaration's sums.
 * Rounding is 四舍五入 (half up) to the places the originals show.
 */
import { D, sum, type Dec } from '../model/money.ts';
import type { Packet } from '../model/schema.ts';

/** A share in per cent, rounded; `value` null = 不可比 (the base is zero). */
export interface Percent {
  /** Rounded per-cent value (96.67 for 96.67%), or null when the base is zero. */
  readonly value: Dec | null;
  /** Decimal places it was rounded to. */
  readonly places: number;
  /** The unrounded ratio × 100, for checks. */
  readonly exact: Dec | null;
}

/** Figures derived from a packet. A figure is null when an input it needs is not filled in. */
export interface Derived {
  readonly declaration: {
    /** 基本支出 + 项目支出. */
    readonly spendingTotal: Dec | null;
    /** 财政拨款 + 其他资金. */
    readonly incomeTotal: Dec | null;
    /** 市本级使用资金 + 拟用于对下转移支付资金. */
    readonly levelTotal: Dec | null;
    /** 财政专项资金 + 其他事业发展性支出. */
    readonly developmentTotal: Dec | null;
    /** Sum of the key tasks' amounts. */
    readonly tasksTotal: Dec | null;
    /** Number of 三级指标 rows. */
    readonly indicatorCount: number;
  };
  readonly report: {
    /** 完成预算的 x% = 执行数 ÷ 全年预算数 (2 places). */
    readonly executionRate: Percent | null;
    /** 支出进度 x% = 本年支出数 ÷ 全年预算数 (2 places). */
    readonly spendingRate: Percent | null;
    readonly procurement: {
      /** 政府采购支出总额 = 货物 + 工程 + 服务. */
      readonly total: Dec | null;
      /** 授予中小企业合同金额 = the three categories' SME amounts. */
      readonly sme: Dec | null;
      /** 中小企业 ÷ 总额 (1 place). */
      readonly smeShare: Percent | null;
      /** 小微企业 ÷ 中小企业 (1 place). */
      readonly smallMicroShare: Percent | null;
      /** Each category's SME amount ÷ its spending (1 place). */
      readonly goodsSmeShare: Percent | null;
      readonly worksSmeShare: Percent | null;
      readonly servicesSmeShare: Percent | null;
    };
  };
}

/** Places the originals show: budget execution 2, procurement shares 1. */
export const RATE_PLACES = 2;
export const SHARE_PLACES = 1;

/** part ÷ base as a rounded percentage; null base or part gives null, zero base gives 不可比. */
export function percent(part: Dec | null, base: Dec | null, places: number): Percent | null {
  if (part === null || base === null) return null;
  if (base.isZero()) return { value: null, places, exact: null };
  const exact = part.div(base).times(100);
  return { value: exact.toDecimalPlaces(places, D.ROUND_HALF_UP), places, exact };
}

function add(...values: (Dec | null)[]): Dec | null {
  return values.some((v) => v === null) ? null : sum(values as Dec[]);
}

export function derive(packet: Packet): Derived {
  const b = packet.declaration.budget;
  const r = packet.report;
  const p = r.efficiency.procurement;
  const total = add(p.goods, p.works, p.services);
  const sme = add(p.smeGoods, p.smeWorks, p.smeServices);
  return {
    declaration: {
      spendingTotal: add(b.basic, b.project),
      incomeTotal: add(b.fiscal, b.other),
      levelTotal: add(b.cityLevel, b.transfer),
      developmentTotal: add(b.specialFunds, b.otherDevelopment),
      tasksTotal: add(...packet.declaration.tasks.map((t) => t.amount)),
      indicatorCount: packet.declaration.indicators.reduce((n, c) => n + c.groups.reduce((m, g) => m + g.items.length, 0), 0),
    },
    report: {
      executionRate: percent(r.finance.executed, r.finance.budget, RATE_PLACES),
      spendingRate: percent(r.efficiency.execution.spent, r.finance.budget, RATE_PLACES),
      procurement: {
        total,
        sme,
        smeShare: percent(sme, total, SHARE_PLACES),
        smallMicroShare: percent(p.smallMicro, sme, SHARE_PLACES),
        goodsSmeShare: percent(p.smeGoods, p.goods, SHARE_PLACES),
        worksSmeShare: percent(p.smeWorks, p.works, SHARE_PLACES),
        servicesSmeShare: percent(p.smeServices, p.services, SHARE_PLACES),
      },
    },
  };
}
