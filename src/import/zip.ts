/**
 * A guarded zip reader for the Office files people bring (DOCX, XLSX). Every limit is checked
 * before anything is inflated (entry count, declared sizes, compression ratio), and again while
 * inflating, against what the data really yields, so a zip bomb or a lying header stops after a
 * bounded amount of work and memory. Only the entries asked for are inflated.
 *
 * Why our own reader and not fflate's unzipSync: unzipSync trusts the declared sizes and
 * inflates every entry in one go; here the central directory is read by hand (it is small) and
 * each entry is inflated through fflate's streaming Inflate in slices, counting as it goes.
 */
import { Inflate } from 'fflate';
import { JixiaoError } from '../errors.ts';

/** Limits of what a reader accepts. The defaults fit any real 自评报告 or 申报表 with room to spare. */
export interface ZipLimits {
  /** Most entries in the archive (a DOCX has ~20, an XLSX ~15 plus one per sheet). */
  readonly maxEntries: number;
  /** Most uncompressed bytes of one entry. */
  readonly maxEntryBytes: number;
  /** Most uncompressed bytes of the entries read, together. */
  readonly maxTotalBytes: number;
  /** Highest uncompressed ÷ compressed ratio for an entry above `ratioFloor` bytes. */
  readonly maxRatio: number;
  /** Entries smaller than this are not held to the ratio (tiny XML parts compress very well). */
  readonly ratioFloor: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxEntries: 1000,
  maxEntryBytes: 64 * 1024 * 1024,
  maxTotalBytes: 160 * 1024 * 1024,
  maxRatio: 200,
  ratioFloor: 1024 * 1024,
};

/** One entry of the central directory. */
export interface ZipEntry {
  readonly name: string;
  readonly method: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly localOffset: number;
  readonly encrypted: boolean;
}

/** An opened archive: its entry list, and `read(name)` that inflates one entry within the limits. */
export interface ZipArchive {
  readonly entries: ReadonlyMap<string, ZipEntry>;
  read(name: string): Uint8Array | undefined;
}

const u16 = (b: Uint8Array, o: number) => b[o]! | (b[o + 1]! << 8);
const u32 = (b: Uint8Array, o: number) => (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;

/** The refusal every check below throws: Chinese first, English after, naming the file. */
export function refuse(file: string, code: string, zh: string, en: string): JixiaoError {
  return new JixiaoError(`input.${code}`, `${file}：${zh}；已拒绝读取`, `${file}: ${en}; refused`);
}

const MB = (n: number) => `${Math.round(n / 1024 / 1024)} MB`;

/** Tells a user what kind of file this is when it is not a zip (old binary Office, PDF, text). */
function notZipHint(bytes: Uint8Array): { zh: string; en: string } {
  if (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) {
    return { zh: '这是旧版 Office 二进制文件（.doc/.xls），请在 Word/WPS/Excel 中另存为 .docx/.xlsx 后再导入', en: 'this is an old binary Office file (.doc/.xls); save it as .docx/.xlsx in Word/WPS/Excel and import that' };
  }
  if (bytes[0] === 0x25 && bytes[1] === 0x50 && bytes[2] === 0x44 && bytes[3] === 0x46) {
    return { zh: '这是 PDF 文件，只能导入 .docx 或 .xlsx', en: 'this is a PDF; only .docx and .xlsx can be imported' };
  }
  return { zh: '不是 .docx/.xlsx 文件（不是 zip 压缩包）', en: 'not a .docx/.xlsx file (not a zip archive)' };
}

/** Opens `bytes` as a zip archive, checking the central directory against `limits`. */
export function openZip(bytes: Uint8Array, file: string, limits: ZipLimits = DEFAULT_ZIP_LIMITS): ZipArchive {
  if (bytes.length < 22 || u32(bytes, 0) !== 0x04034b50) {
    const h = notZipHint(bytes);
    throw refuse(file, 'notZip', h.zh, h.en);
  }
  // End of central directory: the last 22 bytes, or earlier when the archive has a comment.
  let eocd = -1;
  for (let o = bytes.length - 22; o >= Math.max(0, bytes.length - 22 - 0xffff); o--) {
    if (u32(bytes, o) === 0x06054b50) {
      eocd = o;
      break;
    }
  }
  const broken = () => refuse(file, 'badZip', '压缩包已损坏（目录不完整）', 'the zip archive is damaged (incomplete directory)');
  if (eocd < 0) throw broken();
  const count = u16(bytes, eocd + 10);
  const cdSize = u32(bytes, eocd + 12);
  const cdOffset = u32(bytes, eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff) {
    throw refuse(file, 'zipTooLarge', '压缩包为 ZIP64 超大格式，Office 文档不需要', 'the archive is ZIP64, which no Office document of this size needs');
  }
  if (count > limits.maxEntries) {
    throw refuse(file, 'zipBomb', `压缩包内有 ${count} 个文件，超过上限 ${limits.maxEntries}`, `the archive holds ${count} entries, more than the limit of ${limits.maxEntries}`);
  }
  if (cdOffset + cdSize > eocd) throw broken();
  const entries = new Map<string, ZipEntry>();
  let declaredTotal = 0;
  let p = cdOffset;
  const dec = new TextDecoder('utf-8');
  for (let i = 0; i < count; i++) {
    if (p + 46 > bytes.length || u32(bytes, p) !== 0x02014b50) throw broken();
    const flags = u16(bytes, p + 8);
    const nameLen = u16(bytes, p + 28);
    const e: ZipEntry = {
      name: dec.decode(bytes.subarray(p + 46, p + 46 + nameLen)),
      method: u16(bytes, p + 10),
      compressedSize: u32(bytes, p + 20),
      size: u32(bytes, p + 24),
      localOffset: u32(bytes, p + 42),
      encrypted: (flags & 1) === 1,
    };
    p += 46 + nameLen + u16(bytes, p + 30) + u16(bytes, p + 32);
    if (e.size > limits.maxEntryBytes) {
      throw refuse(file, 'zipBomb', `压缩包内 ${e.name} 解压后 ${MB(e.size)}，超过单个文件上限 ${MB(limits.maxEntryBytes)}`, `${e.name} would inflate to ${MB(e.size)}, over the per-entry limit of ${MB(limits.maxEntryBytes)}`);
    }
    if (e.size > limits.ratioFloor && e.size > limits.maxRatio * Math.max(1, e.compressedSize)) {
      throw refuse(file, 'zipBomb', `压缩包内 ${e.name} 的压缩比异常（${Math.round(e.size / Math.max(1, e.compressedSize))}:1），疑似压缩炸弹`, `${e.name} has an abnormal compression ratio (${Math.round(e.size / Math.max(1, e.compressedSize))}:1), a likely zip bomb`);
    }
    declaredTotal += e.size;
    entries.set(e.name, e);
  }
  if (declaredTotal > limits.maxTotalBytes) {
    throw refuse(file, 'zipBomb', `压缩包解压后共 ${MB(declaredTotal)}，超过上限 ${MB(limits.maxTotalBytes)}`, `the archive would inflate to ${MB(declaredTotal)} in all, over the limit of ${MB(limits.maxTotalBytes)}`);
  }
  let inflatedTotal = 0;
  return {
    entries,
    read(name: string): Uint8Array | undefined {
      const e = entries.get(name);
      if (!e) return undefined;
      if (e.encrypted) throw refuse(file, 'encrypted', '文件已加密（设置了打开密码），请取消密码后再导入', 'the file is encrypted (password protected); remove the password and import again');
      const lo = e.localOffset;
      if (lo + 30 > bytes.length || u32(bytes, lo) !== 0x04034b50) throw broken();
      const start = lo + 30 + u16(bytes, lo + 26) + u16(bytes, lo + 28);
      const data = bytes.subarray(start, start + e.compressedSize);
      if (data.length !== e.compressedSize) throw broken();
      const out = e.method === 0 ? data.slice() : e.method === 8 ? inflateBounded(data, e, file, limits) : undefined;
      if (!out) throw refuse(file, 'badZip', `${e.name} 使用了不支持的压缩方式 ${e.method}`, `${e.name} uses an unsupported compression method ${e.method}`);
      if (out.length !== e.size) throw refuse(file, 'badZip', `${e.name} 解压后的大小与目录记载不符（疑似伪造）`, `${e.name} inflates to a size other than its directory says (forged header?)`);
      inflatedTotal += out.length;
      if (inflatedTotal > limits.maxTotalBytes) throw refuse(file, 'zipBomb', `解压总量超过上限 ${MB(limits.maxTotalBytes)}`, `inflated data exceeds the limit of ${MB(limits.maxTotalBytes)}`);
      return out;
    },
  };
}

/**
 * Inflates one entry in 64 KB slices. Stops as soon as the output passes the declared size (a
 * forged header), the per-entry limit, or the ratio limit: at most one slice's output past them.
 */
function inflateBounded(data: Uint8Array, e: ZipEntry, file: string, limits: ZipLimits): Uint8Array {
  const cap = Math.min(e.size, limits.maxEntryBytes);
  const out = new Uint8Array(cap);
  let n = 0;
  let consumed = 0;
  const inf = new Inflate((chunk) => {
    if (n + chunk.length > cap) {
      throw refuse(file, 'zipBomb', `${e.name} 解压后超过目录记载的 ${cap} 字节，疑似压缩炸弹`, `${e.name} inflates past the ${cap} bytes its directory declares, a likely zip bomb`);
    }
    out.set(chunk, n);
    n += chunk.length;
    if (n > limits.ratioFloor && n > limits.maxRatio * Math.max(1, consumed)) {
      throw refuse(file, 'zipBomb', `${e.name} 的压缩比异常，疑似压缩炸弹`, `${e.name} has an abnormal compression ratio, a likely zip bomb`);
    }
  });
  const SLICE = 64 * 1024;
  try {
    for (let o = 0; o < data.length; o += SLICE) {
      consumed = Math.min(data.length, o + SLICE);
      inf.push(data.subarray(o, consumed), consumed === data.length);
    }
  } catch (err) {
    if (err instanceof JixiaoError) throw err;
    throw refuse(file, 'badZip', `${e.name} 无法解压（数据损坏）`, `${e.name} cannot be inflated (corrupt data)`);
  }
  return n === out.length ? out : out.subarray(0, n);
}
