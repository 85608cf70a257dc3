/**
 * One packet's work inside a batch worker: render, write the files, manifest.json and zip into
 * the packet's temporary folder. The main thread renames that folder into place.
 *
 * The main thread has parsed and checked the packet (once: line numbers, warnings, the glyph
 * check); the worker gets the checked packet and its derived figures (src/batch/transfer.ts) and
 * renders them with its warm renderer, which keeps fonts, templates and layout memos between
 * packets.
 */
import fs from 'node:fs';
import v8 from 'node:v8';
import path from 'node:path';
import type { Diagnostic } from '../check/diagnostic.ts';
import type { Derived } from '../derive/index.ts';
import type { Packet } from '../model/schema.ts';
import { createRenderer, type Format, type Renderer } from '../render/index.ts';
import { documentDate } from '../templates/index.ts';
import { formatOf } from '../format/index.ts';
import { useSharedFontBytes } from '../fonts/index.ts';
import { JixiaoError } from '../errors.ts';
import { safeFileName } from '../util/names.ts';
import { sha256 } from './hash.ts';
import { makeDirs } from './dirs.ts';
import { manifestText, type PacketError, type PacketManifest } from './manifest.ts';
import { zipEntries } from './zip.ts';
import { fromWire } from './transfer.ts';

/** Options every worker shares (passed as workerData). */
export interface WorkerOptions {
  readonly templates?: string;
  readonly fontMap?: string;
  /** The font files in shared memory (shareFontBytes), so workers do not each hold a copy. */
  readonly fontBytes?: Readonly<Record<string, SharedArrayBuffer>>;
}

/** One packet for a worker (plain data: it crosses the thread boundary). */
export interface PacketTask {
  /** Input file relative to the working folder (for messages). */
  readonly file: string;
  /** Input file relative to its input argument (for the manifest: independent of the working folder). */
  readonly name: string;
  /** The checked packet, through toWire (src/batch/transfer.ts). */
  readonly packet: unknown;
  /** Its derived figures from the check, through toWire. */
  readonly derived: unknown;
  /** SHA-256 of the input's text as read by the main thread. */
  readonly sha256: string;
  /** Where to assemble the packet (created by the worker; unique to this packet of this run). */
  readonly tmpDir: string;
  /** Packet folder relative to the output folder. */
  readonly folder: string;
  readonly formats: readonly Format[];
  readonly templates?: string;
  readonly fontMap?: string;
  readonly embedFonts: boolean;
  readonly jixiao: string;
  readonly templatesSha256: string;
  readonly fontMapSha256: string;
  readonly fontFacesSha256: string;
  /** The check's warnings with line numbers (computed by the main thread; the packet has no errors). */
  readonly warnings: readonly Diagnostic[];
}

/** A worker's answer. */
export type PacketTaskResult =
  | {
      readonly ok: true;
      readonly manifest: PacketManifest;
      readonly ms: number;
      /** The worker's V8 heap in use after the packet, in bytes (the bench reports the peak). */
      readonly heapBytes: number;
    }
  | { readonly ok: false; readonly errors: readonly PacketError[] };

/** This worker's warm renderers, by embedFonts. */
const renderers = new Map<boolean, Renderer>();

function rendererFor(templates: string | undefined, fontMap: string | undefined, embedFonts: boolean): Renderer {
  let r = renderers.get(embedFonts);
  if (!r) renderers.set(embedFonts, (r = createRenderer({ templates, fontMap, embedDocxFonts: embedFonts })));
  return r;
}

/** Parses fonts and compiles templates once per worker, before the first packet. */
export function warmUp(opts: WorkerOptions): void {
  if (opts.fontBytes) useSharedFontBytes(opts.fontBytes);
  try {
    rendererFor(opts.templates, opts.fontMap, false);
  } catch {
    // Reported per packet by the render itself.
  }
}

/** Turns anything thrown into bilingual packet errors. */
export function toPacketErrors(e: unknown): PacketError[] {
  if (e && typeof e === 'object' && 'diagnostics' in e && Array.isArray((e as { diagnostics: unknown }).diagnostics)) {
    return ((e as { diagnostics: Diagnostic[] }).diagnostics)
      .filter((d) => d.severity === 'error')
      .map((d) => ({ code: d.code, path: d.path, ...(d.label ? { label: d.label } : {}), line: d.line, column: d.column, zh: d.zh, en: d.en }));
  }
  if (e instanceof JixiaoError) {
    // Syntax errors carry `file:line:col` in their text only.
    const at = e.code === 'input.syntax' ? /:(\d+):(\d+) /.exec(e.en) : null;
    const pos = at ? { line: Number(at[1]), column: Number(at[2]) } : {};
    return [{ code: e.code, ...(e.path ? { path: e.path } : {}), ...pos, zh: e.zh, en: e.en }];
  }
  const msg = e instanceof Error ? e.message : String(e);
  return [{ code: 'internal', zh: `内部错误（请报告）：${msg}`, en: `internal error (please report): ${msg}` }];
}

/** Renders one packet into `task.tmpDir`; never throws. */
export async function runPacketTask(task: PacketTask): Promise<PacketTaskResult> {
  const t0 = performance.now();
  try {
    const packet = fromWire<Packet>(task.packet);
    const derived = fromWire<Derived>(task.derived);
    const checked = { diagnostics: task.warnings, errors: 0, warnings: task.warnings.length, derived };
    const renderer = rendererFor(task.templates, task.fontMap, task.embedFonts);
    const result = await renderer.render(packet, { formats: task.formats, checked });
    // recursive: the run's temp folder is made by the main thread, but never rely on a shared parent.
    makeDirs(task.tmpDir);
    const files = result.files.map((f) => {
      const name = safeFileName(f.baseName, `.${f.format}`);
      fs.writeFileSync(path.join(task.tmpDir, name), f.bytes);
      return { name, format: f.format, document: f.document, size: f.bytes.length, sha256: sha256(f.bytes), bytes: f.bytes };
    });
    const department = packet.department.name;
    const year = formatOf(packet).year(packet)!;
    const zip = safeFileName(`${department}-${year}`, '.zip');
    const manifest: PacketManifest = {
      jixiao: task.jixiao,
      input: { file: task.name, sha256: task.sha256 },
      department,
      year,
      folder: task.folder,
      templates: { sha256: task.templatesSha256 },
      fonts: { mapSha256: task.fontMapSha256, facesSha256: task.fontFacesSha256 },
      formats: task.formats,
      embedFonts: task.embedFonts,
      files: files.map(({ bytes: _b, ...rest }) => rest),
      zip,
      warnings: task.warnings,
    };
    const mtext = Buffer.from(manifestText(manifest), 'utf8');
    const zipped = zipEntries([...files.map((f) => ({ name: f.name, bytes: f.bytes })), { name: 'manifest.json', bytes: mtext }], documentDate(packet));
    fs.writeFileSync(path.join(task.tmpDir, zip), zipped);
    // The manifest goes last: a folder with a manifest is a complete folder.
    fs.writeFileSync(path.join(task.tmpDir, 'manifest.json'), mtext);
    return { ok: true, manifest, ms: performance.now() - t0, heapBytes: v8.getHeapStatistics().used_heap_size };
  } catch (e) {
    return { ok: false, errors: toPacketErrors(e) };
  }
}
