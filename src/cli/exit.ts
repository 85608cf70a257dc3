/**
 * The CLI's exit statuses, one per kind of failure, so a scheduled job can tell them apart.
 * README.md lists them; keep the two in step.
 */
import type { JixiaoError } from '../errors.ts';

export const EXIT = {
  /** Done (warnings allowed). */
  ok: 0,
  /** Errors in the data: the packet was refused, nothing written. */
  errors: 1,
  /** The input cannot be read or parsed (missing file, not UTF-8, bad YAML/JSON). */
  unreadable: 2,
  /** Usage error: bad command line (unknown command or option, missing argument, bad value). */
  usage: 3,
  /** Output cannot be written, or the environment is unusable (fonts, templates, permissions). */
  environment: 4,
} as const;

export type ExitStatus = (typeof EXIT)[keyof typeof EXIT];

/** The exit status for a JixiaoError, from the family of its code (`input.read` → unreadable). */
export function exitStatusOf(e: Pick<JixiaoError, 'code'>): ExitStatus {
  const family = e.code.split('.')[0];
  switch (family) {
    case 'input':
      return EXIT.unreadable;
    case 'cli':
    // An unknown format that reaches the command line was named there (--format, --from, --templates):
    // a packet's unknown `format:` is a diagnostic (exit 1); a broken format folder is `template.*` (4).
    case 'format':
      return EXIT.usage;
    case 'output':
    case 'font':
    case 'template':
    case 'batch':
      return EXIT.environment;
    default:
      return EXIT.errors;
  }
}
