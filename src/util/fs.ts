import fs from 'node:fs';
import path from 'node:path';

/**
 * Writes a file atomically: to a temporary name in the same folder, then renamed over the target,
 * so a crash or Ctrl-C never leaves a half-written output behind.
 */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  const dir = path.dirname(file);
  fs.mkdirSync(dir, { recursive: true });
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${Math.floor(performance.now() * 1000)}.tmp`);
  try {
    fs.writeFileSync(tmp, data);
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}
