/**
 * The guangzhou format's outline for importers, as data: the 自评报告's headings with the field
 * each one's paragraphs go to and the fixed sentences (copied from templates/attachment2.hbs,
 * `@root.` and `{{#with}}` written out as full paths), and the 申报表's labelled cells (from
 * templates/attachment1.hbs). When the format carries its own outline (issue 11), this module
 * is replaced by a reader of it; nothing else in src/import names a field of this format.
 */
import type { ImportOutline } from './outline.ts';

const PROCUREMENT =
  '{{report.year}}年度本部门政府采购支出总额{{amount derived.report.procurement.total trim=true}}万元，其中：政府采购货物支出{{amount report.efficiency.procurement.goods trim=true}}万元、政府采购工程支出{{amount report.efficiency.procurement.works trim=true}}万元、政府采购服务支出{{amount report.efficiency.procurement.services trim=true}}万元。' +
  '授予中小企业合同金额{{amount derived.report.procurement.sme trim=true}}万元，占政府采购支出总额的{{percent derived.report.procurement.smeShare trim=true}}，其中：授予小微企业合同金额{{amount report.efficiency.procurement.smallMicro trim=true}}万元，占授予中小企业合同金额的{{percent derived.report.procurement.smallMicroShare trim=true}}；' +
  '货物采购授予中小企业合同金额占货物支出金额的{{percent derived.report.procurement.goodsSmeShare trim=true}}，工程采购授予中小企业合同金额占工程支出金额的{{percent derived.report.procurement.worksSmeShare trim=true}}，服务采购授予中小企业合同金额占服务支出金额的{{percent derived.report.procurement.servicesSmeShare trim=true}}。';

const CONCLUSION =
  '为推进全面实施预算绩效管理，强化预算绩效主体责任和绩效意识，进一步提高财政资金使用效益，我部门组织开展了{{report.year}}年度部门整体支出绩效自评。我部门从履职效能和管理效率两个维度开展自评，对部门资金、资产、政府采购、政府购买服务、运行成本管理等情况，以及整体支出绩效目标完成情况进行分析，对照本部门年初设定的年度整体目标及关键性绩效指标、各项任务（政策）的绩效目标和关键指标，对实际完成值进行了自评打分。经评价，我部门自评得分{{amount report.score trim=true}}分。';

export const GUANGZHOU_OUTLINE: ImportOutline = {
  id: 'guangzhou',
  reportTitle: '{{report.year}}年度{{department.name}}部门整体支出绩效自评报告',
  reportLabel: '附件 2',
  sections: [
    { level: 1, heading: '基本情况', aliases: ['部门基本情况'] },
    { level: 2, heading: '部门概况', aliases: ['部门职能', '单位概况', '部门基本情况'], path: 'report.overview' },
    { level: 2, heading: '年度工作和重点工作任务', aliases: ['年度总体工作和重点工作任务', '年度主要工作任务', '重点工作任务'], path: 'report.work' },
    {
      level: 2,
      heading: '部门整体收支情况',
      aliases: ['部门整体支出情况', '收支情况'],
      path: 'report.finance.goal',
      sentences: [{ name: '全年预算数、执行数', text: '全年预算数{{amount report.finance.budget}}万元，执行数{{amount report.finance.executed}}万元，完成预算的{{percent derived.report.executionRate}}。', position: 'last' }],
    },
    { level: 2, heading: '部门整体绩效管理情况', aliases: ['绩效管理情况'], path: 'report.performanceManagement' },
    { level: 1, heading: '综合评价分析', aliases: ['综合评价结论', '综合评价'] },
    { level: 2, heading: '自评结论综述', aliases: ['自评结论'], sentences: [{ name: '自评得分', text: CONCLUSION, position: 'any' }] },
    {
      level: 2,
      heading: '履职效能分析',
      path: 'report.effectiveness.intro',
      items: { path: 'report.effectiveness.items', title: 'title', paragraphs: 'paragraphs' },
    },
    { level: 2, heading: '管理效率分析' },
    { level: 3, heading: '预算编制情况', path: 'report.efficiency.budgeting' },
    {
      level: 3,
      heading: '预算执行情况',
      path: 'report.efficiency.execution.paragraphs',
      sentences: [
        {
          name: '预算执行情况首段',
          text: '{{report.efficiency.execution.lead}}{{report.year}}年，{{department.selfReference}}全年预算数{{amount report.finance.budget grouping=false}}万元，本年支出数{{amount report.efficiency.execution.spent grouping=false}}万元，支出进度为{{percent derived.report.spendingRate}}。',
          position: 'first',
        },
      ],
    },
    { level: 3, heading: '绩效管理情况', path: 'report.efficiency.performance' },
    { level: 3, heading: '政府采购情况', path: 'report.efficiency.procurement.intro', sentences: [{ name: '政府采购', text: PROCUREMENT, position: 'last' }] },
    { level: 3, heading: '资产管理情况', path: 'report.efficiency.assets' },
    { level: 1, heading: '存在的主要问题', aliases: ['存在的问题', '存在问题', '主要问题'], path: 'report.problems' },
    { level: 1, heading: '下一步改进措施', aliases: ['改进措施', '下一步工作措施', '改进意见'], path: 'report.measures' },
  ],
  splits: [
    {
      total: 'derived.report.procurement.sme',
      parts: [
        { path: 'report.efficiency.procurement.smeGoods', base: 'report.efficiency.procurement.goods', share: 'derived.report.procurement.goodsSmeShare' },
        { path: 'report.efficiency.procurement.smeWorks', base: 'report.efficiency.procurement.works', share: 'derived.report.procurement.worksSmeShare' },
        { path: 'report.efficiency.procurement.smeServices', base: 'report.efficiency.procurement.services', share: 'derived.report.procurement.servicesSmeShare' },
      ],
    },
  ],
  declaration: {
    title: '部门整体预算绩效目标申报表',
    cells: [
      { label: '部门名称', path: 'department.name', kind: 'text' },
      { section: '预算整体情况', label: '基本支出', path: 'declaration.budget.basic', kind: 'amount' },
      { section: '预算整体情况', label: '项目支出', path: 'declaration.budget.project', kind: 'amount' },
      { section: '预算整体情况', label: '财政拨款', path: 'declaration.budget.fiscal', kind: 'amount' },
      { section: '预算整体情况', label: '其他资金', path: 'declaration.budget.other', kind: 'amount' },
      { section: '预算整体情况', label: '财政专项资金', path: 'declaration.budget.specialFunds', kind: 'amount' },
      { section: '预算整体情况', label: '其他事业发展性支出', path: 'declaration.budget.otherDevelopment', kind: 'amount' },
      { section: '预算整体情况', label: '市本级使用资金', path: 'declaration.budget.cityLevel', kind: 'amount' },
      { section: '预算整体情况', label: '拟用于对下转移支付资金', path: 'declaration.budget.transfer', kind: 'amount' },
      { label: '总体绩效目标', path: 'declaration.goal', kind: 'text' },
    ],
    tasks: {
      section: '年度重点工作任务',
      path: 'declaration.tasks',
      columns: [
        { label: '名称', key: 'name', kind: 'text' },
        { label: '主要实施内容', key: 'content', kind: 'text' },
        { label: '拟投入的资金（万元）', key: 'amount', kind: 'amount' },
        { label: '期望达到的目标（概述）', key: 'target', kind: 'text' },
      ],
      other: { label: '其他需完成的任务（可选填）', path: 'declaration.otherTasks', kind: 'text' },
    },
    indicators: {
      section: '绩效指标',
      path: 'declaration.indicators',
      columns: [
        { label: '一级指标', key: 'level1', kind: 'text' },
        { label: '二级指标', key: 'level2', kind: 'text' },
        { label: '三级指标', key: 'name', kind: 'text' },
        { label: '实施周期指标值', key: 'periodValue', kind: 'text' },
        { label: '年度指标值', key: 'annualValue', kind: 'text' },
      ],
    },
    level1Choices: ['产出指标', '效益指标', '满意度指标', '成本指标'],
    level2Choices: ['数量指标', '质量指标', '时效指标', '成本指标', '经济成本指标', '社会成本指标', '生态环境成本指标', '经济效益指标', '社会效益指标', '生态效益指标', '可持续影响指标', '服务对象满意度指标'],
  },
};

/** Outlines by format id. */
export const OUTLINES: Readonly<Record<string, ImportOutline>> = { guangzhou: GUANGZHOU_OUTLINE };
