import fs from 'node:fs';
import path from 'node:path';
import { JixiaoError } from '../errors.ts';

/**
 * Writes a file atomically: to a temporary name in the same folder, then renamed over the target,
 * so a crash or Ctrl-C never leaves a half-written output behind. A file-system failure (a folder
 * that is a file, no permission, disk full) is a JixiaoError naming the path, not a stack trace.
 */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  const dir = path.dirname(file);
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${Math.floor(performance.now() * 1000)}.tmp`);
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(tmp, data);
    fs.renameSync(tmp, file);
  } catch (e) {
    try {
      fs.rmSync(tmp, { force: true });
    } catch {
      /* the folder itself is unusable: nothing was written there */
    }
    const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    throw new JixiaoError('output.write', `无法写入 ${file}（${code}）`, `cannot write ${file} (${code})`);
  }
}
