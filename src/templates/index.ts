/**
 * Templates stage: a template folder (templates/ by default, or a user's `--templates DIR`)
 * turns a checked packet and its derived figures into one Document per attachment.
 *
 * A folder holds manifest.yaml (which documents, their template and file name), styles.yaml
 * (page and block presets) and one Handlebars template per document.
 */
import fs from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import YAML from 'yaml';
import { z } from 'zod';
import type { Document } from '../document/model.ts';
import type { Packet } from '../model/schema.ts';
import type { Derived } from '../derive/index.ts';
import { JixiaoError } from '../errors.ts';
import { packagePath } from '../util/paths.ts';
import { registerHelpers } from './helpers.ts';
import { parseMarkup } from './markup.ts';
import { StylesFileSchema, toPresets, type StylePresets } from './styles.ts';

export const DEFAULT_TEMPLATES = packagePath('templates');

const ManifestSchema = z.strictObject({
  documents: z
    .array(
      z.strictObject({
        id: z.string().regex(/^[a-z0-9-]+$/),
        template: z.string(),
        fileName: z.string().describe('Handlebars; the output file name without extension'),
      }),
    )
    .min(1),
});

/** A compiled template folder. */
export interface TemplateSet {
  readonly dir: string;
  readonly styles: StylePresets;
  readonly documents: readonly {
    readonly id: string;
    readonly template: string;
    readonly render: Handlebars.TemplateDelegate;
    readonly fileName: Handlebars.TemplateDelegate;
    /** The template's text, to quote the expression an error is about. */
    readonly source: string;
  }[];
  /** Concatenated source of every file, for cache keys (batch re-runs skip unchanged packets). */
  readonly fingerprint: string;
}

/** One attachment ready for layout. */
export interface RenderedDocument {
  readonly id: string;
  /** File name without extension, made from the data (not yet made safe for a file system). */
  readonly fileName: string;
  readonly document: Document;
}

const setCache = new Map<string, TemplateSet>();

function readYaml(file: string, what: string): unknown {
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

function validate<T>(schema: z.ZodType<T>, data: unknown, file: string): T {
  const r = schema.safeParse(data);
  if (r.success) return r.data;
  const i = r.error.issues[0]!;
  const p = i.path.join('.');
  throw new JixiaoError('template.config', `${file} 的 ${p || '(根)'} 有误：${i.message}`, `${file}: ${p || '(root)'}: ${i.message}`);
}

/** Loads and compiles a template folder once per process. */
export function loadTemplates(dir: string = DEFAULT_TEMPLATES): TemplateSet {
  const abs = path.resolve(dir);
  const hit = setCache.get(abs);
  if (hit) return hit;
  const manifestFile = path.join(abs, 'manifest.yaml');
  const stylesFile = path.join(abs, 'styles.yaml');
  const manifest = validate(ManifestSchema, readYaml(manifestFile, '模板清单 manifest'), manifestFile);
  const styles = toPresets(validate(StylesFileSchema, readYaml(stylesFile, '样式 styles'), stylesFile));
  const hb = Handlebars.create();
  registerHelpers(hb);
  const sources: string[] = [fs.readFileSync(manifestFile, 'utf8'), fs.readFileSync(stylesFile, 'utf8')];
  const documents = manifest.documents.map((d) => {
    const file = path.join(abs, d.template);
    let source: string;
    try {
      source = fs.readFileSync(file, 'utf8');
    } catch {
      throw new JixiaoError('template.read', `manifest.yaml 指定的模板 ${d.template} 不存在`, `template ${d.template} named in manifest.yaml does not exist`);
    }
    sources.push(source);
    const opts = { strict: true, noEscape: false } as const;
    return { id: d.id, template: d.template, source, render: hb.compile(source, opts), fileName: hb.compile(d.fileName, { ...opts, noEscape: true }) };
  });
  const set: TemplateSet = { dir: abs, styles, documents, fingerprint: sources.join('\u0000') };
  setCache.set(abs, set);
  return set;
}

/** The data a template sees: the packet, the derived figures, and a few conveniences. */
export function templateContext(packet: Packet, derived: Derived): Record<string, unknown> {
  return { ...packet, derived, documentDate: documentDate(packet) };
}

/** The fixed date written into file properties. */
export function documentDate(packet: Packet): string {
  return packet.documentDate ?? `${packet.declaration.year - 1}-12-31`;
}

/** Runs one Handlebars template, turning its errors into template errors with name, line and expression. */
function run(fn: Handlebars.TemplateDelegate, data: unknown, template: string, source: string): string {
  try {
    return fn(data);
  } catch (e) {
    if (e instanceof JixiaoError) {
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

/** Renders every document of the template set for a packet. */
export function renderDocuments(packet: Packet, derived: Derived, set: TemplateSet = loadTemplates()): RenderedDocument[] {
  const data = templateContext(packet, derived);
  const date = `${documentDate(packet)}T00:00:00+08:00`;
  return set.documents.map((d) => {
    const xml = run(d.render, data, d.template, d.source);
    const document = parseMarkup(xml, { template: d.template, styles: set.styles, date });
    return { id: d.id, fileName: run(d.fileName, data, 'manifest.yaml fileName', '').trim(), document };
  });
}
