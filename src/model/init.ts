/**
 * The starter input file that `jixiao init` writes: every field of the format, with its Chinese
 * label (and help) as a comment. Amounts are null and texts empty until filled in; `jixiao check`
 * lists them. Generated from the format's field tree (src/format/fields.ts), so it cannot drift.
 */
import { DEFAULT_FORMAT, loadFormat } from '../format/index.ts';

export function starterPacket({ year, department, format = DEFAULT_FORMAT }: { year: number; department?: string; format?: string }): string {
  return loadFormat(format).starter({ year, department });
}
