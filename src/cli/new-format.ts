/**
 * `jixiao new-format NAME --from ID`: copies a format folder for a bureau to adapt. NAME is the
 * new folder (a path; its last part becomes the format's id). The copy works at once: a packet
 * names it with `format: ./NAME` (relative to the packet file), or the CLI with `--templates NAME`.
 * Written to a temporary folder first and renamed, so a failure leaves nothing half-copied.
 */
import fs from 'node:fs';
import path from 'node:path';
import { JixiaoError } from '../errors.ts';
import { DEFAULT_FORMAT, loadFormat } from '../format/index.ts';
import { packagePath } from '../util/paths.ts';

export async function run(name: string, opts: { from?: string; force?: boolean } = {}): Promise<number> {
  const target = path.resolve(name);
  const id = path.basename(target);
  if (!/^[a-z0-9-]+$/.test(id)) {
    throw new JixiaoError('cli.usage', `新格式的文件夹名「${id}」只能含小写字母、数字和 -（它也是格式编号）`, `the new format's folder name "${id}" may hold only a-z, 0-9 and - (it is the format id)`);
  }
  if (fs.existsSync(target) && !opts.force) {
    throw new JixiaoError('cli.exists', `${target} 已存在；如需覆盖请加 --force`, `${target} exists; add --force to overwrite`);
  }
  const source = loadFormat(opts.from ?? DEFAULT_FORMAT);
  const tmp = `${target}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.cpSync(source.dir, tmp, { recursive: true });
  // The copy is its own format: its id is the folder's name.
  const file = path.join(tmp, 'format.yaml');
  fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/^id:.*$/m, `id: ${id}`));
  if (fs.existsSync(target)) fs.rmSync(target, { recursive: true });
  fs.renameSync(tmp, target);
  loadFormat(target); // refuse now, not at the first render, if the copy does not load
  process.stderr.write(
    `已从 ${source.id} 复制格式到 ${target}\n` +
      `copied format ${source.id} to ${target}\n` +
      `使用 use: 输入文件中写 format: ${path.relative(process.cwd(), target) || '.'}（相对于输入文件），或 jixiao render 文件 --templates ${name}\n` +
      `修改说明见 see ${packagePath('templates', 'README.md')}\n`,
  );
  return 0;
}
