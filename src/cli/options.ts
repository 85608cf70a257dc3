/** Options `render` and `batch` share: output folder, formats, a user's templates and fonts. */
import { Option, type Command } from 'commander';
import { JixiaoError } from '../errors.ts';
import type { Format } from '../render/types.ts';

export function addRenderOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('-o, --out <dir>', '输出目录 / output folder').default('out'))
    .addOption(new Option('-f, --format <list>', '输出文件类型 / output file types: pdf,docx').default('pdf,docx'))
    .option('--templates <dir>', '格式文件夹（jixiao new-format 复制得到）/ format folder (made by jixiao new-format)')
    .option('--fonts <file>', '自定义字体映射 / your own font map (JSON)')
    .option('--embed-fonts', 'Word 文件内嵌开源字体 / embed open fonts into DOCX');
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
