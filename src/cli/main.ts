#!/usr/bin/env node
/**
 * The `jixiao` command line. User mistakes print a bilingual message (no stack trace) and exit
 * non-zero: 1 for errors in the data, 2 when a file cannot be read or parsed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { JixiaoError } from '../errors.ts';
import { readPacketFile } from '../model/parse.ts';
import { loadFontSet } from '../fonts/index.ts';
import { checkPacket } from '../check/index.ts';
import { formatDiagnostic, type Diagnostic } from '../check/diagnostic.ts';
import { packetJsonSchema } from '../model/json-schema.ts';
import { starterPacket } from '../model/init.ts';
import { writeFileAtomic } from '../util/fs.ts';
import { safeFileName } from '../util/names.ts';
import { createRenderer, type Format } from '../render/index.ts';
import { addRenderOptions, parseFormats } from './options.ts';

export { parseFormats };
import { registerBatch } from '../batch/cli.ts';

/** Exit codes. */
export const EXIT = { ok: 0, errors: 1, unreadable: 2 } as const;

function print(out: NodeJS.WritableStream, text: string): void {
  out.write(text.endsWith('\n') ? text : text + '\n');
}

function summary(diags: readonly Diagnostic[]): string {
  const e = diags.filter((d) => d.severity === 'error').length;
  const w = diags.length - e;
  return `${e} 个错误，${w} 个警告 / ${e} error(s), ${w} warning(s)`;
}

async function cmdCheck(file: string, opts: { json?: boolean; fonts?: string }): Promise<number> {
  let parsed;
  try {
    parsed = readPacketFile(file);
  } catch (e) {
    // A scheduled job reading --json gets JSON for an unreadable file too.
    if (!(opts.json && e instanceof JixiaoError)) throw e;
    const d: Diagnostic = { severity: 'error', code: e.code, path: '', zh: e.zh, en: e.en, ...(e.location ?? {}) };
    print(process.stdout, JSON.stringify({ file, ok: false, errors: 1, warnings: 0, diagnostics: [d] }));
    return EXIT.unreadable;
  }
  const fonts = loadFontSet(opts.fonts);
  const diagnostics = parsed.packet ? checkPacket(parsed.packet, parsed.locate, { fonts }).diagnostics : parsed.diagnostics;
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  if (opts.json) {
    print(process.stdout, JSON.stringify({ file, ok: errors === 0, errors, warnings: diagnostics.length - errors, diagnostics }));
  } else {
    for (const d of diagnostics) print(process.stdout, formatDiagnostic(d, file));
    print(process.stdout, `${file}: ${summary(diagnostics)}`);
  }
  return errors ? EXIT.errors : EXIT.ok;
}

interface RenderCliOptions {
  out: string;
  format: string;
  templates?: string;
  fonts?: string;
  embedFonts?: boolean;
}

async function cmdRender(file: string, opts: RenderCliOptions): Promise<number> {
  const formats = parseFormats(opts.format);
  const parsed = readPacketFile(file);
  if (!parsed.packet) {
    for (const d of parsed.diagnostics) print(process.stderr, formatDiagnostic(d, file));
    print(process.stderr, `${file}: ${summary(parsed.diagnostics)}；未生成文件 / nothing rendered`);
    return EXIT.errors;
  }
  // Checked once, with line numbers for the messages; the renderer takes the result as is.
  const renderer = createRenderer({ templates: opts.templates, fontMap: opts.fonts, embedDocxFonts: opts.embedFonts });
  const checked = renderer.check(parsed.packet, parsed.locate, formats);
  const findings = checked.diagnostics;
  for (const d of findings) print(process.stderr, formatDiagnostic(d, file));
  if (findings.some((d) => d.severity === 'error')) {
    print(process.stderr, `${file}: ${summary(findings)}；未生成文件 / nothing rendered`);
    return EXIT.errors;
  }
  const result = await renderer.render(parsed.packet, { formats, checked });
  for (const f of result.files) {
    const target = path.join(opts.out, safeFileName(f.baseName, `.${f.format}`));
    writeFileAtomic(target, f.bytes);
    print(process.stdout, target);
  }
  return EXIT.ok;
}

function cmdInit(opts: { year?: string; department?: string; out: string; force?: boolean }): number {
  const year = opts.year ? Number(opts.year) : new Date().getFullYear() + 1;
  if (!Number.isInteger(year) || year < 2000 || year > 2100) {
    throw new JixiaoError('cli.year', `--year 应为 2000–2100 之间的年份，实际为「${opts.year}」`, `--year must be a year between 2000 and 2100, got "${opts.year}"`);
  }
  if (fs.existsSync(opts.out) && !opts.force) {
    throw new JixiaoError('cli.exists', `文件 ${opts.out} 已存在；如需覆盖请加 --force`, `${opts.out} exists; add --force to overwrite`);
  }
  writeFileAtomic(opts.out, starterPacket({ year, department: opts.department }));
  const schemaFile = path.join(path.dirname(opts.out), 'packet.schema.json');
  writeFileAtomic(schemaFile, JSON.stringify(packetJsonSchema(), null, 2) + '\n');
  print(process.stderr, `已写入 wrote ${opts.out} 和 and ${schemaFile}`);
  return EXIT.ok;
}

export function buildProgram(): { program: Command; exitCode: () => number } {
  const program = new Command('jixiao')
    .description('部门整体预算绩效材料生成器：附件1 申报表与附件2 自评报告（PDF/Word）\nGenerates the budget-performance attachments as PDF and DOCX.')
    .version('0.1.0')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  let code: number = EXIT.ok;
  const run = (f: () => number | Promise<number>) => async () => {
    code = await f();
  };
  program
    .command('check')
    .description('检查输入文件并列出错误和警告 / check an input file')
    .argument('<file>', '输入文件（YAML 或 JSON）/ input file')
    .option('--json', '输出机器可读的 JSON / machine-readable output')
    .option('--fonts <file>', '自定义字体映射（检查字形）/ your own font map (glyph check)')
    .action((file: string, opts: { json?: boolean; fonts?: string }) => run(() => cmdCheck(file, opts))());
  addRenderOptions(
    program
      .command('render')
      .description('生成附件1、附件2 的 PDF 和 Word 文件 / render the attachments')
      .argument('<file>', '输入文件（YAML 或 JSON）/ input file'),
  ).action((file: string, opts: RenderCliOptions) => run(() => cmdRender(file, opts))());
  program
    .command('init')
    .description('生成填写模板（含全部字段和中文说明）/ write a starter input file')
    .option('--year <year>', '预算年度 / budget year')
    .option('--department <name>', '部门名称 / department name')
    .addOption(new Option('-o, --out <file>', '输出文件 / output file').default('packet.yaml'))
    .option('--force', '覆盖已有文件 / overwrite')
    .action((opts) => run(() => cmdInit(opts))());
  program
    .command('schema')
    .description('输出输入文件的 JSON Schema / print the JSON Schema of the input')
    .action(() => run(() => (print(process.stdout, JSON.stringify(packetJsonSchema(), null, 2)), EXIT.ok))());
  registerBatch(program, run);
  return { program, exitCode: () => code };
}

/** Runs the CLI with argv (without node and script) and returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const { program, exitCode } = buildProgram();
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode();
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : EXIT.unreadable;
    if (e instanceof JixiaoError) {
      print(process.stderr, `错误 error: ${e.zh}\n${e.en}`);
      return e.code.startsWith('input.') ? EXIT.unreadable : EXIT.errors;
    }
    throw e;
  }
}

const isEntry = process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname);
if (isEntry) {
  main(process.argv.slice(2)).then((c) => process.exit(c));
}
