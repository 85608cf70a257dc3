/**
 * Font map: assigns font files to roles, parses each face once per process, and answers
 * "which face shows this character, and how wide is it".
 *
 * A character that no face of the role's chain can show is an error naming the character
 * and the data field: never a silent blank box.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as fontkit from 'fontkit';
import { z } from 'zod';
import { FONT_ROLES, type FontRole } from '../document/model.ts';
import { JixiaoError } from '../errors.ts';
import { errnoWords } from '../util/errno.ts';
import { packagePath } from '../util/paths.ts';

/** Folder of the committed open fonts and the default map. */
export const FONTS_DIR = packagePath('fonts');
export const DEFAULT_FONT_MAP = path.join(FONTS_DIR, 'fontmap.json');

/** A parsed face, shared by every document of the process. */
export interface Face {
  /** Stable id: the face's PostScript name. */
  readonly id: string;
  /** Absolute path of the font file. */
  readonly file: string;
  /** The parsed fontkit font (pdfkit accepts it as is). */
  readonly font: fontkit.Font;
  readonly unitsPerEm: number;
  /** Ascender and descender in font units (descender negative). */
  readonly ascent: number;
  readonly descent: number;
}

const faceCache = new Map<string, Face>();
/** Face ids in use, so two files with one PostScript name (a user's copy of ours) stay apart. */
const usedIds = new Set<string>();
const advanceCache = new WeakMap<Face, Map<number, number>>();

/** Font files' bytes shared between threads, by absolute path (see shareFontBytes). */
const sharedBytes = new Map<string, SharedArrayBuffer>();

/**
 * The bytes of every face of a font map in shared memory, for worker threads: each worker hands
 * them to useSharedFontBytes and parses its faces from them instead of reading its own copy
 * (the five CJK faces are over 40 MB).
 */
export function shareFontBytes(mapFile?: string): Record<string, SharedArrayBuffer> {
  const out: Record<string, SharedArrayBuffer> = {};
  for (const face of loadFontSet(mapFile).faces()) {
    let shared = sharedBytes.get(face.file);
    if (!shared) {
      const bytes = fs.readFileSync(face.file);
      shared = new SharedArrayBuffer(bytes.length);
      new Uint8Array(shared).set(bytes);
      sharedBytes.set(face.file, shared);
    }
    out[face.file] = shared;
  }
  return out;
}

/** Makes loadFace parse these files from the shared bytes (a worker thread, before its first face). */
export function useSharedFontBytes(files: Readonly<Record<string, SharedArrayBuffer>>): void {
  for (const [file, bytes] of Object.entries(files)) sharedBytes.set(path.resolve(file), bytes);
}

/** Parses a font file once per process. */
export function loadFace(file: string): Face {
  const abs = path.resolve(file);
  const hit = faceCache.get(abs);
  if (hit) return hit;
  let font: fontkit.Font;
  try {
    const shared = sharedBytes.get(abs);
    // Same as fontkit.openSync (which reads the file and calls create), without a private copy.
    const opened = shared ? fontkit.create(Buffer.from(shared)) : fontkit.openSync(abs);
    // A collection (.ttc) gives its first face.
    font = ('fonts' in opened ? (opened as unknown as { fonts: fontkit.Font[] }).fonts[0] : opened) as fontkit.Font;
  } catch (e) {
    // A file-system failure in words; anything else is fontkit refusing the bytes (not a font).
    if ((e as NodeJS.ErrnoException).code) {
      const [zh, en] = errnoWords(e);
      throw new JixiaoError('font.load', `无法读取字体文件 ${abs}：${zh}`, `cannot read font file ${abs}: ${en}`);
    }
    throw new JixiaoError('font.load', `无法读取字体文件 ${abs}：不是可用的字体（${(e as Error).message}）`, `cannot read font file ${abs}: not a usable font (${(e as Error).message})`);
  }
  const descent = font.descent > 0 ? -font.descent : font.descent;
  let id = font.postscriptName || path.basename(abs);
  for (let n = 2; usedIds.has(id); n++) id = `${font.postscriptName}-${n}`;
  usedIds.add(id);
  const face: Face = { id, file: abs, font, unitsPerEm: font.unitsPerEm, ascent: font.ascent, descent };
  faceCache.set(abs, face);
  return face;
}

/** Whether the face has a real glyph for the code point. */
export function hasChar(face: Face, cp: number): boolean {
  return face.font.hasGlyphForCodePoint(cp);
}

/** Advance width of one code point at `size` points. */
export function advance(face: Face, cp: number, size: number): number {
  let m = advanceCache.get(face);
  if (!m) advanceCache.set(face, (m = new Map()));
  let units = m.get(cp);
  if (units === undefined) {
    units = face.font.glyphForCodePoint(cp).advanceWidth;
    m.set(cp, units);
  }
  return (units * size) / face.unitsPerEm;
}

const FontMapSchema = z.strictObject({
  $comment: z.string().optional(),
  roles: z.partialRecord(z.enum(FONT_ROLES as [FontRole, ...FontRole[]]), z.array(z.string()).min(1)),
});

/** Role -> ordered face chain. */
export interface FontSet {
  /** The chain of faces for a role, first choice first. */
  chain(role: FontRole): readonly Face[];
  /** The first face of the role's chain that shows the character; throws when none does. */
  faceFor(role: FontRole, char: string, field?: string): Face;
  /** Every face in the set, by id. */
  faces(): readonly Face[];
}

const setCache = new Map<string, FontSet>();

/**
 * Loads a font map file (default: fonts/fontmap.json). A user map may name only some roles;
 * the others keep the default chain. Cached per process by file path.
 */
export function loadFontSet(mapFile: string = DEFAULT_FONT_MAP): FontSet {
  const abs = path.resolve(mapFile);
  const hit = setCache.get(abs);
  if (hit) return hit;
  const readMap = (file: string): Partial<Record<FontRole, string[]>> => {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (e) {
      const [zh, en] = errnoWords(e);
      throw new JixiaoError('font.map', `无法读取字体映射 ${file}：${zh}`, `cannot read font map ${file}: ${en}`);
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (e) {
      throw new JixiaoError('font.map', `字体映射 ${file} 不是有效的 JSON：${(e as Error).message}`, `font map ${file} is not valid JSON: ${(e as Error).message}`);
    }
    const parsed = FontMapSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const p = issue.path.join('.');
      throw new JixiaoError('font.map', `字体映射 ${file} 的 ${p} 有误：${issue.message}`, `font map ${file}: ${p}: ${issue.message}`);
    }
    const dir = path.dirname(file);
    const out: Partial<Record<FontRole, string[]>> = {};
    for (const [role, files] of Object.entries(parsed.data.roles) as [FontRole, string[]][]) {
      out[role] = files.map((f) => path.resolve(dir, f));
    }
    return out;
  };
  const defaults = readMap(DEFAULT_FONT_MAP);
  const user = abs === path.resolve(DEFAULT_FONT_MAP) ? {} : readMap(abs);
  const chains = new Map<FontRole, Face[]>();
  for (const role of FONT_ROLES) {
    // A user's face comes first; the default chain stays behind it as fallback.
    const files = [...(user[role] ?? []), ...(defaults[role] ?? [])];
    const seen = new Set<string>();
    chains.set(role, files.filter((f) => !seen.has(f) && seen.add(f)).map(loadFace));
  }
  const charCache = new Map<string, Face | null>();
  const set: FontSet = {
    chain: (role) => chains.get(role)!,
    faceFor(role, char, field) {
      const key = role + char;
      let face = charCache.get(key);
      if (face === undefined) {
        const cp = char.codePointAt(0)!;
        face = chains.get(role)!.find((f) => hasChar(f, cp)) ?? null;
        charCache.set(key, face);
      }
      if (!face) {
        const cp = char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
        const where = field ? `字段 ${field}` : '模板文字';
        const whereEn = field ? `field ${field}` : 'template text';
        throw new JixiaoError(
          'font.missingGlyph',
          `${where} 中的字符「${char}」(U+${cp}) 在所配置的字体中都没有字形，请换用其他字符或在字体映射中加入含该字的字体`,
          `${whereEn}: character "${char}" (U+${cp}) has no glyph in any mapped font; replace it or map a font that has it`,
          field,
        );
      }
      return face;
    },
    faces: () => [...new Set([...chains.values()].flat())],
  };
  setCache.set(abs, set);
  return set;
}
