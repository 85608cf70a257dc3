/**
 * The workbench's file editing: typed values are written in place (the rest of the file byte for
 * byte), rows added, moved and removed carry their comments, the form's field tree has the
 * paper form's labels, and derived figures come out as printed.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { describe, expect, it } from 'vitest';
import { Session, diagnosticKey } from '../src/serve/session.ts';
import { formSpec, isFieldPath, type FieldSpec } from '../src/serve/form-spec.ts';
import { starterPacket } from '../src/model/init.ts';
import { SAMPLE_TEXT } from './helpers/sample.ts';

function open(text = SAMPLE_TEXT): { s: Session; file: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jixiao-session-'));
  const file = path.join(dir, 'dept.yaml');
  fs.writeFileSync(file, text);
  const spec = formSpec();
  return { s: new Session('dept.yaml', file, () => undefined, (p) => isFieldPath(spec, p)), file };
}

/** Lines of b that are not in a, and of a not in b (a line diff good enough for one-line edits). */
function changedLines(a: string, b: string): { removed: string[]; added: string[] } {
  const la = a.split('\n');
  const lb = b.split('\n');
  return { removed: la.filter((l) => !lb.includes(l)), added: lb.filter((l) => !la.includes(l)) };
}

describe('editing a packet file', () => {
  it('writes a typed amount in place and leaves every other byte as it was', () => {
    const { s, file } = open();
    const st = s.edit([{ op: 'set', path: ['declaration', 'budget', 'basic'], value: '5,193.50' }]);
    const text = fs.readFileSync(file, 'utf8');
    expect(changedLines(SAMPLE_TEXT, text)).toEqual({ removed: ["    basic: '5,093.50'"], added: ["    basic: '5,193.50'"] });
    expect(text.length).toBe(SAMPLE_TEXT.length);
    expect(st.derived['declaration.spendingTotal']).toBe('8,119.04');
    expect(st.diagnostics.filter((d) => d.code === 'budget.totals').map((d) => d.key)).toEqual(['declaration.budget.fiscal', 'declaration.budget.cityLevel']);
  });

  it('quotes text that YAML would misread, inside a flow row too', () => {
    const { s, file } = open();
    s.edit([{ op: 'set', path: ['declaration', 'indicators', 0, 'groups', 0, 'items', 2, 'annualValue'], value: '大于等于, 110个: {x} # y' }]);
    const data = YAML.parse(fs.readFileSync(file, 'utf8'));
    expect(data.declaration.indicators[0].groups[0].items[2].annualValue).toBe('大于等于, 110个: {x} # y');
  });

  it('adds, moves and removes rows with their comments', () => {
    const { s, file } = open();
    s.edit([{ op: 'move', path: ['declaration', 'tasks'], from: 4, to: 0 }]);
    let text = fs.readFileSync(file, 'utf8');
    // The moved task keeps the comment written inside it, now at the top of the list.
    const first = text.indexOf('- name: 涉外服务水平持续提升');
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThan(text.indexOf('- name: 推进国际多边合作'));
    expect(text.indexOf('# 单元格内换行')).toBeGreaterThan(first);
    s.edit([{ op: 'insert', path: ['declaration', 'indicators', 0, 'groups', 1, 'items'], index: 2, value: { name: '新指标', periodValue: '', annualValue: '' } }]);
    text = fs.readFileSync(file, 'utf8');
    expect(text).toContain("- { name: 新指标, periodValue: '', annualValue: '' }");
    const st = s.edit([{ op: 'remove', path: ['declaration', 'tasks'], index: 0 }]);
    text = fs.readFileSync(file, 'utf8');
    expect(text).not.toContain('涉外服务水平持续提升');
    expect(text).not.toContain('# 单元格内换行');
    expect(text).toContain('# yaml-language-server: $schema=./packet.schema.json');
    expect(st.diagnostics.find((d) => d.code === 'tasks.total')?.zh).toContain('应等于项目支出 2,925.54');
  });

  it('fills in a starter file and keeps its Chinese comments', () => {
    const { s, file } = open(starterPacket({ year: 2026, department: '广州市某某局' }));
    const before = s.state();
    expect(before.errors).toBeGreaterThan(20);
    s.edit([{ op: 'set', path: ['declaration', 'budget', 'basic'], value: 100 }]);
    const text = fs.readFileSync(file, 'utf8');
    // The value is written in place, its comment after it (the format's starter: one space before `#`).
    expect(text).toContain('    basic: 100  # 基本支出');
    expect(s.state().errors).toBe(before.errors - 1);
  });

  it('keeps the starter\'s aligned comments through a batch of typed values and a new row', () => {
    const { s, file } = open(starterPacket({ year: 2026, department: '广州市某某局' }));
    s.edit([
      { op: 'set', path: ['declaration', 'tasks', 0, 'name'], value: '智慧政务平台运维' },
      { op: 'insert', path: ['declaration', 'tasks'], index: 1, value: { name: '', content: '', amount: null, target: '' } },
      { op: 'set', path: ['declaration', 'tasks', 1, 'amount'], value: '300' },
      { op: 'set', path: ['department', 'selfReference'], value: '我局' },
    ]);
    const text = fs.readFileSync(file, 'utf8');
    // The format's starter quotes empty texts with "": typed text keeps that quoting and its comment.
    expect(text).toContain('  selfReference: "我局" # 部门自称');
    expect(text).toContain('    - name: "智慧政务平台运维" # 名称');
    expect(text).toContain('  # 预算整体情况：单位万元；基本支出+项目支出 = 财政拨款+其他资金');
    // Text where a null stood is single-quoted, as its row's other texts are.
    expect(text).toContain("    - name: ''\n      content: ''\n      amount: '300'\n      target: ''\n  otherTasks: \"\" # 其他需完成的任务");
    expect(YAML.parse(text).declaration.tasks[1].amount).toBe('300');
  });

  it('adds an optional field when typed and takes it out when emptied', () => {
    const { s, file } = open();
    s.edit([{ op: 'set', path: ['report', 'title'], value: '标题一' }]);
    expect(YAML.parse(fs.readFileSync(file, 'utf8')).report.title).toBe('标题一');
    const st = s.edit([{ op: 'unset', path: ['report', 'title'] }]);
    expect(YAML.parse(fs.readFileSync(file, 'utf8')).report).not.toHaveProperty('title');
    expect(st.errors).toBe(0);
  });

  it('makes the maps of a part the file does not have yet, never list rows', () => {
    const { s, file } = open('department:\n  name: 甲局\n  selfReference: 我局\n');
    s.edit([{ op: 'set', path: ['declaration', 'budget', 'basic'], value: 10 }]);
    expect(YAML.parse(fs.readFileSync(file, 'utf8')).declaration).toEqual({ budget: { basic: 10 } });
    expect(() => s.edit([{ op: 'set', path: ['declaration', 'tasks', 0, 'name'], value: 'x' }])).toThrow(/上级不存在/);
    expect(() => s.edit([{ op: 'set', path: ['declaration', 'budgte', 'basic'], value: 1 }])).toThrow(/不是表单中的字段/);
    expect(() => s.edit([{ op: 'set', path: ['department', 'evil'], value: 1 }])).toThrow(/不是表单中的字段/);
  });

  it('refuses an edit and writes nothing when the file changed on disk', () => {
    const { s, file } = open();
    fs.writeFileSync(file, SAMPLE_TEXT.replace('我办', '我局'));
    expect(() => s.edit([{ op: 'set', path: ['department', 'name'], value: 'x' }])).toThrow(/已在别处被修改/);
    expect(fs.readFileSync(file, 'utf8')).toContain('selfReference: 我局');
  });

  it('reports a file that is not YAML instead of a form', () => {
    const { s } = open('department: [unclosed\n');
    const st = s.state();
    expect(st.syntax?.zh).toContain('文件格式错误');
    expect(st.data).toBeUndefined();
  });

  it('names diagnostics by dotted keys', () => {
    expect(diagnosticKey('declaration.tasks[2].amount')).toBe('declaration.tasks.2.amount');
    expect(diagnosticKey('declaration.tasks.2.amount')).toBe('declaration.tasks.2.amount');
  });
});

describe('the form generated from the schema', () => {
  const find = (spec: FieldSpec, ...keys: string[]): FieldSpec => keys.reduce((s, k) => (k === '[]' ? s.item! : s.fields!.find((f) => f.key === k)!), spec);

  it('labels fields as the paper form does, with their kinds', () => {
    const spec = formSpec();
    expect(find(spec, 'declaration', 'budget', 'basic')).toMatchObject({ label: '基本支出', kind: 'amount' });
    expect(find(spec, 'declaration', 'budget', 'fiscal')).toMatchObject({ label: '财政拨款', kind: 'amount' });
    expect(find(spec, 'declaration', 'tasks')).toMatchObject({ label: '年度重点工作任务', kind: 'list' });
    expect(find(spec, 'declaration', 'tasks', '[]', 'target').label).toBe('期望达到的目标（概述）');
    expect(find(spec, 'declaration', 'indicators', '[]', 'level1').label).toBe('一级指标');
    expect(find(spec, 'declaration', 'indicators', '[]', 'groups', '[]', 'items')).toMatchObject({ label: '三级指标', kind: 'list' });
    // The format's label (its title); the number （一） is the outline's, shown by the report's headings.
    expect(find(spec, 'report', 'overview')).toMatchObject({ label: '部门概况', kind: 'paragraphs' });
    expect(find(spec, 'report', 'score').kind).toBe('score');
    expect(find(spec, 'declaration', 'otherTasks').optional).toBe(true);
    expect(find(spec, 'declaration', 'indicators', '[]', 'level1').choices).toEqual(['产出指标', '效益指标', '满意度指标', '成本指标']);
    expect(find(spec, 'declaration', 'indicators', '[]', 'groups', '[]', 'level2').choices).toContain('社会效益指标');
  });

  it('prefers a title and a declared kind when the schema has them (the formats contract)', () => {
    const spec = formSpec({
      type: 'object',
      properties: { code: { type: 'string', title: '部门预算编码', description: '预算系统中的编码', 'x-jixiao': { kind: 'cell', optional: true } } },
    });
    expect(spec.fields![0]).toMatchObject({ key: 'code', label: '部门预算编码', help: '预算系统中的编码', kind: 'cell', optional: true });
  });
});
