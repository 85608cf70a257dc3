/**
 * The `jixiao batch` command's work: many packets into `DIR/<year>/<department>/`, in parallel,
 * with manifests, zips, a summary, skipping of unchanged packets, shards and a summary merge.
 * Loaded only when `batch` runs, so other commands do not pay for its imports.
 */
import fs from 'node:fs';
import path from 'node:path';
import cliProgress from 'cli-progress';
import { JixiaoError } from '../errors.ts';
import { parseFormats } from '../cli/options.ts';
import { writeFileAtomic } from '../util/fs.ts';
import { parseOnly, parseShard } from './inputs.ts';
import { mergeSummaries, type BatchSummary, type OrphanFolder, type PacketReport } from './manifest.ts';
import { removeActiveTemps, runBatch } from './run.ts';
import { ensureOutDir } from './dirs.ts';

/** Options of the `batch` command as commander gives them. */
export interface BatchCliOptions {
  out: string;
  format: string;
  only?: string;
  shard?: string;
  force?: boolean;
  json?: boolean;
  templates?: string;
  fonts?: string;
  embedFonts?: boolean;
  threads?: string;
  mergeSummaries?: string[];
  prune?: boolean;
}

function line(out: NodeJS.WritableStream, text: string): void {
  out.write(text.endsWith('\n') ? text : text + '\n');
}

function describeFailure(r: PacketReport): string {
  const parts = [`✗ ${r.file}`];
  for (const e of r.errors ?? []) {
    const at = e.line ? `:${e.line}:${e.column ?? 1}` : '';
    parts.push(`  ${r.file}${at} ${e.path ?? ''}\n    ${e.zh}\n    ${e.en}`);
  }
  return parts.join('\n');
}

function describeOrphan(o: OrphanFolder): string {
  const was = `${o.folder}（${o.input}${o.department ? `，原部门 was「${o.department}」` : ''}）`;
  if (o.pruned === true) return `已删除 pruned: ${was} — 已无输入生成此文件夹 / no input produces this folder any more`;
  if (o.pruned === false) return `✗ ${was}\n    ${o.error?.zh ?? ''}\n    ${o.error?.en ?? ''}`;
  return (
    `警告 warning: ${was} — 输入 ${o.input} 已改为生成其他部门文件夹（部门改名？），此文件夹已无输入生成；加 --prune 删除\n` +
    `    no input produces this folder any more (${o.input} now renders another department: renamed?); --prune deletes it`
  );
}

async function cmdMerge(files: readonly string[], opts: BatchCliOptions): Promise<number> {
  const parts = files.map((file) => {
    let summary: BatchSummary;
    try {
      summary = JSON.parse(fs.readFileSync(file, 'utf8')) as BatchSummary;
    } catch (e) {
      throw new JixiaoError('input.read', `无法读取汇总文件 ${file}：${(e as Error).message}`, `cannot read summary ${file}: ${(e as Error).message}`);
    }
    return { file, summary };
  });
  const { summary, notes } = mergeSummaries(parts);
  ensureOutDir(path.resolve(opts.out));
  const target = path.join(opts.out, 'summary.json');
  writeFileAtomic(target, JSON.stringify(summary, null, 2) + '\n');
  for (const n of notes) line(process.stderr, `注意 note: ${n}`);
  const t = summary.totals;
  line(process.stderr, `${target}: ${t.packets} 个 / packets — 成功 ok ${t.ok}，失败 failed ${t.failed}，跳过 skipped ${t.skipped}`);
  return t.failed > 0 || notes.length > 0 ? 1 : 0;
}

/** Runs `jixiao batch` with parsed arguments; returns the exit code. */
export async function cmdBatch(inputs: readonly string[], opts: BatchCliOptions): Promise<number> {
  if (opts.mergeSummaries?.length) return cmdMerge([...opts.mergeSummaries, ...inputs], opts);
  if (inputs.length === 0) throw new JixiaoError('cli.inputs', '请给出输入文件、文件夹或通配符', 'give input files, folders or globs');
  const formats = parseFormats(opts.format);
  if (opts.only !== undefined) parseOnly(opts.only); // a bad /regex/ fails before any work
  const shard = opts.shard !== undefined ? parseShard(opts.shard) : undefined;
  const threads = opts.threads !== undefined ? Number(opts.threads) : undefined;
  if (threads !== undefined && !(Number.isInteger(threads) && threads >= 1)) {
    throw new JixiaoError('cli.threads', `--threads 应为正整数，实际为「${opts.threads}」`, `--threads must be a positive integer, got "${opts.threads}"`);
  }
  const jsonLines = Boolean(opts.json) || !process.stdout.isTTY;
  const showBar = !opts.json && Boolean(process.stderr.isTTY);
  const bar = showBar
    ? new cliProgress.SingleBar(
        { format: '{bar} {value}/{total} 个 packets | {eta_formatted} | {file}', stream: process.stderr, hideCursor: true, clearOnComplete: false },
        cliProgress.Presets.shades_classic,
      )
    : undefined;

  const controller = new AbortController();
  let sigints = 0;
  const onSigint = () => {
    sigints++;
    if (sigints === 1) {
      controller.abort();
      bar?.stop();
      line(process.stderr, '已中断：等待正在生成的文件完成… / interrupted: waiting for packets being rendered… (Ctrl-C again to quit now)');
    } else {
      // Second Ctrl-C: leave now; packet folders are only ever renamed into place, so none is half-written.
      try {
        removeActiveTemps();
      } catch {
        /* nothing to remove */
      }
      process.exit(130);
    }
  };
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigint);
  const failures: PacketReport[] = [];
  try {
    const outcome = await runBatch({
      inputs,
      out: opts.out,
      formats,
      only: opts.only,
      shard,
      prune: opts.prune,
      force: opts.force,
      templates: opts.templates,
      fontMap: opts.fonts,
      embedFonts: opts.embedFonts,
      threads,
      signal: controller.signal,
      onStart: (total) => bar?.start(total, 0, { file: '' }),
      onPacket: (r) => {
        if (r.status === 'failed') failures.push(r);
        if (jsonLines) line(process.stdout, JSON.stringify(r));
        if (bar && !controller.signal.aborted) bar.increment({ file: r.file });
      },
    });
    bar?.stop();
    if (!opts.json) for (const f of failures) line(process.stderr, describeFailure(f));
    for (const o of outcome.orphans) line(process.stderr, describeOrphan(o));
    const t = outcome.runTotals;
    const rate = (t.ok / (outcome.ms / 1000)).toFixed(1);
    line(
      process.stderr,
      `${outcome.summaryFile}: ${t.packets} 个 / packets — 成功 ok ${t.ok}，失败 failed ${t.failed}，跳过 skipped ${t.skipped}` +
        `（${(outcome.ms / 1000).toFixed(1)} s，${rate} 个/秒 packets/s，峰值内存 peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB）` +
        `${outcome.interrupted ? ' — 已中断 interrupted' : ''}` +
        (outcome.carried ? `；汇总保留了此前的 ${outcome.carried} 条记录 / the summary keeps ${outcome.carried} entries of earlier runs` : ''),
    );
    return outcome.exitCode;
  } finally {
    bar?.stop();
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigint);
  }
}
