/**
 * The whole path for one packet: check → derive → templates → document model → layout → cut
 * plan → PDF and DOCX writers. Returns the files' bytes; writing them is the caller's business.
 * render() is the one-shot form; createRenderer() (./renderer.ts) keeps fonts, templates and
 * layout memos for many renders (CLI, batch workers, the workbench preview).
 */
import type { Packet } from '../model/schema.ts';
import { createRenderer, type RendererOptions } from './renderer.ts';
import type { Format, RenderResult } from './types.ts';

export { createRenderer, type Renderer, type RendererOptions, type RenderCall, type RendererStats } from './renderer.ts';
export { PacketInvalidError, type Format, type RenderedFile, type RenderResult } from './types.ts';

export interface RenderOptions extends RendererOptions {
  /** Output formats (default both). */
  readonly formats?: readonly Format[];
}

/** Renders a packet's attachments once. Refuses a packet with errors (PacketInvalidError). */
export async function render(packet: Packet, options: RenderOptions = {}): Promise<RenderResult> {
  return createRenderer(options).render(packet, { formats: options.formats ?? ['pdf', 'docx'] });
}
