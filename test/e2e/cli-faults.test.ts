/**
 * The CLI's faults, each in a child process as a user meets it: impossible and read-only --out,
 * a packet written all or nothing, usage errors in Chinese first, distinct exit statuses, errno
 * codes in words, init treating its two files alike, batch showing warnings.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { jixiao } from '../helpers/cli.ts';
import { SAMPLE_FILE, sampleData } from '../helpers/sample.ts';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'jixiao-fault-'));
const A1_PDF = '附件1-中共广州市委外事工作委员会办公室2025年度部门整体预算绩效目标申报表.pdf';
const A2_PDF = '附件2-中共广州市委外事工作委员会办公室2023年度部门整体支出绩效自评报告.pdf';
const A2_DOCX = '附件2-中共广州市委外事工作委员会办公室2023年度部门整体支出绩效自评报告.docx';
/** Messages are Chinese first, then English: the first line has CJK, a later one is ASCII prose. */
const zhThenEn = (s: string) => {
  const lines = s.trim().split('\n');
  return /[\u4e00-\u9fff]/.test(lines[0]!) && lines.slice(1).some((l) => /^[\x20-\x7e]+$/.test(l) && /[a-z]{3}/.test(l));
};

describe('render --out', () => {
  it.runIf(fs.existsSync('/proc/self'))('/proc/x fails at once (exit 4), named in words, instead of spinning', () => {
    const r = jixiao(['render', SAMPLE_FILE, '--out', '/proc/x']);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('错误 error: 无法创建文件夹 /proc/x：最近的已有文件夹 /proc 不允许在其中新建文件夹\n');
    expect(r.stderr).toContain('cannot create the folder /proc/x: the nearest existing folder /proc does not allow new folders (ENOENT)');
    expect(r.stderr).not.toContain('不存在');
    expect(r.stdout).toBe('');
  });
  it('a folder that cannot be written is reported before rendering (the broken --templates is never reached)', () => {
    const root = process.getuid?.() === 0;
    // Root writes through file modes, so as root use /sys, where even root cannot create files (Linux).
    const dir = root ? '/sys' : tmp();
    if (!root) fs.chmodSync(dir, 0o555);
    const r = jixiao(['render', SAMPLE_FILE, '--out', dir, '--templates', path.join(tmp(), 'no-such-templates')]);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain(`无法在输出文件夹 ${dir} 中写入文件：`);
    expect(r.stderr).toMatch(/没有权限|操作不被允许|只读/);
    expect(r.stderr).not.toContain('模板');
    expect(zhThenEn(r.stderr.split('错误 error: ')[1]!)).toBe(true);
  });
  it('writes the packet all or nothing: 附件2 blocked by a folder leaves no 附件1 behind (exit 4)', () => {
    const out = tmp();
    fs.mkdirSync(path.join(out, A2_PDF)); // a folder where 附件2's PDF must go
    fs.writeFileSync(path.join(out, 'keep.txt'), 'mine');
    const r = jixiao(['render', SAMPLE_FILE, '--out', out]);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain(`无法写入 ${path.join(out, A2_PDF)}：是一个文件夹，不是文件`);
    expect(r.stderr).toContain('is a folder, not a file (EISDIR)');
    expect(fs.readdirSync(out).sort()).toEqual(['keep.txt', A2_PDF]);
    expect(fs.statSync(path.join(out, A2_PDF)).isDirectory()).toBe(true);
  });
  it('the packet replaces an earlier one as a whole', () => {
    const out = tmp();
    fs.writeFileSync(path.join(out, A2_DOCX), 'old');
    const r = jixiao(['render', SAMPLE_FILE, '--out', out]);
    expect(r.code).toBe(0);
    expect(fs.readdirSync(out)).toHaveLength(4);
    expect(fs.readFileSync(path.join(out, A2_DOCX)).subarray(0, 2).toString()).toBe('PK');
    expect(fs.readdirSync(out).includes(A1_PDF)).toBe(true);
  });
});

describe('usage errors: Chinese first, exit 3, distinct from unreadable input (2) and data errors (1)', () => {
  it('missing argument', () => {
    const r = jixiao(['render']);
    expect(r.code).toBe(3);
    expect(r.stderr).toBe("错误 error: 缺少参数 <file>\nmissing required argument 'file'\n用法见 / see: jixiao --help\n");
  });
  it('unknown option', () => {
    const r = jixiao(['check', SAMPLE_FILE, '--jsn']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('错误 error: 没有 --jsn 这个选项（是否要输入 --json？）\n');
    expect(r.stderr).toContain("unknown option '--jsn' (Did you mean --json?)");
  });
  it('unknown command', () => {
    const r = jixiao(['rendr', SAMPLE_FILE]);
    expect(r.code).toBe(3);
    expect(r.stderr.split('\n')[0]).toMatch(/^错误 error: 没有 rendr 这个命令/);
    expect(r.stderr.split('\n')[1]).toBe("unknown command 'rendr' (Did you mean render?)");
  });
  it('an option missing its value, and a bad --format', () => {
    const a = jixiao(['render', SAMPLE_FILE, '--out']);
    expect(a.code).toBe(3);
    expect(a.stderr).toContain("错误 error: 选项 -o, --out <dir> 缺少取值\noption '-o, --out <dir>' argument missing");
    const b = jixiao(['render', SAMPLE_FILE, '--format', 'odt']);
    expect(b.code).toBe(3);
    expect(zhThenEn(b.stderr)).toBe(true);
  });
  it('statuses: 2 for a folder given as input (in words, not EISDIR alone), 1 for bad data', () => {
    const dir = tmp();
    const r = jixiao(['check', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`错误 error: 无法读取文件 ${dir}：是一个文件夹，不是文件\ncannot read file ${dir}: is a folder, not a file (EISDIR)`);
    const d = sampleData();
    d.declaration.budget.basic = 'abc';
    const bad = path.join(dir, 'bad.json');
    fs.writeFileSync(bad, JSON.stringify(d));
    expect(jixiao(['check', bad]).code).toBe(1);
  });
  it('--help and --version exit 0 and name no heavy module', () => {
    const h = jixiao(['--help']);
    expect(h.code).toBe(0);
    expect(h.stdout).toContain('render [options] <file>');
    expect(h.stdout).not.toContain('npx');
    expect(jixiao(['--version']).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});

describe('init treats the YAML and packet.schema.json alike', () => {
  it('an existing packet.schema.json alone stops init: nothing written, exit 4; --force writes both', () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'packet.schema.json'), 'mine');
    const r = jixiao(['init', '-o', 'p.yaml'], { cwd: dir });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('packet.schema.json 已存在，未写入任何文件；如需覆盖请加 --force');
    expect(fs.readdirSync(dir)).toEqual(['packet.schema.json']);
    expect(fs.readFileSync(path.join(dir, 'packet.schema.json'), 'utf8')).toBe('mine');
    const f = jixiao(['init', '-o', 'p.yaml', '--force'], { cwd: dir });
    expect(f.code).toBe(0);
    expect(fs.readdirSync(dir).sort()).toEqual(['p.yaml', 'packet.schema.json']);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'packet.schema.json'), 'utf8')).type).toBe('object');
  });
  it('both existing: both named', () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'packet.yaml'), 'x');
    fs.writeFileSync(path.join(dir, 'packet.schema.json'), 'y');
    const r = jixiao(['init'], { cwd: dir });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('packet.yaml、packet.schema.json 已存在');
  });
});

describe('batch shows warnings', () => {
  it('the terminal gets each packet’s warning count and first lines; --json keeps them all', () => {
    const dir = tmp();
    fs.copyFileSync(SAMPLE_FILE, path.join(dir, 'a.yaml'));
    const r = jixiao(['batch', 'a.yaml', '--out', 'out', '--format', 'pdf', '--threads', '1'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('⚠ a.yaml: 1 个警告 / 1 warning(s)');
    expect(r.stderr).toMatch(/a\.yaml:\d+:\d+ report\.efficiency\.execution\.spent\n {4}\S/);
    const j = jixiao(['batch', 'a.yaml', '--out', 'out2', '--format', 'pdf', '--threads', '1', '--json'], { cwd: dir });
    expect(j.code).toBe(0);
    const line = JSON.parse(j.stdout.trim().split('\n')[0]!);
    expect(line.warnings).toBe(1);
    expect(line.warningDetails).toEqual([expect.objectContaining({ path: 'report.efficiency.execution.spent', line: expect.any(Number) })]);
    expect(j.stderr).not.toContain('⚠');
  });
});
