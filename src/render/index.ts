/**
 * The whole path for one packet: check → derive → templates → document model → layout →
 * PDF and DOCX writers. Returns the files' bytes; writing them is the caller's business.
 */
import { checkPacket } from '../check/index.ts';
import { fieldName, type Diagnostic } from '../check/diagnostic.ts';
import type { Packet } from '../model/schema.ts';
import { loadFontSet, type FontSet } from '../fonts/index.ts';
import { layoutDocument } from '../layout/index.ts';
import type { LaidDocument } from '../layout/types.ts';
import { writePdf } from '../pdf/index.ts';
import { writeDocx } from '../docx/index.ts';
import { loadTemplates, renderDocuments, type TemplateSet } from '../templates/index.ts';
import { formatOf } from '../format/index.ts';
import type { Document } from '../document/model.ts';
import { JixiaoError } from '../errors.ts';

export type Format = 'pdf' | 'docx';

export interface RenderOptions {
  /** Output formats (default both). */
  readonly formats?: readonly Format[];
  /** Format folder or id whose templates to use (default: the format the packet names). */
  readonly templates?: string;
  /** Font map file (default: fonts/fontmap.json). */
  readonly fontMap?: string;
  /** Embed our open fonts into the DOCX files (bigger files that look right without the official fonts). */
  readonly embedDocxFonts?: boolean;
}

export interface RenderedFile {
  /** File name with extension, e.g. `附件2-…自评报告.pdf` (not yet made safe for a file system). */
  readonly name: string;
  /** The same without the extension (make it safe with safeFileName(baseName, '.' + format)). */
  readonly baseName: string;
  readonly format: Format;
  /** Which document of the template set (`attachment1`, `attachment2`). */
  readonly document: string;
  readonly bytes: Buffer;
}

export interface RenderResult {
  readonly files: readonly RenderedFile[];
  /** Warnings of the check (errors stop rendering with a JixiaoError). */
  readonly warnings: readonly Diagnostic[];
  /** Laid-out pages per document id, for tests and tools. */
  readonly layouts: Readonly<Record<string, LaidDocument>>;
  /** Document models per document id. */
  readonly documents: Readonly<Record<string, Document>>;
}

/** Thrown when the data has errors; carries every diagnostic. */
export class PacketInvalidError extends JixiaoError {
  readonly diagnostics: readonly Diagnostic[];
  constructor(diagnostics: readonly Diagnostic[]) {
    const errors = diagnostics.filter((d) => d.severity === 'error');
    const first = errors[0]!;
    super(
      'packet.invalid',
      `数据有 ${errors.length} 个错误，未生成文件。第一个：${fieldName(first)}：${first.zh}`,
      `the data has ${errors.length} error(s); nothing was rendered. First: ${first.path}: ${first.en}`,
      first.path,
    );
    this.diagnostics = diagnostics;
  }
}

/** Renders a packet's attachments. Refuses a packet with errors (PacketInvalidError). */
export async function render(packet: Packet, options: RenderOptions = {}): Promise<RenderResult> {
  const formats = options.formats ?? ['pdf', 'docx'];
  const fonts = loadFontSet(options.fontMap);
  // Missing glyphs matter only where we draw the text ourselves; Word uses the user's fonts.
  const checked = checkPacket(packet, undefined, formats.includes('pdf') ? { fonts } : {});
  if (checked.errors > 0) throw new PacketInvalidError(checked.diagnostics);
  // The packet's format (format: …), unless the caller names a format folder.
  const set: TemplateSet = options.templates ? loadTemplates(options.templates) : formatOf(packet).templates;
  const docs = renderDocuments(packet, checked.derived, set);
  const files: RenderedFile[] = [];
  const layouts: Record<string, LaidDocument> = {};
  const documents: Record<string, Document> = {};
  for (const d of docs) {
    const laid = layoutDocument(d.document, fonts, { lenientGlyphs: !formats.includes('pdf') });
    layouts[d.id] = laid;
    documents[d.id] = d.document;
    if (formats.includes('pdf')) {
      files.push({ name: `${d.fileName}.pdf`, baseName: d.fileName, format: 'pdf', document: d.id, bytes: await writePdf(laid, d.document.meta, fonts) });
    }
    if (formats.includes('docx')) {
      const bytes = await writeDocx(d.document, {
        tableSplits: laid.tableSplits,
        titleLines: laid.titleLines,
        fontNames: set.styles.docxFontNames,
        embedFonts: options.embedDocxFonts ?? false,
        fonts,
      });
      files.push({ name: `${d.fileName}.docx`, baseName: d.fileName, format: 'docx', document: d.id, bytes });
    }
  }
  return { files, warnings: checked.diagnostics, layouts, documents };
}
