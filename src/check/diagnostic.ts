/** One finding about the input data. */
export interface Diagnostic {
  /** `error` stops rendering; `warning` is reported and rendering goes on. */
  readonly severity: 'error' | 'warning';
  /** Stable machine-readable code, e.g. `budget.totals`, `amount.negative`. */
  readonly code: string;
  /** Path in the data, e.g. `declaration.budget.basic`, `declaration.tasks[2].amount`. */
  readonly path: string;
  /** The field's Chinese label as the form prints it (基本支出), from the format; absent for the file as a whole. */
  readonly label?: string;
  /** Chinese message: what was found and what was expected. */
  readonly zh: string;
  /** The same in English. */
  readonly en: string;
  /** Line and column in the input file, when known (1-based). */
  readonly line?: number;
  readonly column?: number;
}

/** Formats a path array as `a.b[2].c`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += (out ? '.' : '') + String(p);
  }
  return out || '(根 / root)';
}

/** The field as a message names it: its label, then its path (`基本支出（declaration.budget.basic）`). */
export function fieldName(d: Pick<Diagnostic, 'label' | 'path'>): string {
  return d.label ? `${d.label}（${d.path}）` : d.path;
}

/** Human-readable one-finding text: `错误 error 基本支出（declaration.budget.basic）\n  …\n  …`. */
export function formatDiagnostic(d: Diagnostic, file?: string): string {
  const where = `${file ? file + ':' : ''}${d.line ? `${d.line}:${d.column ?? 1}: ` : file ? ' ' : ''}`;
  const tag = d.severity === 'error' ? '错误 error' : '警告 warning';
  return `${where}${tag} ${fieldName(d)}\n  ${d.zh}\n  ${d.en}`;
}
