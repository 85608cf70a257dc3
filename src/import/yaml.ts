/**
 * Writes imported data as a packet YAML in the manner of `jixiao init`: keys in the format's
 * order, each field with its Chinese label as a comment (the format's label, `Format.label`, the
 * same the JSON Schema's titles and the messages show), long text never folded, and the
 * paragraphs that could not be placed kept at the end in a marked comment block.
 */
import YAML, { isMap, isScalar, isSeq, type Node, type Pair } from 'yaml';
import { DEFAULT_FORMAT, loadFormat, type FieldSpec, type Format } from '../format/index.ts';
import { fieldAt, parsePath } from '../format/fields.ts';
import type { Note, Unplaced } from './data.ts';

function annotate(node: Node | null | undefined, fields: Readonly<Record<string, FieldSpec>> | undefined, item: FieldSpec | undefined, depth: number): void {
  if (!node) return;
  if (isMap(node)) {
    for (const pair of node.items as Pair<Node, Node>[]) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      const sub = fields?.[key];
      const label = sub?.label;
      if (label) {
        if (isScalar(pair.value)) pair.value.comment = ` ${label}`;
        else if (pair.key && depth < 3) (pair.key as Node).commentBefore = ` ${label}`;
      }
      annotate(pair.value, sub?.fields, sub?.item, depth + 1);
    }
  } else if (isSeq(node)) {
    for (const x of node.items as Node[]) annotate(x, item?.fields, item?.item, depth + 1);
  }
}

/** The YAML text of a packet's data, with comments; `unplaced` and `notes` close the file. */
export function packetYaml(data: Record<string, unknown>, opts: { source: string; unplaced: readonly Unplaced[]; notes: readonly Note[]; format?: Format }): string {
  const format = opts.format ?? loadFormat(DEFAULT_FORMAT);
  const doc = new YAML.Document(data);
  annotate(doc.contents as Node, format.fieldTree, undefined, 0);
  // A date stays a quoted string for every YAML reader (1.1 ones would make it a timestamp).
  const date = doc.get('documentDate', true);
  if (isScalar(date)) date.type = 'QUOTE_SINGLE';
  const body = doc.toString({ lineWidth: 0, minContentWidth: 0, indentSeq: true, singleQuote: true });
  const head = [
    '# yaml-language-server: $schema=./packet.schema.json',
    `# 由 jixiao import 从 ${opts.source} 导入（格式 ${format.name}）。金额单位为万元；含数字的固定句式由格式生成，数字已读回为数据。`,
    '# Imported by jixiao import. Run `jixiao check` on this file, then `jixiao render`.',
  ];
  const looks = opts.notes.filter((n) => n.look);
  if (looks.length) {
    head.push('#', '# 需人工核对 / please check:');
    for (const n of looks) head.push(`#   - ${n.path ? `${fieldName(n.path, format)}：` : ''}${n.zh}`);
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

/** Whether the format has a field at a path. */
export function hasField(format: Format, path: string): boolean {
  return fieldAt(format.fieldTree, parsePath(path)) !== undefined;
}

/** Whether the format wants a number at a path (an integer such as 内设机构数 read from a sentence). */
export function wantsNumber(format: Format, path: string): boolean {
  const k = fieldAt(format.fieldTree, parsePath(path))?.kind;
  return k === 'integer' || k === 'year' || k === 'score';
}

/** A field named as the messages do: its Chinese label, then its path (`基本支出（declaration.budget.basic）`). */
export function fieldName(path: string, format: Format = loadFormat(DEFAULT_FORMAT)): string {
  const label = format.label(path);
  return label ? `${label}（${path}）` : path;
}
