/** Small hashing and path helpers shared by the batch modules. */
import { createHash } from 'node:crypto';
import path from 'node:path';

/** Hex SHA-256 of bytes or text (text as UTF-8). */
export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** `file` relative to `base` with `/` separators (stable across operating systems). */
export function relPosix(base: string, file: string): string {
  const rel = path.relative(base, file) || '.';
  return rel.split(path.sep).join('/');
}

/** Plain code-point comparison (locale-independent, so every machine sorts the same way). */
export function compareCodePoints(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
