/**
 * The input data of one department's packet. Which parts and fields a packet has is the
 * format's business (templates/<id>/format.yaml, compiled by src/format): the core only knows
 * the keys every packet shares — `format`, `documentDate`, `department` — and that each other
 * top-level part is one document's data (`declaration` for an 附件1-type table, `report` for an
 * 附件2-type report).
 *
 * Narrative in the department's own words is data; sentences every department writes the same
 * way, with figures inside, live in the format and are fed by the derived figures (src/derive).
 * Texts may be empty here so that a starter file parses; the checker lists what is still empty.
 */

/**
 * Characters that text pasted from web pages or WeChat carries and no one means to print:
 * zero-width spaces and joiners, word joiner, BOM, soft hyphen.
 */
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF\u00AD]/g;

/** Text as typed, cleaned: invisible characters removed, Unicode NFC, surrounding spaces trimmed. */
export function cleanText(s: string): string {
  return s.replace(INVISIBLE, '').normalize('NFC').trim();
}

/** Where a parsed packet's format folder is (set by the parser; not part of the data). */
export const FORMAT_DIR: unique symbol = Symbol.for('jixiao.formatDir');

/** A parsed packet: amounts are Decimal (or null where not yet filled in). */
export interface Packet {
  /** The format as the input names it (id or folder); absent = guangzhou. */
  readonly format?: string;
  /** Fixed date written into the files' properties (YYYY-MM-DD). */
  readonly documentDate?: string;
  readonly department: { readonly name: string; readonly [key: string]: unknown };
  /** The documents' parts (`declaration`, `report`) as the format declares them. */
  readonly [part: string]: any;
  readonly [FORMAT_DIR]?: string;
}
