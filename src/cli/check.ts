/** `jixiao check FILE`: lists the errors and warnings of a packet (no fonts parsed unless needed). */
import path from 'node:path';
import { JixiaoError } from '../errors.ts';
import { readPacketFile } from '../model/parse.ts';
import { checkPacket } from '../check/index.ts';
import { formatDiagnostic, type Diagnostic } from '../check/diagnostic.ts';
import { loadFontSet } from '../fonts/index.ts';
import { EXIT, exitStatusOf } from './exit.ts';
import { print, summary } from './output.ts';
import { preferQuickStart } from './quick.ts';

export interface CheckCliOptions {
  readonly json?: boolean;
  readonly fonts?: string;
  /** A format folder to read the packet with (instead of the format it names). */
  readonly templates?: string;
}

export async function run(file: string, opts: CheckCliOptions): Promise<number> {
  preferQuickStart();
  let parsed;
  try {
    parsed = readPacketFile(file, opts.templates ? { using: path.resolve(opts.templates) } : {});
  } catch (e) {
    // A scheduled job reading --json gets JSON for an unreadable file too.
    if (!(opts.json && e instanceof JixiaoError)) throw e;
    const d: Diagnostic = { severity: 'error', code: e.code, path: '', zh: e.zh, en: e.en, ...(e.location ?? {}) };
    print(process.stdout, JSON.stringify({ file, ok: false, errors: 1, warnings: 0, diagnostics: [d] }));
    return exitStatusOf(e);
  }
  const fonts = loadFontSet(opts.fonts);
  const diagnostics = parsed.packet ? checkPacket(parsed.packet, parsed.locate, { fonts }).diagnostics : parsed.diagnostics;
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  if (opts.json) {
    print(process.stdout, JSON.stringify({ file, ok: errors === 0, errors, warnings: diagnostics.length - errors, diagnostics }));
  } else {
    for (const d of diagnostics) print(process.stdout, formatDiagnostic(d, file));
    print(process.stdout, `${file}: ${summary(diagnostics)}`);
  }
  return errors ? EXIT.errors : EXIT.ok;
}
