/**
 * Reads a packet from YAML or JSON text and validates it against a format's schema.
 * Syntax errors throw (`input.syntax`, with line and column); shape errors (wrong types,
 * unknown keys, bad amounts) come back as error diagnostics naming the path.
 *
 * The format is an argument here; `parsePacket` in ./parse.ts finds the one the packet names
 * (src/format loads formats and uses this module for Format.parse).
 */
import fs from 'node:fs';
import YAML, { LineCounter, isNode } from 'yaml';
import type { z } from 'zod';
import { JixiaoError } from '../errors.ts';
import { errnoWords } from '../util/errno.ts';
import { formatPath, type Diagnostic } from '../check/diagnostic.ts';
import { FORMAT_DIR, type Packet } from './schema.ts';
import { kindOf } from './money.ts';

/** Finds the line and column of a data path in the source. */
export type Locate = (path: readonly PropertyKey[]) => { line: number; column: number } | undefined;

export interface ParseResult {
  /** The packet when it matches the schema; absent when any shape error was found. */
  readonly packet?: Packet;
  /** Shape errors (empty when `packet` is set). */
  readonly diagnostics: readonly Diagnostic[];
  /** Finds the line and column of a data path in the source, for later diagnostics. */
  readonly locate: Locate;
}

/** What parsing needs of a format (src/format's Format has it). */
export interface PacketShape {
  /** zod schema of a packet (input: what people type; output: Packet). */
  readonly schema: z.ZodType;
  /** The format's folder, remembered on the packet. */
  readonly dir: string;
  /** The Chinese label at a data path. */
  label(path: readonly PropertyKey[]): string | undefined;
}

/**
 * The parser's error in Chinese words for the mistakes people make when typing YAML by hand;
 * the parser's English follows it in the message (for a search or a bug report).
 */
export function yamlErrorWords(code: string, message: string): string {
  if (code === 'TAB_AS_INDENT' || /\btabs?\b/i.test(message)) return '用了制表符（Tab）缩进，YAML 只能用空格缩进';
  if (/^Flow sequence in block collection/.test(message)) return '方括号 [ 没有配对的 ]，或它后面的行缩进不够';
  if (/^Flow map in block collection/.test(message)) return '花括号 { 没有配对的 }，或它后面的行缩进不够';
  if (/^Missing closing "/.test(message)) return '双引号没有闭合（缺少结尾的 "）';
  if (/^Missing closing '/.test(message)) return "单引号没有闭合（缺少结尾的 '）";
  if (code === 'DUPLICATE_KEY') return '同一层中有两个相同的字段名';
  if (/same column/.test(message)) return '缩进不一致：同一层的字段应从同一列开始';
  if (code === 'BAD_INDENT') return '缩进不对：下一层的内容应比上一层多缩进几个空格';
  if (/^Implicit map keys need to be followed by map values/.test(message)) return '这一行缺少冒号（应为「字段名: 值」），或缩进不对';
  if (code === 'BLOCK_AS_IMPLICIT_KEY' || code === 'MULTILINE_IMPLICIT_KEY') return '一行中有多余的冒号：值里含「: 」时请给值加引号';
  if (code === 'BAD_SCALAR_START') return '值以保留字符（如 @、`、%）开头：请给值加引号';
  if (code === 'BAD_DQ_ESCAPE') return '双引号中的反斜杠转义无效：写 \\\\ 或改用单引号';
  if (code === 'MULTIPLE_DOCS') return '文件中有多个文档（---）：一个文件只能有一个输入';
  if (code === 'UNEXPECTED_TOKEN') return '此处有多余或不该出现的字符';
  return '无法解析为 YAML/JSON';
}

/** A packet's YAML/JSON text as data (one mapping) and a locator of its paths. Syntax errors throw. */
export function readDocument(text: string, file: string): { readonly data: Record<string, unknown>; readonly locate: Locate } {
  const lineCounter = new LineCounter();
  // YAML 1.2 is a superset of JSON, so one parser gives line numbers for both.
  const doc = YAML.parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true, strict: true });
  if (doc.errors.length > 0) {
    const err = doc.errors[0]!;
    const pos = err.linePos?.[0];
    const at = pos ? `${pos.line}:${pos.col}` : '?';
    const firstLine = err.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    throw new JixiaoError(
      'input.syntax',
      `${file}:${at} 文件格式错误：${yamlErrorWords(err.code, firstLine)} / ${firstLine}`,
      `${file}:${at} cannot parse the file as YAML/JSON: ${firstLine}`,
      undefined,
      pos ? { line: pos.line, column: pos.col } : undefined,
    );
  }
  const data: unknown = doc.toJS({ maxAliasCount: 100 });
  const locate: Locate = (path) => {
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n) as unknown[], true);
      if (isNode(node) && node.range) {
        const p = lineCounter.linePos(node.range[0]);
        return { line: p.line, column: p.col };
      }
    }
    return undefined;
  };
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new JixiaoError('input.syntax', `${file}：文件内容应为一个对象（键值映射）`, `${file}: the file must hold one mapping (object)`);
  }
  return { data: data as Record<string, unknown>, locate };
}

/** Validates a packet's data against the format's schema. */
export function validatePacket(data: unknown, locate: Locate, format: PacketShape): ParseResult {
  const parsed = format.schema.safeParse(data, { reportInput: true });
  if (parsed.success) {
    const packet = parsed.data as Packet;
    // Remembered outside the data (no key, not enumerable) so every stage finds the same folder.
    Object.defineProperty(packet, FORMAT_DIR, { value: format.dir, enumerable: false });
    return { packet, diagnostics: [], locate };
  }
  // `basci:` gives 「是否应为 basic？」; a second error 「缺少字段」 for basic at the same spot says nothing new.
  const hinted = new Set<string>();
  for (const i of parsed.error.issues) {
    if (i.code !== 'unrecognized_keys') continue;
    const known = knownKeys(i.path, format.schema);
    for (const k of i.keys) {
      const c = closest(k, known);
      if (c) hinted.add(formatPath([...i.path, c]));
    }
  }
  const issues = parsed.error.issues.filter((i) => !(i.code === 'invalid_type' && kindOf(i.input) === 'undefined' && hinted.has(formatPath(i.path))));
  return { diagnostics: issues.map((i) => issueToDiagnostic(i, locate, format)), locate };
}

/** A packet file's text. Unreadable files throw `input.read`; a file not in UTF-8 `input.encoding`. */
export function readPacketText(file: string): string {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    const [zh, en] = errnoWords(e);
    throw new JixiaoError('input.read', `无法读取文件 ${file}：${zh}`, `cannot read file ${file}: ${en}`);
  }
  return decodeUtf8(bytes, file);
}

/** The file's text; a file saved as GBK or UTF-16 (as Windows tools often do) is refused by name. */
function decodeUtf8(bytes: Buffer, file: string): string {
  const notUtf8 = (what: string, whatEn: string) =>
    new JixiaoError('input.encoding', `${file} 不是 UTF-8 编码（看来是 ${what}）；请用“UTF-8”另存后再试`, `${file} is not UTF-8 (it looks like ${whatEn}); save it as UTF-8 and try again`);
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) throw notUtf8('UTF-16', 'UTF-16');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    throw notUtf8('GBK/GB18030', 'GBK/GB18030');
  }
}

/** The keys the schema allows at a path of the data (for "did you mean"). */
function knownKeys(path: readonly PropertyKey[], root: z.core.$ZodType): string[] {
  let schema: z.core.$ZodType = root;
  const unwrap = (t: z.core.$ZodType): z.core.$ZodType => {
    const def = t._zod.def as { type: string; innerType?: z.core.$ZodType; in?: z.core.$ZodType };
    if ((def.type === 'optional' || def.type === 'default' || def.type === 'nullable') && def.innerType) return unwrap(def.innerType);
    if (def.type === 'pipe' && def.in) return unwrap(def.in);
    return t;
  };
  for (const p of path) {
    const t = unwrap(schema);
    const def = t._zod.def as { type: string; shape?: Record<string, z.core.$ZodType>; element?: z.core.$ZodType };
    if (def.type === 'object' && typeof p === 'string' && def.shape?.[p]) schema = def.shape[p]!;
    else if (def.type === 'array' && typeof p === 'number' && def.element) schema = def.element;
    else return [];
  }
  const def = unwrap(schema)._zod.def as { type: string; shape?: Record<string, unknown> };
  return def.type === 'object' && def.shape ? Object.keys(def.shape) : [];
}

/** The known key nearest to a typo (edit distance at most 2, or the same letters reordered). */
function closest(key: string, known: readonly string[]): string | undefined {
  const dist = (a: string, b: string) => {
    const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
    for (let j = 1; j <= b.length; j++) d[0]![j] = j;
    for (let i = 1; i <= a.length; i++)
      for (let j = 1; j <= b.length; j++)
        d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    return d[a.length]![b.length]!;
  };
  let best: [string, number] | undefined;
  for (const k of known) {
    const n = [...k.toLowerCase()].sort().join('') === [...key.toLowerCase()].sort().join('') ? 1 : dist(key.toLowerCase(), k.toLowerCase());
    if (n <= 2 && (!best || n < best[1])) best = [k, n];
  }
  return best?.[0];
}

const TYPE_ZH: Record<string, string> = {
  string: '文字', number: '数字', object: '对象（键值映射）', array: '列表', boolean: '布尔值', null: '空值', undefined: '缺失',
};

/** Turns a zod issue into a bilingual diagnostic. */
function issueToDiagnostic(issue: z.core.$ZodIssue, locate: Locate, format: PacketShape): Diagnostic {
  const path = formatPath(issue.path);
  const pos = locate(issue.path);
  const label = format.label(issue.path);
  const base = { severity: 'error' as const, path, ...(label ? { label } : {}), ...(pos ?? {}) };
  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = knownKeys(issue.path, format.schema);
      const hints = issue.keys.map((k) => [k, closest(k, known)] as const);
      const zh = hints.map(([k, c]) => (c ? `${k}（是否应为 ${c}？）` : k)).join('、');
      const en = hints.map(([k, c]) => (c ? `${k} (did you mean ${c}?)` : k)).join(', ');
      return { ...base, code: 'input.unknownKey', zh: `未知字段：${zh}`, en: `unknown key(s): ${en}` };
    }
    case 'invalid_type': {
      const got = kindOf(issue.input);
      if (got === 'undefined') {
        const kind = TYPE_ZH[issue.expected];
        return kind
          ? { ...base, code: 'input.missing', zh: `缺少字段，应为${kind}`, en: `missing field, expected ${issue.expected}` }
          : { ...base, code: 'input.missing', zh: '缺少字段', en: 'missing field' };
      }
      return {
        ...base,
        code: 'input.type',
        zh: `类型错误：应为${TYPE_ZH[issue.expected] ?? issue.expected}，实际为${TYPE_ZH[got] ?? got}`,
        en: `wrong type: expected ${issue.expected}, got ${got}`,
      };
    }
    case 'custom': {
      const [zh, en] = issue.message.split('\n');
      const code = (issue.params as { code?: string } | undefined)?.code ?? 'input.amount';
      return { ...base, code, zh: zh ?? issue.message, en: en ?? issue.message };
    }
    case 'too_small':
    case 'too_big': {
      const bound = issue.code === 'too_small' ? issue.minimum : issue.maximum;
      const rel = issue.code === 'too_small' ? ['不小于', 'at least'] : ['不大于', 'at most'];
      return { ...base, code: 'input.range', zh: `数值应${rel[0]} ${String(bound)}，实际为 ${String(issue.input)}`, en: `must be ${rel[1]} ${String(bound)}, got ${String(issue.input)}` };
    }
    default: {
      const [zh, en] = issue.message.split(' / ');
      return { ...base, code: `input.${issue.code}`, zh: zh ?? issue.message, en: en ?? issue.message };
    }
  }
}
