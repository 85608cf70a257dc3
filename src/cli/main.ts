/**
 * The `jixiao` command line. Each command lives in its own module (src/cli/<command>.ts, exporting
 * `run(...) → exit status`), imported inside its action only, so `--help` and `--version` load
 * nothing but commander, and `check` never loads pdfkit or docx. Exit statuses: src/cli/exit.ts.
 *
 * Adding a command: register it in buildProgram() below with `.action(act(async (...) =>
 * (await import('./<command>.ts')).run(...)))`. Keep the import a literal string inside the
 * action (the build bundles it as a lazily loaded chunk); never import a command module at the top.
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { JixiaoError } from '../errors.ts';
import { EXIT, exitStatusOf } from './exit.ts';
import { addRenderOptions } from './options.ts';
import { print } from './output.ts';
import { bilingual } from './usage.ts';
import { packagePath } from '../util/paths.ts';
import type { CheckCliOptions } from './check.ts';
import type { RenderCliOptions } from './render.ts';
import type { InitCliOptions } from './init.ts';
import type { BatchCliOptions } from './batch.ts';
import type { ImportCliOptions } from './import.ts';
import type { ExportCliOptions } from './export.ts';
import type { ServeCliOptions } from './serve.ts';

/** The package's version, from its package.json (found wherever the code runs from). */
function version(): string {
  return (JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as { version: string }).version;
}

export { EXIT } from './exit.ts';

/**
 * The commander program. `act` wraps an action so that its exit status is kept for main(); every
 * command's action is `act(async (...) => (await import('./<command>.ts')).run(...))`.
 */
export function buildProgram(programVersion: string): { program: Command; exitCode: () => number } {
  const program = new Command('jixiao')
    .description('部门整体预算绩效材料生成器：附件1 申报表与附件2 自评报告（PDF/Word）\nGenerates the budget-performance attachments as PDF and DOCX.')
    .version(programVersion, '-V, --version', '显示版本 / print the version')
    .helpOption('-h, --help', '显示帮助 / show help')
    .helpCommand('help [command]', '显示命令的帮助 / show help for a command')
    .exitOverride()
    .configureOutput({
      writeErr: (s) => process.stderr.write(s),
      outputError: (s, write) => write(bilingual(s, program.commands.map((c) => c.name()).filter((n) => n !== 'help'))),
    });
  let code: number = EXIT.ok;
  const act =
    <A extends unknown[]>(f: (...args: A) => Promise<number>) =>
    async (...args: A): Promise<void> => {
      code = await f(...args);
    };

  program
    .command('check')
    .description('检查输入文件并列出错误和警告 / check an input file')
    .argument('<file>', '输入文件（YAML 或 JSON）/ input file')
    .option('--json', '输出机器可读的 JSON / machine-readable output')
    .option('--fonts <file>', '自定义字体映射（检查字形）/ your own font map (glyph check)')
    .option('--templates <dir>', '格式文件夹（按此格式读取）/ format folder to read the packet with')
    .action(act(async (file: string, opts: CheckCliOptions) => (await import('./check.ts')).run(file, opts)));

  addRenderOptions(
    program
      .command('render')
      .description('生成附件1、附件2 的 PDF 和 Word 文件 / render the attachments')
      .argument('<file>', '输入文件（YAML 或 JSON）/ input file'),
  ).action(act(async (file: string, opts: RenderCliOptions) => (await import('./render.ts')).run(file, opts)));

  program
    .command('init')
    .description('生成填写模板（含全部字段和中文说明）及 packet.schema.json / write a starter input file and packet.schema.json')
    .option('--year <year>', '年度：格式的第一个年度字段，guangzhou 为预算年度 / the format\'s first year (guangzhou: budget year)')
    .option('--department <name>', '部门名称 / department name')
    .addOption(new Option('-o, --out <file>', '输出文件 / output file').default('packet.yaml'))
    .option('--force', '覆盖已有文件（两个文件都覆盖）/ overwrite both files')
    .option('--format <id>', '格式（jixiao formats 列出可用格式），默认 guangzhou / format id or folder')
    .action(act(async (opts: InitCliOptions) => (await import('./init.ts')).run(opts)));

  program
    .command('schema')
    .description('输出输入文件的 JSON Schema / print the JSON Schema of the input')
    .option('--format <id>', '格式，默认 guangzhou / format id or folder')
    .action(act(async (opts: { format?: string }) => (await import('./schema.ts')).run(opts)));

  program
    .command('formats')
    .description('列出可用的格式及其文件 / list the formats and their documents')
    .option('--json', '输出 JSON / machine-readable output')
    .action(act(async (opts: { json?: boolean }) => (await import('./formats.ts')).run(opts)));

  program
    .command('new-format')
    .description('复制一个格式，供本单位修改 / copy a format to adapt it')
    .argument('<name>', '新格式的文件夹 / folder of the new format')
    .option('--from <id>', '从哪个格式复制 / format to copy', 'guangzhou')
    .option('--force', '覆盖已有文件夹 / overwrite')
    .action(act(async (name: string, opts: { from: string; force?: boolean }) => (await import('./new-format.ts')).run(name, opts)));

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
    .action(act(async (inputs: string[], opts: BatchCliOptions) => (await import('./batch.ts')).run(inputs, opts)));

  program
    .command('import')
    .description('导入 Word 自评报告、Word/Excel 申报表，生成输入文件 / import a Word report and a Word/Excel declaration into a packet YAML')
    .argument('<files...>', '.docx / .xlsx 文件 / files')
    .option('--format <id>', '格式编号或格式文件夹（jixiao formats 列出）；缺省时按文件内容自动判断 / format id or folder (default: the shipped format that reads the files best)')
    .option('-o, --out <file>', '输出 YAML（缺省输出到屏幕）/ output YAML (default: stdout)')
    .option('--force', '覆盖已有文件 / overwrite')
    .option('--json', '输出机器可读的导入结果 / machine-readable result')
    .action(act(async (files: string[], opts: ImportCliOptions) => (await import('./import.ts')).run(files, opts)));

  program
    .command('export')
    .description('导出申报表为 Excel 工作簿 / export the declaration as an Excel workbook')
    .argument('<file>', '输入文件（YAML 或 JSON）/ input file')
    .option('--xlsx', 'Excel 工作簿 / Excel workbook')
    .option('-o, --out <file>', '输出文件 / output file')
    .option('--force', '覆盖已有文件 / overwrite')
    .action(act(async (file: string, opts: ExportCliOptions) => (await import('./export.ts')).run(file, opts)));

  program
    .command('serve')
    .description('打开填报工作台（本机网页：按纸质表格填写、实时检查和预览）/ open the workbench in your browser')
    .argument('[path]', '部门文件或文件夹（默认当前文件夹）/ a packet file or a folder (default: here)')
    .option('--port <n>', '端口（默认 4000，0 = 任意空闲端口）/ port (default 4000, 0 = any free port)')
    .option('--host <address>', '监听地址（默认 127.0.0.1；其他地址会让同网络的人访问）/ address to listen on (default 127.0.0.1)')
    .option('--format <id>', '新建和导入文件默认的格式（默认 guangzhou；页面上可另选）/ format new and imported files start from')
    .option('--templates <dir>', '模板文件夹 / template folder')
    .option('--fonts <file>', '自定义字体映射 / your own font map')
    .action(act(async (target: string | undefined, opts: ServeCliOptions) => (await import('./serve.ts')).run(target, opts)));

  return { program, exitCode: () => code };
}

/** Runs the CLI with argv (without node and script) and returns the exit status. */
export async function main(argv: readonly string[]): Promise<number> {
  const { program, exitCode } = buildProgram(version());
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode();
  } catch (e) {
    // --help and --version end here with status 0; every other commander error is a usage error.
    if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    if (e instanceof JixiaoError) {
      print(process.stderr, `错误 error: ${e.zh}\n${e.en}`);
      return exitStatusOf(e);
    }
    throw e;
  }
}
