/**
 * The warm renderer: fonts, templates and layout memos kept between renders.
 *
 * One render: check (unless the caller already did) → derive → templates → document model →
 * layout → cut plan → PDF and DOCX writers. Paragraphs and tables whose content did not change
 * since the last render take their lines and pages from the memos (src/render/memo.ts), and the
 * PDF writer reuses compressed streams and font subsets whose bytes did not change
 * (src/pdf/cache.ts), so a one-field edit costs little more than the pages it touches. The bytes
 * are the same as a from-scratch render's.
 */
import { checkPacket, type CheckResult } from '../check/index.ts';
import type { Packet } from '../model/schema.ts';
import { loadFontSet, type FontSet } from '../fonts/index.ts';
import { createLineBreaker, layoutDocument } from '../layout/index.ts';
import { layoutTable } from '../layout/table.ts';
import type { BreakLines, LaidDocument, LaidLine, LayoutTable, TableLayoutResult } from '../layout/types.ts';
import { planCuts } from '../cut/index.ts';
import { writePdf } from '../pdf/index.ts';
import { writeDocx } from '../docx/index.ts';
import { loadTemplates, renderDocuments, type TemplateSet } from '../templates/index.ts';
import { formatOf } from '../format/index.ts';
import type { Document } from '../document/model.ts';
import { Memo, memoBreakLines, memoLayoutTable, type MemoStats } from './memo.ts';
import { PacketInvalidError, type Format, type RenderedFile, type RenderResult } from './types.ts';

/** What stays the same for every render of a renderer. */
export interface RendererOptions {
  /** Format folder or id whose templates every packet is rendered with (default: the format each packet names). */
  readonly templates?: string;
  /** Font map file (default: fonts/fontmap.json). */
  readonly fontMap?: string;
  /** Embed our open fonts into the DOCX files (bigger files that look right without the official fonts). */
  readonly embedDocxFonts?: boolean;
}

/** Options of one render. */
export interface RenderCall {
  /** Output formats (default both). */
  readonly formats?: readonly Format[];
  /**
   * The packet's check, when the caller made it already (with this renderer's check(), for
   * messages with line numbers): the packet is not checked a second time. It must be free of
   * errors and, for PDF output, include the glyph check.
   */
  readonly checked?: CheckResult;
  /** Only these documents of the template set (ids such as `attachment2`; default all), e.g. for a preview. */
  readonly documents?: readonly string[];
}

/** Memo counts of a renderer, summed over its renders. */
export interface RendererStats {
  /** Paragraph and cell line breaking (one entry per paragraph). */
  readonly lines: MemoStats;
  /** Table layout (one entry per table). */
  readonly tables: MemoStats;
}

/** A renderer that keeps fonts, templates and layout memos between renders. */
export interface Renderer {
  /** The parsed faces of the font map. */
  readonly fonts: FontSet;
  /** The compiled templates of `options.templates`, or of the default format (packets naming another format use theirs). */
  readonly templates: TemplateSet;
  /**
   * Checks a packet as render() would (the glyph check only when PDF is among `formats`), with
   * line numbers when `locate` is given. Pass the result to render() to check only once.
   */
  check(packet: Packet, locate?: Parameters<typeof checkPacket>[1], formats?: readonly Format[]): CheckResult;
  /** Renders a packet's attachments. Refuses a packet with errors (PacketInvalidError). */
  render(packet: Packet, call?: RenderCall): Promise<RenderResult>;
  /** Memo hits and misses so far. */
  stats(): RendererStats;
}

/** One line breaker and table layouter, memoized, per glyph policy. */
interface LayoutEngine {
  readonly breakLines: BreakLines;
  readonly layoutTable: LayoutTable;
  readonly lineMemo: Memo<LaidLine[]>;
  readonly tableMemo: Memo<TableLayoutResult>;
}

/** Creates a warm renderer: fonts and templates load now (errors surface here), memos start empty. */
export function createRenderer(options: RendererOptions = {}): Renderer {
  const fonts = loadFontSet(options.fontMap);
  const templates = loadTemplates(options.templates);
  // Strict (PDF: a missing glyph is an error) and lenient (DOCX only) breakers measure
  // differently, so each has its own memos.
  const engines = new Map<boolean, LayoutEngine>();
  const engine = (lenient: boolean): LayoutEngine => {
    let e = engines.get(lenient);
    if (!e) {
      const lineMemo = new Memo<LaidLine[]>();
      const tableMemo = new Memo<TableLayoutResult>();
      const breakLines = memoBreakLines(createLineBreaker(fonts, { lenientGlyphs: lenient }), lineMemo);
      e = { breakLines, layoutTable: memoLayoutTable(layoutTable, tableMemo), lineMemo, tableMemo };
      engines.set(lenient, e);
    }
    return e;
  };
  const stats = (): RendererStats => {
    const sum = (pick: (e: LayoutEngine) => MemoStats): MemoStats =>
      [...engines.values()].map(pick).reduce((a, b) => ({ hits: a.hits + b.hits, misses: a.misses + b.misses }), { hits: 0, misses: 0 });
    return { lines: sum((e) => e.lineMemo.stats()), tables: sum((e) => e.tableMemo.stats()) };
  };
  const check: Renderer['check'] = (packet, locate, formats = ['pdf', 'docx']) =>
    // Missing glyphs matter only where we draw the text ourselves; Word uses the user's fonts.
    checkPacket(packet, locate, formats.includes('pdf') ? { fonts } : {});

  const render = async (packet: Packet, call: RenderCall = {}): Promise<RenderResult> => {
    const formats = call.formats ?? ['pdf', 'docx'];
    const checked = call.checked ?? check(packet, undefined, formats);
    if (checked.errors > 0) throw new PacketInvalidError(checked.diagnostics);
    const only = call.documents;
    // The packet's format (format: …), unless the renderer was made for one format folder.
    const own = options.templates ? templates : formatOf(packet).templates;
    const set = only ? { ...own, documents: own.documents.filter((d) => only.includes(d.id)) } : own;
    const docs = renderDocuments(packet, checked.derived, set);
    const files: RenderedFile[] = [];
    const layouts: Record<string, LaidDocument> = {};
    const documents: Record<string, Document> = {};
    const e = engine(!formats.includes('pdf'));
    try {
      for (const d of docs) {
        const laid = layoutDocument(d.document, fonts, e);
        const planned = planCuts(d.document, laid);
        layouts[d.id] = laid;
        documents[d.id] = planned;
        const file = (format: Format, bytes: Buffer): RenderedFile => ({ name: `${d.fileName}.${format}`, baseName: d.fileName, format, document: d.id, bytes });
        if (formats.includes('pdf')) files.push(file('pdf', await writePdf(laid, d.document.meta, fonts)));
        if (formats.includes('docx')) {
          const opts = { fontNames: own.styles.docxFontNames, embedFonts: options.embedDocxFonts ?? false, fonts };
          files.push(file('docx', await writeDocx(planned, opts)));
        }
      }
    } finally {
      e.lineMemo.age();
      e.tableMemo.age();
    }
    return { files, warnings: checked.diagnostics, layouts, documents };
  };

  return { fonts, templates, check, render, stats };
}
