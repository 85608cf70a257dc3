/**
 * Every character of the data must have a glyph in the mapped fonts (for the PDF). Each missing
 * character is reported once per field, with the field's path and line, so a user fixes them all
 * in one go; the common invisible ones are already removed when the data is parsed.
 */
import type { FontSet } from '../fonts/index.ts';
import { hasChar } from '../fonts/index.ts';
import type { Packet } from '../model/schema.ts';
import { formatPath, type Diagnostic } from './diagnostic.ts';
import { walk } from './walk.ts';

type Loc = (path: readonly PropertyKey[]) => { line: number; column: number } | undefined;

export function glyphDiagnostics(packet: Packet, fonts: FontSet, locate?: Loc): Diagnostic[] {
  // The body chain ends in every face we ship, so a character it lacks no role can show.
  const chain = fonts.chain('fangsong');
  const out: Diagnostic[] = [];
  walk(packet, [], (v, path) => {
    if (typeof v === 'string') {
      const missing = [...new Set(Array.from(v))].filter((ch) => ch !== '\n' && ch !== '\r' && !chain.some((f) => hasChar(f, ch.codePointAt(0)!)));
      if (missing.length === 0) return;
      const list = missing.map((ch) => `「${ch}」(U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')})`).join('、');
      out.push({
        severity: 'error',
        code: 'font.missingGlyph',
        path: formatPath(path),
        zh: `字符 ${list} 在所配置的字体中都没有字形；请换用其他字符，或用 --fonts 加入含这些字的字体`,
        en: `character(s) ${missing.map((ch) => `"${ch}"`).join(', ')} have no glyph in any mapped font; replace them or map a font that has them (--fonts)`,
        ...(locate?.(path) ?? {}),
      });
    }
  });
  return out;
}
