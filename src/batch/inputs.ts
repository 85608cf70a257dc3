/**
 * Batch inputs: files, folders (every *.yaml/*.yml/*.json inside, recursively) and globs, made
 * into one sorted list; shard assignment; the `--only` department filter.
 */
import fs from 'node:fs';
import path from 'node:path';
import fg from 'fast-glob';
import { JixiaoError } from '../errors.ts';
import { compareCodePoints, relPosix, sha256 } from './hash.ts';

/** One input file. */
export interface InputFile {
  /** Absolute path. */
  readonly abs: string;
  /** Relative to the working folder, `/`-separated: the sort key and the name in reports. */
  readonly rel: string;
  /**
   * Relative to the input argument it was found under, `/`-separated: inside a folder argument,
   * the path in that folder; for a file argument, its base name; for a glob, the path below the
   * glob's fixed leading folders. The name in manifest.json, so it does not depend on the working
   * folder.
   */
  readonly name: string;
}

/** An input argument that matched nothing. */
export interface MissingInput {
  readonly arg: string;
}

const EXTENSIONS = /\.(ya?ml|json)$/i;
const IGNORE = ['**/node_modules/**', '**/.git/**', '**/*.schema.json'];

function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * Expands input arguments. Explicit files are taken whatever their extension; folders and globs
 * give *.yaml/*.yml/*.json (hidden folders, node_modules, *.schema.json and anything inside
 * `exclude`, the output folder, are left out). The result is de-duplicated and sorted.
 */
/** The fixed leading folders of a glob (`in/**\/*.yaml` → `in`), absolute. */
function globBase(pattern: string, cwd: string): string {
  const parts = pattern.split('/');
  const fixed: string[] = [];
  for (const p of parts.slice(0, -1)) {
    if (fg.isDynamicPattern(p)) break;
    fixed.push(p);
  }
  return path.resolve(cwd, fixed.join('/') || '.');
}

export function expandInputs(args: readonly string[], opts: { cwd: string; exclude?: string }): { files: InputFile[]; missing: MissingInput[] } {
  const found = new Map<string, string>(); // abs -> name (the first argument that found it names it)
  const missing: MissingInput[] = [];
  const exclude = opts.exclude ? path.resolve(opts.cwd, opts.exclude) : undefined;
  const keep = (abs: string) => !exclude || !isInside(abs, exclude);
  for (const arg of args) {
    const abs = path.resolve(opts.cwd, arg);
    let st: fs.Stats | undefined;
    try {
      st = fs.statSync(abs);
    } catch {
      st = undefined;
    }
    let hits: string[];
    let base: string | undefined; // names are relative to this; a file argument is named by its base name
    if (st?.isFile()) hits = [abs];
    else if (st?.isDirectory()) {
      base = abs;
      hits = fg.sync('**/*.{yaml,yml,json,YAML,YML,JSON}', { cwd: abs, absolute: true, onlyFiles: true, ignore: IGNORE, dot: false, followSymbolicLinks: false });
    } else if (fg.isDynamicPattern(arg)) {
      const pattern = arg.split(path.sep).join('/');
      base = globBase(pattern, opts.cwd);
      hits = fg.sync(pattern, { cwd: opts.cwd, absolute: true, onlyFiles: true, ignore: IGNORE, dot: false }).filter((f) => EXTENSIONS.test(f));
    } else hits = [];
    hits = hits.map((h) => path.normalize(h)).filter(keep);
    if (hits.length === 0) missing.push({ arg });
    for (const h of hits) {
      const rel = base !== undefined ? relPosix(base, h) : '';
      const name = base === undefined || rel.startsWith('..') || path.isAbsolute(rel) ? path.basename(h) : rel;
      if (!found.has(h)) found.set(h, name);
    }
  }
  const files = [...found].map(([abs, name]) => ({ abs, rel: relPosix(opts.cwd, abs), name })).sort((a, b) => compareCodePoints(a.rel, b.rel));
  return { files, missing };
}

/** A `--shard i/n` selection (0-based index). */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** Parses `--shard i/n`. */
export function parseShard(value: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(value);
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index >= count) {
    throw new JixiaoError('cli.shard', `--shard 应为 i/n（0 ≤ i < n），如 0/4，实际为「${value}」`, `--shard must be i/n with 0 ≤ i < n, e.g. 0/4, got "${value}"`);
  }
  return { index, count };
}

/**
 * The shard (0-based) that owns `key`: the first 48 bits of SHA-256 of the key, mod `count`. A
 * packet's key is its output folder (`<year>/<department>` after safeName, NFC, lower case), so
 * two inputs claiming one folder always meet in one shard, and the assignment depends on nothing
 * but the key and the shard count (not on the other inputs, the machine or the working folder).
 */
export function shardOf(key: string, count: number): number {
  return Number.parseInt(sha256(key).slice(0, 12), 16) % count;
}

/** The shard key of an input that does not parse (or cannot be read): its name (see InputFile.name). */
export function unparsedShardKey(input: Pick<InputFile, 'name'>): string {
  return `input:${input.name}`;
}

/** Parses `--only`: `/regex/flags` is a regular expression, anything else a plain substring. */
export function parseOnly(value: string): (department: string) => boolean {
  const m = /^\/(.*)\/([a-z]*)$/s.exec(value);
  if (m) {
    let re: RegExp;
    try {
      re = new RegExp(m[1]!, m[2]!.replace(/[gy]/g, ''));
    } catch (e) {
      throw new JixiaoError('cli.only', `--only 的正则表达式有误：${(e as Error).message}`, `--only: bad regular expression: ${(e as Error).message}`);
    }
    return (d) => re.test(d);
  }
  return (d) => d.includes(value);
}
