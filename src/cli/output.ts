/** Small output helpers the commands share (no heavy imports: main.ts loads this for every command). */
import type { Diagnostic } from '../check/diagnostic.ts';

/** Writes one message, adding the final newline when missing. */
export function print(out: NodeJS.WritableStream, text: string): void {
  out.write(text.endsWith('\n') ? text : text + '\n');
}

/** `2 个错误，1 个警告 / 2 error(s), 1 warning(s)`. */
export function summary(diags: readonly Pick<Diagnostic, 'severity'>[]): string {
  const e = diags.filter((d) => d.severity === 'error').length;
  const w = diags.length - e;
  return `${e} 个错误，${w} 个警告 / ${e} error(s), ${w} warning(s)`;
}
