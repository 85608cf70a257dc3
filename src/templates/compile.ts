/**
 * Templates stage: a format folder (templates/<id>/, or a user's `--templates DIR`) turns a
 * checked packet and its derived figures into one Document per document the packet carries.
 *
 * A folder holds format.yaml (fields, checks, documents with their template, file name and
 * outline — read by src/format), styles.yaml (page and block presets) and one Handlebars
 * template per document.
 *
 * This module compiles a folder and renders with a compiled TemplateSet given as an argument;
 * src/format compiles each format's folder with it. ./index.ts adds the by-packet conveniences
 * (the packet's format found first).
 */
import fs from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import YAML from 'yaml';
import { z } from 'zod';
import type { Document } from '../document/model.ts';
import type { Packet } from '../model/schema.ts';
import type { Derived } from '../derive/figures.ts';
import { JixiaoError } from '../errors.ts';
import { packagePath } from '../util/paths.ts';
import { registerHelpers } from './helpers.ts';
import { parseMarkup } from './markup.ts';
import { StylesFileSchema, toPresets, type StylePresets } from './styles.ts';
import { DEFAULT_FORMAT, type DocumentSpec } from '../format/spec.ts';
import { CompiledOutline } from '../format/outline.ts';

/** The folder of the shipped formats (each format is a folder inside it). */
export const FORMATS_DIR = packagePath('templates');
/** The default format's folder. */
export const DEFAULT_TEMPLATES = packagePath('templates', DEFAULT_FORMAT);

/** A compiled format folder: styles and one Handlebars template per document. */
export interface TemplateSet {
  readonly dir: string;
  readonly styles: StylePresets;
  readonly documents: readonly {
    readonly id: string;
    /** The packet's top-level key this document renders; absent from the packet = not rendered. */
    readonly part: string;
    readonly template: string;
    readonly render: Handlebars.TemplateDelegate;
    readonly fileName: Handlebars.TemplateDelegate;
    /** The template's text, to quote the expression an error is about. */
    readonly source: string;
    /** The report outline, when the format gives the document one (`{{outline}}` prints it). */
    readonly outline?: CompiledOutline;
  }[];
  /** Concatenated source of every file, for cache keys (batch re-runs skip unchanged packets). */
  readonly fingerprint: string;
  /** The packet's fixed document date (YYYY-MM-DD) as the format computes it. */
  readonly documentDate: (packet: Packet) => string;
}

/** One attachment ready for layout. */
export interface RenderedDocument {
  readonly id: string;
  /** File name without extension, made from the data (not yet made safe for a file system). */
  readonly fileName: string;
  readonly document: Document;
}

/** Reads a YAML file of a format folder; unreadable or malformed files are template errors. */
export function readYaml(file: string, what: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new JixiaoError('template.read', `无法读取模板文件 ${file}（${(e as NodeJS.ErrnoException).code ?? (e as Error).message}）`, `cannot read template file ${file}`);
  }
  try {
    return YAML.parse(text);
  } catch (e) {
    throw new JixiaoError('template.read', `${what} ${file} 格式错误：${(e as Error).message}`, `${what} ${file} is malformed: ${(e as Error).message}`);
  }
}

/** Validates a format file's data, naming the file and key of the first problem. */
export function validate<T>(schema: z.ZodType<T>, data: unknown, file: string): T {
  const r = schema.safeParse(data);
  if (r.success) return r.data;
  const i = r.error.issues[0]!;
  const p = i.path.join('.');
  throw new JixiaoError('template.config', `${file} 的 ${p || '(根)'} 有误：${i.message}`, `${file}: ${p || '(root)'}: ${i.message}`);
}

/**
 * Compiles a format folder's templates (src/format calls this once per folder).
 * `sources` are the format's own files, for the fingerprint.
 */
export function compileTemplates(
  dir: string,
  spec: { readonly styles: string; readonly documents: readonly DocumentSpec[]; readonly documentDate: (packet: Packet) => string },
  sources: readonly string[],
): TemplateSet {
  const abs = path.resolve(dir);
  const stylesFile = path.join(abs, spec.styles);
  const styles = toPresets(validate(StylesFileSchema, readYaml(stylesFile, '样式 styles'), stylesFile));
  const hb = Handlebars.create();
  registerHelpers(hb);
  // `{{outline}}` prints the document's outline (see src/format/outline.ts).
  hb.registerHelper('outline', function (this: unknown, options: Handlebars.HelperOptions) {
    const d = (options.data as { jixiaoDocument?: TemplateSet['documents'][number] }).jixiaoDocument;
    if (!d?.outline) throw new JixiaoError('template.helper', `模板中的 {{outline}} 需要 format.yaml 为此文件定义 outline`, '{{outline}} needs an outline for this document in format.yaml');
    const root = (options.data as { root: Record<string, unknown> }).root;
    return new hb.SafeString(d.outline.markup(root, d.part, run));
  });
  const all: string[] = [...sources, fs.readFileSync(stylesFile, 'utf8')];
  const documents = spec.documents.map((d) => {
    const file = path.join(abs, d.template);
    let source: string;
    try {
      source = fs.readFileSync(file, 'utf8');
    } catch {
      throw new JixiaoError('template.read', `format.yaml 指定的模板 ${d.template} 不存在`, `template ${d.template} named in format.yaml does not exist`);
    }
    all.push(source);
    const opts = { strict: true, noEscape: false } as const;
    return {
      id: d.id,
      part: d.part,
      template: d.template,
      source,
      render: hb.compile(source, opts),
      fileName: hb.compile(d.fileName, { ...opts, noEscape: true }),
      ...(d.outline ? { outline: new CompiledOutline(d.outline, hb, `format.yaml outline（${d.id}）`) } : {}),
    };
  });
  return { dir: abs, styles, documents, fingerprint: all.join('\u0000'), documentDate: spec.documentDate };
}

/** The data a template sees: the packet, the derived figures, and a few conveniences. */
export function templateContext(packet: Packet, derived: Derived, set: TemplateSet): Record<string, unknown> {
  return { ...packet, derived, documentDate: set.documentDate(packet) };
}

/** Runs one Handlebars template, turning its errors into template errors with name, line and expression. */
function run(fn: Handlebars.TemplateDelegate, data: unknown, template: string, source: string, options?: Handlebars.RuntimeOptions): string {
  try {
    return fn(data, options);
  } catch (e) {
    if (e instanceof JixiaoError) {
      // An error of an outline block inside {{outline}} already names its place.
      if (e.zh.startsWith('模板 ')) throw e;
      throw new JixiaoError(e.code, `模板 ${template}：${e.zh}`, `template ${template}: ${e.en}`);
    }
    const msg = (e as Error).message;
    const m = /^"([^"]+)" not defined in .* - (\d+):(\d+)/.exec(msg);
    if (m) {
      // Handlebars names only the last segment; quote the whole expression from the template.
      const line = Number(m[2]);
      const col = Number(m[3]);
      const expr = /^([^}\s]+)(\s+[^}]*)?/.exec(source.split('\n')[line - 1]?.slice(col) ?? '');
      const name = expr?.[1] ?? m[1]!;
      const isCall = Boolean(expr?.[2]?.trim());
      const [zh, en] = isCall ? [`没有名为「${name}」的助手或字段`, `there is no helper or field "${name}"`] : [`数据中没有字段「${name}」`, `the data has no field "${name}"`];
      throw new JixiaoError('template.missingField', `模板 ${template} 第 ${line} 行第 ${col + 1} 列：${zh}`, `template ${template}, line ${line}, column ${col + 1}: ${en}`);
    }
    const line = /line (\d+)/.exec(msg)?.[1];
    // A parse error's last line says what was expected ("Expecting 'OPEN_ENDBLOCK', got 'EOF'").
    const lines = msg.split('\n');
    const detail = lines.length > 1 ? `${lines[0]} ${lines[lines.length - 1]}` : lines[0]!;
    throw new JixiaoError('template.syntax', `模板 ${template}${line ? ` 第 ${line} 行` : ''}：语法错误（块未闭合或括号不配对？）${detail}`, `template ${template}${line ? `, line ${line}` : ''}: ${detail}`);
  }
}

/** Renders the documents of the template set whose part the packet carries. */
export function renderDocuments(packet: Packet, derived: Derived, set: TemplateSet): RenderedDocument[] {
  const data = templateContext(packet, derived, set);
  const date = `${set.documentDate(packet)}T00:00:00+08:00`;
  return set.documents
    .filter((d) => packet[d.part] !== undefined)
    .map((d) => {
      const xml = run(d.render, data, d.template, d.source, { data: { jixiaoDocument: d } });
      const document = parseMarkup(xml, { template: d.template, styles: set.styles, date });
      return { id: d.id, fileName: run(d.fileName, data, 'format.yaml fileName', '').trim(), document };
    });
}
