/**
 * `jixiao batch`: many packets into `DIR/<year>/<department>/`, in parallel, with manifests,
 * zips, a summary, skipping of unchanged packets, shards and a summary merge.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Option, type Command } from 'commander';
import cliProgress from 'cli-progress';
import { JixiaoError } from '../errors.ts';
import { parseFormats } from '../cli/main.ts';
import { writeFileAtomic } from '../util/fs.ts';
import { parseOnly, parseShard } from './inputs.ts';
import { mergeSummaries, type BatchSummary, type PacketReport } from './manifest.ts';
import { runBatch, TMP_DIR } from './run.ts';

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
  const only = opts.only !== undefined ? parseOnly(opts.only) : undefined;
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
  const outDir = path.resolve(opts.out);
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
        for (const n of fs.readdirSync(path.join(outDir, TMP_DIR))) {
          if (n.startsWith(`${process.pid}-`)) fs.rmSync(path.join(outDir, TMP_DIR, n), { recursive: true, force: true });
        }
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
      only,
      shard,
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
    const t = outcome.summary.totals;
    const rate = (t.ok / (outcome.ms / 1000)).toFixed(1);
    line(
      process.stderr,
      `${outcome.summaryFile}: ${t.packets} 个 / packets — 成功 ok ${t.ok}，失败 failed ${t.failed}，跳过 skipped ${t.skipped}` +
        `（${(outcome.ms / 1000).toFixed(1)} s，${rate} 个/秒 packets/s，峰值内存 peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB）` +
        `${outcome.interrupted ? ' — 已中断 interrupted' : ''}`,
    );
    return outcome.exitCode;
  } finally {
    bar?.stop();
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigint);
  }
}

/** Registers the `batch` command on the CLI program; `run` is main.ts's exit-code wrapper. */
export function registerBatch(program: Command, run: (f: () => number | Promise<number>) => () => Promise<void>): void {
  program
    .command('batch')
    .description('批量生成：每个部门一个文件夹（含清单和压缩包），并行、可续跑 / render many packets into DIR/<year>/<department>/')
    .argument('[inputs...]', '输入文件、文件夹或通配符 / input files, folders or globs')
    .addOption(new Option('-o, --out <dir>', '输出目录 / output folder').default('out'))
    .addOption(new Option('-f, --format <list>', '格式 / formats: pdf,docx').default('pdf,docx'))
    .option('--only <filter>', '只处理名称含此文字（或匹配 /正则/）的部门 / departments containing this text, or matching /regex/')
    .option('--shard <i/n>', '只处理第 i 个分片（从 0 起，共 n 片）/ render shard i of n (0-based)')
    .option('--force', '全部重新生成（不跳过未变化的）/ render unchanged packets too')
    .option('--json', '每个部门输出一行 JSON / one JSON line per packet on stdout')
    .option('--threads <n>', '工作线程数（默认为 CPU 核数）/ worker threads (default: all cores)')
    .option('--templates <dir>', '自定义模板目录 / your own template folder')
    .option('--fonts <file>', '自定义字体映射 / your own font map (JSON)')
    .option('--embed-fonts', 'Word 文件内嵌开源字体 / embed open fonts into DOCX')
    .option('--merge-summaries <files...>', '合并各分片的 summary 文件到 DIR/summary.json / merge shard summaries into DIR/summary.json')
    .action((inputs: string[], opts: BatchCliOptions) => run(() => cmdBatch(inputs, opts))());
}
