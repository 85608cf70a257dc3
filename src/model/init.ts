/**
 * The starter input file that `jixiao init` writes: every field, with comments in Chinese saying
 * what goes where. Amounts are null and texts empty until filled in; `jixiao check` lists them.
 * test/cli-check.test.ts keeps this in step with the schema (it must parse, and check must list
 * exactly the empty fields).
 */
import YAML from 'yaml';

const q = (s: string) => YAML.stringify(s).trim();

export function starterPacket({ year, department }: { year: number; department?: string }): string {
  const dept = department ? q(department) : "''";
  return `# yaml-language-server: $schema=./packet.schema.json
# ${department ?? '本部门'} 预算绩效材料（附件1 申报表、附件2 自评报告）的输入文件。
# 填写说明：金额单位为万元，最多两位小数，可写 5093.5 或 "5,093.50"；未填写的金额为 null。
# 文字直接写在冒号后；长段落可用 “>-” 折行写法；单元格内需要换行时用 “|-” 写法，每行一段。
# 填完后运行 jixiao check 本文件 查看尚未填写或有误的字段，再运行 jixiao render 生成 PDF 和 Word。

# 写入文件属性的日期（固定，保证同样的输入得到同样的文件）
documentDate: '${year - 1}-12-31'

department:
  name: ${dept}          # 部门全称
  selfReference: ''      # 部门自称，如 我办、我局，用于固定句式“我办全年预算数……”

# ───────────── 附件1 部门整体预算绩效目标申报表 ─────────────
declaration:
  year: ${year}          # 预算年度
  budget:                # 预算整体情况（万元）；基本支出+项目支出 = 财政拨款+其他资金 = 市本级+对下转移
    basic: null          # 基本支出
    project: null        # 项目支出（= 各重点工作任务拟投入资金之和）
    fiscal: null         # 收入来源：财政拨款
    other: null          # 收入来源：其他资金
    specialFunds: null   # 事业发展性支出：财政专项资金
    otherDevelopment: null  # 事业发展性支出：其他事业发展性支出
    cityLevel: null      # 按预算级次划分：市本级使用资金
    transfer: null       # 按预算级次划分：拟用于对下转移支付资金
  goal: ''               # 总体绩效目标（一段文字）
  tasks:                 # 年度重点工作任务，每项一条，可增删
    - name: ''           # 名称
      content: ''        # 主要实施内容
      amount: null       # 拟投入的资金（万元）
      target: ''         # 期望达到的目标（概述）
  otherTasks: ''         # 其他需完成的任务（可选填，可留空）
  indicators:            # 绩效指标：一级 → 二级 → 三级，二级须属于国家指标框架
    - level1: 产出指标
      groups:
        - level2: 数量指标   # 也可为 质量指标、时效指标、成本指标
          items:
            - name: ''         # 三级指标
              periodValue: ''  # 实施周期指标值
              annualValue: ''  # 年度指标值
    - level1: 效益指标
      groups:
        - level2: 社会效益指标  # 也可为 经济效益指标、生态效益指标、可持续影响指标
          items:
            - name: ''
              periodValue: ''
              annualValue: ''
    - level1: 满意度指标
      groups:
        - level2: 服务对象满意度指标
          items:
            - name: ''
              periodValue: ''
              annualValue: ''

# ───────────── 附件2 部门整体支出绩效自评报告 ─────────────
# 段落列表：每段一个条目（以 “- ” 开头）。含数字的固定句式由模板生成，不要在此重复填写数字。
report:
  year: ${year - 2}      # 自评年度
  # title: |-            # 标题（可选）：默认“年度+部门名称+部门整体支出绩效自评报告”，自动均衡分两行；
  #   第一行             #   要指定分行位置时去掉 # 并写成两行
  #   第二行
  overview:              # 一、（一）部门概况
    - ''
  work:                  # （二）年度工作和重点工作任务
    - ''
  finance:               # （三）部门整体收支情况
    goal:                # 部门整体支出绩效目标及具体工作任务
      - ''
    budget: null         # 全年预算数（万元）
    executed: null       # 执行数（万元）；“完成预算的 x%”由此计算
  performanceManagement: # （四）部门整体绩效管理情况
    - ''
  score: null            # 二、（一）自评得分，如 97.96
  effectiveness:         # （二）履职效能分析
    intro:               # 引言段落
      - ''
    items:               # 分项：小标题 + 正文，编号 1. 2. … 自动生成
      - title: ''
        paragraphs:
          - ''
  efficiency:            # （三）管理效率分析
    budgeting:           # 1.预算编制情况
      - ''
    execution:           # 2.预算执行情况
      lead: ''           # 首段开头，其后自动接“${year - 2}年，…全年预算数…，本年支出数…，支出进度为 x%。”
      spent: null        # 本年支出数（万元）
      paragraphs:        # 其后各段
        - ''
    performance:         # 3.绩效管理情况
      - ''
    procurement:         # 4.政府采购情况（合计与占比自动计算）
      intro:
        - ''
      goods: null        # 政府采购货物支出
      works: null        # 政府采购工程支出
      services: null     # 政府采购服务支出
      smeGoods: null     # 货物采购授予中小企业合同金额
      smeWorks: null     # 工程采购授予中小企业合同金额
      smeServices: null  # 服务采购授予中小企业合同金额
      smallMicro: null   # 授予小微企业合同金额
    assets:              # 5.资产管理情况
      - ''
  problems:              # 三、存在的主要问题
    - ''
  measures:              # 四、下一步改进措施
    - ''
`;
}
