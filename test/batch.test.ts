/**
 * `jixiao batch`: failures reported per input, identical bytes run after run, hostile names kept
 * inside the output folder, skip/--force, interrupted runs, shards and the summary merge.
 * PDF only and a few packets, to keep the suite fast.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, SAMPLE_TEXT } from './helpers/sample.ts';
import { jixiao } from './helpers/cli.ts';
import { generatedDepartmentName, variantPacketText } from '../src/batch/generate.ts';
import { runBatch, TMP_DIR } from '../src/batch/run.ts';
import { expandInputs, parseOnly, parseShard, selectShard } from '../src/batch/inputs.ts';
import { mergeSummaries, type BatchSummary, type PacketManifest, type PacketReport } from '../src/batch/manifest.ts';
import { sha256 } from '../src/batch/hash.ts';
import { safeName } from '../src/util/names.ts';

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
    expect(missing).toEqual([{ arg: 'nothing-*.yaml' }]);
    const globbed = expandInputs(['in/**/*.y*ml'], { cwd: base });
    expect(globbed.files.map((f) => f.rel)).toEqual(['in/a.yaml', 'in/broken.yaml', 'in/sub/b.yml']);
    fs.rmSync(out, { recursive: true });
  });

  it('--shard partitions the sorted inputs with no overlap', () => {
    const items = Array.from({ length: 11 }, (_, i) => `f${String(i).padStart(2, '0')}`);
    const parts = [0, 1, 2].map((i) => selectShard(items, parseShard(`${i}/3`)));
    expect(parts.flat().sort()).toEqual(items);
    expect(new Set(parts.flat()).size).toBe(items.length);
    expect(parts.map((p) => p.length)).toEqual([4, 4, 3]);
    expect(() => parseShard('3/3')).toThrow(/--shard/);
    expect(() => parseShard('x')).toThrow(/--shard/);
  });

  it('a YAML syntax error is reported with its line', async () => {
    const { toPacketErrors } = await import('../src/batch/job.ts');
    const { parsePacket } = await import('../src/model/parse.ts');
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
      expect(m.input.file).toBe(['in/a.yaml', 'in/sub/b.yml', 'in/c.json'][i]);
      expect(m.input.sha256).toBe(sha256(fs.readFileSync(path.join(base, m.input.file), 'utf8')));
      expect(m.templates.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(m.warnings.length).toBeGreaterThan(0); // the sample's 执行数 warning, with its line
      expect(m.warnings[0]!.line).toBeGreaterThan(0);
      const zip = fs.readFileSync(path.join(out1, '2025', name, m.zip));
      expect(zip.subarray(0, 4).toString('hex')).toBe('504b0304');
      for (const f of [...m.files.map((x) => x.name), 'manifest.json']) expect(zip.includes(Buffer.from(f))).toBe(true);
    }
    expect(fs.existsSync(path.join(out1, TMP_DIR))).toBe(false);
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
    expect(folders).toEqual(['..', '.', '../逃逸', 'a/b', '/etc/外事', 'C:\\财政局'].map((n) => safeName(n)).filter((n, i, a) => a.indexOf(n) === i).sort());
    expect(folders.some((f) => f.includes('逃逸'))).toBe(true);
    expect(folders.some((f) => f.includes('外事'))).toBe(true);
    for (const f of folders) verifyFolder(path.join(dir, 'out', '2025', f));
    // '.' and '..' both become the same safe folder: the later input fails, nothing is overwritten.
    const dup = outcome.summary.packets.find((p) => p.status === 'failed')!;
    expect(dup.file).toBe('in/h3.yaml');
    expect(dup.errors![0]!.code).toBe('batch.duplicate');
    expect(dup.errors![0]!.zh).toContain('in/h2.yaml');
    expect(outcome.exitCode).toBe(1);
    const kept = JSON.parse(fs.readFileSync(path.join(dir, 'out', '2025', safeName('.'), 'manifest.json'), 'utf8')) as PacketManifest;
    expect(kept.input.file).toBe('in/h2.yaml');
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
    expect(files[0]).toEqual(['in/s0.yaml', 'in/s2.yaml', 'in/s4.yaml']);
    expect(files[1]).toEqual(['in/s1.yaml', 'in/s3.yaml', 'in/s5.yaml']);
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

describe('interrupted runs', () => {
  it('removes a stale temp folder of a dead run and leaves complete packets', async () => {
    const dir = path.join(base, 'stale');
    fs.mkdirSync(path.join(dir, 'in'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'in', 'a.yaml'), variantPacketText(SAMPLE_TEXT, 5));
    // A crashed run (pid that cannot exist) left a half-assembled packet.
    const stale = path.join(dir, 'out', TMP_DIR, '999999999-1');
    fs.mkdirSync(stale, { recursive: true });
    fs.writeFileSync(path.join(stale, 'half.pdf'), '%PDF-1.');
    const o = await runBatch({ inputs: ['in'], out: 'out', formats: ['pdf'], cwd: dir, threads: 1 });
    expect(o.exitCode).toBe(0);
    expect(fs.existsSync(path.join(dir, 'out', TMP_DIR))).toBe(false);
    expect(walk(path.join(dir, 'out')).filter((f) => f.includes('half'))).toEqual([]);
    verifyFolder(path.join(dir, 'out', '2025', generatedDepartmentName(5)));
  });

  it('SIGINT stops handing out work, exits 130 without half packets, and a re-run completes the set', async () => {
    const dir = path.join(base, 'sigint');
    const src = path.join(dir, 'in');
    fs.mkdirSync(src, { recursive: true });
    const n = 8;
    for (let i = 0; i < n; i++) fs.writeFileSync(path.join(src, `p${i}.yaml`), variantPacketText(SAMPLE_TEXT, 20 + i));
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/jixiao.js'), 'batch', 'in', '--out', 'out', '--format', 'pdf', '--json', '--threads', '1'], { cwd: dir });
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
    expect(fs.existsSync(path.join(dir, 'out', TMP_DIR))).toBe(false);
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

