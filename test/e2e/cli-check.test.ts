import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { jixiao } from '../helpers/cli.ts';
import { parsePacket } from '../../src/model/parse.ts';
import { checkPacket } from '../../src/check/index.ts';
import { packetJsonSchema } from '../../src/model/json-schema.ts';
import { ROOT, sampleData } from '../helpers/sample.ts';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'jixiao-'));

describe('jixiao check', () => {
  it('the sample: exit 0, one warning, summary line', () => {
    const r = jixiao(['check', 'fixtures/sample.yaml']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('警告 warning 本年支出数（report.efficiency.execution.spent）');
    expect(r.stdout).toContain('0 个错误，1 个警告 / 0 error(s), 1 warning(s)');
  });
  it('errors: exit 1, each names path and line; --json is machine-readable', () => {
    const dir = tmp();
    const d = sampleData();
    d.declaration.budget.basic = -1;
    const file = path.join(dir, 'p.json');
    fs.writeFileSync(file, JSON.stringify(d, null, 1));
    const r = jixiao(['check', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/p\.json:\d+:\d+: 错误 error 基本支出（declaration\.budget\.basic）\n {2}金额不能为负数，实际为 -1\.00/);
    expect(r.stdout).not.toMatch(/at .*\.ts:\d+/); // no stack trace
    const j = jixiao(['check', file, '--json']);
    expect(j.code).toBe(1);
    const out = JSON.parse(j.stdout);
    expect(out.ok).toBe(false);
    expect(out.diagnostics.map((x: { code: string; path: string }) => `${x.code} ${x.path}`)).toContain('amount.negative declaration.budget.basic');
    expect(out.diagnostics.find((x: { code: string }) => x.code === 'amount.negative')).toMatchObject({ label: '基本支出', path: 'declaration.budget.basic' });
  });
  it('unparseable file: exit 2 with line and column, no stack trace', () => {
    const dir = tmp();
    const file = path.join(dir, 'bad.yaml');
    fs.writeFileSync(file, 'department:\n  name: "unterminated\n');
    const r = jixiao(['check', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.yaml:\d+:\d+ 文件格式错误/);
    expect(r.stderr).toContain('cannot parse');
    expect(r.stderr).not.toContain('    at ');
  });
  it('--json on an unparseable file still prints JSON (exit 2)', () => {
    const dir = tmp();
    const file = path.join(dir, 'bad.yaml');
    fs.writeFileSync(file, 'a: [\n');
    const r = jixiao(['check', file, '--json']);
    expect(r.code).toBe(2);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ ok: false, errors: 1 });
    expect(out.diagnostics[0]).toMatchObject({ code: 'input.syntax', line: 2, column: 1 });
  });
  it('missing file: exit 2', () => {
    const r = jixiao(['check', 'no/such/file.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('无法读取文件 no/such/file.yaml：不存在\ncannot read file no/such/file.yaml: does not exist (ENOENT)');
  });
  it('unknown command: exit 3 (usage), in Chinese first', () => {
    const r = jixiao(['chek']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('错误 error: 没有 chek 这个命令');
  });
});

describe('jixiao init', () => {
  it('writes a starter that parses; check lists exactly the fields still to fill', () => {
    const dir = tmp();
    const r = jixiao(['init', '--year', '2026', '--department', '广州市测试局', '-o', 'p.yaml'], { cwd: dir });
    expect(r.code).toBe(0);
    const text = fs.readFileSync(path.join(dir, 'p.yaml'), 'utf8');
    expect(text).toContain('# 基本支出');
    expect(fs.existsSync(path.join(dir, 'packet.schema.json'))).toBe(true);
    const parsed = parsePacket(text);
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.packet!.declaration.year).toBe(2026);
    expect(parsed.packet!.department.name).toBe('广州市测试局');
    const ds = checkPacket(parsed.packet!).diagnostics;
    // Every finding is "not filled in", and every empty leaf is listed exactly once.
    expect(new Set(ds.map((d) => d.code))).toEqual(new Set(['text.empty', 'amount.missing']));
    const empty: string[] = [];
    const walk = (v: unknown, p: string) => {
      if (v === null || v === '') return void empty.push(p);
      if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${p}[${i}]`));
      else if (typeof v === 'object') for (const [k, x] of Object.entries(v as object)) walk(x, p ? `${p}.${k}` : k);
    };
    walk(YAML.parse(text), '');
    expect(ds.map((d) => d.path).sort()).toEqual(empty.filter((p) => p !== 'declaration.otherTasks').sort());
    expect(ds.map((d) => d.path)).toContain('declaration.budget.basic');
    expect(ds.map((d) => d.path)).toContain('report.efficiency.procurement.smallMicro');
    // The same file is refused as a render input while these are open.
    expect(jixiao(['check', 'p.yaml'], { cwd: dir }).code).toBe(1);
  });
  it('refuses to overwrite without --force', () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'packet.yaml'), 'x');
    const r = jixiao(['init'], { cwd: dir });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('--force');
    expect(fs.readFileSync(path.join(dir, 'packet.yaml'), 'utf8')).toBe('x');
  });
});

describe('JSON Schema', () => {
  it('the committed fixtures/packet.schema.json is the generated one', () => {
    const committed = JSON.parse(fs.readFileSync(path.join(ROOT, 'fixtures/packet.schema.json'), 'utf8'));
    expect(committed).toEqual(packetJsonSchema());
  });
  it('the sample refers to it, and it describes amounts as numbers or grouped strings', () => {
    expect(fs.readFileSync(path.join(ROOT, 'fixtures/sample.yaml'), 'utf8')).toMatch(/^# yaml-language-server: \$schema=\.\/packet\.schema\.json/);
    const s = packetJsonSchema() as any;
    const basic = s.properties.declaration.properties.budget.properties.basic;
    expect(basic.anyOf.map((x: { type: string }) => x.type)).toEqual(['number', 'string', 'null']);
    expect(new RegExp(basic.anyOf[1].pattern).test('5,093.50')).toBe(true);
    expect(new RegExp(basic.anyOf[1].pattern).test('5,093.505')).toBe(false);
    expect(s.properties.declaration.additionalProperties).toBe(false);
    // Every amount, the score included, is described as what people may type.
    expect(s.properties.report.properties.score.anyOf.map((x: { type: string }) => x.type)).toEqual(['number', 'string', 'null']);
    expect(s.properties.report.properties.score.title).toBe('自评得分');
    expect(s.properties.report.properties.score['x-jixiao']).toEqual({ kind: 'score' });
    expect(basic).toMatchObject({ title: '基本支出', 'x-jixiao': { kind: 'amount' } });
    expect(s.properties.declaration['x-jixiao']).toEqual({ kind: 'object', optional: true, document: 'attachment1' });
  });
});

describe('library entry point', () => {
  it('exports parsePacket and checkPacket with the CLI behaviour', async () => {
    const lib = await import('../../src/index.ts');
    const r = lib.readPacketFile(path.join(ROOT, 'fixtures/sample.yaml'));
    const c = lib.checkPacket(r.packet!, r.locate);
    expect(c.errors).toBe(0);
    expect(c.warnings).toBe(1);
  });
});
