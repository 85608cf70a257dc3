/** What a render produces, shared by the one-shot render() and the warm renderer. */
import { fieldName, type Diagnostic } from '../check/diagnostic.ts';
import type { LaidDocument } from '../layout/types.ts';
import type { Document } from '../document/model.ts';
import { JixiaoError } from '../errors.ts';

export type Format = 'pdf' | 'docx';

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

