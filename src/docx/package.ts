/**
 * Post-processing of the zip the docx package writes, so the same Document gives the same
 * bytes: fixed core.xml dates, fixed zip entry times and order, and font obfuscation keys
 * derived from the font data instead of random GUIDs.
 */
import { createHash } from 'node:crypto';
import { Packer } from 'docx';
import { JixiaoError } from '../errors.ts';
import { strToU8, unzipSync, zipSync, type Zippable } from 'fflate';

/**
 * Zip entry time. fflate writes DOS times from the Date's *local* fields, so the Date is built
 * from local fields too: every time zone then writes 1980-01-01 00:00 (the DOS epoch).
 */
function fixedZipTime(): Date {
  return new Date(1980, 0, 1, 0, 0, 0);
}

/** ISO 8601 date (`2024-03-01` or a full timestamp) -> W3CDTF in UTC without milliseconds. */
export function w3cdtf(date: string): string {
  const d = /^\d{4}-\d{2}-\d{2}$/.test(date) ? new Date(`${date}T00:00:00Z`) : new Date(date);
  if (Number.isNaN(d.getTime())) {
    throw new JixiaoError('meta.date', `文件日期「${date}」不是有效日期`, `document date "${date}" is not a valid date`);
  }
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const enc = new TextEncoder();
const dec = new TextDecoder();

/** The GUID key of an obfuscated font part, from the font's bytes and name (ECMA-376 17.8.1). */
export function fontKeyFor(name: string, data: Uint8Array): string {
  const h = createHash('sha256').update(name, 'utf8').update(data).digest('hex').toUpperCase();
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/**
 * XORs the first 32 bytes of the font with the key's bytes, as ECMA-376 Part 1 §17.8.1
 * prescribes: the key's hex digits read from the end of the GUID string. Its own inverse.
 */
export function obfuscateFont(data: Uint8Array, key: string): Uint8Array<ArrayBuffer> {
  const hex = key.replace(/[{}-]/g, '');
  const keyBytes: number[] = [];
  for (let i = hex.length - 2; i >= 0; i -= 2) keyBytes.push(parseInt(hex.slice(i, i + 2), 16));
  const out = new Uint8Array(data.length);
  out.set(data);
  for (let i = 0; i < 32 && i < out.length; i++) out[i]! ^= keyBytes[i % 16]!;
  return out;
}

/** The parts the docx package compiles a document into (Packer's compiler, before zipping). */
export function compileParts(file: unknown): Record<string, Uint8Array> {
  // HACK: docx exposes no step between compiling and zipping; Packer keeps its compiler as a
  // static. Same arguments as Packer.toBuffer(file) passes (no prettify, no overrides).
  const compiler = (Packer as unknown as { compiler: { compile(f: unknown, prettify: undefined, overrides: unknown[]): Map<string, string | Uint8Array> } }).compiler;
  const out: Record<string, Uint8Array> = {};
  for (const [name, data] of compiler.compile(file, undefined, [])) out[name] = typeof data === 'string' ? strToU8(data) : data;
  return out;
}

export interface FinishOptions {
  /** meta.date. */
  readonly date: string;
}

/** Rewrites a zipped package deterministically. */
export function finishPackage(zip: Uint8Array, opts: FinishOptions): Buffer {
  return finishParts(unzipSync(zip), opts);
}

/**
 * Zips a package's parts deterministically (the parts as the docx package compiles them, before
 * it zips them: zipping them once here instead of zip, unzip and zip again gives the same bytes).
 */
export function finishParts(parts: Readonly<Record<string, Uint8Array>>, opts: FinishOptions): Buffer {
  const files: Record<string, Uint8Array> = { ...parts };
  const when = w3cdtf(opts.date);

  const core = files['docProps/core.xml'];
  if (core) {
    const xml = dec
      .decode(core)
      .replace(/(<dcterms:created[^>]*>)[^<]*(<\/dcterms:created>)/, `$1${when}$2`)
      .replace(/(<dcterms:modified[^>]*>)[^<]*(<\/dcterms:modified>)/, `$1${when}$2`);
    files['docProps/core.xml'] = enc.encode(xml);
  }

  // The docx package obfuscates embedded fonts with random GUIDs; re-key them from the data.
  const fontTable = files['word/fontTable.xml'];
  const fontRels = files['word/_rels/fontTable.xml.rels'];
  if (fontTable && fontRels) {
    let table = dec.decode(fontTable);
    const rels = dec.decode(fontRels);
    const target = new Map<string, string>();
    for (const m of rels.matchAll(/<Relationship\b[^>]*?\bId="([^"]+)"[^>]*?\bTarget="([^"]+)"/g)) target.set(m[1]!, m[2]!);
    for (const m of rels.matchAll(/<Relationship\b[^>]*?\bTarget="([^"]+)"[^>]*?\bId="([^"]+)"/g)) target.set(m[2]!, m[1]!);
    table = table.replace(
      /<w:font w:name="([^"]*)"([\s\S]*?)<\/w:font>/g,
      (whole, name: string, body: string) =>
        `<w:font w:name="${name}"` +
        body.replace(/<w:(embed\w+) r:id="([^"]+)" w:fontKey="\{([^}]+)\}"/g, (m2, el: string, rid: string, oldKey: string) => {
          const part = target.get(rid);
          const path = part ? `word/${part.replace(/^\//, '').replace(/^word\//, '')}` : undefined;
          const data = path ? files[path] : undefined;
          if (!path || !data) return m2;
          const plain = obfuscateFont(data, oldKey);
          const key = fontKeyFor(`${name}/${el}`, plain);
          files[path] = obfuscateFont(plain, key);
          return `<w:${el} r:id="${rid}" w:fontKey="{${key}}"`;
        }) +
        '</w:font>',
    );
    files['word/fontTable.xml'] = enc.encode(table);
  }

  // Fixed order: [Content_Types].xml first (some readers sniff it), then by name.
  const names = Object.keys(files).sort((a, b) => (a === '[Content_Types].xml' ? -1 : b === '[Content_Types].xml' ? 1 : a < b ? -1 : a > b ? 1 : 0));
  const mtime = fixedZipTime();
  const out: Zippable = {};
  for (const n of names) {
    out[n] = [files[n]!, { mtime, level: 6 }];
  }
  return Buffer.from(zipSync(out));
}
