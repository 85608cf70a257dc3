/**
 * `jixiao render FILE`: one packet's attachments. The output folder is checked (made, and a probe
 * file written) before any rendering, and the packet's files are written all or nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { readPacketFile } from '../model/parse.ts';
import { formatDiagnostic } from '../check/diagnostic.ts';
import { createRenderer } from '../render/index.ts';
import { ensureOutDir } from '../batch/dirs.ts';
import { assertWritableDir, writeFilesAtomic } from '../util/fs.ts';
import { safeFileName } from '../util/names.ts';
import { EXIT } from './exit.ts';
import { parseFormats } from './options.ts';
import { print, summary } from './output.ts';
import { preferQuickStart } from './quick.ts';

export interface RenderCliOptions {
  readonly out: string;
  readonly format: string;
  readonly templates?: string;
  readonly fonts?: string;
  readonly embedFonts?: boolean;
}

export async function run(file: string, opts: RenderCliOptions): Promise<number> {
  preferQuickStart();
  const formats = parseFormats(opts.format);
  // An impossible or read-only --out fails now, in words, before anything is read or rendered
  // (checked only: a packet refused for its data leaves no new folder behind).
  ensureOutDir(opts.out, { create: false });
  if (fs.existsSync(opts.out)) assertWritableDir(opts.out);
  // --templates names the format folder: the packet is read with its fields.
  const parsed = readPacketFile(file, opts.templates ? { using: path.resolve(opts.templates) } : {});
  if (!parsed.packet) {
    for (const d of parsed.diagnostics) print(process.stderr, formatDiagnostic(d, file));
    print(process.stderr, `${file}: ${summary(parsed.diagnostics)}；未生成文件 / nothing rendered`);
    return EXIT.errors;
  }
  // Checked once, with line numbers for the messages; the renderer takes the result as is.
  const renderer = createRenderer({ templates: opts.templates, fontMap: opts.fonts, embedDocxFonts: opts.embedFonts });
  const checked = renderer.check(parsed.packet, parsed.locate, formats);
  const findings = checked.diagnostics;
  for (const d of findings) print(process.stderr, formatDiagnostic(d, file));
  if (findings.some((d) => d.severity === 'error')) {
    print(process.stderr, `${file}: ${summary(findings)}；未生成文件 / nothing rendered`);
    return EXIT.errors;
  }
  ensureOutDir(opts.out);
  const result = await renderer.render(parsed.packet, { formats, checked });
  const files = result.files.map((f) => ({ file: path.join(opts.out, safeFileName(f.baseName, `.${f.format}`)), data: f.bytes }));
  writeFilesAtomic(files);
  for (const f of files) print(process.stdout, f.file);
  return EXIT.ok;
}
