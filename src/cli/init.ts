/**
 * `jixiao init`: a starter packet with every field and Chinese comments, and packet.schema.json
 * beside it for editors. Both files are treated alike: neither is overwritten without --force,
 * and both are written or neither.
 */
import fs from 'node:fs';
import path from 'node:path';
import { JixiaoError } from '../errors.ts';
import { packetJsonSchema } from '../model/json-schema.ts';
import { starterPacket } from '../model/init.ts';
import { writeFilesAtomic } from '../util/fs.ts';
import { DEFAULT_FORMAT, loadFormat } from '../format/index.ts';
import { EXIT } from './exit.ts';
import { print } from './output.ts';

export interface InitCliOptions {
  readonly year?: string;
  readonly department?: string;
  readonly out: string;
  readonly force?: boolean;
  /** Format id or folder (default guangzhou). */
  readonly format?: string;
}

export async function run(opts: InitCliOptions): Promise<number> {
  const year = opts.year ? Number(opts.year) : new Date().getFullYear() + 1;
  if (!Number.isInteger(year) || year < 2000 || year > 2100) {
    throw new JixiaoError('cli.year', `--year 应为 2000–2100 之间的年份，实际为「${opts.year}」`, `--year must be a year between 2000 and 2100, got "${opts.year}"`);
  }
  // Resolve the format first: an unknown --format is a usage error (3) whatever lies in the folder.
  const format = opts.format ?? DEFAULT_FORMAT;
  loadFormat(format);
  const schemaFile = path.join(path.dirname(opts.out), 'packet.schema.json');
  const taken = [opts.out, schemaFile].filter((f) => fs.existsSync(f));
  if (taken.length && !opts.force) {
    throw new JixiaoError(
      'output.exists',
      `${taken.join('、')} 已存在，未写入任何文件；如需覆盖请加 --force`,
      `${taken.join(' and ')} already exist${taken.length === 1 ? 's' : ''}; nothing written; add --force to overwrite`,
    );
  }
  writeFilesAtomic([
    { file: opts.out, data: starterPacket({ year, department: opts.department, format }) },
    { file: schemaFile, data: JSON.stringify(packetJsonSchema(format), null, 2) + '\n' },
  ]);
  print(process.stderr, `已写入 ${opts.out} 和 ${schemaFile}\nwrote ${opts.out} and ${schemaFile}`);
  return EXIT.ok;
}
