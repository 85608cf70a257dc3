/**
 * Writes imported data as a packet YAML in the manner of `jixiao init`: keys in the schema's
 * order, each field with its Chinese label as a comment (taken from the JSON Schema, the
 * contract for importers: `title`, else the description's Chinese part), long text never
 * folded, and the paragraphs that could not be placed kept at the end in a marked comment block.
 */
import YAML, { isMap, isScalar, isSeq, type Node, type Pair } from 'yaml';
import { packetJsonSchema } from '../model/json-schema.ts';
import type { Note, Unplaced } from './data.ts';

type Schema = { title?: string; description?: string; properties?: Record<string, Schema>; items?: Schema; anyOf?: Schema[] };

/** The Chinese label of a schema node. */
export function labelOf(s: Schema | undefined): string | undefined {
  const raw = s?.title ?? s?.description;
  if (!raw) return undefined;
  return raw.split(/\s*\/\s/)[0]!.replace(/（每段一个字符串.*$/, '').replace(/。.*$/, '').trim() || undefined;
}

function annotate(node: Node | null | undefined, schema: Schema | undefined, depth: number): void {
  if (!node || !schema) return;
  if (isMap(node)) {
    for (const pair of node.items as Pair<Node, Node>[]) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      const sub = schema.properties?.[key];
      const label = labelOf(sub);
      if (label) {
        if (isScalar(pair.value)) pair.value.comment = ` ${label}`;
        else if (pair.key && depth < 3) (pair.key as Node).commentBefore = ` ${label}`;
      }
      annotate(pair.value, sub, depth + 1);
    }
  } else if (isSeq(node)) {
    for (const item of node.items as Node[]) annotate(item, schema.items, depth + 1);
  }
}

/** The YAML text of a packet's data, with comments; `unplaced` and `notes` close the file. */
export function packetYaml(data: Record<string, unknown>, opts: { source: string; unplaced: readonly Unplaced[]; notes: readonly Note[] }): string {
  const doc = new YAML.Document(data);
  annotate(doc.contents as Node, packetJsonSchema() as Schema, 0);
  // A date stays a quoted string for every YAML reader (1.1 ones would make it a timestamp).
  const date = doc.get('documentDate', true);
  if (isScalar(date)) date.type = 'QUOTE_SINGLE';
  const body = doc.toString({ lineWidth: 0, minContentWidth: 0, indentSeq: true, singleQuote: true });
  const head = [
    '# yaml-language-server: $schema=./packet.schema.json',
    `# 由 jixiao import 从 ${opts.source} 导入。金额单位为万元；含数字的固定句式由模板生成，数字已读回为数据。`,
    '# Imported by jixiao import. Run `jixiao check` on this file, then `jixiao render`.',
  ];
  const looks = opts.notes.filter((n) => n.look);
  if (looks.length) {
    head.push('#', '# 需人工核对 / please check:');
    for (const n of looks) head.push(`#   - ${n.path ? `${fieldName(n.path)}：` : ''}${n.zh}`);
  }
  const tail: string[] = [];
  if (opts.unplaced.length) {
    tail.push(
      '',
      '# ═════════════ 未能归入字段的段落 UNPLACED PARAGRAPHS ═════════════',
      '# 以下段落按原文顺序保留，未写入任何字段；请把它们移到合适的字段中，或删除。',
      '# Kept in their original order, in no field yet: move each into a field, or delete it.',
    );
    for (const u of opts.unplaced) {
      tail.push(`#`, `# 【位于 under: ${u.under}】${u.zh} / ${u.en}`);
      for (const line of u.text.split('\n')) tail.push(`#   ${line}`);
    }
  }
  return head.join('\n') + '\n' + body + (tail.length ? tail.join('\n') + '\n' : '');
}

let schemaCache: Schema | undefined;

/** The schema node of a data path (through properties, items and anyOf), if the schema has one. */
function schemaAt(path: string): (Schema & { type?: string | string[] }) | undefined {
  schemaCache ??= packetJsonSchema() as Schema;
  let s: Schema | undefined = schemaCache;
  for (const k of path.split('.')) {
    if (!s) return undefined;
    s = /^\d+$/.test(k) ? s.items : s.properties?.[k] ?? s.anyOf?.find((x) => x.properties)?.properties?.[k];
  }
  return s as (Schema & { type?: string | string[] }) | undefined;
}

/** Whether the packet schema has a field at a path. */
export function hasSchemaPath(path: string): boolean {
  return schemaAt(path) !== undefined;
}

/** Whether the schema wants a number at a path (an integer such as 内设机构数 read from a sentence). */
export function wantsNumber(path: string): boolean {
  const t = schemaAt(path)?.type;
  return t === 'integer' || t === 'number' || (Array.isArray(t) && (t.includes('integer') || t.includes('number')));
}

/** A field named as the messages do: its Chinese label, then its path (`基本支出（declaration.budget.basic）`). */
export function fieldName(path: string): string {
  const label = labelOf(schemaAt(path))?.replace(/（万元）$/, '');
  return label ? `${label}（${path}）` : path;
}
