/**
 * The input data of one department's packet: 附件1 (declaration) and 附件2 (self-evaluation).
 *
 * Narrative in the department's own words is data; sentences every department writes the same
 * way, with figures inside, live in templates/ and are fed by the derived figures (src/derive).
 * Texts may be empty here so that a starter file parses; the checker lists what is still empty.
 */
import { z } from 'zod';
import { amount, decimalField } from './money.ts';

/**
 * Characters that text pasted from web pages or WeChat carries and no one means to print:
 * zero-width spaces and joiners, word joiner, BOM, soft hyphen.
 */
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF\u00AD]/g;

/** Text as typed, cleaned: invisible characters removed, Unicode NFC, surrounding spaces trimmed. */
export function cleanText(s: string): string {
  return s.replace(INVISIBLE, '').normalize('NFC').trim();
}

/** A string cleaned by cleanText. */
const cleanString = () => z.string().transform(cleanText);

/** A piece of the department's own text. Empty = not filled in yet (the checker says so). */
const text = (zh: string) => cleanString().meta({ description: zh });

/** Paragraphs of the department's own words, one string each. */
const paragraphs = (zh: string) => z.array(cleanString()).meta({ description: `${zh}（每段一个字符串 / one string per paragraph）` });

/** `YYYY-MM-DD` names a real day (no 2025-13-01, no 2025-02-30). */
function isCalendarDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return true; // the pattern check reports it
  const [y, m, d] = s.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

const year = z
  .number()
  .int()
  .min(2000)
  .max(2100)
  .meta({ description: '年度，如 2025 / year' });

export const DepartmentSchema = z
  .strictObject({
    name: text('部门全称，如 中共广州市委外事工作委员会办公室 / full name of the department'),
    selfReference: text('部门自称，如 我办、我局（用于固定句式）/ how the department refers to itself in set phrases'),
  })
  .meta({ description: '部门 / department' });

export const BudgetSchema = z
  .strictObject({
    basic: amount.meta({ description: '基本支出（万元）' }),
    project: amount.meta({ description: '项目支出（万元）' }),
    fiscal: amount.meta({ description: '收入来源：财政拨款（万元）' }),
    other: amount.meta({ description: '收入来源：其他资金（万元）' }),
    specialFunds: amount.meta({ description: '事业发展性支出：财政专项资金（万元）' }),
    otherDevelopment: amount.meta({ description: '事业发展性支出：其他事业发展性支出（万元）' }),
    cityLevel: amount.meta({ description: '按预算级次划分：市本级使用资金（万元）' }),
    transfer: amount.meta({ description: '按预算级次划分：拟用于对下转移支付资金（万元）' }),
  })
  .meta({ description: '预算整体情况 / budget overview' });

export const TaskSchema = z
  .strictObject({
    name: text('名称 / task name'),
    content: text('主要实施内容 / main content'),
    amount: amount.meta({ description: '拟投入的资金（万元）' }),
    target: text('期望达到的目标（概述）/ expected result'),
  })
  .meta({ description: '年度重点工作任务 / key task' });

export const IndicatorSchema = z
  .strictObject({
    name: text('三级指标 / third-level indicator'),
    periodValue: text('实施周期指标值 / value over the implementation period'),
    annualValue: text('年度指标值 / annual value'),
  })
  .meta({ description: '三级指标 / indicator' });

export const IndicatorGroupSchema = z
  .strictObject({
    level2: text('二级指标，如 数量指标 / second-level indicator'),
    items: z.array(IndicatorSchema),
  })
  .meta({ description: '二级指标及其三级指标 / second-level group' });

export const IndicatorCategorySchema = z
  .strictObject({
    level1: text('一级指标：产出指标、效益指标、满意度指标或成本指标 / first-level indicator'),
    groups: z.array(IndicatorGroupSchema),
  })
  .meta({ description: '一级指标 / first-level group' });

export const DeclarationSchema = z
  .strictObject({
    year: year.meta({ description: '预算年度，如 2025 / budget year' }),
    budget: BudgetSchema,
    goal: text('总体绩效目标 / overall performance goal'),
    tasks: z.array(TaskSchema).meta({ description: '年度重点工作任务 / key tasks' }),
    otherTasks: cleanString().default('').meta({ description: '其他需完成的任务（可选填）/ other tasks (optional)' }),
    indicators: z.array(IndicatorCategorySchema).meta({ description: '绩效指标 / performance indicators' }),
  })
  .meta({ description: '附件1 部门整体预算绩效目标申报表 / declaration' });

export const EffectivenessItemSchema = z
  .strictObject({
    title: text('小标题，如 主场外交活动点亮广州 / item heading (run-in)'),
    paragraphs: paragraphs('正文 / text'),
  })
  .meta({ description: '履职效能分析的一项 / one item of the effectiveness analysis' });

export const ProcurementSchema = z
  .strictObject({
    intro: paragraphs('政府采购情况的说明 / how procurement was managed'),
    goods: amount.meta({ description: '政府采购货物支出（万元）' }),
    works: amount.meta({ description: '政府采购工程支出（万元）' }),
    services: amount.meta({ description: '政府采购服务支出（万元）' }),
    smeGoods: amount.meta({ description: '货物采购授予中小企业合同金额（万元）' }),
    smeWorks: amount.meta({ description: '工程采购授予中小企业合同金额（万元）' }),
    smeServices: amount.meta({ description: '服务采购授予中小企业合同金额（万元）' }),
    smallMicro: amount.meta({ description: '授予小微企业合同金额（万元）' }),
  })
  .meta({ description: '政府采购情况 / government procurement' });

export const ReportSchema = z
  .strictObject({
    year: year.meta({ description: '自评年度，如 2023 / year evaluated' }),
    title: cleanString()
      .optional()
      .meta({ description: '标题（可选）。默认为“{年度}年度{部门}部门整体支出绩效自评报告”并自动均衡分行；要指定分行位置时写成两行（|- 写法）/ optional title; a line break marks where it splits' }),
    overview: paragraphs('（一）部门概况 / department overview'),
    work: paragraphs('（二）年度工作和重点工作任务 / year’s work and key tasks'),
    finance: z
      .strictObject({
        goal: paragraphs('部门整体支出绩效目标及具体工作任务 / overall spending goal'),
        budget: amount.meta({ description: '全年预算数（万元）' }),
        executed: amount.meta({ description: '执行数（万元），用于“完成预算的 x%”' }),
      })
      .meta({ description: '（三）部门整体收支情况 / income and spending' }),
    performanceManagement: paragraphs('（四）部门整体绩效管理情况 / performance management'),
    score: decimalField({ zh: '分数', en: 'score' }).meta({ description: '自评得分（分），如 97.96 / self-evaluation score' }),
    effectiveness: z
      .strictObject({
        intro: paragraphs('履职效能分析的引言 / introduction'),
        items: z.array(EffectivenessItemSchema),
      })
      .meta({ description: '（二）履职效能分析 / effectiveness' }),
    efficiency: z
      .strictObject({
        budgeting: paragraphs('1.预算编制情况 / budgeting'),
        execution: z
          .strictObject({
            lead: text('预算执行情况首段的开头（固定句式之前）/ opening sentence before the set phrase'),
            spent: amount.meta({ description: '本年支出数（万元），用于“支出进度为 x%”' }),
            paragraphs: paragraphs('其后各段 / following paragraphs'),
          })
          .meta({ description: '2.预算执行情况 / budget execution' }),
        performance: paragraphs('3.绩效管理情况 / performance management'),
        procurement: ProcurementSchema,
        assets: paragraphs('5.资产管理情况 / asset management'),
      })
      .meta({ description: '（三）管理效率分析 / efficiency' }),
    problems: paragraphs('三、存在的主要问题 / main problems'),
    measures: paragraphs('四、下一步改进措施 / next measures'),
  })
  .meta({ description: '附件2 部门整体支出绩效自评报告 / self-evaluation report' });

export const PacketSchema = z
  .strictObject({
    $schema: z.string().optional().meta({ description: 'JSON Schema 地址，供编辑器校验 / for editors' }),
    documentDate: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, '应为日期 YYYY-MM-DD / expected a date YYYY-MM-DD')
      .refine(isCalendarDate, '不是有效日期（月份 01–12，日期不超过当月天数）/ not a real calendar date')
      .optional()
      .meta({ description: '写入文件属性的日期（固定，保证输出可重复），默认为预算年度前一年的12月31日 / fixed document date' }),
    department: DepartmentSchema,
    declaration: DeclarationSchema,
    report: ReportSchema,
  })
  .meta({ title: 'jixiao 部门预算绩效材料 / department budget-performance packet' });

/** A parsed packet: amounts are Decimal (or null where not yet filled in). */
export type Packet = z.output<typeof PacketSchema>;
export type Budget = Packet['declaration']['budget'];
export type Task = Packet['declaration']['tasks'][number];
export type IndicatorCategory = Packet['declaration']['indicators'][number];
