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
import { DEFAULT_FORMAT } from '../format/index.ts';
import { writeFileAtomic } from '../util/fs.ts';
import { safeFileName } from '../util/names.ts';
import { render, type Format } from '../render/index.ts';
import { addRenderOptions } from './options.ts';
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

async function cmdCheck(file: string, opts: { json?: boolean; fonts?: string; templates?: string }): Promise<number> {
  let parsed;
  try {
    parsed = readPacketFile(file, opts.templates ? { using: path.resolve(opts.templates) } : {});
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

/** Parses `--format pdf,docx`. */
export function parseFormats(value: string): Format[] {
  const parts = value.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  const bad = parts.filter((p) => p !== 'pdf' && p !== 'docx');
  if (bad.length || parts.length === 0) {
    throw new JixiaoError('cli.format', `--format 只能是 pdf、docx 或 pdf,docx，实际为「${value}」`, `--format must be pdf, docx or pdf,docx, got "${value}"`);
  }
  return [...new Set(parts)] as Format[];
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
  // --templates names the format folder: the packet is read with its fields.
  const parsed = readPacketFile(file, opts.templates ? { using: path.resolve(opts.templates) } : {});
  if (!parsed.packet) {
    for (const d of parsed.diagnostics) print(process.stderr, formatDiagnostic(d, file));
    print(process.stderr, `${file}: ${summary(parsed.diagnostics)}；未生成文件 / nothing rendered`);
    return EXIT.errors;
  }
  // Check once with line numbers for the messages; render refuses errors by itself too.
  const findings = checkPacket(parsed.packet, parsed.locate, formats.includes('pdf') ? { fonts: loadFontSet(opts.fonts) } : {}).diagnostics;
  for (const d of findings) print(process.stderr, formatDiagnostic(d, file));
  if (findings.some((d) => d.severity === 'error')) {
    print(process.stderr, `${file}: ${summary(findings)}；未生成文件 / nothing rendered`);
    return EXIT.errors;
  }
  const result = await render(parsed.packet, { formats, templates: opts.templates, fontMap: opts.fonts, embedDocxFonts: opts.embedFonts });
  for (const f of result.files) {
    const target = path.join(opts.out, safeFileName(f.baseName, `.${f.format}`));
    writeFileAtomic(target, f.bytes);
    print(process.stdout, target);
  }
  return EXIT.ok;
}

function cmdInit(opts: { year?: string; department?: string; out: string; force?: boolean; format?: string }): number {
  const year = opts.year ? Number(opts.year) : new Date().getFullYear() + 1;
  if (!Number.isInteger(year) || year < 2000 || year > 2100) {
    throw new JixiaoError('cli.year', `--year 应为 2000–2100 之间的年份，实际为「${opts.year}」`, `--year must be a year between 2000 and 2100, got "${opts.year}"`);
  }
  if (fs.existsSync(opts.out) && !opts.force) {
    throw new JixiaoError('cli.exists', `文件 ${opts.out} 已存在；如需覆盖请加 --force`, `${opts.out} exists; add --force to overwrite`);
  }
  const format = opts.format ?? DEFAULT_FORMAT;
  writeFileAtomic(opts.out, starterPacket({ year, department: opts.department, format }));
  const schemaFile = path.join(path.dirname(opts.out), 'packet.schema.json');
  writeFileAtomic(schemaFile, JSON.stringify(packetJsonSchema(format), null, 2) + '\n');
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
    .option('--templates <dir>', '格式文件夹（按此格式读取）/ format folder to read the packet with')
    .action((file: string, opts: { json?: boolean; fonts?: string; templates?: string }) => run(() => cmdCheck(file, opts))());
  addRenderOptions(
    program
      .command('render')
      .description('生成附件1、附件2 的 PDF 和 Word 文件 / render the attachments')
      .argument('<file>', '输入文件（YAML 或 JSON）/ input file'),
  ).action((file: string, opts: RenderCliOptions) => run(() => cmdRender(file, opts))());
  program
    .command('init')
    .description('生成填写模板（含全部字段和中文说明）/ write a starter input file')
    .option('--year <year>', '年度：格式的第一个年度字段，guangzhou 为预算年度 / the format\'s first year (guangzhou: budget year)')
    .option('--department <name>', '部门名称 / department name')
    .addOption(new Option('-o, --out <file>', '输出文件 / output file').default('packet.yaml'))
    .option('--force', '覆盖已有文件 / overwrite')
    .option('--format <id>', '格式（jixiao formats 列出可用格式），默认 guangzhou / format id or folder')
    .action((opts) => run(() => cmdInit(opts))());
  program
    .command('schema')
    .description('输出输入文件的 JSON Schema / print the JSON Schema of the input')
    .option('--format <id>', '格式，默认 guangzhou / format id or folder')
    .action((opts: { format?: string }) => run(() => (print(process.stdout, JSON.stringify(packetJsonSchema(opts.format), null, 2)), EXIT.ok))());
  program
    .command('formats')
    .description('列出可用的格式及其文件 / list the formats and their documents')
    .option('--json', '输出 JSON / machine-readable output')
    .action((opts: { json?: boolean }) => run(async () => (await import('./formats.ts')).run(opts))());
  program
    .command('new-format')
    .description('复制一个格式，供本单位修改 / copy a format to adapt it')
    .argument('<name>', '新格式的文件夹 / folder of the new format')
    .option('--from <id>', '从哪个格式复制 / format to copy', 'guangzhou')
    .option('--force', '覆盖已有文件夹 / overwrite')
    .action((name: string, opts: { from: string; force?: boolean }) => run(async () => (await import('./new-format.ts')).run(name, opts))());
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
