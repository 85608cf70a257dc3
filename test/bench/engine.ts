/**
 * The layout engine's bench sections (`npm run bench` imports engineBench; also runnable alone:
 * `npx tsx test/bench/engine.ts`):
 *
 *  - warm 附件2 PDF through createRenderer: a full render, and a render after a one-field edit;
 *    where the time goes (check, templates, layout, cut, PDF writer)
 *  - the whole packet warm (both attachments, PDF and DOCX)
 *  - batch packets/s over generated departments, peak memory of the batch process and per worker
 *  - a scaling series: one report field of 25k, 100k, 400k, 1.6M characters, with the time ratio
 *    between steps (linear = about 4x per 4x step)
 *
 * Not a test: figures depend on the machine. Sizes shrink with BENCH_QUICK=1 (a check that it
 * runs). `--batch-child N IN OUT` is an internal mode: one batch run in a fresh process, so its
 * peak RSS is the batch's own.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRenderer, type Renderer } from '../../src/render/index.ts';
import { readPacketFile } from '../../src/model/parse.ts';
import type { Packet } from '../../src/model/schema.ts';
import { renderDocuments } from '../../src/templates/index.ts';
import { layoutDocument } from '../../src/layout/index.ts';
import { planCuts } from '../../src/cut/index.ts';
import { writePdf } from '../../src/pdf/index.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
const SAMPLE = path.join(ROOT, 'fixtures/sample.yaml');
const QUICK = process.env.BENCH_QUICK === '1';

/** Targets of issue 12 (on the 2-core machine). */
export const ENGINE_TARGETS = { warmPdfMs: 40, editPdfMs: 30, batchPerSec: 20, workerMb: 200, stepRatio: 5 } as const;

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const ms = (x: number) => `${x.toFixed(1)} ms`;
const ok = (pass: boolean) => (pass ? '✅' : '❌');

/** Wall and CPU time (user + system, all threads of this process) of one call, in ms. */
async function timed(f: () => Promise<unknown>): Promise<{ wall: number; cpu: number }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await f();
  const c = process.cpuUsage(c0);
  return { wall: performance.now() - t0, cpu: (c.user + c.system) / 1000 };
}

/** The packet with one field changed: the last overview paragraph gets `tag` appended. */
function edited(packet: Packet, tag: string): Packet {
  const overview = [...packet.report.overview];
  overview[overview.length - 1] = overview[overview.length - 1] + tag;
  return { ...packet, report: { ...packet.report, overview } };
}

/** The packet with one report paragraph of `n` characters (the work summary). */
function withLongField(packet: Packet, n: number): Packet {
  const phrase = '推进国际交流合作，完善城市治理体系。提升公共服务水平2023年，APEC商务卡974人次；';
  const text = phrase.repeat(Math.ceil(n / phrase.length)).slice(0, n);
  return { ...packet, report: { ...packet.report, work: [text] } };
}

const A2 = { formats: ['pdf'] as const, documents: ['attachment2'] };

/** Warm 附件2 PDF: full and after a one-field edit, plus the stages of one render. */
async function warmSections(r: Renderer, packet: Packet, runs: number) {
  for (let i = 0; i < 5; i++) await r.render(packet, A2);
  const full: { wall: number; cpu: number }[] = [];
  const edit: { wall: number; cpu: number }[] = [];
  for (let i = 0; i < runs; i++) {
    full.push(await timed(() => r.render(packet, A2)));
    // Each edit is new to the memos; the render before it had the unedited packet.
    edit.push(await timed(() => r.render(edited(packet, `（${i}）`), A2)));
  }
  const whole: number[] = [];
  for (let i = 0; i < Math.max(5, runs >> 1); i++) whole.push((await timed(() => r.render(packet))).wall);

  // Where the time of a warm full render goes (the same calls the renderer makes, memos warm).
  const stages: Record<string, number[]> = {};
  const t = async <T>(k: string, f: () => T | Promise<T>): Promise<T> => {
    const t0 = performance.now();
    const v = await f();
    (stages[k] ??= []).push(performance.now() - t0);
    return v;
  };
  for (let i = 0; i < runs; i++) {
    const checked = await t('check (with glyphs)', () => r.check(packet, undefined, ['pdf']));
    const set = { ...r.templates, documents: r.templates.documents.filter((d) => d.id === 'attachment2') };
    const [d] = await t('templates + markup', () => renderDocuments(packet, checked.derived, set));
    const laid = await t('layout (no memo)', () => layoutDocument(d!.document, r.fonts));
    await t('cut plan', () => planCuts(d!.document, laid));
    await t('PDF writer (caches warm)', () => writePdf(laid, d!.document.meta, r.fonts));
  }
  return {
    full: { wall: median(full.map((x) => x.wall)), cpu: median(full.map((x) => x.cpu)) },
    edit: { wall: median(edit.map((x) => x.wall)), cpu: median(edit.map((x) => x.cpu)) },
    whole: median(whole),
    stages: Object.fromEntries(Object.entries(stages).map(([k, v]) => [k, median(v)])),
  };
}

/**
 * One field of n characters through layout and the PDF writer, for each n. The check is left
 * out on purpose (a format's length limit refuses such a field there): this measures the engine.
 */
async function scalingSeries(packet: Packet, sizes: readonly number[]) {
  const out: { n: number; ms: number; ratio?: number }[] = [];
  // Warm the JIT on a mid-sized field first, so the smallest step is not the slowest.
  await createRenderer().render(withLongField(packet, sizes[0]!), { ...A2, checked: createRenderer().check(packet, undefined, ['pdf']) });
  for (const n of sizes) {
    const r = createRenderer();
    const checked = r.check(packet, undefined, ['pdf']);
    const long = withLongField(packet, n);
    // Best of two, each from a fresh renderer (nothing memoized), so a stray GC or neighbour does not decide a ratio.
    const once = async () => (await timed(() => createRenderer().render(long, { ...A2, checked }))).wall;
    const wall = Math.min(await once(), await once());
    const prev = out[out.length - 1];
    out.push({ n, ms: wall, ...(prev ? { ratio: wall / prev.ms } : {}) });
  }
  return out;
}

/** One batch run over `count` generated departments in a fresh process with `threads` workers. */
async function batchRun(count: number, tmp: string, threads: number): Promise<{ perSec: number; steadyPerSec: number; firstMs: number; ms: number; rssMb: number; workerHeapMb: number; threads: number }> {
  const { generatePackets } = await import('../helpers/generate.ts');
  const inDir = path.join(tmp, `batch-in-${count}`);
  if (!fs.existsSync(inDir)) generatePackets(SAMPLE, inDir, count);
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--batch-child', String(count), inDir, path.join(tmp, `batch-out-${threads}`)], {
    cwd: ROOT,
    env: { ...process.env, BENCH_THREADS: String(threads) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`batch child exited ${code}`);
  return JSON.parse(stdout.trim().split('\n').pop()!) as Awaited<ReturnType<typeof batchRun>>;
}

/** The batch child: runs the batch, prints its figures as JSON. */
async function batchChild(count: number, inDir: string, outDir: string): Promise<void> {
  // The built package (npm run bench builds first): workers start from dist/, as installed, not
  // from the TypeScript sources through tsx.
  const { runBatch } = (await import(pathToFileURL(path.join(ROOT, 'dist', 'index.js')).href)) as typeof import('../../src/index.ts');
  const threads = Number(process.env.BENCH_THREADS ?? 2);
  const t0 = performance.now();
  const at: number[] = [];
  const res = await runBatch({ inputs: [inDir], out: outDir, threads, force: true, onPacket: () => at.push(performance.now() - t0) });
  // Steady rate: from the first quarter on, past the workers' start-up.
  const q = Math.floor(at.length / 4);
  const steadyPerSec = (at.length - 1 - q) / ((at[at.length - 1]! - at[q]!) / 1000);
  if (res.runTotals.ok !== count) throw new Error(`batch: ${res.runTotals.ok}/${count} ok`);
  const rssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(
    JSON.stringify({
      perSec: count / (res.ms / 1000),
      steadyPerSec,
      firstMs: at[0] ?? 0,
      ms: res.ms,
      rssMb,
      workerHeapMb: res.workerHeapPeak / 1e6,
      threads,
    }) + '\n',
  );
}

/** Runs every engine section and returns the Markdown rows (label, value, target, pass) and notes. */
export async function engineBench(opts: { log?: (s: string) => void; tmp?: string } = {}): Promise<{ rows: string[][]; notes: string[] }> {
  const log = opts.log ?? ((s: string) => process.stderr.write(s + '\n'));
  const tmp = opts.tmp ?? fs.mkdtempSync(path.join(os.tmpdir(), 'jixiao-engine-bench-'));
  const packet = readPacketFile(SAMPLE).packet!;
  const r = createRenderer();
  const runs = QUICK ? 5 : 30;
  const w = await warmSections(r, packet, runs);
  log(`warm 附件2 PDF ${ms(w.full.wall)} (cpu ${ms(w.full.cpu)}), after an edit ${ms(w.edit.wall)} (cpu ${ms(w.edit.cpu)}), packet ${ms(w.whole)}`);
  const sizes = QUICK ? [2_500, 10_000, 40_000] : [25_000, 100_000, 400_000, 1_600_000];
  const scale = await scalingSeries(packet, sizes);
  log(`scaling: ${scale.map((s) => `${s.n}: ${ms(s.ms)}${s.ratio ? ` (×${s.ratio.toFixed(2)})` : ''}`).join(', ')}`);
  const count = QUICK ? 20 : 200;
  const b = await batchRun(count, tmp, 2);
  // A worker's memory: what a second worker adds to the peak RSS (threads share one process).
  const one = await batchRun(QUICK ? 20 : 60, tmp, 1);
  const two = QUICK ? b : await batchRun(60, tmp, 2);
  const perWorkerMb = two.rssMb - one.rssMb;
  log(`batch: ${count} packets, ${b.perSec.toFixed(1)}/s (steady ${b.steadyPerSec.toFixed(1)}/s), peak RSS ${b.rssMb.toFixed(0)} MB (1 worker ${one.rssMb.toFixed(0)} MB), worker heap peak ${b.workerHeapMb.toFixed(0)} MB`);
  const worstRatio = Math.max(...scale.map((s) => s.ratio ?? 0));
  const rows: string[][] = [
    ['Warm 附件2 PDF (createRenderer, median)', `${ms(w.full.wall)} (CPU ${ms(w.full.cpu)})`, `≤ ${ENGINE_TARGETS.warmPdfMs} ms`, ok(w.full.wall <= ENGINE_TARGETS.warmPdfMs)],
    ['— after a one-field edit', `${ms(w.edit.wall)} (CPU ${ms(w.edit.cpu)})`, `≤ ${ENGINE_TARGETS.editPdfMs} ms`, ok(w.edit.wall <= ENGINE_TARGETS.editPdfMs)],
    ...Object.entries(w.stages).map(([k, v]) => [`— stage: ${k}`, ms(v), '', '']),
    ['Whole packet warm (2 attachments, PDF + DOCX)', ms(w.whole), '', ''],
    [`Batch (${count} departments, ${b.threads} workers), steady rate`, `${b.steadyPerSec.toFixed(1)} packets/s`, `≥ ${ENGINE_TARGETS.batchPerSec}/s`, ok(b.steadyPerSec >= ENGINE_TARGETS.batchPerSec)],
    ['— whole run, start-up included (first packet after)', `${b.perSec.toFixed(1)} packets/s (${(b.firstMs / 1000).toFixed(1)} s)`, '', ''],
    ['— peak RSS of the batch process / added by a second worker', `${b.rssMb.toFixed(0)} MB / ${perWorkerMb.toFixed(0)} MB`, `< ${ENGINE_TARGETS.workerMb} MB per worker`, ok(perWorkerMb < ENGINE_TARGETS.workerMb)],
    ['— largest worker V8 heap after a packet', `${b.workerHeapMb.toFixed(0)} MB`, '', ''],
    ...scale.map((s) => [`One field of ${s.n.toLocaleString('en')} characters (附件2 PDF)`, `${ms(s.ms)}${s.ratio ? ` (×${s.ratio.toFixed(2)} the step before)` : ''}`, s.ratio ? `≤ ×${ENGINE_TARGETS.stepRatio}` : '', s.ratio ? ok(s.ratio <= ENGINE_TARGETS.stepRatio) : '']),
  ];
  const notes = [
    `Scaling: worst step ×${worstRatio.toFixed(2)} for 4× the text; the check is left out of that series (a format's length limit refuses such fields at check).`,
    'Warm figures: the renderer keeps fonts, templates, layout memos and PDF stream/subset caches; the edit appends to one report paragraph.',
    'Batch: the built package (dist/), two worker threads, generated departments; the steady rate is taken past the first quarter of the run (workers warming up).',
  ];
  return { rows, notes };
}

async function main(): Promise<void> {
  const i = process.argv.indexOf('--batch-child');
  if (i >= 0) {
    const [count, inDir, outDir] = process.argv.slice(i + 1);
    await batchChild(Number(count), inDir!, outDir!);
    return;
  }
  const { rows, notes } = await engineBench();
  process.stdout.write(['| What | Measured | Target | |', '|---|---|---|---|', ...rows.map((r) => `| ${r.join(' | ')} |`), '', ...notes].join('\n') + '\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    process.stderr.write(String(e?.stack ?? e) + '\n');
    process.exit(1);
  });
}
