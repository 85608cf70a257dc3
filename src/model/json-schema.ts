/** JSON Schema of the input (editors validate and autocomplete with it): the format's, generated from its field tree. */
import { DEFAULT_FORMAT, loadFormat } from '../format/index.ts';

/** The JSON Schema of a packet of a format (default guangzhou). */
export function packetJsonSchema(format: string = DEFAULT_FORMAT): Record<string, unknown> {
  return loadFormat(format).jsonSchema();
}
