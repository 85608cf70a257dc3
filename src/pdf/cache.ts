/**
 * Work a warm process need not redo from one PDF to the next, with byte-identical output:
 *
 * - deflate: pdfkit compresses every stream (page contents, font subsets) with zlib at each
 *   write; the result is a pure function of the stream's bytes, so it is kept by their SHA-256.
 *   After a one-field edit only the pages that changed are compressed again.
 * - font subsets: a face's subset file is a pure function of the face and its glyph list (in
 *   first-use order); an unchanged list reuses the encoded bytes.
 * - glyph layout: pdfkit shapes each word once per document; the shaped runs depend only on the
 *   face and the text, so one cache per face serves every document.
 *
 * Every cache is bounded (least recently used entries go first). pdfkit exposes none of these
 * steps, so they are reached through its instances: see the HACK notes.
 */
import { createHash } from 'node:crypto';
import zlib from 'node:zlib';

/** A map that forgets its least recently used entries beyond `limit` units of `size`. */
class Lru<V> {
  private readonly map = new Map<string, V>();
  private total = 0;
  constructor(
    private readonly limit: number,
    private readonly size: (v: V) => number,
  ) {}
  get(key: string): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }
  clear(): void {
    this.map.clear();
    this.total = 0;
  }
  set(key: string, v: V): void {
    this.map.set(key, v);
    this.total += this.size(v);
    for (const [k, old] of this.map) {
      if (this.total <= this.limit) break;
      this.map.delete(k);
      this.total -= this.size(old);
    }
  }
}

/** What one writePdf call did (for the bench and the memo tests). */
export interface PdfCacheStats {
  deflateHits: number;
  deflateMisses: number;
  subsetHits: number;
  subsetMisses: number;
}

export const pdfCacheStats: PdfCacheStats = { deflateHits: 0, deflateMisses: 0, subsetHits: 0, subsetMisses: 0 };

const deflated = new Lru<Buffer>(16 * 1024 * 1024, (b) => b.length);
const subsets = new Lru<Uint8Array>(8 * 1024 * 1024, (b) => b.length);
const layouts = new Map<string, Record<string, unknown>>();
/** Shaped words kept per face (a page holds a few hundred; a batch worker sees many packets). */
const SHAPED_LIMIT = 1_500;

/** A record that starts afresh once it holds more than `limit` keys (pdfkit reads and writes it by key). */
function boundedRecord(limit: number): Record<string, unknown> {
  let target: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  let n = 0;
  return new Proxy(target, {
    get: (_, k) => (typeof k === 'string' ? target[k] : undefined),
    set: (_, k, v) => {
      if (typeof k !== 'string') return false;
      if (!(k in target) && ++n > limit) {
        target = Object.create(null) as Record<string, unknown>;
        n = 1;
      }
      target[k] = v;
      return true;
    },
  });
}

/** Forgets every cached stream, subset and shaped word (tests: a render from scratch). */
export function resetPdfCaches(): void {
  deflated.clear();
  subsets.clear();
  layouts.clear();
}

function deflateCached(raw: Buffer): Buffer {
  const key = createHash('sha256').update(raw).digest('hex');
  const hit = deflated.get(key);
  if (hit) {
    pdfCacheStats.deflateHits++;
    return hit;
  }
  pdfCacheStats.deflateMisses++;
  // The call pdfkit makes (default level and strategy), so the bytes are the same.
  const out = zlib.deflateSync(raw);
  deflated.set(key, out);
  return out;
}

/** The parts of pdfkit's PDFReference this module touches. */
interface PdfRef {
  compress: boolean;
  buffer: Uint8Array[];
  finalize(): void;
}

/**
 * Makes every stream object `doc` creates from now on compress through the cache.
 * HACK: pdfkit has no hook for stream compression; each new reference gets a finalize that
 * hands pdfkit an already compressed buffer (its Filter is set by write()) and turns its own
 * compression off for that object.
 */
export function cacheStreams(doc: PDFKit.PDFDocument): void {
  const d = doc as unknown as { ref(data?: object): PdfRef };
  const ref = d.ref.bind(doc);
  d.ref = (data?: object) => {
    const r = ref(data);
    const finalize = r.finalize.bind(r);
    r.finalize = () => {
      if (r.compress && r.buffer.length) {
        r.buffer = [deflateCached(Buffer.concat(r.buffer))];
        r.compress = false;
      }
      finalize();
    };
    return r;
  };
}

/** The parts of pdfkit's EmbeddedFont this module touches. */
interface EmbeddedFont {
  subset?: { glyphs: number[]; encode(): Uint8Array };
  layoutCache?: Record<string, unknown>;
  jxCached?: boolean;
}

/**
 * Points the document's current font (just selected with doc.font(id)) at the shared caches of
 * face `faceKey`. HACK: pdfkit keeps the subset and the layout cache on its font instance.
 */
export function cacheFont(doc: PDFKit.PDFDocument, faceKey: string): void {
  const font = (doc as unknown as { _font?: EmbeddedFont })._font;
  if (!font || font.jxCached || !font.subset) return;
  font.jxCached = true;
  let shaped = layouts.get(faceKey);
  if (!shaped) layouts.set(faceKey, (shaped = boundedRecord(SHAPED_LIMIT)));
  if (font.layoutCache) font.layoutCache = shaped;
  const subset = font.subset;
  const encode = subset.encode.bind(subset);
  subset.encode = () => {
    const key = `${faceKey}\u0000${subset.glyphs.join(',')}`;
    const hit = subsets.get(key);
    if (hit) {
      pdfCacheStats.subsetHits++;
      return hit;
    }
    pdfCacheStats.subsetMisses++;
    const out = encode();
    subsets.set(key, out);
    return out;
  };
}
