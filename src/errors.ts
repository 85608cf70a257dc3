/**
 * The one error type for user mistakes (bad data, bad template, missing glyph, bad font map).
 * The CLI prints `message` (Chinese first, English after) without a stack trace; anything
 * else that escapes is a bug and keeps its stack.
 */
export class JixiaoError extends Error {
  /** Stable machine-readable code, e.g. `font.missingGlyph`, `template.missingField`. */
  readonly code: string;
  /** Chinese text. */
  readonly zh: string;
  /** English text. */
  readonly en: string;
  /** Path in the input data (`declaration.budget.basic`) when the error is about one field. */
  readonly path: string | undefined;
  /** Line and column in the input file, when the error is about a place in it (1-based). */
  readonly location: { readonly line: number; readonly column: number } | undefined;

  constructor(code: string, zh: string, en: string, path?: string, location?: { line: number; column: number }) {
    super(`${zh}\n${en}`);
    this.name = 'JixiaoError';
    this.code = code;
    this.zh = zh;
    this.en = en;
    this.path = path;
    this.location = location;
  }
}
