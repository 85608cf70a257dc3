/**
 * Checks a parsed packet with the rules of the format it names. The checks themselves are in
 * ./rules.ts (which takes a format's rules as an argument; src/format uses it for Format.check).
 */
import type { Packet } from '../model/schema.ts';
import { formatOf } from '../format/index.ts';
import { runChecks, type CheckOptions, type CheckResult } from './rules.ts';

export { runChecks, type CheckOptions, type CheckResult, type CheckRules } from './rules.ts';
export type { OutlineEdits } from '../format/spec.ts';

/** Runs every check of the packet's format. `locate` (from parsePacket) adds line numbers. */
export function checkPacket(
  packet: Packet,
  locate?: (path: readonly PropertyKey[]) => { line: number; column: number } | undefined,
  options: CheckOptions = {},
): CheckResult {
  return runChecks(formatOf(packet), packet, locate, options);
}
