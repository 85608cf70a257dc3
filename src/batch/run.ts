/**
 * Batch orchestration on the main thread: expand and shard the inputs, read, hash, parse and check
 * each one (once: the worker renders the checked packet, see job.ts), skip unchanged packets, hand
 * the rest to a pool of worker threads, and rename each finished packet folder into place.
 * Summary and exit code at the end.
 */
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Piscina } from 'piscina';
import { parsePacket } from '../model/parse.ts';
import { checkPacket } from '../check/index.ts';
import type { Format } from '../render/index.ts';
import { loadTemplates } from '../templates/index.ts';
import { formatOf } from '../format/index.ts';
import { FROM_SOURCES, packagePath } from '../util/paths.ts';
import { errnoWords } from '../util/errno.ts';
import { DEFAULT_FONT_MAP, loadFontSet, shareFontBytes } from '../fonts/index.ts';
import { JixiaoError } from '../errors.ts';
import { safeName } from '../util/names.ts';
import { writeFileAtomic } from '../util/fs.ts';
import { sha256, compareCodePoints } from './hash.ts';
import { ensureOutDir, makeDirs } from './dirs.ts';
import { expandInputs, parseOnly, shardOf, unparsedShardKey, type InputFile, type Shard } from './inputs.ts';
import { findOrphans, pruneOrphans } from './orphans.ts';
import {
  carryPrevious,
  duplicateError,
  isUpToDate,
  readManifest,
  readSummary,
  totalsOf,
  type BatchSummary,
  type OrphanFolder,
  type PacketError,
  type PacketReport,
  toPacketError,
} from './manifest.ts';
import { toPacketErrors, type PacketTask, type PacketTaskResult, type WorkerOptions } from './job.ts';
import { toWire } from './transfer.ts';


/**
 * The worker threads' entry: the compiled dist/batch/worker.js in an installed package, or, when
 * the sources run under vitest, worker.mjs, which registers tsx (a devDependency) in the worker.
 */
const WORKER = FROM_SOURCES ? packagePath('src', 'batch', 'worker.mjs') : packagePath('dist', 'batch', 'worker.js');
/** Default old-generation limit of a batch worker (MB): keeps a worker under about 200 MB resident. */
export const WORKER_HEAP_MB = 160;

/** Name of the folder inside the output folder where packets are assembled. */
export const TMP_DIR = '.jixiao-tmp';

/** The product version from package.json. */
export const VERSION: string = (JSON.parse(fs.readFileSync(packagePath('package.json'), 'utf8')) as { version: string }).version;

/** Options of one batch run. */
export interface BatchOptions {
  /** Files, folders and globs. */
  readonly inputs: readonly string[];
  /** Output folder. */
  readonly out: string;
  readonly formats?: readonly Format[];
  /**
   * Keep only departments whose name matches: a substring or `/regex/` (see parseOnly), or a
   * predicate. The summary keeps the previous entries of the departments left out.
   */
  readonly only?: string | ((department: string) => boolean);
  readonly shard?: Shard;
  /** Render even unchanged packets. */
  readonly force?: boolean;
  readonly templates?: string;
  readonly fontMap?: string;
  readonly embedFonts?: boolean;
  /** Worker threads (default defaultThreads(): the usable cores, as many as fit in memory). */
  readonly threads?: number;
  /**
   * Old-generation heap limit of each worker in MB (default WORKER_HEAP_MB). V8 otherwise lets a
   * busy worker's heap grow far past what it holds; a packet that needs more fails alone, with
   * a message saying so, and the worker is replaced.
   */
  readonly workerHeapMb?: number;
  /** Working folder for relative paths (default process.cwd()). */
  readonly cwd?: string;
  /** Called once per input when its outcome is known. */
  readonly onPacket?: (report: PacketReport, done: number, total: number) => void;
  /** Called once the number of selected inputs is known. */
  readonly onStart?: (total: number) => void;
  /** Aborting stops handing out work; packets already rendering finish and are kept. */
  readonly signal?: AbortSignal;
  /** Delete the packet folders orphaned by a renamed department (full runs only: no only, no shard). */
  readonly prune?: boolean;
}

/** What a run produced. */
export interface BatchOutcome {
  readonly summary: BatchSummary;
  /** Where the summary was written. */
  readonly summaryFile: string;
  /** Totals of this run's own reports (the summary's totals include entries carried from before). */
  readonly runTotals: BatchSummary['totals'];
  /** Summary entries copied from the summary before (see carryPrevious). */
  readonly carried: number;
  /** Folders orphaned by a renamed department (full runs; with prune, as deleted or not). */
  readonly orphans: readonly OrphanFolder[];
  readonly interrupted: boolean;
  /** 0 all good, 1 some packet failed, 130 interrupted. */
  readonly exitCode: number;
  /** Milliseconds the run took. */
  readonly ms: number;
  /** The largest V8 heap in use a worker reported after a packet, in bytes (0 when none rendered). */
  readonly workerHeapPeak: number;
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

/**
 * Temp folders: each run assembles its packets in `.jixiao-tmp/<host>-<pid>-<uuid>/`, a folder
 * of its own holding an `owner.json` marker ({host, pidns, pid}) that the run touches while it
 * lives. Many runs (shards on many machines, or pods that all have pid 1) may share one output
 * folder, so another run's folder is removed only when it is provably dead: made on this host,
 * in this pid namespace, by a pid that no longer exists — or its marker (or, without one, the
 * folder) has not been touched for STALE_MS. The shared `.jixiao-tmp` itself is never removed.
 */
export const STALE_MS = 6 * 3600_000;
/** How often a live run touches its marker. */
const TOUCH_MS = 10 * 60_000;
const MARKER = 'owner.json';

/** Who made a run's temp folder. */
export interface TempOwner {
  readonly host: string;
  /** The pid namespace (Linux: `/proc/self/ns/pid`); pids of other namespaces cannot be checked. */
  readonly pidns?: string;
  readonly pid: number;
}

function pidNamespace(): string | undefined {
  try {
    return fs.readlinkSync('/proc/self/ns/pid');
  } catch {
    return undefined;
  }
}

/** This process as a temp folder owner. */
export function thisOwner(): TempOwner {
  const pidns = pidNamespace();
  return { host: os.hostname(), ...(pidns ? { pidns } : {}), pid: process.pid };
}

function readOwner(dir: string): { owner?: TempOwner; mtimeMs: number } | undefined {
  try {
    const st = fs.statSync(path.join(dir, MARKER));
    try {
      const owner = JSON.parse(fs.readFileSync(path.join(dir, MARKER), 'utf8')) as TempOwner;
      if (typeof owner?.host === 'string' && Number.isInteger(owner.pid)) return { owner, mtimeMs: st.mtimeMs };
    } catch {
      /* being written, or damaged: judged by time */
    }
    return { mtimeMs: st.mtimeMs };
  } catch {
    try {
      return { mtimeMs: fs.statSync(dir).mtimeMs };
    } catch {
      return undefined; // gone
    }
  }
}

/** Removes temp folders left by runs that no longer exist (a crash or kill -9); returns their names. */
export function removeStaleTemps(outDir: string, now: number = Date.now()): string[] {
  const tmpRoot = path.join(outDir, TMP_DIR);
  const me = thisOwner();
  const removed: string[] = [];
  let names: string[];
  try {
    names = fs.readdirSync(tmpRoot);
  } catch {
    return removed;
  }
  for (const n of names) {
    const dir = path.join(tmpRoot, n);
    const info = readOwner(dir);
    if (!info) continue;
    const o = info.owner;
    const deadHere = o !== undefined && o.host === me.host && o.pidns === me.pidns && !pidAlive(o.pid);
    if (deadHere || now - info.mtimeMs > STALE_MS) {
      fs.rmSync(dir, { recursive: true, force: true });
      removed.push(n);
    }
  }
  return removed;
}

/** Temp folders of runs in progress in this process (removed by removeActiveTemps on a hard exit). */
const activeTemps = new Set<string>();

/** Removes this process's temp folders now (the CLI's second Ctrl-C, just before it exits). */
export function removeActiveTemps(): void {
  for (const d of activeTemps) fs.rmSync(d, { recursive: true, force: true });
  activeTemps.clear();
}

/** Makes this run's own temp folder with its owner marker; the returned stop() removes it. */
function makeRunTemp(outDir: string): { dir: string; stop: () => void } {
  const me = thisOwner();
  const host = me.host.replace(/[^A-Za-z0-9._]/g, '_') || 'host';
  const dir = path.join(outDir, TMP_DIR, `${host}-${me.pid}-${randomUUID()}`);
  makeDirs(dir);
  const marker = path.join(dir, MARKER);
  fs.writeFileSync(marker, JSON.stringify(me) + '\n');
  activeTemps.add(dir);
  const touch = setInterval(() => {
    const t = new Date();
    try {
      fs.utimesSync(marker, t, t);
    } catch {
      /* removed under us: the packets will report it */
    }
  }, TOUCH_MS);
  touch.unref();
  return {
    dir,
    stop: () => {
      clearInterval(touch);
      activeTemps.delete(dir);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Moves a finished temp folder into place, replacing an older packet folder whole. If the new
 * folder cannot be moved in, the old one is put back before the error is rethrown.
 */
export function commitFolder(tmp: string, target: string, trash: string, rename: (from: string, to: string) => void = fs.renameSync): void {
  makeDirs(path.dirname(target));
  let moved = false;
  try {
    rename(target, trash);
    moved = true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  try {
    rename(tmp, target);
  } catch (e) {
    if (moved) rename(trash, target);
    throw e;
  }
  if (moved) fs.rmSync(trash, { recursive: true, force: true });
}

/**
 * SHA-256 over the bytes of every face of the font map (in the set's order), so a font file
 * replaced under the same name makes packets render again. Paths are left out: the map's own
 * hash covers them, and absolute paths differ between machines.
 */
export function fontFacesSha256(fontMap?: string): string {
  const h = createHash('sha256');
  for (const face of loadFontSet(fontMap).faces()) h.update(sha256(fs.readFileSync(face.file)) + '\n');
  return h.digest('hex');
}

/**
 * Default worker threads: the cores we may use (os.availableParallelism(), capped by a cgroup
 * CPU quota in /sys/fs/cgroup/cpu.max), and no more than fit in memory at about 350 MB each
 * (free memory, capped by a cgroup memory limit).
 */
export function defaultThreads(env: { cores?: number; cpuMax?: string; freeMem?: number; memMax?: string; memCurrent?: string } = {}): number {
  const read = (f: string) => {
    try {
      return fs.readFileSync(f, 'utf8');
    } catch {
      return undefined;
    }
  };
  let cores = env.cores ?? os.availableParallelism();
  const cpuMax = 'cpuMax' in env ? env.cpuMax : read('/sys/fs/cgroup/cpu.max');
  const q = /^\s*(\d+)\s+(\d+)/.exec(cpuMax ?? '');
  if (q && Number(q[2]) > 0) cores = Math.min(cores, Math.max(1, Math.ceil(Number(q[1]) / Number(q[2]))));
  let free = env.freeMem ?? os.freemem();
  const memMax = Number(('memMax' in env ? env.memMax : read('/sys/fs/cgroup/memory.max'))?.trim());
  const memCurrent = Number(('memCurrent' in env ? env.memCurrent : read('/sys/fs/cgroup/memory.current'))?.trim());
  if (Number.isFinite(memMax) && memMax > 0) free = Math.min(free, memMax - (Number.isFinite(memCurrent) ? memCurrent : 0));
  return Math.max(1, Math.min(cores, Math.floor(free / 350e6)));
}

/** The key that decides a packet's shard and detects duplicates: its folder, NFC, lower case. */
export function folderKey(folder: string): string {
  return folder.normalize('NFC').toLowerCase();
}

interface Prepared {
  readonly report?: PacketReport;
  readonly task?: PacketTask;
  readonly target?: string;
  readonly department?: string;
  readonly year?: number;
}

/** An input read and parsed: enough to know its folder, hence its shard. */
interface Loaded {
  readonly input: InputFile;
  /** Set when the input cannot be read or parsed. */
  readonly report?: PacketReport;
  readonly text?: string;
  readonly sha256?: string;
  readonly parsed?: ReturnType<typeof parsePacket> & { packet: NonNullable<ReturnType<typeof parsePacket>['packet']> };
  readonly folder?: string;
}

/** SHA-256 of a format's templates (its fingerprint), once per compiled template set. */
const formatHashes = new WeakMap<object, string>();
function formatSha256(set: { readonly fingerprint: string }): string {
  let h = formatHashes.get(set);
  if (h === undefined) formatHashes.set(set, (h = sha256(set.fingerprint)));
  return h;
}

/** Reads and parses one input; `using` is the --templates format folder, which the packet is read with. */
function loadInput(input: InputFile, using?: string): Loaded {
  let text: string;
  try {
    text = fs.readFileSync(input.abs, 'utf8');
  } catch (e) {
    const [zh, en] = errnoWords(e);
    return { input, report: { file: input.rel, status: 'failed', errors: [{ code: 'input.read', zh: `无法读取文件 ${input.rel}：${zh}`, en: `cannot read file ${input.rel}: ${en}` }] } };
  }
  const inputSha256 = sha256(text);
  let parsed;
  try {
    parsed = parsePacket(text.replace(/^\uFEFF/, ''), { file: input.rel, baseDir: path.dirname(input.abs), ...(using ? { using } : {}) });
  } catch (e) {
    return { input, report: { file: input.rel, status: 'failed', errors: toPacketErrors(e) } };
  }
  if (!parsed.packet) return { input, report: { file: input.rel, status: 'failed', errors: toPacketErrors({ diagnostics: parsed.diagnostics }) } };
  const folder = `${safeName(String(formatOf(parsed.packet).year(parsed.packet)))}/${safeName(parsed.packet.department.name)}`;
  return { input, text, sha256: inputSha256, parsed: parsed as Loaded['parsed'], folder };
}

/** The key that assigns a loaded input to a shard: its folder, or for an input that did not parse, its name. */
function shardKey(l: Loaded): string {
  return l.folder !== undefined ? folderKey(l.folder) : unparsedShardKey(l.input);
}

/** What stays fixed for a whole run: resolved paths, formats and the cache key parts. */
interface RunSettings {
  readonly only?: (department: string) => boolean;
  readonly onlyLabel?: string;
  readonly cwd: string;
  readonly outDir: string;
  readonly formats: readonly Format[];
  readonly templates?: string;
  readonly fontMap?: string;
  readonly embedFonts: boolean;
  readonly fontMapSha256: string;
  readonly facesSha256: string;
}

/** Checks the options and resolves what the run needs (throws for a bad template folder or font map). */
function runSettings(opts: BatchOptions): RunSettings {
  if (opts.prune && (opts.only !== undefined || opts.shard)) {
    throw new JixiaoError(
      'cli.prune',
      '--prune 只能用于完整运行（不能与 --only 或 --shard 同用）：只有看过全部输入，才能判断哪些文件夹已无输入生成',
      '--prune needs a full run (not with --only or --shard): only a run that sees every input can tell which folders no input produces',
    );
  }
  const cwd = path.resolve(opts.cwd ?? process.cwd());
  const templates = opts.templates ? path.resolve(cwd, opts.templates) : undefined;
  const fontMap = opts.fontMap ? path.resolve(cwd, opts.fontMap) : undefined;
  // A --templates folder is compiled now, so a broken one fails before any packet is read.
  if (templates) loadTemplates(templates);
  let fontMapSha256: string;
  try {
    fontMapSha256 = sha256(fs.readFileSync(fontMap ?? DEFAULT_FONT_MAP));
  } catch (e) {
    const [zh, en] = errnoWords(e);
    throw new JixiaoError('font.map', `无法读取字体映射 ${fontMap ?? DEFAULT_FONT_MAP}：${zh}`, `cannot read font map ${fontMap ?? DEFAULT_FONT_MAP}: ${en}`);
  }
  return {
    ...(typeof opts.only === 'string' ? { only: parseOnly(opts.only), onlyLabel: opts.only } : opts.only ? { only: opts.only, onlyLabel: '(function)' } : {}),
    cwd,
    outDir: path.resolve(cwd, opts.out),
    formats: opts.formats ?? (['pdf', 'docx'] as Format[]),
    templates,
    fontMap,
    embedFonts: opts.embedFonts ?? false,
    fontMapSha256,
    facesSha256: fontFacesSha256(fontMap),
  };
}

/** The inputs this run (or shard) handles, and the reports of arguments that matched nothing. */
function selectInputs(opts: BatchOptions, s: RunSettings): { all: InputFile[]; selected: (InputFile | Loaded)[]; missing: PacketReport[] } {
  const { files: all, missing } = expandInputs(opts.inputs, { cwd: s.cwd, exclude: s.outDir });
  // Sharded: every shard reads and parses every input to learn its folder, and keeps those whose
  // folder hashes to it (see shardOf); unsharded, inputs are loaded one by one as work goes on.
  const shard = opts.shard;
  const selected: (InputFile | Loaded)[] = shard ? all.map((i) => loadInput(i, s.templates)).filter((l) => shardOf(shardKey(l), shard.count) === shard.index) : all;
  // An argument that matched nothing is reported in shard 0 only (every shard sees it).
  const missingReports: PacketReport[] =
    !shard || shard.index === 0
      ? missing.map((m) => ({
          file: m.arg,
          status: 'failed' as const,
          errors: [{ code: 'input.read', zh: `找不到输入：${m.arg}（没有匹配的 .yaml/.yml/.json 文件）`, en: `no input found for ${m.arg} (no matching .yaml/.yml/.json file)` }],
        }))
      : [];
  return { all, selected, missing: missingReports };
}

/** What the run learns as it goes: reports, folders claimed, the temp folder, the heap peak. */
class RunState {
  readonly reports: PacketReport[] = [];
  /** For orphans: the folders this run's inputs go to, and inputs whose folder is unknown. */
  readonly runFolders = new Set<string>();
  readonly unknownNames = new Set<string>();
  /** Folder key -> the first input that claimed it. */
  readonly claims = new Map<string, { file: string; department: string; folder: string }>();
  seq = 0;
  runTemp: ReturnType<typeof makeRunTemp> | undefined;
  workerHeapPeak = 0;
  private done = 0;
  constructor(
    private readonly total: number,
    private readonly onPacket?: BatchOptions['onPacket'],
  ) {}
  report(r: PacketReport): void {
    this.reports.push(r);
    this.done++;
    this.onPacket?.(r, this.done, this.total);
  }
}

/** Checks a loaded input and turns it into a render task, or a report (failed, filtered, unchanged, duplicate). */
function prepare(loaded: Loaded, s: RunSettings, state: RunState, force: boolean): Prepared {
  const input = loaded.input;
  if (loaded.report) {
    state.unknownNames.add(input.name);
    return { report: loaded.report };
  }
  const { parsed, folder } = loaded as Required<Loaded>;
  state.runFolders.add(folderKey(folder));
  const packet = parsed.packet;
  const department = packet.department.name;
  const year = formatOf(packet).year(packet)!;
  if (s.only && !s.only(department)) return { report: { file: input.rel, status: 'skipped', reason: 'filtered', department, year, folder } };
  // The glyph check too (PDF), so the worker need not check again.
  const checked = checkPacket(packet, parsed.locate, s.formats.includes('pdf') ? { fonts: loadFontSet(s.fontMap) } : {});
  if (checked.errors > 0) return { report: { file: input.rel, status: 'failed', department, year, errors: toPacketErrors({ diagnostics: checked.diagnostics }) } };
  const target = path.join(s.outDir, ...folder.split('/'));
  // Inputs are in sorted order and two inputs with one folder always share a shard: the first wins.
  const key = folderKey(folder);
  const first = state.claims.get(key);
  if (first !== undefined) return { report: { file: input.rel, status: 'failed', department, year, folder, errors: [duplicateError(department, year, first)] } };
  state.claims.set(key, { file: input.rel, department, folder });
  const warnings = checked.diagnostics.filter((d) => d.severity === 'warning');
  // The templates the packet renders with: --templates, or the format it names.
  const templatesSha256 = formatSha256(s.templates ? loadTemplates(s.templates) : formatOf(packet).templates);
  const cacheKey = { jixiao: VERSION, inputSha256: loaded.sha256!, templatesSha256, fontMapSha256: s.fontMapSha256, fontFacesSha256: s.facesSha256, formats: s.formats, embedFonts: s.embedFonts };
  if (!force && isUpToDate(target, readManifest(target), cacheKey, input.name)) {
    return { report: { file: input.rel, status: 'skipped', reason: 'unchanged', department, year, folder, warnings: warnings.length, warningDetails: warnings.map(toPacketError) } };
  }
  state.runTemp ??= makeRunTemp(s.outDir);
  const task: PacketTask = {
    file: input.rel,
    name: input.name,
    packet: toWire(packet),
    derived: toWire(checked.derived),
    sha256: loaded.sha256!,
    tmpDir: path.join(state.runTemp.dir, String(++state.seq)),
    folder,
    formats: s.formats,
    templates: s.templates,
    fontMap: s.fontMap,
    embedFonts: s.embedFonts,
    jixiao: VERSION,
    templatesSha256,
    fontMapSha256: s.fontMapSha256,
    fontFacesSha256: s.facesSha256,
    warnings,
  };
  return { task, target, department, year };
}

/** The worker pool (made on first use: a run with nothing to render starts no threads). */
function workerPool(s: RunSettings, threads: number, heapMb: number): () => Piscina {
  let pool: Piscina | undefined;
  return () =>
    (pool ??= new Piscina({
      filename: WORKER,
      minThreads: threads,
      maxThreads: threads,
      idleTimeout: 60_000,
      // Rendering allocates many short-lived objects: a young generation above V8's default cuts
      // scavenges, but every MB of it is resident per worker, and V8 lets an unbounded old
      // generation grow lazily. 32 MB young and a capped old generation keep a worker under about
      // 200 MB (measured from sources: 330 MB at 128 MB young and no cap, about 190 MB now).
      resourceLimits: { maxYoungGenerationSizeMb: 32, maxOldGenerationSizeMb: heapMb },
      workerData: { templates: s.templates, fontMap: s.fontMap, fontBytes: shareFontBytes(s.fontMap) } satisfies WorkerOptions,
    }));
}

/** A worker that ran out of heap on this packet, as a packet error (undefined for other errors). */
function outOfMemory(e: unknown): PacketError[] | undefined {
  if ((e as NodeJS.ErrnoException | undefined)?.code !== 'ERR_WORKER_OUT_OF_MEMORY') return undefined;
  return [
    {
      code: 'render.memory',
      zh: '数据过大：渲染这份材料超出了批量工作线程的内存上限（请缩短过长的文字，或单独用 jixiao render 生成）',
      en: 'the data is too large: rendering this packet exceeded a batch worker’s memory limit (shorten the longest texts, or render it alone with jixiao render)',
    },
  ];
}

/** Renders one task on the pool and moves its folder into place; reports the outcome. */
async function renderTask(p: Prepared & { task: PacketTask; target: string }, pool: () => Piscina, state: RunState): Promise<void> {
  let result: PacketTaskResult;
  try {
    result = (await pool().run(p.task)) as PacketTaskResult;
  } catch (e) {
    result = { ok: false, errors: outOfMemory(e) ?? toPacketErrors(e) };
  }
  const base = { department: p.department, year: p.year };
  if (!result.ok) {
    fs.rmSync(p.task.tmpDir, { recursive: true, force: true });
    state.report({ file: p.task.file, status: 'failed', ...base, errors: result.errors });
    return;
  }
  try {
    commitFolder(p.task.tmpDir, p.target, `${p.task.tmpDir}.old`);
  } catch (e) {
    fs.rmSync(p.task.tmpDir, { recursive: true, force: true });
    const msg = (e as Error).message;
    state.report({ file: p.task.file, status: 'failed', ...base, errors: [{ code: 'output.write', zh: `无法写入输出文件夹 ${p.task.folder}：${msg}`, en: `cannot write the output folder ${p.task.folder}: ${msg}` } satisfies PacketError] });
    return;
  }
  state.workerHeapPeak = Math.max(state.workerHeapPeak, result.heapBytes);
  state.report({ file: p.task.file, status: 'ok', ...base, folder: p.task.folder, warnings: result.manifest.warnings.length, warningDetails: result.manifest.warnings.map(toPacketError) });
}

/**
 * Prepares the selected inputs in order and keeps up to two tasks per thread rendering. Returns
 * whether the run was interrupted; inputs not reached are reported as skipped.
 */
async function dispatch(opts: BatchOptions, s: RunSettings, selected: (InputFile | Loaded)[], state: RunState): Promise<boolean> {
  const threads = Math.max(1, opts.threads ?? defaultThreads());
  const pool = workerPool(s, threads, opts.workerHeapMb ?? WORKER_HEAP_MB);
  let started: Piscina | undefined;
  const getPool = () => (started = pool());
  const inflight = new Set<Promise<void>>();
  const inputAt = (i: number): InputFile => {
    const x = selected[i]!;
    return 'input' in x ? x.input : x;
  };
  let i = 0;
  try {
    for (; i < selected.length; i++) {
      if (opts.signal?.aborted) break;
      const x = selected[i]!;
      const prep = prepare('input' in x ? x : loadInput(x, s.templates), s, state, opts.force ?? false);
      selected[i] = inputAt(i); // the parsed packet is the task's now
      if (prep.report) {
        state.report(prep.report);
        // Let finished renders be committed and the progress bar move between cheap steps.
        if (i % 16 === 15) await new Promise((r) => setImmediate(r));
        continue;
      }
      while (inflight.size >= threads * 2) await Promise.race(inflight);
      // Not started when aborted meanwhile: the claim is dropped with it.
      if (opts.signal?.aborted) break;
      const job: Promise<void> = renderTask(prep as Prepared & { task: PacketTask; target: string }, getPool, state).finally(() => inflight.delete(job));
      inflight.add(job);
    }
    await Promise.all(inflight);
  } finally {
    if (started) await started.destroy();
    state.runTemp?.stop();
  }
  if (!(opts.signal?.aborted && i < selected.length)) return false;
  for (; i < selected.length; i++) state.report({ file: inputAt(i).rel, status: 'skipped', reason: 'interrupted' });
  return true;
}

/** Orphaned folders: found by a full run (and pruned on request), carried by an `--only` run. */
function orphansOf(opts: BatchOptions, s: RunSettings, all: readonly InputFile[], state: RunState, interrupted: boolean, previous: BatchSummary | undefined): OrphanFolder[] {
  if (!s.only && !opts.shard && !interrupted) {
    const orphans = findOrphans(s.outDir, { folders: state.runFolders, names: new Set(all.map((f) => f.name)), unknown: state.unknownNames }, folderKey);
    if (!opts.prune || orphans.length === 0) return orphans;
    const trash = makeRunTemp(s.outDir);
    try {
      return pruneOrphans(s.outDir, orphans, trash.dir);
    } finally {
      trash.stop();
    }
  }
  // Still there and still nobody's: the full run's findings stand.
  if (s.only && previous?.orphans) {
    return previous.orphans.filter((o) => !state.runFolders.has(folderKey(o.folder)) && fs.existsSync(path.join(s.outDir, ...o.folder.split('/'), 'manifest.json')));
  }
  return [];
}

/** Runs a batch. Throws JixiaoError only for problems that concern the whole run (bad template folder or font map). */
export async function runBatch(opts: BatchOptions): Promise<BatchOutcome> {
  const t0 = performance.now();
  const s = runSettings(opts);
  // Checked first: Node's recursive mkdir spins forever on some paths (/proc/nope).
  ensureOutDir(s.outDir, { sub: TMP_DIR });
  removeStaleTemps(s.outDir);
  const { all, selected, missing } = selectInputs(opts, s);
  const total = selected.length + missing.length;
  opts.onStart?.(total);
  const state = new RunState(total, opts.onPacket);
  for (const r of missing) state.report(r);
  const interrupted = await dispatch(opts, s, selected, state);

  const runPackets = [...state.reports].sort((a, b) => compareCodePoints(a.file, b.file));
  const summaryFile = path.join(s.outDir, summaryFileName(opts.shard));
  // A filtered or interrupted run keeps the record of the inputs it did not look at.
  const previous = s.only || interrupted ? readSummary(summaryFile) : undefined;
  const packets = carryPrevious(previous?.packets, runPackets, s.only !== undefined);
  const orphans = orphansOf(opts, s, all, state, interrupted, previous);
  const summary: BatchSummary = {
    jixiao: VERSION,
    ...(opts.shard ? { shards: [{ index: opts.shard.index, count: opts.shard.count }] } : s.only && previous?.shards ? { shards: previous.shards } : {}),
    ...(interrupted ? { interrupted } : {}),
    ...(s.onlyLabel !== undefined ? { only: s.onlyLabel } : {}),
    totals: totalsOf(packets),
    packets,
    ...(orphans.length ? { orphans } : {}),
  };
  writeFileAtomic(summaryFile, JSON.stringify(summary, null, 2) + '\n');
  const runTotals = totalsOf(runPackets);
  const pruneFailed = orphans.some((o) => o.pruned === false);
  const exitCode = interrupted ? 130 : runTotals.failed > 0 || pruneFailed ? 1 : 0;
  const carried = packets.filter((p) => p.carried).length;
  return { summary, summaryFile, runTotals, carried, orphans, interrupted, exitCode, ms: performance.now() - t0, workerHeapPeak: state.workerHeapPeak };
}
