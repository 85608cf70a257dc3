/**
 * The served folder: which files the workbench may read and write. A name from a request is a
 * relative path inside the folder; anything that could leave it is refused before the file
 * system is touched (absolute paths, `..`, backslashes, NUL, percent signs left after the one
 * URL decoding, drive letters), and what remains is resolved through symlinks and checked again,
 * so a link pointing outside the folder is refused too.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { JixiaoError } from '../errors.ts';
import { writeFileAtomic } from '../util/fs.ts';

/** Packet files the workbench lists and opens. */
export const PACKET_EXTENSIONS = ['.yaml', '.yml', '.json'] as const;

/** A refused request: HTTP status plus a bilingual message. */
export class HttpError extends JixiaoError {
  readonly status: number;
  constructor(status: number, code: string, zh: string, en: string) {
    super(code, zh, en);
    this.status = status;
  }
}

const refuse = (name: string) =>
  new HttpError(403, 'serve.path', `不允许的文件名「${name}」：只能打开所服务文件夹内的 YAML/JSON 文件`, `file name "${name}" refused: only YAML/JSON files inside the served folder can be opened`);

function isInside(root: string, p: string): boolean {
  const rel = path.relative(root, p);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

export interface FileEntry {
  /** Path relative to the folder, with `/`. */
  readonly name: string;
  readonly size: number;
  readonly mtimeMs: number;
}

export class Workspace {
  /** The served folder, resolved through symlinks. */
  readonly root: string;

  constructor(folder: string) {
    this.root = fs.realpathSync(folder);
  }

  /**
   * The absolute path of a packet file named by a request, or an HttpError (403).
   * `mustExist` false allows a new file (its folder must exist inside the root).
   */
  resolve(name: unknown, mustExist = true): string {
    if (typeof name !== 'string' || name.length === 0 || name.length > 255) throw refuse(String(name).slice(0, 80));
    if (/[\0\\%:*?"<>|]/.test(name) || name.startsWith('/') || /^[A-Za-z]:/.test(name)) throw refuse(name);
    const parts = name.split('/');
    if (parts.some((p) => p === '' || p === '.' || p === '..' || p.startsWith('.'))) throw refuse(name);
    if (!PACKET_EXTENSIONS.some((e) => name.toLowerCase().endsWith(e))) throw refuse(name);
    const abs = path.resolve(this.root, ...parts);
    if (!isInside(this.root, abs)) throw refuse(name);
    let real: string;
    try {
      real = mustExist ? fs.realpathSync(abs) : path.join(fs.realpathSync(path.dirname(abs)), path.basename(abs));
    } catch {
      if (mustExist) throw new HttpError(404, 'serve.missing', `文件不存在：${name}`, `no such file: ${name}`);
      throw refuse(name);
    }
    if (!isInside(this.root, real)) throw refuse(name);
    if (!mustExist && fs.existsSync(real) && fs.lstatSync(real).isSymbolicLink()) throw refuse(name);
    return real;
  }

  /** Packet files in the folder and its sub-folders (two levels), sorted by name. */
  list(): FileEntry[] {
    const out: FileEntry[] = [];
    const walk = (dir: string, depth: number) => {
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(dir, { withFileTypes: true });
      } catch {
        return;
      }
      for (const e of entries) {
        if (e.name.startsWith('.') || e.name === 'node_modules') continue;
        const abs = path.join(dir, e.name);
        if (e.isDirectory() && depth < 2) walk(abs, depth + 1);
        else if (e.isFile() && PACKET_EXTENSIONS.some((x) => e.name.toLowerCase().endsWith(x)) && !e.name.endsWith('.schema.json')) {
          const st = fs.statSync(abs);
          out.push({ name: path.relative(this.root, abs).split(path.sep).join('/'), size: st.size, mtimeMs: st.mtimeMs });
        }
      }
    };
    walk(this.root, 0);
    return out.sort((a, b) => a.name.localeCompare(b.name, 'zh'));
  }
}

/** SHA-256 of a text, to notice a file changed by someone else between two saves. */
export function hashText(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Reads a file as text (UTF-8), or null when it is gone. */
export function readText(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/**
 * Saves text over a file only if the file still holds what we last read or wrote (`expected`
 * hash; null = the file must not exist). Written to a temporary file and renamed, so a killed
 * server leaves either the old or the new file, never half of one.
 */
export function saveIfUnchanged(file: string, text: string, expected: string | null): string {
  const current = readText(file);
  const currentHash = current === null ? null : hashText(current);
  if (currentHash !== expected) {
    throw new HttpError(409, 'serve.conflict', `${path.basename(file)} 已在别处被修改（或删除），未保存；请重新打开该文件`, `${path.basename(file)} was changed elsewhere (or deleted); not saved. Open it again`);
  }
  writeFileAtomic(file, text);
  return hashText(text);
}
