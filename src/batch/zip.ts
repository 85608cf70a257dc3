/** Deterministic zip of a packet: entries in the given order, every entry time taken from the data. */
import { zipSync, type Zippable } from 'fflate';

/**
 * Zips `entries` in order. `date` (`YYYY-MM-DD`, the packet's document date) is every entry's
 * time, built from local components so the DOS timestamp is the same in every time zone.
 * PDF and DOCX are already compressed, so they are stored; other entries are deflated.
 */
export function zipEntries(entries: readonly { name: string; bytes: Uint8Array }[], date: string): Uint8Array {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
  let y = m ? Number(m[1]) : 1980;
  if (y < 1980) y = 1980;
  if (y > 2107) y = 2107;
  const mtime = new Date(y, m ? Number(m[2]) - 1 : 0, m ? Number(m[3]) : 1, 0, 0, 0);
  const z: Zippable = {};
  const seen = new Set<string>();
  for (const e of entries) {
    if (seen.has(e.name)) throw new Error(`duplicate zip entry ${e.name}`);
    seen.add(e.name);
    const stored = /\.(pdf|docx|zip)$/i.test(e.name);
    z[e.name] = [e.bytes, { level: stored ? 0 : 6, mtime, os: 3, attrs: 0o100644 << 16 }];
  }
  return zipSync(z);
}
