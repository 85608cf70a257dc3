/**
 * Registers `jixiao batch` on the CLI. The command's modules (worker pool, globbing, progress bar)
 * are imported only when it runs, so `jixiao render` starts as fast as before.
 */
import type { Command } from 'commander';
import { addRenderOptions } from '../cli/options.ts';
import type { BatchCliOptions } from './command.ts';

/** Registers the `batch` command on the CLI program; `run` is main.ts's exit-code wrapper. */
export function registerBatch(program: Command, run: (f: () => number | Promise<number>) => () => Promise<void>): void {
  addRenderOptions(
    program
      .command('batch')
      .description('批量生成：每个部门一个文件夹（含清单和压缩包），并行、可续跑 / render many packets into DIR/<year>/<department>/')
      .argument('[inputs...]', '输入文件、文件夹或通配符 / input files, folders or globs'),
  )
    .option('--only <filter>', '只处理名称含此文字（或匹配 /正则/）的部门 / departments containing this text, or matching /regex/')
    .option('--shard <i/n>', '只处理第 i 个分片（从 0 起，共 n 片；按部门文件夹分配）/ render shard i of n (0-based; assigned by department folder)')
    .option('--force', '全部重新生成（不跳过未变化的）/ render unchanged packets too')
    .option('--prune', '删除因部门改名而无输入生成的旧文件夹（仅完整运行）/ delete packet folders left by renamed departments (full runs only)')
    .option('--json', '每个部门输出一行 JSON / one JSON line per packet on stdout')
    .option('--threads <n>', '工作线程数（默认为可用核数，并按内存限制）/ worker threads (default: usable cores, as many as fit in memory)')
    .option('--merge-summaries <files...>', '合并各分片的 summary 文件到 DIR/summary.json / merge shard summaries into DIR/summary.json')
    .action((inputs: string[], opts: BatchCliOptions) => run(async () => (await import('./command.ts')).cmdBatch(inputs, opts))());
}
