/**
 * Batch orchestration on the main thread: expand and shard the inputs, read, hash, parse and check
 * each one (cheap), skip unchanged packets, hand the rest to a pool of worker threads, and rename
 * each finished packet folder into place. Summary and exit code at the end.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { parsePacket } from '../model/parse.ts';
import { checkPacket } from '../check/index.ts';
import type { Format } from '../render/index.ts';
import { loadTemplates } from '../templates/index.ts';
import { DEFAULT_FONT_MAP } from '../fonts/index.ts';
import { JixiaoError } from '../errors.ts';
import { safeName } from '../util/names.ts';
import { writeFileAtomic } from '../util/fs.ts';
import { sha256, compareCodePoints } from './hash.ts';
import { expandInputs, selectShard, type InputFile, type Shard } from './inputs.ts';
import {
  duplicateError,
  isUpToDate,
  readManifest,
  totalsOf,
  type BatchSummary,
  type PacketError,
  type PacketReport,
} from './manifest.ts';
import { toPacketErrors, type PacketTask, type PacketTaskResult, type WorkerOptions } from './job.ts';


const HERE = path.dirname(fileURLToPath(import.meta.url));
const WORKER = path.join(HERE, 'worker.mjs');
/** Name of the folder inside the output folder where packets are assembled. */
export const TMP_DIR = '.jixiao-tmp';

/** The product version from package.json. */
export const VERSION: string = (JSON.parse(fs.readFileSync(path.join(HERE, '../../package.json'), 'utf8')) as { version: string }).version;

/** Options of one batch run. */
export interface BatchOptions {
  /** Files, folders and globs. */
  readonly inputs: readonly string[];
  /** Output folder. */
  readonly out: string;
  readonly formats?: readonly Format[];
  /** Keep only departments whose name matches. */
  readonly only?: (department: string) => boolean;
  readonly shard?: Shard;
  /** Render even unchanged packets. */
  readonly force?: boolean;
  readonly templates?: string;
  readonly fontMap?: string;
  readonly embedFonts?: boolean;
  /** Worker threads (default os.availableParallelism()). */
  readonly threads?: number;
  /** Working folder for relative paths (default process.cwd()). */
  readonly cwd?: string;
  /** Called once per input when its outcome is known. */
  readonly onPacket?: (report: PacketReport, done: number, total: number) => void;
  /** Called once the number of selected inputs is known. */
  readonly onStart?: (total: number) => void;
  /** Aborting stops handing out work; packets already rendering finish and are kept. */
  readonly signal?: AbortSignal;
}

/** What a run produced. */
export interface BatchOutcome {
  readonly summary: BatchSummary;
  /** Where the summary was written. */
  readonly summaryFile: string;
  readonly interrupted: boolean;
  /** 0 all good, 1 some packet failed, 130 interrupted. */
  readonly exitCode: number;
  /** Milliseconds the run took. */
  readonly ms: number;
}

/** Summary file name for a run (per shard when sharded, so shards can share one output folder). */
export function summaryFileName(shard?: Shard): string {
  return shard ? `summary.shard-${shard.index}-of-${shard.count}.json` : 'summary.json';
}

function pidAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes temp folders left by runs that no longer exist (a crash or kill -9). */
export function removeStaleTemps(outDir: string): string[] {
  const tmpRoot = path.join(outDir, TMP_DIR);
  const removed: string[] = [];
  let names: string[];
  try {
    names = fs.readdirSync(tmpRoot);
  } catch {
    return removed;
  }
  for (const n of names) {
    const pid = Number(/^(\d+)-/.exec(n)?.[1]);
    if (!Number.isFinite(pid) || !pidAlive(pid)) {
      fs.rmSync(path.join(tmpRoot, n), { recursive: true, force: true });
      removed.push(n);
    }
  }
  return removed;
}

function removeOwnTemps(outDir: string): void {
  const tmpRoot = path.join(outDir, TMP_DIR);
  let names: string[];
  try {
    names = fs.readdirSync(tmpRoot);
  } catch {
    return;
  }
  for (const n of names) if (n.startsWith(`${process.pid}-`)) fs.rmSync(path.join(tmpRoot, n), { recursive: true, force: true });
  try {
    fs.rmdirSync(tmpRoot); // only when empty: another run may be using it
  } catch {
    /* not empty or gone */
  }
}

/** Moves a finished temp folder into place, replacing an older packet folder whole. */
function commitFolder(tmp: string, target: string, trash: string): void {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  let moved = false;
  if (fs.existsSync(target)) {
    fs.renameSync(target, trash);
    moved = true;
  }
  fs.renameSync(tmp, target);
  if (moved) fs.rmSync(trash, { recursive: true, force: true });
}

interface Prepared {
  readonly report?: PacketReport;
  readonly task?: PacketTask;
  readonly target?: string;
  readonly department?: string;
  readonly year?: number;
}

/** Runs a batch. Throws JixiaoError only for problems that concern the whole run (bad template folder). */
export async function runBatch(opts: BatchOptions): Promise<BatchOutcome> {
  const t0 = performance.now();
  const cwd = path.resolve(opts.cwd ?? process.cwd());
  const outDir = path.resolve(cwd, opts.out);
  const formats = opts.formats ?? (['pdf', 'docx'] as Format[]);
  const templates = opts.templates ? path.resolve(cwd, opts.templates) : undefined;
  const fontMap = opts.fontMap ? path.resolve(cwd, opts.fontMap) : undefined;
  const embedFonts = opts.embedFonts ?? false;
  const templatesSha256 = sha256(loadTemplates(templates).fingerprint);
  let fontMapSha256: string;
  try {
    fontMapSha256 = sha256(fs.readFileSync(fontMap ?? DEFAULT_FONT_MAP));
  } catch (e) {
    throw new JixiaoError('font.map', `无法读取字体映射 ${fontMap}：${(e as Error).message}`, `cannot read font map ${fontMap}: ${(e as Error).message}`);
  }
  fs.mkdirSync(outDir, { recursive: true });
  removeStaleTemps(outDir);

  const { files: all, missing } = expandInputs(opts.inputs, { cwd, exclude: outDir });
  const allRel = new Map(all.map((f, i) => [f.rel, i]));
  const selected = selectShard(all, opts.shard);
  // An argument that matched nothing is reported in shard 0 only (every shard sees it).
  const missingReports: PacketReport[] = !opts.shard || opts.shard.index === 0
    ? missing.map((m) => ({
        file: m.arg,
        status: 'failed' as const,
        errors: [{ code: 'input.read', zh: `找不到输入：${m.arg}（没有匹配的 .yaml/.yml/.json 文件）`, en: `no input found for ${m.arg} (no matching .yaml/.yml/.json file)` }],
      }))
    : [];
  const total = selected.length + missingReports.length;
  opts.onStart?.(total);

  const reports: PacketReport[] = [];
  let done = 0;
  const report = (r: PacketReport) => {
    reports.push(r);
    done++;
    opts.onPacket?.(r, done, total);
  };
  for (const r of missingReports) report(r);

  const claims = new Map<string, string>(); // folder key -> input rel
  let seq = 0;
  const tmpRoot = path.join(outDir, TMP_DIR);

  const prepare = (input: InputFile): Prepared => {
    let text: string;
    try {
      text = fs.readFileSync(input.abs, 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
      return { report: { file: input.rel, status: 'failed', errors: [{ code: 'input.read', zh: `无法读取文件 ${input.rel}（${code}）`, en: `cannot read file ${input.rel} (${code})` }] } };
    }
    const inputSha256 = sha256(text);
    let parsed;
    try {
      parsed = parsePacket(text.replace(/^\uFEFF/, ''), { file: input.rel });
    } catch (e) {
      return { report: { file: input.rel, status: 'failed', errors: toPacketErrors(e) } };
    }
    if (!parsed.packet) return { report: { file: input.rel, status: 'failed', errors: toPacketErrors({ diagnostics: parsed.diagnostics }) } };
    const packet = parsed.packet;
    const department = packet.department.name;
    const year = packet.declaration.year;
    if (opts.only && !opts.only(department)) return { report: { file: input.rel, status: 'skipped', reason: 'filtered', department, year } };
    const checked = checkPacket(packet, parsed.locate);
    if (checked.errors > 0) return { report: { file: input.rel, status: 'failed', department, year, errors: toPacketErrors({ diagnostics: checked.diagnostics }) } };
    const folder = `${safeName(String(year))}/${safeName(department)}`;
    const target = path.join(outDir, ...folder.split('/'));
    const key = folder.normalize('NFC').toLowerCase();
    const first = claims.get(key);
    if (first !== undefined) return { report: { file: input.rel, status: 'failed', department, year, folder, errors: [duplicateError(department, year, first)] } };
    const existing = readManifest(target);
    // A folder made by another input of this run that sorts earlier (another shard's, maybe) is not ours to overwrite.
    const owner = existing?.input?.file;
    if (owner && owner !== input.rel && allRel.has(owner) && compareCodePoints(owner, input.rel) < 0) {
      return { report: { file: input.rel, status: 'failed', department, year, folder, errors: [duplicateError(department, year, owner)] } };
    }
    claims.set(key, input.rel);
    const warnings = checked.diagnostics.filter((d) => d.severity === 'warning');
    const key2 = { jixiao: VERSION, inputSha256, templatesSha256, fontMapSha256, formats, embedFonts };
    if (!opts.force && isUpToDate(target, existing, key2, input.rel)) {
      return { report: { file: input.rel, status: 'skipped', reason: 'unchanged', department, year, folder, warnings: warnings.length } };
    }
    const task: PacketTask = {
      file: input.rel,
      text,
      sha256: inputSha256,
      tmpDir: path.join(tmpRoot, `${process.pid}-${++seq}`),
      folder,
      formats,
      templates,
      fontMap,
      embedFonts,
      jixiao: VERSION,
      templatesSha256,
      fontMapSha256,
      warnings,
    };
    return { task, target, department, year };
  };

  const threads = Math.max(1, opts.threads ?? os.availableParallelism());
  let pool: Piscina | undefined;
  const getPool = () =>
    (pool ??= new Piscina({
      filename: WORKER,
      minThreads: threads,
      maxThreads: threads,
      idleTimeout: 60_000,
      // Rendering allocates a lot of short-lived objects; a big young generation cuts scavenges
      // (measured: 120 packets on 2 threads 11.3 s → 9.6 s).
      resourceLimits: { maxYoungGenerationSizeMb: 128 },
      workerData: { templates, fontMap } satisfies WorkerOptions,
    }));
  const inflight = new Set<Promise<void>>();
  const maxInflight = threads * 2;
  let interrupted = false;

  const finish = async (p: Prepared & { task: PacketTask; target: string }) => {
    let result: PacketTaskResult;
    try {
      result = (await getPool().run(p.task)) as PacketTaskResult;
    } catch (e) {
      result = { ok: false, errors: toPacketErrors(e) };
    }
    const base = { department: p.department, year: p.year };
    if (!result.ok) {
      fs.rmSync(p.task.tmpDir, { recursive: true, force: true });
      report({ file: p.task.file, status: 'failed', ...base, errors: result.errors });
      return;
    }
    try {
      commitFolder(p.task.tmpDir, p.target, `${p.task.tmpDir}.old`);
    } catch (e) {
      fs.rmSync(p.task.tmpDir, { recursive: true, force: true });
      const msg = (e as Error).message;
      report({ file: p.task.file, status: 'failed', ...base, errors: [{ code: 'output.write', zh: `无法写入输出文件夹 ${p.task.folder}：${msg}`, en: `cannot write the output folder ${p.task.folder}: ${msg}` } satisfies PacketError] });
      return;
    }
    report({ file: p.task.file, status: 'ok', ...base, folder: p.task.folder, warnings: result.manifest.warnings.length });
  };

  let i = 0;
  try {
    for (; i < selected.length; i++) {
      if (opts.signal?.aborted) break;
      const prep = prepare(selected[i]!);
      if (prep.report) {
        report(prep.report);
        // Let finished renders be committed and the progress bar move between cheap steps.
        if (i % 16 === 15) await new Promise((r) => setImmediate(r));
        continue;
      }
      fs.mkdirSync(tmpRoot, { recursive: true });
      while (inflight.size >= maxInflight) await Promise.race(inflight);
      if (opts.signal?.aborted) {
        // Not started: the claim is dropped with it.
        break;
      }
      const job: Promise<void> = finish(prep as Prepared & { task: PacketTask; target: string }).finally(() => inflight.delete(job));
      inflight.add(job);
    }
    await Promise.all(inflight);
  } finally {
    if (pool) await pool.destroy();
    removeOwnTemps(outDir);
  }
  if (opts.signal?.aborted && i < selected.length) {
    interrupted = true;
    for (; i < selected.length; i++) report({ file: selected[i]!.rel, status: 'skipped', reason: 'interrupted' });
  }

  const packets = [...reports].sort((a, b) => compareCodePoints(a.file, b.file));
  const summary: BatchSummary = {
    jixiao: VERSION,
    ...(opts.shard ? { shards: [{ index: opts.shard.index, count: opts.shard.count }] } : {}),
    ...(interrupted ? { interrupted } : {}),
    totals: totalsOf(packets),
    packets,
  };
  const summaryFile = path.join(outDir, summaryFileName(opts.shard));
  writeFileAtomic(summaryFile, JSON.stringify(summary, null, 2) + '\n');
  const exitCode = interrupted ? 130 : summary.totals.failed > 0 ? 1 : 0;
  return { summary, summaryFile, interrupted, exitCode, ms: performance.now() - t0 };
}
