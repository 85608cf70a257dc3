/**
 * `jixiao export dept.yaml --xlsx [-o file.xlsx]`: the format's table (the 申报表, Fujian's 目标表)
 * as the Excel workbook finance staff keep (merged labels, 万元 number formats, drop-down lists);
 * `jixiao import` reads it back.
 * A half-filled packet exports too (empty cells), so the table can be filled in Excel.
 */
import fs from 'node:fs';
import { JixiaoError } from '../errors.ts';
import { EXIT } from './exit.ts';
import { readPacketFile } from '../model/parse.ts';
import { formatDiagnostic } from '../check/diagnostic.ts';
import { writeFileAtomic } from '../util/fs.ts';
import { safeFileName } from '../util/names.ts';


export interface ExportCliOptions {
  readonly xlsx?: boolean;
  readonly out?: string;
  readonly force?: boolean;
}

const say = (s: string) => process.stderr.write(s.endsWith('\n') ? s : s + '\n');

/** Runs the command; returns the exit status. */
export async function run(file: string, opts: ExportCliOptions): Promise<number> {
  if (!opts.xlsx) {
    say('错误 error: 请指定导出格式 --xlsx（目前仅支持 Excel 申报表）\nchoose an export format: --xlsx (the only one so far)');
    return EXIT.usage;
  }
  let parsed;
  try {
    parsed = readPacketFile(file);
  } catch (e) {
    if (!(e instanceof JixiaoError)) throw e;
    say(`错误 error: ${e.zh}\n${e.en}`);
    return EXIT.unreadable;
  }
  if (!parsed.packet) {
    for (const d of parsed.diagnostics) say(formatDiagnostic(d, file));
    say(`${file}: 数据有误，未导出 / the data has errors; nothing exported`);
    return EXIT.errors;
  }
  const packet = parsed.packet;
  const { declarationWorkbook, isGuangzhouLayout } = await import('../export/xlsx.ts');
  const { importOutline } = await import('../import/format.ts');
  const { formatOf } = await import('../format/index.ts');
  const format = formatOf(packet);
  const spec = importOutline(format).declaration;
  const doc = spec && format.documents.find((d) => d.part === spec.part);
  if (!spec || !doc) {
    say(`错误 error: 格式「${format.name}」（${format.id}）没有可导出为 Excel 的表格\nthe format "${format.id}" has no table to export to Excel`);
    return EXIT.usage;
  }
  const part = (packet as unknown as Record<string, { year?: number } | undefined>)[spec.part];
  if (part === undefined) {
    say(`错误 error: ${file} 中没有${doc.title}（${spec.part}），无可导出\n${file} holds no ${spec.part}; nothing to export`);
    return EXIT.errors;
  }
  const out = opts.out ?? safeFileName(`${isGuangzhouLayout(spec) ? '附件1-' : ''}${packet.department.name}${part.year ?? ''}年度${doc.title}`, '.xlsx');
  if (fs.existsSync(out) && !opts.force) {
    say(`错误 error: 文件 ${out} 已存在；如需覆盖请加 --force\n${out} exists; add --force to overwrite`);
    return EXIT.usage;
  }
  try {
    writeFileAtomic(out, declarationWorkbook(packet, spec));
  } catch (e) {
    if (!(e instanceof JixiaoError)) throw e;
    say(`错误 error: ${e.zh}\n${e.en}`);
    return EXIT.environment;
  }
  process.stdout.write(out + '\n');
  return EXIT.ok;
}
