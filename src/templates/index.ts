/**
 * Templates stage, by packet: the packet's format (src/format) gives the compiled TemplateSet;
 * compiling and rendering with a given set is in ./compile.ts.
 */
import type { Packet } from '../model/schema.ts';
import type { Derived } from '../derive/figures.ts';
import { DEFAULT_FORMAT, formatOf, loadFormat } from '../format/index.ts';
import * as compiled from './compile.ts';
import type { RenderedDocument, TemplateSet } from './compile.ts';

export { FORMATS_DIR, DEFAULT_TEMPLATES, readYaml, validate, compileTemplates, type TemplateSet, type RenderedDocument } from './compile.ts';

/** The templates of a format (id or folder; default guangzhou), compiled once per process. */
export function loadTemplates(dir?: string): TemplateSet {
  return loadFormat(dir ?? DEFAULT_FORMAT).templates;
}

/** The data a template sees: the packet, the derived figures, and a few conveniences. */
export function templateContext(packet: Packet, derived: Derived, set: TemplateSet = formatOf(packet).templates): Record<string, unknown> {
  return compiled.templateContext(packet, derived, set);
}

/** The fixed date written into file properties. */
export function documentDate(packet: Packet): string {
  return formatOf(packet).templates.documentDate(packet);
}

/** Renders the documents of the template set (default: the packet's format's) whose part the packet carries. */
export function renderDocuments(packet: Packet, derived: Derived, set: TemplateSet = formatOf(packet).templates): RenderedDocument[] {
  return compiled.renderDocuments(packet, derived, set);
}
