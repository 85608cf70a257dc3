import fs from 'node:fs';
import path from 'node:path';
import { JixiaoError } from '../errors.ts';
import { errnoWords } from './errno.ts';
import { makeDirs } from '../batch/dirs.ts';

/** A temporary name beside `file` (same folder, so a rename is atomic); dot-prefixed, ends in .tmp. */
function tempNameFor(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Math.floor(performance.now() * 1000)}.tmp`);
}

function writeError(file: string, e: unknown): JixiaoError {
  const [zh, en] = errnoWords(e);
  return new JixiaoError('output.write', `无法写入 ${file}：${zh}`, `cannot write ${file}: ${en}`);
}

/**
 * Writes a file atomically: to a temporary name in the same folder, then renamed over the target,
 * so a crash or Ctrl-C never leaves a half-written output behind. A file-system failure (a folder
 * that is a file, no permission, disk full) is a JixiaoError naming the path in words, not a
 * stack trace. Missing folders are made one level at a time (makeDirs: a recursive mkdir can hang
 * on paths like /proc/x).
 */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  writeFilesAtomic([{ file, data }]);
}

/**
 * Writes several files as one unit (a packet's PDFs and DOCX files): all go to temporary names
 * first, every target is checked, then all are renamed into place. On any failure the temporary
 * files and the targets this call created are removed, so either all files are new or none of
 * them is (a target that existed before and was already replaced stays replaced).
 */
export function writeFilesAtomic(entries: readonly { readonly file: string; readonly data: string | Uint8Array }[]): void {
  const temps: string[] = [];
  const created: string[] = [];
  let current = entries[0]?.file ?? '';
  try {
    const plan = entries.map((e) => {
      current = e.file;
      makeDirs(path.dirname(e.file));
      const tmp = tempNameFor(e.file);
      temps.push(tmp);
      fs.writeFileSync(tmp, e.data, { flag: 'wx' });
      return { ...e, tmp };
    });
    // A folder (or anything but a file) where a file must go: refuse before replacing anything.
    const existed = plan.map((p) => {
      current = p.file;
      let st: fs.Stats;
      try {
        st = fs.lstatSync(p.file);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
        throw e;
      }
      if (!st.isFile()) throw Object.assign(new Error(`EISDIR: ${p.file}`), { code: st.isDirectory() ? 'EISDIR' : 'EEXIST' });
      return true;
    });
    plan.forEach((p, i) => {
      current = p.file;
      fs.renameSync(p.tmp, p.file);
      temps.splice(temps.indexOf(p.tmp), 1);
      if (!existed[i]) created.push(p.file);
    });
  } catch (e) {
    for (const f of [...temps, ...created]) {
      try {
        fs.rmSync(f, { force: true });
      } catch {
        /* the folder itself is unusable: nothing more to clean */
      }
    }
    throw writeError(current, e);
  }
}

/**
 * Checks that files can be created in `dir` (an existing folder) by creating and removing a probe
 * file: this catches read-only file systems and permissions even for root, before any work.
 */
export function assertWritableDir(dir: string): void {
  const probe = path.join(dir, `.jixiao-probe.${process.pid}.tmp`);
  try {
    fs.writeFileSync(probe, '');
    fs.rmSync(probe, { force: true });
  } catch (e) {
    const [zh, en] = errnoWords(e);
    throw new JixiaoError('output.dir', `无法在输出文件夹 ${dir} 中写入文件：${zh}`, `cannot write files in the output folder ${dir}: ${en}`);
  }
}
