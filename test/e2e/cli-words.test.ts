/**
 * Messages in words as a user meets them on the command line, each with its exit status: YAML
 * syntax errors described in Chinese, a misspelt key reported once, a sum rule not repeating a
 * refused value, init's header, and the help texts of the options render and batch share.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { jixiao } from '../helpers/cli.ts';
import { ROOT, SAMPLE_TEXT } from '../helpers/sample.ts';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'jixiao-words-'));

describe('check: messages in words', () => {
  it('a YAML syntax error: line and column, the mistake in Chinese, the parser\'s English after / (exit 2)', () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'p.yaml'), SAMPLE_TEXT.replace(/^( {4}basic: .*)$/m, '$1\n    tasks: [1, 2\n'));
    const r = jixiao(['check', 'p.yaml'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/p\.yaml:\d+:\d+ 文件格式错误：方括号 \[ 没有配对的 \]，或它后面的行缩进不够 \/ Flow sequence in block collection/);
  });
  it('a misspelt key: one error with the hint, no 缺少字段 for the key it names (exit 1)', () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'p.yaml'), SAMPLE_TEXT.replace(/^( {4})basic:/m, '$1basci:'));
    const r = jixiao(['check', 'p.yaml'], { cwd: dir });
    expect(r.code).toBe(1);
    const out = r.stdout + r.stderr;
    expect(out).toContain('未知字段：basci（是否应为 basic？）');
    expect(out).not.toContain('缺少字段');
    expect(out).not.toContain('missing field');
  });
  it('a negative 基本支出 in the Fujian table: one error, the sum rule resting on it is not repeated (exit 1)', () => {
    const dir = tmp();
    const text = fs.readFileSync(path.join(ROOT, 'fixtures/fujian.yaml'), 'utf8').replace(/^( {4}basic:) .*$/m, '$1 -110.30');
    fs.writeFileSync(path.join(dir, 'p.yaml'), text);
    const r = jixiao(['check', 'p.yaml'], { cwd: dir });
    expect(r.code).toBe(1);
    const out = r.stdout + r.stderr;
    expect(out).toContain('金额不能为负数，实际为 -110.30');
    expect(out).not.toContain('应等于');
    expect(out).not.toContain('expected to equal');
  });
});

describe('init and help texts', () => {
  it('init\'s header names the department without a stray space (exit 0)', () => {
    const dir = tmp();
    expect(jixiao(['init', '-o', 'p.yaml'], { cwd: dir }).code).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'p.yaml'), 'utf8')).toContain('\n# 本部门的输入文件，格式：');
    expect(jixiao(['init', '--department', '广州市测试局', '-o', 'q.yaml', '--force'], { cwd: dir }).code).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'q.yaml'), 'utf8')).toContain('\n# 广州市测试局的输入文件，格式：');
  });
  it.each([['render'], ['batch']])('%s --help: --format is the output file types, --templates a format folder (exit 0)', (cmd) => {
    const r = jixiao([cmd, '--help']);
    expect(r.code).toBe(0);
    const flat = r.stdout.replace(/\s+/g, ' ');
    expect(flat).toContain('输出文件类型 / output file types: pdf,docx');
    expect(flat).toContain('格式文件夹（jixiao new-format 复制得到）/ format folder (made by jixiao new-format)');
    expect(flat).not.toContain('自定义模板目录');
  });
});
