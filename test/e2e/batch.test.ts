/**
 * `jixiao batch`: failures reported per input, identical bytes run after run, hostile names kept
 * inside the output folder, skip/--force, interrupted runs, shards and the summary merge.
 * PDF only and a few packets, to keep the suite fast.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, SAMPLE_TEXT } from '../helpers/sample.ts';
import { jixiao, JIXIAO_FROM_SOURCES } from '../helpers/cli.ts';
import { generatedDepartmentName, variantPacketText } from '../helpers/generate.ts';
import { commitFolder, defaultThreads, folderKey, removeStaleTemps, runBatch, STALE_MS, thisOwner, TMP_DIR } from '../../src/batch/run.ts';
import { expandInputs, parseOnly, parseShard, shardOf } from '../../src/batch/inputs.ts';
import { carryPrevious, mergeSummaries, type BatchSummary, type PacketManifest, type PacketReport } from '../../src/batch/manifest.ts';
import { sha256 } from '../../src/batch/hash.ts';
import { ensureOutDir, makeDirs } from '../../src/batch/dirs.ts';
import { JixiaoError } from '../../src/errors.ts';
import { safeName as packetName } from '../../src/util/names.ts';

let base: string;
let inDir: string;

/** Every file under `dir`, relative, sorted. */
function walk(dir: string): string[] {
  const out: string[] = [];
  const rec = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) rec(p);
      else out.push(path.relative(dir, p).split(path.sep).join('/'));
    }
  };
  if (fs.existsSync(dir)) rec(dir);
  return out.sort();
}

/** Checks that a packet folder holds exactly what its manifest lists, with the listed hashes. */
function verifyFolder(folder: string): PacketManifest {
  const m = JSON.parse(fs.readFileSync(path.join(folder, 'manifest.json'), 'utf8')) as PacketManifest;
  for (const f of m.files) {
    const bytes = fs.readFileSync(path.join(folder, f.name));
    expect(bytes.length).toBe(f.size);
    expect(sha256(bytes)).toBe(f.sha256);
    if (f.format === 'pdf') expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
  }
  expect(fs.readdirSync(folder).sort()).toEqual([...m.files.map((f) => f.name), m.zip, 'manifest.json'].sort());
  return m;
}

function withName(name: string, i = 0): string {
  const doc = YAML.parseDocument(variantPacketText(SAMPLE_TEXT, i));
  doc.setIn(['department', 'name'], name);
  return doc.toString({ lineWidth: 0 });
}

const BROKEN_LINE = SAMPLE_TEXT.split('\n').findIndex((l) => l.includes("basic: '5,093.50'")) + 1;

beforeAll(() => {
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'jixiao-batch-'));
  inDir = path.join(base, 'in');
  fs.mkdirSync(path.join(inDir, 'sub'), { recursive: true });
  fs.writeFileSync(path.join(inDir, 'a.yaml'), variantPacketText(SAMPLE_TEXT, 1));
  fs.writeFileSync(path.join(inDir, 'sub', 'b.yml'), variantPacketText(SAMPLE_TEXT, 2));
  fs.writeFileSync(path.join(inDir, 'c.json'), JSON.stringify(YAML.parse(variantPacketText(SAMPLE_TEXT, 3))));
  // Broken: 基本支出 is not an amount.
  fs.writeFileSync(path.join(inDir, 'broken.yaml'), SAMPLE_TEXT.replace("basic: '5,093.50'", 'basic: 五千'));
  fs.writeFileSync(path.join(inDir, 'packet.schema.json'), '{}'); // written by `jixiao init`; not an input
  fs.writeFileSync(path.join(inDir, 'notes.txt'), 'not an input');
});

afterAll(() => {
  fs.rmSync(base, { recursive: true, force: true });
});

describe('inputs', () => {
  it('expands folders recursively, skips schema files and the output folder, sorts by relative path', () => {
    const out = path.join(inDir, 'out');
    fs.mkdirSync(out, { recursive: true });
    fs.writeFileSync(path.join(out, 'summary.json'), '{}');
    const { files, missing } = expandInputs([inDir, path.join(inDir, 'a.yaml'), 'nothing-*.yaml'], { cwd: base, exclude: out });
    expect(files.map((f) => f.rel)).toEqual(['in/a.yaml', 'in/broken.yaml', 'in/c.json', 'in/sub/b.yml']);
    // Names (for manifests) are relative to the argument that found the file, not to the working folder.
    expect(files.map((f) => f.name)).toEqual(['a.yaml', 'broken.yaml', 'c.json', 'sub/b.yml']);
    expect(missing).toEqual([{ arg: 'nothing-*.yaml' }]);
    const globbed = expandInputs(['in/**/*.y*ml'], { cwd: base });
    expect(globbed.files.map((f) => f.rel)).toEqual(['in/a.yaml', 'in/broken.yaml', 'in/sub/b.yml']);
    expect(globbed.files.map((f) => f.name)).toEqual(['a.yaml', 'broken.yaml', 'sub/b.yml']);
    const one = expandInputs(['in/sub/b.yml'], { cwd: base });
    expect(one.files.map((f) => `${f.rel} ${f.name}`)).toEqual(['in/sub/b.yml b.yml']);
    expect(expandInputs(['.'], { cwd: inDir, exclude: out }).files.map((f) => f.name)).toEqual(files.map((f) => f.name));
    fs.rmSync(out, { recursive: true });
  });

  it('--shard assigns each folder key to exactly one shard, by a stable hash of the key alone', () => {
    const keys = Array.from({ length: 300 }, (_, i) => folderKey(`2025/${generatedDepartmentName(i)}`));
    const parts = [0, 1, 2].map((i) => keys.filter((k) => shardOf(k, parseShard(`${i}/3`).count) === i));
    expect(parts.flat().sort()).toEqual([...keys].sort());
    expect(new Set(parts.flat()).size).toBe(keys.length);
    for (const p of parts) expect(p.length).toBeGreaterThan(60); // roughly even
    // The same key always lands in the same shard, whatever else is in the run.
    expect(keys.map((k) => shardOf(k, 3))).toEqual(keys.map((k) => shardOf(k, 3)));
    expect(shardOf('2025/财政局', 1)).toBe(0);
    // Documented formula: first 48 bits of SHA-256 of the key, mod n.
    expect(shardOf('2025/财政局', 7)).toBe(Number.parseInt(sha256('2025/财政局').slice(0, 12), 16) % 7);
    expect(() => parseShard('3/3')).toThrow(/--shard/);
    expect(() => parseShard('x')).toThrow(/--shard/);
  });

  it('a YAML syntax error is reported with its line', async () => {
    const { toPacketErrors } = await import('../../src/batch/job.ts');
    const { parsePacket } = await import('../../src/model/parse.ts');
    let err: unknown;
    try {
      parsePacket('department:\n  name: 财政局\n  bad: [1, 2\n', { file: 'x.yaml' });
    } catch (e) {
      err = e;
    }
    const [e] = toPacketErrors(err);
    expect(e).toMatchObject({ code: 'input.syntax' });
    expect(e!.line).toBeGreaterThanOrEqual(3);
  });

  it('--only takes a substring or a /regex/', () => {
    expect(parseOnly('越秀')('广州市越秀区教育局')).toBe(true);
    expect(parseOnly('越秀')('广州市海珠区教育局')).toBe(false);
    expect(parseOnly('/^广州市(海珠|荔湾)区/')('广州市荔湾区民政局')).toBe(true);
    expect(parseOnly('/^广州市(海珠|荔湾)区/')('广州市越秀区民政局')).toBe(false);
  });
});

describe('jixiao batch (CLI)', () => {
  let out1: string;
  let lines1: PacketReport[];
  let code1: number | null;

  beforeAll(() => {
    out1 = path.join(base, 'out1');
    const r = jixiao(['batch', 'in', '--out', 'out1', '--format', 'pdf', '--json'], { cwd: base });
    code1 = r.code;
    lines1 = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as PacketReport);
  });

  it('renders every good input and reports the broken one by file, field and line, then exits 1', () => {
    expect(code1).toBe(1);
    expect(lines1.map((l) => `${l.file} ${l.status}`).sort()).toEqual([
      'in/a.yaml ok',
      'in/broken.yaml failed',
      'in/c.json ok',
      'in/sub/b.yml ok',
    ]);
    const bad = lines1.find((l) => l.status === 'failed')!;
    expect(bad.errors![0]).toMatchObject({ path: 'declaration.budget.basic', line: BROKEN_LINE });
    expect(bad.errors![0]!.zh).toMatch(/[\u4e00-\u9fff]/);
    expect(bad.errors![0]!.en).toMatch(/[a-z]/);
    const summary = JSON.parse(fs.readFileSync(path.join(out1, 'summary.json'), 'utf8')) as BatchSummary;
    expect(summary.totals).toEqual({ packets: 4, ok: 3, failed: 1, skipped: 0 });
    expect(summary.packets.map((p) => p.file)).toEqual(['in/a.yaml', 'in/broken.yaml', 'in/c.json', 'in/sub/b.yml']);
    expect(summary.packets[1]!.errors![0]!.path).toBe('declaration.budget.basic');
  });

  it('writes DIR/<year>/<department>/ with the files, a manifest and a zip', () => {
    const names = [1, 2, 3].map(generatedDepartmentName);
    expect(fs.readdirSync(path.join(out1, '2025')).sort()).toEqual([...names].sort());
    for (const [i, name] of names.entries()) {
      const m = verifyFolder(path.join(out1, '2025', name));
      expect(m.department).toBe(name);
      expect(m.year).toBe(2025);
      expect(m.folder).toBe(`2025/${name}`);
      expect(m.formats).toEqual(['pdf']);
      expect(m.files.map((f) => f.document)).toEqual(['attachment1', 'attachment2']);
      expect(m.input.file).toBe(['a.yaml', 'sub/b.yml', 'c.json'][i]);
      expect(m.input.sha256).toBe(sha256(fs.readFileSync(path.join(inDir, m.input.file), 'utf8')));
      expect(m.templates.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(m.warnings.length).toBeGreaterThan(0); // the sample's 执行数 warning, with its line
      expect(m.warnings[0]!.line).toBeGreaterThan(0);
      const zip = fs.readFileSync(path.join(out1, '2025', name, m.zip));
      expect(zip.subarray(0, 4).toString('hex')).toBe('504b0304');
      for (const f of [...m.files.map((x) => x.name), 'manifest.json']) expect(zip.includes(Buffer.from(f))).toBe(true);
    }
    expect(walk(path.join(out1, TMP_DIR))).toEqual([]); // the shared temp folder stays, empty
  });

  it('gives identical manifests, files and zips on a second run', () => {
    const out2 = path.join(base, 'out2');
    const r = jixiao(['batch', 'in', '--out', 'out2', '--format', 'pdf', '--json'], { cwd: base });
    expect(r.code).toBe(1);
    const files = walk(out1);
    expect(walk(out2)).toEqual(files);
    expect(files.filter((f) => f.endsWith('manifest.json'))).toHaveLength(3);
    expect(files.filter((f) => f.endsWith('.zip'))).toHaveLength(3);
    for (const f of files) expect(fs.readFileSync(path.join(out2, f)).equals(fs.readFileSync(path.join(out1, f))), f).toBe(true);
  });

  it('skips unchanged packets on a re-run, re-renders a changed one, and --force renders all', () => {
    const folderA = path.join(out1, '2025', generatedDepartmentName(1));
    const before = fs.statSync(path.join(folderA, 'manifest.json')).ino;
    // Change one input: its packet must be rendered again.
    const cFile = path.join(inDir, 'c.json');
    const cData = JSON.parse(fs.readFileSync(cFile, 'utf8'));
    cData.declaration.goal += '（修订）';
    fs.writeFileSync(cFile, JSON.stringify(cData));
    const r = jixiao(['batch', 'in', '--out', 'out1', '--format', 'pdf', '--json'], { cwd: base });
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as PacketReport);
    const by = Object.fromEntries(lines.map((l) => [l.file, `${l.status}${l.reason ? ' ' + l.reason : ''}`]));
    expect(by).toEqual({ 'in/a.yaml': 'skipped unchanged', 'in/sub/b.yml': 'skipped unchanged', 'in/c.json': 'ok', 'in/broken.yaml': 'failed' });
    expect(fs.statSync(path.join(folderA, 'manifest.json')).ino).toBe(before);
    const mc = verifyFolder(path.join(out1, '2025', generatedDepartmentName(3)));
    expect(mc.input.sha256).toBe(sha256(fs.readFileSync(cFile, 'utf8')));
    // Another format set is not "unchanged".
    const f = jixiao(['batch', 'in/a.yaml', '--out', 'out1', '--format', 'pdf', '--force', '--json'], { cwd: base });
    expect(f.code).toBe(0);
    expect(JSON.parse(f.stdout.trim()).status).toBe('ok');
    expect(fs.statSync(path.join(folderA, 'manifest.json')).ino).not.toBe(before);
    verifyFolder(folderA);
  });
});

describe('batch in-process', () => {
  it('keeps hostile department names inside the output folder, readable, and fails a duplicate', async () => {
    const dir = path.join(base, 'hostile');
    const src = path.join(dir, 'in');
    fs.mkdirSync(src, { recursive: true });
    const names = ['../逃逸', 'a/b', '.', '..', '/etc/外事', 'C:\\财政局'];
    names.forEach((n, i) => fs.writeFileSync(path.join(src, `h${i}.yaml`), withName(n, i)));
    const reports: PacketReport[] = [];
    const outcome = await runBatch({ inputs: [src], out: path.join(dir, 'out'), formats: ['pdf'], cwd: dir, onPacket: (r) => reports.push(r) });
    expect(fs.readdirSync(dir).sort()).toEqual(['in', 'out']);
    const files = walk(path.join(dir, 'out'));
    for (const f of files) expect(f.startsWith('..') || path.isAbsolute(f)).toBe(false);
    const folders = fs.readdirSync(path.join(dir, 'out', '2025')).sort();
    expect(folders).toEqual(['..', '.', '../逃逸', 'a/b', '/etc/外事', 'C:\\财政局'].map((n) => packetName(n)).filter((n, i, a) => a.indexOf(n) === i).sort());
    // Separators become their full-width forms: readable, and never a path.
    expect(folders).toEqual(expect.arrayContaining(['a／b', '／etc／外事', 'C：＼财政局']));
    expect(folders.some((f) => f.includes('逃逸'))).toBe(true);
    expect(folders.some((f) => f.includes('外事'))).toBe(true);
    for (const f of folders) verifyFolder(path.join(dir, 'out', '2025', f));
    // '.' and '..' both become the same safe folder: the later input fails, nothing is overwritten.
    const dup = outcome.summary.packets.find((p) => p.status === 'failed')!;
    expect(dup.file).toBe('in/h3.yaml');
    expect(dup.errors![0]!.code).toBe('batch.duplicate');
    expect(dup.errors![0]!.zh).toContain('in/h2.yaml');
    expect(outcome.exitCode).toBe(1);
    const kept = JSON.parse(fs.readFileSync(path.join(dir, 'out', '2025', packetName('.'), 'manifest.json'), 'utf8')) as PacketManifest;
    expect(kept.input.file).toBe('h2.yaml');
  });

  it('keeps departments whose names differ only by / and _ apart, and names both inputs when two names still make one folder', async () => {
    const dir = path.join(base, 'collide');
    const src = path.join(dir, 'in');
    fs.mkdirSync(src, { recursive: true });
    fs.writeFileSync(path.join(src, 'x0.yaml'), withName('广州市/戊局', 0));
    fs.writeFileSync(path.join(src, 'x1.yaml'), withName('广州市_戊局', 1));
    fs.writeFileSync(path.join(src, 'x2.yaml'), withName('Abc局', 2));
    fs.writeFileSync(path.join(src, 'x3.yaml'), withName('ABC局', 3)); // another department, same folder on a case-insensitive disk
    fs.writeFileSync(path.join(src, 'x4.yaml'), withName('Abc局', 4)); // the same department again
    const o = await runBatch({ inputs: ['in'], out: 'out', formats: ['pdf'], cwd: dir, threads: 1 });
    expect(o.summary.packets.map((p) => `${p.file} ${p.status} ${p.folder ?? ''}`.trim())).toEqual([
      'in/x0.yaml ok 2025/广州市／戊局',
      'in/x1.yaml ok 2025/广州市_戊局',
      'in/x2.yaml ok 2025/Abc局',
      'in/x3.yaml failed 2025/ABC局',
      'in/x4.yaml failed 2025/Abc局',
    ]);
    expect(verifyFolder(path.join(dir, 'out', '2025', '广州市／戊局')).department).toBe('广州市/戊局');
    expect(verifyFolder(path.join(dir, 'out', '2025', '广州市_戊局')).department).toBe('广州市_戊局');
    const other = o.summary.packets[3]!.errors![0]!;
    expect(other.code).toBe('batch.duplicate');
    expect(other.zh).toBe('部门「ABC局」与 in/x2.yaml 的部门「Abc局」对应同一个输出文件夹 2025/Abc局（两个名称转换为文件夹名后相同）；本文件未生成（未覆盖），请修改其中一个部门名称');
    expect(other.en).toContain('department "ABC局" and department "Abc局" of in/x2.yaml map to the same output folder 2025/Abc局');
    const same = o.summary.packets[4]!.errors![0]!;
    expect(same.zh).toContain('部门「Abc局」2025 年度已由 in/x2.yaml 生成');
    expect(verifyFolder(path.join(dir, 'out', '2025', 'Abc局')).input.file).toBe('x2.yaml');
    // The zip and file names use the same readable forms.
    const m = verifyFolder(path.join(dir, 'out', '2025', '广州市／戊局'));
    expect(m.zip).toBe('广州市／戊局-2025.zip');
  });

  it('--only filters departments; shards partition the run and merged summaries add up', async () => {
    const dir = path.join(base, 'shards');
    const src = path.join(dir, 'in');
    fs.mkdirSync(src, { recursive: true });
    for (let i = 0; i < 5; i++) fs.writeFileSync(path.join(src, `s${i}.yaml`), variantPacketText(SAMPLE_TEXT, i * 11)); // same district, other bureaus
    fs.writeFileSync(path.join(src, 's5.yaml'), variantPacketText(SAMPLE_TEXT, 1)); // 海珠区
    const only = await runBatch({ inputs: ['in'], out: 'only', formats: ['pdf'], cwd: dir, only: parseOnly('海珠') });
    expect(only.summary.packets.map((p) => `${p.file} ${p.status} ${p.reason ?? ''}`.trim())).toEqual([
      'in/s0.yaml skipped filtered', 'in/s1.yaml skipped filtered', 'in/s2.yaml skipped filtered',
      'in/s3.yaml skipped filtered', 'in/s4.yaml skipped filtered', 'in/s5.yaml ok',
    ]);
    const parts: { file: string; summary: BatchSummary }[] = [];
    for (const i of [0, 1]) {
      const o = await runBatch({ inputs: ['in'], out: `shard${i}`, formats: ['pdf'], cwd: dir, shard: { index: i, count: 2 }, threads: 1 });
      expect(path.basename(o.summaryFile)).toBe(`summary.shard-${i}-of-2.json`);
      parts.push({ file: o.summaryFile, summary: JSON.parse(fs.readFileSync(o.summaryFile, 'utf8')) });
    }
    const files = parts.map((p) => p.summary.packets.map((x) => x.file));
    const depts = [0, 11, 22, 33, 44, 1].map(generatedDepartmentName);
    for (const i of [0, 1]) {
      expect(files[i]).toEqual(depts.map((d, j) => [`in/s${j}.yaml`, shardOf(folderKey(`2025/${d}`), 2)] as const).filter(([, s]) => s === i).map(([f]) => f));
    }
    // Merge through the CLI.
    const r = jixiao(['batch', '--out', 'merged', '--merge-summaries', ...parts.map((p) => p.file)], { cwd: dir });
    expect(r.code).toBe(0);
    const merged = JSON.parse(fs.readFileSync(path.join(dir, 'merged', 'summary.json'), 'utf8')) as BatchSummary;
    expect(merged.totals).toEqual({ packets: 6, ok: 6, failed: 0, skipped: 0 });
    expect(merged.packets.map((p) => p.file)).toEqual(['in/s0.yaml', 'in/s1.yaml', 'in/s2.yaml', 'in/s3.yaml', 'in/s4.yaml', 'in/s5.yaml']);
    expect(merged.shards).toEqual([{ index: 0, count: 2 }, { index: 1, count: 2 }]);
    // A missing shard is reported and an overlap refused.
    expect(mergeSummaries([parts[0]!]).notes.join()).toMatch(/1\/2/);
    expect(() => mergeSummaries([parts[0]!, parts[0]!])).toThrow(/more than one summary/);
  });

  it('merging fails the later of two inputs that claim the same folder in different shards', () => {
    const mk = (file: string, index: number): BatchSummary => ({
      jixiao: '0.1.0',
      shards: [{ index, count: 2 }],
      totals: { packets: 1, ok: 1, failed: 0, skipped: 0 },
      packets: [{ file, status: 'ok', department: '财政局', year: 2025, folder: '2025/财政局' }],
    });
    const { summary } = mergeSummaries([{ file: 'b', summary: mk('x/b.yaml', 1) }, { file: 'a', summary: mk('x/a.yaml', 0) }]);
    expect(summary.packets.map((p) => `${p.file} ${p.status}`)).toEqual(['x/a.yaml ok', 'x/b.yaml failed']);
    expect(summary.packets[1]!.errors![0]!.code).toBe('batch.duplicate');
    expect(summary.totals).toEqual({ packets: 2, ok: 1, failed: 1, skipped: 0 });
  });
});

describe('summaries of filtered runs, and folders orphaned by a rename', () => {
  const read = (f: string) => JSON.parse(fs.readFileSync(f, 'utf8')) as BatchSummary;

  it('--only keeps the full run’s record of the departments it leaves out', async () => {
    const dir = path.join(base, 'only-keep');
    fs.mkdirSync(path.join(dir, 'in'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'in', 'k0.yaml'), withName('广州市甲局', 0));
    fs.writeFileSync(path.join(dir, 'in', 'k1.yaml'), withName('广州市乙局', 1));
    fs.writeFileSync(path.join(dir, 'in', 'k2.yaml'), withName('广州市丙局', 2));
    const unbalanced = YAML.parseDocument(withName('广州市丁局', 3));
    unbalanced.setIn(['declaration', 'budget', 'basic'], '99999.00'); // parses, fails the check
    fs.writeFileSync(path.join(dir, 'in', 'k3.yaml'), unbalanced.toString());
    fs.writeFileSync(path.join(dir, 'in', 'k4.yaml'), 'department: [不是对象\n'); // does not parse: no filter can leave it out
    const full = await runBatch({ inputs: ['in'], out: 'out', formats: ['pdf'], cwd: dir, threads: 1 });
    expect(full.summary.totals).toEqual({ packets: 5, ok: 3, failed: 2, skipped: 0 });
    const before = read(full.summaryFile);
    // Re-render one department after fixing its input.
    fs.writeFileSync(path.join(dir, 'in', 'k0.yaml'), withName('广州市甲局', 5));
    const r = jixiao(['batch', 'in', '--out', 'out', '--format', 'pdf', '--only', '甲', '--threads', '1'], { cwd: dir });
    expect(r.code).toBe(1); // k4, looked at again; k3's failure is on record, not re-run
    expect(r.stderr).toContain('the summary keeps 3 entries of earlier runs');
    const after = read(path.join(dir, 'out', 'summary.json'));
    expect(after.only).toBe('甲');
    expect(after.packets.map((p) => `${p.file} ${p.status}${p.carried ? ' carried' : ''}`)).toEqual([
      'in/k0.yaml ok', 'in/k1.yaml ok carried', 'in/k2.yaml ok carried', 'in/k3.yaml failed carried', 'in/k4.yaml failed',
    ]);
    for (const i of [1, 2, 3]) expect(after.packets[i]).toEqual({ ...before.packets[i], carried: true });
    expect(after.packets[3]!.errors![0]!.path).toBe('declaration.budget.fiscal');
    expect(after.totals).toEqual({ packets: 5, ok: 3, failed: 2, skipped: 0 });
    // A second filtered run on top keeps the same record; in-process, the outcome tells this run from the summary.
    const again = await runBatch({ inputs: ['in'], out: 'out', formats: ['pdf'], cwd: dir, only: '丙', threads: 1 });
    expect(again.runTotals).toEqual({ packets: 5, ok: 0, failed: 1, skipped: 4 });
    expect(again.summary.packets.map((p) => [p.file, p.status, p.reason, p.carried && 'carried'].filter(Boolean).join(' '))).toEqual([
      'in/k0.yaml ok carried', 'in/k1.yaml ok carried', 'in/k2.yaml skipped unchanged', 'in/k3.yaml failed carried', 'in/k4.yaml failed',
    ]);
    // A full run writes the whole record afresh.
    const whole = await runBatch({ inputs: ['in'], out: 'out', formats: ['pdf'], cwd: dir, threads: 1 });
    expect(whole.summary.only).toBeUndefined();
    expect(whole.summary.packets.some((p) => p.carried)).toBe(false);
    expect(whole.summary.totals).toEqual({ packets: 5, ok: 0, failed: 2, skipped: 3 });
  });

  it('carryPrevious: left-out and interrupted inputs keep their entry; a filtered run keeps absent inputs unless their folder is taken', () => {
    const prev: PacketReport[] = [
      { file: 'a.yaml', status: 'ok', folder: '2025/甲' },
      { file: 'b.yaml', status: 'ok', folder: '2025/乙' },
      { file: 'gone.yaml', status: 'ok', folder: '2025/丙' },
      { file: 'moved.yaml', status: 'ok', folder: '2025/丁' },
    ];
    const run: PacketReport[] = [
      { file: 'a.yaml', status: 'skipped', reason: 'interrupted' },
      { file: 'b.yaml', status: 'skipped', reason: 'filtered', folder: '2025/乙' },
      { file: 'elsewhere/moved.yaml', status: 'ok', folder: '2025/丁' },
      { file: 'new.yaml', status: 'skipped', reason: 'filtered', folder: '2025/戊' },
    ];
    const show = (ps: PacketReport[]) => ps.map((p) => `${p.file} ${p.status}${p.carried ? ' carried' : ''}`);
    expect(show(carryPrevious(prev, run, true))).toEqual([
      'a.yaml ok carried', 'b.yaml ok carried', 'elsewhere/moved.yaml ok', 'gone.yaml ok carried', 'new.yaml skipped',
    ]);
    expect(show(carryPrevious(prev, run, false))).toEqual(['a.yaml ok carried', 'b.yaml ok carried', 'elsewhere/moved.yaml ok', 'new.yaml skipped']);
    expect(show(carryPrevious(undefined, run, true))).toEqual(show(run));
  });

  it('reports the folder a renamed department leaves behind, keeps it, and --prune deletes it', async () => {
    const dir = path.join(base, 'orphans');
    const src = path.join(dir, 'in');
    fs.mkdirSync(src, { recursive: true });
    fs.writeFileSync(path.join(src, 'r0.yaml'), withName('广州市乙局', 0));
    fs.writeFileSync(path.join(src, 'r1.yaml'), withName('广州市丙局', 1));
    fs.writeFileSync(path.join(src, 'r2.yaml'), withName('广州市丁局', 2));
    const first = await runBatch({ inputs: ['in'], out: 'out', formats: ['pdf'], cwd: dir, threads: 1 });
    expect(first.orphans).toEqual([]);
    expect(first.summary.orphans).toBeUndefined();
    const out = path.join(dir, 'out', '2025');
    // A folder made from an input of another run (its manifest names a file this run does not have) is not ours to judge.
    fs.cpSync(path.join(out, '广州市丁局'), path.join(out, '别处局'), { recursive: true });
    const m = JSON.parse(fs.readFileSync(path.join(out, '别处局', 'manifest.json'), 'utf8'));
    fs.writeFileSync(path.join(out, '别处局', 'manifest.json'), JSON.stringify({ ...m, input: { ...m.input, file: 'other/x.yaml' }, department: '别处局', folder: '2025/别处局' }));
    // r0's department is renamed; r2 stops parsing (where it goes now is unknown, so its folder is left alone).
    fs.writeFileSync(path.join(src, 'r0.yaml'), withName('广州市新乙局', 0));
    fs.writeFileSync(path.join(src, 'r2.yaml'), 'department: [不是对象\n');
    const r = jixiao(['batch', 'in', '--out', 'out', '--format', 'pdf', '--threads', '1'], { cwd: dir });
    expect(r.code).toBe(1); // r2
    expect(r.stderr).toContain('warning: 2025/广州市乙局');
    expect(r.stderr).toContain('--prune deletes it');
    const summary = read(path.join(dir, 'out', 'summary.json'));
    expect(summary.orphans).toEqual([{ folder: '2025/广州市乙局', input: 'r0.yaml', department: '广州市乙局', year: 2025 }]);
    expect(fs.readdirSync(out).sort()).toEqual(['别处局', '广州市丙局', '广州市丁局', '广州市乙局', '广州市新乙局'].sort());
    verifyFolder(path.join(out, '广州市乙局')); // reported, not touched
    // A filtered run keeps the finding while the folder is there; --prune is refused outside a full run.
    const filtered = await runBatch({ inputs: ['in'], out: 'out', formats: ['pdf'], cwd: dir, only: '丙', threads: 1 });
    expect(filtered.summary.orphans?.map((o) => o.folder)).toEqual(['2025/广州市乙局']);
    await expect(runBatch({ inputs: ['in'], out: 'out', cwd: dir, only: '丙', prune: true })).rejects.toThrow(/--prune needs a full run/);
    await expect(runBatch({ inputs: ['in'], out: 'out', cwd: dir, shard: { index: 0, count: 2 }, prune: true })).rejects.toThrow(/--prune/);
    expect(fs.existsSync(path.join(out, '广州市乙局'))).toBe(true);
    // --prune deletes it, and only it.
    const p = jixiao(['batch', 'in', '--out', 'out', '--format', 'pdf', '--threads', '1', '--prune'], { cwd: dir });
    expect(p.stderr).toContain('pruned: 2025/广州市乙局');
    expect(read(path.join(dir, 'out', 'summary.json')).orphans).toEqual([{ folder: '2025/广州市乙局', input: 'r0.yaml', department: '广州市乙局', year: 2025, pruned: true }]);
    expect(fs.readdirSync(out).sort()).toEqual(['别处局', '广州市丙局', '广州市丁局', '广州市新乙局'].sort());
    expect(walk(path.join(dir, 'out', TMP_DIR))).toEqual([]);
    const last = await runBatch({ inputs: ['in'], out: 'out', formats: ['pdf'], cwd: dir, threads: 1 });
    expect(last.summary.orphans).toBeUndefined();
  });
});

describe('interrupted runs', () => {
  it('removes a stale temp folder of a dead run and leaves complete packets', async () => {
    const dir = path.join(base, 'stale');
    fs.mkdirSync(path.join(dir, 'in'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'in', 'a.yaml'), variantPacketText(SAMPLE_TEXT, 5));
    // A crashed run of this host (pid that cannot exist) left a half-assembled packet.
    const stale = path.join(dir, 'out', TMP_DIR, 'crashed');
    fs.mkdirSync(stale, { recursive: true });
    fs.writeFileSync(path.join(stale, 'owner.json'), JSON.stringify({ ...thisOwner(), pid: 999999999 }));
    fs.writeFileSync(path.join(stale, 'half.pdf'), '%PDF-1.');
    const o = await runBatch({ inputs: ['in'], out: 'out', formats: ['pdf'], cwd: dir, threads: 1 });
    expect(o.exitCode).toBe(0);
    expect(fs.readdirSync(path.join(dir, 'out', TMP_DIR))).toEqual([]);
    expect(walk(path.join(dir, 'out')).filter((f) => f.includes('half'))).toEqual([]);
    verifyFolder(path.join(dir, 'out', '2025', generatedDepartmentName(5)));
  });

  it('SIGINT stops handing out work, exits 130 without half packets, and a re-run completes the set', async () => {
    const dir = path.join(base, 'sigint');
    const src = path.join(dir, 'in');
    fs.mkdirSync(src, { recursive: true });
    const n = 8;
    for (let i = 0; i < n; i++) fs.writeFileSync(path.join(src, `p${i}.yaml`), variantPacketText(SAMPLE_TEXT, 20 + i));
    const child = spawn(process.execPath, [...JIXIAO_FROM_SOURCES, 'batch', 'in', '--out', 'out', '--format', 'pdf', '--json', '--threads', '1'], { cwd: dir });
    let stdout = '';
    let sent = false;
    const code = await new Promise<number | null>((resolve) => {
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
        if (!sent && stdout.includes('\n')) {
          sent = true;
          child.kill('SIGINT');
        }
      });
      child.stderr.resume();
      child.on('close', (c) => resolve(c));
    });
    expect(sent).toBe(true);
    expect(code).toBe(130);
    expect(walk(path.join(dir, 'out', TMP_DIR))).toEqual([]);
    const summary = JSON.parse(fs.readFileSync(path.join(dir, 'out', 'summary.json'), 'utf8')) as BatchSummary;
    expect(summary.interrupted).toBe(true);
    expect(summary.packets.filter((p) => p.reason === 'interrupted').length).toBeGreaterThan(0);
    const done = fs.existsSync(path.join(dir, 'out', '2025')) ? fs.readdirSync(path.join(dir, 'out', '2025')) : [];
    expect(done.length).toBeLessThan(n);
    for (const f of done) verifyFolder(path.join(dir, 'out', '2025', f)); // every folder present is whole
    // Re-run: the rest is rendered, what was done is skipped.
    const again = await runBatch({ inputs: ['in'], out: 'out', formats: ['pdf'], cwd: dir });
    expect(again.exitCode).toBe(0);
    expect(again.summary.totals.skipped).toBe(done.length);
    expect(again.summary.totals.ok).toBe(n - done.length);
    const all = fs.readdirSync(path.join(dir, 'out', '2025')).sort();
    expect(all).toEqual(Array.from({ length: n }, (_, i) => generatedDepartmentName(20 + i)).sort());
    for (const f of all) verifyFolder(path.join(dir, 'out', '2025', f));
  });
});


describe('shared output folders, shards and reproducibility', () => {
  /** Runs the CLI without blocking the event loop (so two can run at once). */
  function jixiaoAsync(args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const child = spawn(process.execPath, [...JIXIAO_FROM_SOURCES, ...args], { cwd: opts.cwd, env: { ...process.env, ...opts.env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  }

  it('two shards running at once into one output folder both succeed, and leave another host’s temp folder alone', async () => {
    const dir = path.join(base, 'concurrent');
    fs.mkdirSync(path.join(dir, 'in'), { recursive: true });
    // Shard 0 gets one packet and finishes early, shard 1 gets the rest and is still rendering then.
    const picked: number[] = [];
    let zero = 0;
    for (let i = 100; picked.length < 6; i++) {
      const s = shardOf(folderKey(`2025/${generatedDepartmentName(i)}`), 2);
      if (s === 0 && zero === 1) continue;
      if (s === 0) zero++;
      picked.push(i);
    }
    picked.forEach((n, j) => fs.writeFileSync(path.join(dir, 'in', `c${j}.yaml`), variantPacketText(SAMPLE_TEXT, n)));
    // A run on another machine sharing this folder (its pid means nothing here) is assembling a packet.
    const foreign = path.join(dir, 'out', TMP_DIR, 'other-host-1-0000');
    fs.mkdirSync(foreign, { recursive: true });
    fs.writeFileSync(path.join(foreign, 'owner.json'), JSON.stringify({ host: 'other-host.invalid', pid: 999999999 }));
    fs.writeFileSync(path.join(foreign, 'half.pdf'), '%PDF-1.');
    const runs = await Promise.all([0, 1].map((i) => jixiaoAsync(['batch', 'in', '--out', 'out', '--format', 'pdf', '--json', '--threads', '1', '--shard', `${i}/2`], { cwd: dir })));
    for (const r of runs) expect(r.code, r.stdout + r.stderr).toBe(0);
    const lines = runs.flatMap((r) => r.stdout.trim().split('\n').map((l) => JSON.parse(l) as PacketReport));
    expect(lines.map((l) => l.status)).toEqual(Array(6).fill('ok'));
    expect(fs.readdirSync(path.join(dir, 'out', '2025')).sort()).toEqual(picked.map(generatedDepartmentName).sort());
    for (const f of fs.readdirSync(path.join(dir, 'out', '2025'))) verifyFolder(path.join(dir, 'out', '2025', f));
    expect(walk(path.join(dir, 'out', TMP_DIR))).toEqual(['other-host-1-0000/half.pdf', 'other-host-1-0000/owner.json']);
  });

  it('judges temp folders stale only by a dead pid of this host or a marker older than the limit', () => {
    const out = path.join(base, 'stale-rules');
    const root = path.join(out, TMP_DIR);
    const mk = (name: string, owner: object | undefined, ageMs = 0) => {
      fs.mkdirSync(path.join(root, name), { recursive: true });
      const f = owner ? path.join(root, name, 'owner.json') : path.join(root, name);
      if (owner) fs.writeFileSync(f, JSON.stringify(owner));
      const t = new Date(Date.now() - ageMs);
      fs.utimesSync(f, t, t);
    };
    mk('dead-here', { ...thisOwner(), pid: 999999999 });
    mk('alive-here', thisOwner());
    mk('other-host', { host: 'other-host.invalid', pid: 999999999 });
    mk('other-host-old', { host: 'other-host.invalid', pid: 1 }, STALE_MS + 60_000);
    mk('same-host-other-pid-namespace', { ...thisOwner(), pidns: 'pid:[1]', pid: 999999999 });
    mk('no-marker-new', undefined);
    mk('no-marker-old', undefined, STALE_MS + 60_000);
    expect(removeStaleTemps(out).sort()).toEqual(['dead-here', 'no-marker-old', 'other-host-old']);
    expect(fs.readdirSync(root).sort()).toEqual(['alive-here', 'no-marker-new', 'other-host', 'same-host-other-pid-namespace']);
  });

  it('two inputs for one department land in one shard, where the later one fails; the other shard never sees them', async () => {
    const dir = path.join(base, 'cross-dup');
    fs.mkdirSync(path.join(dir, 'in'), { recursive: true });
    // d0 and d1 are one department; with the old round robin by path they went to different shards.
    fs.writeFileSync(path.join(dir, 'in', 'd0.yaml'), withName('广州市财政局', 1));
    fs.writeFileSync(path.join(dir, 'in', 'd1.yaml'), withName('广州市财政局', 2));
    fs.writeFileSync(path.join(dir, 'in', 'd2.yaml'), 'department: [不是对象\n'); // does not parse: assigned by its name
    const parts = [];
    for (const i of [1, 0]) {
      const o = await runBatch({ inputs: ['in'], out: 'out', formats: ['pdf'], cwd: dir, shard: { index: i, count: 2 }, threads: 1 });
      parts.push({ file: o.summaryFile, summary: o.summary });
    }
    const owner = shardOf(folderKey('2025/广州市财政局'), 2);
    const holder = parts.find((p) => p.summary.shards![0]!.index === owner)!.summary;
    const dept = holder.packets.filter((p) => p.file !== 'in/d2.yaml');
    expect(dept.map((p) => `${p.file} ${p.status}`)).toEqual(['in/d0.yaml ok', 'in/d1.yaml failed']);
    expect(dept[1]!.errors![0]!.code).toBe('batch.duplicate');
    const other = parts.find((p) => p.summary.shards![0]!.index !== owner)!.summary;
    expect(other.packets.some((p) => p.file === 'in/d0.yaml' || p.file === 'in/d1.yaml')).toBe(false);
    // The unparsable input is in exactly one shard.
    expect(parts.filter((p) => p.summary.packets.some((x) => x.file === 'in/d2.yaml'))).toHaveLength(1);
    const m = verifyFolder(path.join(dir, 'out', '2025', '广州市财政局'));
    expect(m.input.file).toBe('d0.yaml');
    const { summary } = mergeSummaries(parts);
    expect(summary.packets.map((p) => `${p.file} ${p.status}`)).toEqual(['in/d0.yaml ok', 'in/d1.yaml failed', 'in/d2.yaml failed']);
  });

  it('commitFolder puts the old packet back when the new one cannot be moved in', () => {
    const dir = path.join(base, 'commit');
    const target = path.join(dir, 'out', '2025', '财政局');
    fs.mkdirSync(target, { recursive: true });
    fs.writeFileSync(path.join(target, 'manifest.json'), 'old');
    const trash = path.join(dir, 'trash');
    // The new folder is gone (a real rename failure: ENOENT after the old one was moved aside).
    expect(() => commitFolder(path.join(dir, 'missing-tmp'), target, trash)).toThrow(/ENOENT/);
    expect(fs.readFileSync(path.join(target, 'manifest.json'), 'utf8')).toBe('old');
    expect(fs.existsSync(trash)).toBe(false);
    // An injected failure of the second rename (e.g. EXDEV, EACCES).
    const tmp = path.join(dir, 'tmp');
    fs.mkdirSync(tmp);
    fs.writeFileSync(path.join(tmp, 'manifest.json'), 'new');
    let calls = 0;
    const rename = (a: string, b: string) => {
      if (++calls === 2) throw Object.assign(new Error('EACCES: injected'), { code: 'EACCES' });
      fs.renameSync(a, b);
    };
    expect(() => commitFolder(tmp, target, trash, rename)).toThrow(/injected/);
    expect(fs.readFileSync(path.join(target, 'manifest.json'), 'utf8')).toBe('old');
    // And a working rename replaces it whole.
    commitFolder(tmp, target, trash);
    expect(fs.readFileSync(path.join(target, 'manifest.json'), 'utf8')).toBe('new');
    expect(fs.existsSync(trash)).toBe(false);
    expect(fs.existsSync(tmp)).toBe(false);
  });

  it('gives identical manifests and zips whatever the working folder and time zone, and a re-run from elsewhere skips', async () => {
    const dir = path.join(base, 'cwd');
    fs.mkdirSync(path.join(dir, 'in', 'sub'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'in', 'x.yaml'), variantPacketText(SAMPLE_TEXT, 7));
    fs.writeFileSync(path.join(dir, 'in', 'sub', 'y.yaml'), variantPacketText(SAMPLE_TEXT, 8));
    const [a, b] = await Promise.all([
      jixiaoAsync(['batch', 'in', '--out', 'outA', '--format', 'pdf', '--threads', '1'], { cwd: dir, env: { TZ: 'UTC' } }),
      jixiaoAsync(['batch', '.', '--out', '../outB', '--format', 'pdf', '--threads', '1'], { cwd: path.join(dir, 'in'), env: { TZ: 'Asia/Shanghai' } }),
    ]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    const files = walk(path.join(dir, 'outA')).filter((f) => f !== 'summary.json');
    expect(walk(path.join(dir, 'outB')).filter((f) => f !== 'summary.json')).toEqual(files);
    expect(files.filter((f) => /manifest\.json$|\.zip$/.test(f))).toHaveLength(4);
    for (const f of files) expect(fs.readFileSync(path.join(dir, 'outB', f)).equals(fs.readFileSync(path.join(dir, 'outA', f))), f).toBe(true);
    // The same inputs named from another working folder (absolute path) are up to date.
    const again = await runBatch({ inputs: [path.join(dir, 'in')], out: path.join(dir, 'outA'), formats: ['pdf'], cwd: os.tmpdir(), threads: 1 });
    expect(again.summary.totals).toMatchObject({ ok: 0, skipped: 2, failed: 0 });
  });

  it('re-renders when a mapped font file is replaced, even though the font map is unchanged', async () => {
    const dir = path.join(base, 'fontfile');
    fs.mkdirSync(path.join(dir, 'in'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'fonts'));
    fs.copyFileSync(path.join(ROOT, 'fonts', 'FandolSong-Regular.otf'), path.join(dir, 'fonts', 'my.otf'));
    fs.writeFileSync(path.join(dir, 'fonts', 'map.json'), JSON.stringify({ roles: { songti: ['my.otf'] } }));
    fs.writeFileSync(path.join(dir, 'in', 'f.yaml'), variantPacketText(SAMPLE_TEXT, 9));
    const run = () => runBatch({ inputs: ['in'], out: 'out', formats: ['pdf'], cwd: dir, fontMap: 'fonts/map.json', threads: 1 });
    expect((await run()).summary.totals).toMatchObject({ ok: 1, skipped: 0 });
    expect((await run()).summary.totals).toMatchObject({ ok: 0, skipped: 1 });
    const before = verifyFolder(path.join(dir, 'out', '2025', generatedDepartmentName(9)));
    fs.copyFileSync(path.join(ROOT, 'fonts', 'FandolFang-Regular.otf'), path.join(dir, 'fonts', 'my.otf'));
    const third = await run();
    expect(third.summary.packets.map((p) => p.status)).toEqual(['ok']);
    const after = verifyFolder(path.join(dir, 'out', '2025', generatedDepartmentName(9)));
    expect(after.fonts.mapSha256).toBe(before.fonts.mapSha256);
    expect(after.fonts.facesSha256).not.toBe(before.fonts.facesSha256);
  });

  it('default threads: cores capped by the cgroup CPU quota and by memory at about 350 MB a worker', () => {
    const none = { cpuMax: undefined, memMax: undefined, memCurrent: undefined };
    expect(defaultThreads({ ...none, cores: 64, freeMem: 64e9 })).toBe(64);
    expect(defaultThreads({ ...none, cores: 64, freeMem: 64e9, cpuMax: '200000 100000\n' })).toBe(2);
    expect(defaultThreads({ ...none, cores: 64, freeMem: 64e9, cpuMax: '150000 100000\n' })).toBe(2);
    expect(defaultThreads({ ...none, cores: 64, freeMem: 64e9, cpuMax: 'max 100000\n' })).toBe(64);
    expect(defaultThreads({ ...none, cores: 64, freeMem: 1.1e9 })).toBe(3);
    expect(defaultThreads({ ...none, cores: 64, freeMem: 64e9, memMax: '1073741824\n', memCurrent: '0\n' })).toBe(3);
    expect(defaultThreads({ ...none, cores: 64, freeMem: 64e9, memMax: 'max\n' })).toBe(64);
    expect(defaultThreads({ ...none, cores: 8, freeMem: 1e6 })).toBe(1);
    expect(defaultThreads()).toBeGreaterThanOrEqual(1);
  });
});

describe('output folder guard', () => {
  /** The CLI in a child process; the kill is a safety net so a regression cannot hang the suite, not an assertion. */
  function guarded(args: string[], cwd: string) {
    const r = spawnSync(process.execPath, [...JIXIAO_FROM_SOURCES, ...args], { cwd, encoding: 'utf8', timeout: 120_000, killSignal: 'SIGKILL' });
    return { code: r.status, signal: r.signal, stderr: r.stderr };
  }

  it.skipIf(!fs.existsSync('/proc/self'))('--out /proc/nope fails at once with a bilingual error naming the path (Node’s recursive mkdir would spin)', () => {
    const r = guarded(['batch', path.join(inDir, 'a.yaml'), '--out', '/proc/nope/deeper', '--format', 'pdf'], base);
    expect(r.signal).toBeNull();
    expect(r.code).toBe(4); // output cannot be written
    expect(r.stderr).toContain('无法创建');
    expect(r.stderr).toContain('cannot create the folder /proc/nope');
    // An existing folder that refuses sub-folders (/proc): the temp folder inside it is refused the same way.
    const p = guarded(['batch', path.join(inDir, 'a.yaml'), '--out', '/proc', '--format', 'pdf'], base);
    expect(p.signal).toBeNull();
    expect(p.code).toBe(4);
    expect(p.stderr).toContain(`/proc/${TMP_DIR}`);
    // The summary merge writes into --out too.
    const part = path.join(base, 'guard-part.json');
    fs.writeFileSync(part, JSON.stringify({ jixiao: '0.1.0', totals: { packets: 0, ok: 0, failed: 0, skipped: 0 }, packets: [] }));
    const m = guarded(['batch', '--out', '/proc/nope', '--merge-summaries', part], base);
    expect(m.signal).toBeNull();
    expect(m.code).toBe(4);
    expect(m.stderr).toContain('/proc/nope');
  });

  it('refuses an output folder under a file or under a folder that is not writable, naming both paths', async () => {
    const dir = path.join(base, 'guard');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'file'), 'x');
    const under = path.join(dir, 'file', 'out');
    await expect(runBatch({ inputs: [inDir], out: under, formats: ['pdf'], cwd: dir })).rejects.toThrow(`${path.join(dir, 'file')} is not a folder`);
    let err: unknown;
    try {
      ensureOutDir(path.join(dir, 'ro', 'out'), {
        access: () => {
          throw Object.assign(new Error('EACCES'), { code: 'EACCES' });
        },
      });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(JixiaoError);
    expect((err as JixiaoError).code).toBe('output.dir');
    expect((err as JixiaoError).zh).toContain(`${dir} 不可写`);
    expect((err as JixiaoError).en).toContain(`cannot create the output folder ${path.join(dir, 'ro', 'out')}: ${dir} is not writable: permission denied (EACCES)`);
    expect(fs.existsSync(path.join(dir, 'ro'))).toBe(false);
    // The normal case: missing levels are made one by one.
    makeDirs(path.join(dir, 'a', 'b', 'c'));
    expect(fs.statSync(path.join(dir, 'a', 'b', 'c')).isDirectory()).toBe(true);
    expect(() => makeDirs(path.join(dir, 'file', 'x'))).toThrow(/ENOTDIR/);
  });
});
