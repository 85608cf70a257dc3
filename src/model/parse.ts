/**
 * Reads a packet with the format it names (`format:`; absent = guangzhou). The reading and
 * validation against a given format are in ./read.ts; this module finds the format first.
 */
import path from 'node:path';
import { JixiaoError } from '../errors.ts';
import type { Diagnostic } from '../check/diagnostic.ts';
import { DEFAULT_FORMAT, loadFormat, type Format } from '../format/index.ts';
import { readDocument, readPacketText, validatePacket, type Locate, type ParseResult } from './read.ts';

export type { ParseResult, Locate } from './read.ts';

/** Options of parsePacket. */
export interface ParseOptions {
  /** The file's name: used in messages, and a `format: ./folder` is relative to its folder. */
  readonly file?: string;
  /** The folder a `format: ./folder` is relative to (default: the file's folder, else the working folder). */
  readonly baseDir?: string;
  /** Parse with this format (a Format, id or folder) whatever the data names (`--templates DIR`). */
  readonly using?: Format | string;
}

/**
 * Parses packet text (YAML or JSON) with the format it names (`format:`; absent = guangzhou).
 */
export function parsePacket(text: string, opts: ParseOptions = {}): ParseResult {
  const { data, locate } = readDocument(text, opts.file ?? '输入 input');
  const format = packetFormat(data.format, opts, locate);
  return 'diagnostics' in format ? format : validatePacket(data, locate, format);
}

/** Reads and parses a packet file. Unreadable files throw `input.read`. */
export function readPacketFile(file: string, opts: Omit<ParseOptions, 'file'> = {}): ParseResult {
  return parsePacket(readPacketText(file), { ...opts, file });
}

/** The format to parse with: `using`, else the one the data names; one it cannot find is an error in the data. */
function packetFormat(ref: unknown, opts: ParseOptions, locate: Locate): Format | ParseResult {
  try {
    if (opts.using) return typeof opts.using === 'string' ? loadFormat(opts.using) : opts.using;
    if (ref === undefined) return loadFormat(DEFAULT_FORMAT);
    if (typeof ref !== 'string' || ref.trim() === '') throw new JixiaoError('format.unknown', `格式应为格式编号或文件夹，实际为「${String(ref)}」`, `format must be a format id or folder, got "${String(ref)}"`);
    return loadFormat(ref.trim(), opts.baseDir ?? (opts.file ? path.dirname(path.resolve(opts.file)) : process.cwd()));
  } catch (e) {
    // A format the packet names that does not exist (or an old-shape folder) is an error in the data;
    // one the command line names (`using`) is thrown, and a broken folder is thrown either way.
    if (!(e instanceof JixiaoError) || opts.using || (e.code !== 'format.unknown' && e.code !== 'template.format')) throw e;
    const d: Diagnostic = { severity: 'error', code: 'input.format', path: 'format', label: '格式', zh: e.zh, en: e.en, ...(locate(['format']) ?? {}) };
    return { diagnostics: [d], locate };
  }
}
