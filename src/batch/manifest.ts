/**
 * The per-packet manifest.json and the run's summary.json: their shapes, the up-to-date test a
 * re-run uses to skip packets, and the merge of per-shard summaries.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '../check/diagnostic.ts';
import type { Format } from '../render/index.ts';
import { JixiaoError } from '../errors.ts';
import { compareCodePoints } from './hash.ts';

/** One output file of a packet as listed in its manifest. */
export interface ManifestFile {
  readonly name: string;
  readonly format: Format;
  /** Document id of the template set (`attachment1`, `attachment2`). */
  readonly document: string;
  readonly size: number;
  readonly sha256: string;
}

/** What a re-run compares to decide that a packet is unchanged. */
export interface RenderKey {
  /** jixiao version. */
  readonly jixiao: string;
  readonly inputSha256: string;
  /** SHA-256 of the template set's fingerprint. */
  readonly templatesSha256: string;
  /** SHA-256 of the font map file. */
  readonly fontMapSha256: string;
  /** SHA-256 over the bytes of every face the map uses (see fontFacesSha256). */
  readonly fontFacesSha256: string;
  readonly formats: readonly Format[];
  readonly embedFonts: boolean;
}

/** Contents of `DIR/<year>/<department>/manifest.json` (no clock time: same inputs, same bytes). */
export interface PacketManifest {
  readonly jixiao: string;
  /** `file`: the input relative to the argument it was found under (see InputFile.name). */
  readonly input: { readonly file: string; readonly sha256: string };
  readonly department: string;
  readonly year: number;
  /** Packet folder relative to the output folder, `/`-separated. */
  readonly folder: string;
  readonly templates: { readonly sha256: string };
  readonly fonts: { readonly mapSha256: string; readonly facesSha256: string };
  readonly formats: readonly Format[];
  readonly embedFonts: boolean;
  readonly files: readonly ManifestFile[];
  /** The packet's zip (same folder): the files above plus this manifest. */
  readonly zip: string;
  readonly warnings: readonly Diagnostic[];
}

/** A warning or error diagnostic as a PacketError (the JSON line's shape). */
export function toPacketError(d: Diagnostic): PacketError {
  return { code: d.code, path: d.path, line: d.line, column: d.column, zh: d.zh, en: d.en };
}

/** One reason a packet failed: a field path (with line when known) and the message in both languages. */
export interface PacketError {
  readonly code: string;
  readonly path?: string;
  /** The field's Chinese label (from the format), when the error is about one field. */
  readonly label?: string;
  readonly line?: number;
  readonly column?: number;
  readonly zh: string;
  readonly en: string;
}

/** Outcome of one input in a run; also the JSON line printed per packet. */
export interface PacketReport {
  /** Input file relative to the working folder. */
  readonly file: string;
  readonly status: 'ok' | 'failed' | 'skipped';
  /** Why a packet was skipped. */
  readonly reason?: 'unchanged' | 'filtered' | 'interrupted';
  readonly department?: string;
  readonly year?: number;
  /** Packet folder relative to the output folder. */
  readonly folder?: string;
  readonly warnings?: number;
  /** Every warning of the packet (path, line, both languages); the terminal shows the first few. */
  readonly warningDetails?: readonly PacketError[];
  readonly errors?: readonly PacketError[];
  /**
   * In summary.json only: copied from the summary before, because this run did not look at the
   * input (left out by `--only`, or not reached before an interrupt). See carryPrevious.
   */
  readonly carried?: true;
}

/** A packet folder that no input produces any more, though its manifest names an input of the run. */
export interface OrphanFolder {
  /** Relative to the output folder, `/`-separated. */
  readonly folder: string;
  /** The input named in its manifest (see PacketManifest.input.file). */
  readonly input: string;
  readonly department?: string;
  readonly year?: number;
  /** Set by `--prune`: true once deleted; false (with error) when the deletion failed. */
  readonly pruned?: boolean;
  readonly error?: { readonly zh: string; readonly en: string };
}

/** Contents of `DIR/summary.json`. */
export interface BatchSummary {
  readonly jixiao: string;
  /** Shards this summary covers (absent for an unsharded run). */
  readonly shards?: readonly { readonly index: number; readonly count: number }[];
  readonly interrupted?: boolean;
  /**
   * The `--only` filter of the run that wrote this summary. Such a run keeps the record of the
   * packets it left out: their entries are copied from the summary before (marked `carried`).
   */
  readonly only?: string;
  readonly totals: { readonly packets: number; readonly ok: number; readonly failed: number; readonly skipped: number };
  readonly packets: readonly PacketReport[];
  /** Packet folders orphaned by a renamed department (full runs only; see findOrphans). */
  readonly orphans?: readonly OrphanFolder[];
}

/** Reads a summary file; undefined when missing or not a summary. */
export function readSummary(file: string): BatchSummary | undefined {
  try {
    const s = JSON.parse(fs.readFileSync(file, 'utf8')) as BatchSummary;
    return s && Array.isArray(s.packets) ? s : undefined;
  } catch {
    return undefined;
  }
}

/**
 * This run's reports merged with the summary before it, so a run never erases the record of an
 * input it did not look at: an input left out by the filter or not reached before an interrupt
 * keeps its previous entry (marked `carried`). With `keepAbsent` (a filtered run), entries of
 * inputs this run did not list at all are kept too, except one whose folder an input of this run
 * has now rendered or skipped as unchanged (the same packet, named from another working folder,
 * or an input since deleted). Entries are matched by input file as reports name it.
 */
export function carryPrevious(previous: readonly PacketReport[] | undefined, run: readonly PacketReport[], keepAbsent: boolean): PacketReport[] {
  if (!previous) return [...run];
  const carry = (p: PacketReport): PacketReport => (p.carried ? p : { ...p, carried: true });
  const before = new Map(previous.map((p) => [p.file, p]));
  const out = new Map<string, PacketReport>();
  for (const r of run) {
    const old = before.get(r.file);
    out.set(r.file, old && (r.reason === 'filtered' || r.reason === 'interrupted') ? carry(old) : r);
  }
  if (keepAbsent) {
    const key = (f: string) => f.normalize('NFC').toLowerCase();
    const held = new Set(run.filter((r) => r.folder && (r.status === 'ok' || r.reason === 'unchanged')).map((r) => key(r.folder!)));
    for (const p of previous) {
      if (out.has(p.file) || (p.folder && held.has(key(p.folder)))) continue;
      out.set(p.file, carry(p));
    }
  }
  return [...out.values()].sort((a, b) => compareCodePoints(a.file, b.file));
}

/** Totals of a list of packet reports. */
export function totalsOf(packets: readonly PacketReport[]): BatchSummary['totals'] {
  const n = (s: PacketReport['status']) => packets.filter((p) => p.status === s).length;
  return { packets: packets.length, ok: n('ok'), failed: n('failed'), skipped: n('skipped') };
}

/** Reads a packet folder's manifest.json; undefined when missing or unreadable. */
export function readManifest(folder: string): PacketManifest | undefined {
  try {
    return JSON.parse(fs.readFileSync(path.join(folder, 'manifest.json'), 'utf8')) as PacketManifest;
  } catch {
    return undefined;
  }
}

/** Whether an existing packet folder was made from the same input, templates, fonts, formats and version, and is complete. */
export function isUpToDate(folder: string, m: PacketManifest | undefined, key: RenderKey, inputFile: string): boolean {
  if (!m || !Array.isArray(m.files)) return false;
  const same =
    m.jixiao === key.jixiao &&
    m.input?.file === inputFile &&
    m.input?.sha256 === key.inputSha256 &&
    m.templates?.sha256 === key.templatesSha256 &&
    m.fonts?.mapSha256 === key.fontMapSha256 &&
    m.fonts?.facesSha256 === key.fontFacesSha256 &&
    m.embedFonts === key.embedFonts &&
    JSON.stringify(m.formats) === JSON.stringify(key.formats);
  if (!same) return false;
  for (const f of [...m.files.map((x) => ({ name: x.name, size: x.size as number | undefined })), { name: m.zip, size: undefined }]) {
    try {
      const st = fs.statSync(path.join(folder, f.name));
      if (!st.isFile() || (f.size !== undefined && st.size !== f.size)) return false;
    } catch {
      return false;
    }
  }
  return true;
}

/** Manifest JSON text (stable key order comes from the object literal that built it). */
export function manifestText(m: PacketManifest): string {
  return JSON.stringify(m, null, 2) + '\n';
}

/**
 * Merges per-shard summaries into one. Packets are sorted by input file; an input listed twice
 * is an error; two packets that claim the same folder leave the later input failed (the first
 * in sorted order wins, as within one run).
 */
export function mergeSummaries(parts: readonly { file: string; summary: BatchSummary }[]): { summary: BatchSummary; notes: string[] } {
  const notes: string[] = [];
  const byFile = new Map<string, PacketReport>();
  const shards: { index: number; count: number }[] = [];
  let jixiao = '';
  let interrupted = false;
  for (const { file, summary } of parts) {
    if (!summary || !Array.isArray(summary.packets)) {
      throw new JixiaoError('batch.summary', `${file} 不是 jixiao 批量汇总文件`, `${file} is not a jixiao batch summary`);
    }
    jixiao ||= summary.jixiao;
    if (summary.jixiao !== jixiao) notes.push(`${file}: jixiao ${summary.jixiao} ≠ ${jixiao}`);
    if (summary.interrupted) interrupted = true;
    shards.push(...(summary.shards ?? []));
    for (const p of summary.packets) {
      if (byFile.has(p.file)) {
        throw new JixiaoError('batch.merge', `输入 ${p.file} 出现在多个汇总中（分片重叠？）：${file}`, `input ${p.file} appears in more than one summary (overlapping shards?): ${file}`);
      }
      byFile.set(p.file, p);
    }
  }
  const counts = new Set(shards.map((s) => s.count));
  if (counts.size > 1) notes.push(`分片数不一致 / shard counts differ: ${[...counts].join(', ')}`);
  if (counts.size === 1) {
    const n = [...counts][0]!;
    const have = new Set(shards.map((s) => s.index));
    const missing = Array.from({ length: n }, (_, i) => i).filter((i) => !have.has(i));
    if (missing.length) notes.push(`缺少分片 / missing shard(s): ${missing.map((i) => `${i}/${n}`).join(', ')}`);
  }
  const packets = [...byFile.values()].sort((a, b) => compareCodePoints(a.file, b.file));
  const owner = new Map<string, FolderClaim>();
  const merged = packets.map((p): PacketReport => {
    if (!p.folder || p.status === 'failed' || p.reason === 'filtered' || p.reason === 'interrupted') return p;
    const key = p.folder.normalize('NFC').toLowerCase();
    const first = owner.get(key);
    if (first === undefined) {
      owner.set(key, { file: p.file, department: p.department ?? '', folder: p.folder });
      return p;
    }
    return { file: p.file, status: 'failed', department: p.department, year: p.year, errors: [duplicateError(p.department ?? '', p.year ?? 0, first)] };
  });
  shards.sort((a, b) => a.index - b.index);
  const summary: BatchSummary = {
    jixiao,
    ...(shards.length ? { shards } : {}),
    ...(interrupted ? { interrupted } : {}),
    totals: totalsOf(merged),
    packets: merged,
  };
  return { summary, notes };
}

/** The input that first claimed a packet folder. */
export interface FolderClaim {
  /** Input file (as in reports). */
  readonly file: string;
  readonly department: string;
  /** The folder, relative to the output folder, `/`-separated. */
  readonly folder: string;
}

/**
 * The error for a second input whose packet folder is already taken: the same department and
 * year, or (told apart in the message) another department whose name makes the same folder.
 */
export function duplicateError(department: string, year: number, first: FolderClaim): PacketError {
  if (department.normalize('NFC') === first.department.normalize('NFC')) {
    return {
      code: 'batch.duplicate',
      path: 'department.name',
      zh: `部门「${department}」${year} 年度已由 ${first.file} 生成；同一部门同一年度只能有一个输入文件，本文件未生成（未覆盖）`,
      en: `department "${department}" for ${year} was already rendered from ${first.file}; one input per department and year, so this one was not rendered (nothing overwritten)`,
    };
  }
  return {
    code: 'batch.duplicate',
    path: 'department.name',
    zh: `部门「${department}」与 ${first.file} 的部门「${first.department}」对应同一个输出文件夹 ${first.folder}（两个名称转换为文件夹名后相同）；本文件未生成（未覆盖），请修改其中一个部门名称`,
    en: `department "${department}" and department "${first.department}" of ${first.file} map to the same output folder ${first.folder} (the two names give the same folder name); this one was not rendered (nothing overwritten): rename one of them`,
  };
}
