/**
 * Packet folders left behind by a renamed department: after a full run, a folder
 * `DIR/<year>/<department>/` that no input of the run maps to, whose manifest names an input file
 * of the run, was made by that input under its old name. Reported always, deleted on `--prune`.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { compareCodePoints } from './hash.ts';
import { readManifest, type OrphanFolder } from './manifest.ts';
import { makeDirs } from './dirs.ts';
import { errnoWords } from '../util/errno.ts';

/** What a full run knows about its inputs, for findOrphans. */
export interface RunInputs {
  /** Folder keys (see folderKey) of every input whose folder is known, whatever its outcome. */
  readonly folders: ReadonlySet<string>;
  /** Names (InputFile.name) of every input of the run. */
  readonly names: ReadonlySet<string>;
  /** Names of inputs that could not be read or parsed: where they go now is unknown, so their old folders are left alone. */
  readonly unknown: ReadonlySet<string>;
}

/** Packet folders (`<year>/<department>` with a manifest.json) under `outDir`, sorted; dot folders are left out. */
export function packetFolders(outDir: string): string[] {
  const dirs = (d: string) => {
    try {
      return fs.readdirSync(d, { withFileTypes: true }).filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => e.name);
    } catch {
      return [];
    }
  };
  const out: string[] = [];
  for (const y of dirs(outDir)) for (const d of dirs(path.join(outDir, y))) if (fs.existsSync(path.join(outDir, y, d, 'manifest.json'))) out.push(`${y}/${d}`);
  return out.sort(compareCodePoints);
}

/** Folders orphaned by a rename (see the module comment); `key` is folderKey. */
export function findOrphans(outDir: string, run: RunInputs, key: (folder: string) => string): OrphanFolder[] {
  const orphans: OrphanFolder[] = [];
  for (const folder of packetFolders(outDir)) {
    if (run.folders.has(key(folder))) continue;
    const m = readManifest(path.join(outDir, ...folder.split('/')));
    const input = m?.input?.file;
    if (typeof input !== 'string' || !run.names.has(input) || run.unknown.has(input)) continue;
    orphans.push({
      folder,
      input,
      ...(typeof m!.department === 'string' ? { department: m!.department } : {}),
      ...(typeof m!.year === 'number' ? { year: m!.year } : {}),
    });
  }
  return orphans;
}

/**
 * Deletes orphaned folders: each is first renamed into the run's temp area (so it disappears
 * whole), then removed; a year folder left empty goes too. Returns the orphans with `pruned`.
 */
export function pruneOrphans(outDir: string, orphans: readonly OrphanFolder[], trashDir: string): OrphanFolder[] {
  return orphans.map((o) => {
    const dir = path.join(outDir, ...o.folder.split('/'));
    try {
      makeDirs(trashDir);
      const trash = path.join(trashDir, `pruned-${randomUUID()}`);
      fs.renameSync(dir, trash);
      fs.rmSync(trash, { recursive: true, force: true });
    } catch (e) {
      const [zh, en] = errnoWords(e);
      return { ...o, pruned: false, error: { zh: `无法删除 ${o.folder}：${zh}`, en: `cannot delete ${o.folder}: ${en}` } };
    }
    try {
      fs.rmdirSync(path.dirname(dir)); // only when empty
    } catch {
      /* other packets of that year */
    }
    return { ...o, pruned: true };
  });
}
