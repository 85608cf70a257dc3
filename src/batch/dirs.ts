/**
 * Making folders without `fs.mkdirSync(…, { recursive: true })`: on some paths (`/proc/nope`)
 * Node's recursive mkdir loops forever at 100% CPU and the process no longer reacts to SIGTERM.
 * Here every missing level is made with a plain mkdir, which fails at once, and the output folder
 * is checked before anything is made: its nearest existing ancestor must be a writable folder.
 */
import fs from 'node:fs';
import path from 'node:path';
import { JixiaoError } from '../errors.ts';
import { errnoWords } from '../util/errno.ts';

function errCode(e: unknown): string {
  return (e as NodeJS.ErrnoException).code ?? (e as Error).message;
}

/** Makes `dir` and its missing parents one level at a time (like `mkdir -p`); throws the file-system error. */
export function makeDirs(dir: string): void {
  const missing: string[] = [];
  let d = path.resolve(dir);
  for (;;) {
    let st: fs.Stats;
    try {
      st = fs.statSync(d);
    } catch (e) {
      const code = errCode(e);
      if (code !== 'ENOENT') throw e;
      missing.push(d);
      const parent = path.dirname(d);
      if (parent === d) break;
      d = parent;
      continue;
    }
    if (!st.isDirectory()) throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${d}'`), { code: 'ENOTDIR', path: d });
    break;
  }
  for (const m of missing.reverse()) {
    try {
      fs.mkdirSync(m);
    } catch (e) {
      if (errCode(e) !== 'EEXIST' || !fs.statSync(m).isDirectory()) throw e;
    }
  }
}

/** The nearest existing ancestor of `dir` (or `dir` itself), following symbolic links; may be a file. */
export function nearestExisting(dir: string): string {
  let d = path.resolve(dir);
  while (!fs.existsSync(d) && path.dirname(d) !== d) d = path.dirname(d);
  return d;
}

/**
 * Makes the output folder (and `sub`, a folder inside it, when given) after checking that the
 * nearest existing ancestor of `outDir` is a writable folder; anything wrong is a JixiaoError
 * naming the path. `access` is fs.accessSync (replaceable in tests); `create: false` checks only.
 */
export function ensureOutDir(outDir: string, opts: { sub?: string; access?: (p: string, mode: number) => void; create?: boolean } = {}): void {
  const access = opts.access ?? fs.accessSync;
  const anchor = nearestExisting(outDir);
  let isDir = false;
  try {
    isDir = fs.statSync(anchor).isDirectory();
  } catch {
    isDir = false;
  }
  if (!isDir) {
    throw new JixiaoError(
      'output.dir',
      `无法创建输出文件夹 ${outDir}：${anchor} 不是文件夹`,
      `cannot create the output folder ${outDir}: ${anchor} is not a folder`,
    );
  }
  try {
    access(anchor, fs.constants.W_OK);
  } catch (e) {
    throw new JixiaoError(
      'output.dir',
      `无法创建输出文件夹 ${outDir}：${anchor} 不可写：${errnoWords(e)[0]}`,
      `cannot create the output folder ${outDir}: ${anchor} is not writable: ${errnoWords(e)[1]}`,
    );
  }
  // create: false only checks (the folder is made when the files are written).
  if (opts.create === false) return;
  for (const d of [outDir, ...(opts.sub ? [path.join(outDir, opts.sub)] : [])]) {
    try {
      makeDirs(d);
    } catch (e) {
      const where = d === outDir ? '' : `（输出文件夹 ${outDir}）`;
      const whereEn = d === outDir ? '' : ` (in the output folder ${outDir})`;
      // ENOENT although the parent exists: a folder such as /proc that takes no new folders.
      const code = (e as NodeJS.ErrnoException).code;
      const near = nearestExisting(d);
      if (code === 'ENOENT' && near !== path.resolve(d)) {
        throw new JixiaoError(
          'output.dir',
          `无法创建文件夹 ${d}${where}：最近的已有文件夹 ${near} 不允许在其中新建文件夹`,
          `cannot create the folder ${d}${whereEn}: the nearest existing folder ${near} does not allow new folders (ENOENT)`,
        );
      }
      throw new JixiaoError('output.dir', `无法创建文件夹 ${d}${where}：${errnoWords(e)[0]}`, `cannot create the folder ${d}${whereEn}: ${errnoWords(e)[1]}`);
    }
  }
}
