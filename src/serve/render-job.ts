/**
 * Rendering for the workbench, inside its worker thread. `renderPacketText` is the one place
 * that calls the renderer: a warm `createRenderer()` per template folder and font map, kept for
 * the worker's life, so an edit re-lays out only the paragraphs and tables that changed.
 */
import { createHash } from 'node:crypto';
import { parsePacket } from '../model/parse.ts';
import { formatOf } from '../format/index.ts';
import { createRenderer, type Format, type Renderer } from '../render/index.ts';
import { JixiaoError } from '../errors.ts';

export interface RenderJob {
  readonly id: number;
  readonly text: string;
  readonly formats: readonly Format[];
  readonly templates?: string;
  readonly fontMap?: string;
  /** The packet file's folder: a `format: ./folder` is relative to it. */
  readonly baseDir?: string;
}

export interface RenderedOut {
  readonly name: string;
  readonly baseName: string;
  readonly format: Format;
  readonly document: string;
  readonly bytes: Uint8Array;
  /** A fingerprint of each laid-out page: the browser redraws only pages whose fingerprint changed. */
  readonly pages: readonly string[];
}

export type RenderJobResult =
  | { readonly id: number; readonly ok: true; readonly files: readonly RenderedOut[]; readonly documentDate: string; readonly ms: number }
  | { readonly id: number; readonly ok: false; readonly zh: string; readonly en: string };

/** This worker's warm renderers, by template folder and font map (the server passes the same ones every time). */
const renderers = new Map<string, Renderer>();

function rendererFor(templates: string | undefined, fontMap: string | undefined): Renderer {
  const key = `${templates ?? ''}\u0000${fontMap ?? ''}`;
  let r = renderers.get(key);
  if (!r) renderers.set(key, (r = createRenderer({ templates, fontMap })));
  return r;
}

export async function renderPacketText(job: RenderJob): Promise<RenderJobResult> {
  const started = performance.now();
  try {
    const parsed = parsePacket(job.text, job.baseDir ? { baseDir: job.baseDir } : {});
    if (!parsed.packet) {
      const d = parsed.diagnostics[0]!;
      return { id: job.id, ok: false, zh: `数据有误，未生成：${d.path}：${d.zh}`, en: `the data has errors; nothing rendered: ${d.path}: ${d.en}` };
    }
    const result = await rendererFor(job.templates, job.fontMap).render(parsed.packet, { formats: job.formats });
    // The format says which year dates the documents (a packet may carry the report only).
    const documentDate = formatOf(parsed.packet).documentDate(parsed.packet);
    return {
      id: job.id,
      ok: true,
      files: result.files.map((f) => ({
        name: f.name,
        baseName: f.baseName,
        format: f.format,
        document: f.document,
        bytes: new Uint8Array(f.bytes),
        pages: (result.layouts[f.document]?.pages ?? []).map((p) => createHash('sha256').update(JSON.stringify(p)).digest('hex').slice(0, 24)),
      })),
      documentDate,
      ms: performance.now() - started,
    };
  } catch (e) {
    if (e instanceof JixiaoError) return { id: job.id, ok: false, zh: e.zh, en: e.en };
    return { id: job.id, ok: false, zh: `生成失败：${(e as Error).message}`, en: `rendering failed: ${(e as Error).message}` };
  }
}
