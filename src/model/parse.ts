/**
 * Reads a packet from YAML or JSON text and validates it against the schema.
 * Syntax errors throw (`input.syntax`, with line and column); shape errors (wrong types,
 * unknown keys, bad amounts) come back as error diagnostics naming the path.
 */
import fs from 'node:fs';
import YAML, { LineCounter, isNode } from 'yaml';
import type { z } from 'zod';
import { JixiaoError } from '../errors.ts';
import { formatPath, type Diagnostic } from '../check/diagnostic.ts';
import { PacketSchema, type Packet } from './schema.ts';

export interface ParseResult {
  /** The packet when it matches the schema; absent when any shape error was found. */
  readonly packet?: Packet;
  /** Shape errors (empty when `packet` is set). */
  readonly diagnostics: readonly Diagnostic[];
  /** Finds the line and column of a data path in the source, for later diagnostics. */
  readonly locate: (path: readonly PropertyKey[]) => { line: number; column: number } | undefined;
}

/** Parses packet text. `file` is only used in messages; the format is guessed from it or the text. */
export function parsePacket(text: string, opts: { file?: string; format?: 'yaml' | 'json' } = {}): ParseResult {
  const lineCounter = new LineCounter();
  // YAML 1.2 is a superset of JSON, so one parser gives line numbers for both.
  const doc = YAML.parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true, strict: true });
  const file = opts.file ?? '输入 input';
  if (doc.errors.length > 0) {
    const err = doc.errors[0]!;
    const pos = err.linePos?.[0];
    const at = pos ? `${pos.line}:${pos.col}` : '?';
    const firstLine = err.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    throw new JixiaoError(
      'input.syntax',
      `${file}:${at} 文件格式错误（无法解析为 YAML/JSON）：${firstLine}`,
      `${file}:${at} cannot parse the file as YAML/JSON: ${firstLine}`,
    );
  }
  const data: unknown = doc.toJS({ maxAliasCount: 100 });
  const locate = (path: readonly PropertyKey[]) => {
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
  const parsed = PacketSchema.safeParse(data, { reportInput: true });
  if (parsed.success) return { packet: parsed.data, diagnostics: [], locate };
  return { diagnostics: parsed.error.issues.map((i) => issueToDiagnostic(i, locate)), locate };
}

/** Reads and parses a packet file. Unreadable files throw `input.read`. */
export function readPacketFile(file: string): ParseResult {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new JixiaoError('input.read', `无法读取文件 ${file}（${code ?? (e as Error).message}）`, `cannot read file ${file} (${code ?? (e as Error).message})`);
  }
  return parsePacket(text.replace(/^\uFEFF/, ''), { file });
}

const TYPE_ZH: Record<string, string> = {
  string: '文字', number: '数字', object: '对象（键值映射）', array: '列表', boolean: '布尔值', null: '空值', undefined: '缺失',
};

function received(input: unknown): string {
  if (input === undefined) return 'undefined';
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'array';
  return typeof input;
}

/** Turns a zod issue into a bilingual diagnostic. */
function issueToDiagnostic(issue: z.core.$ZodIssue, locate: ParseResult['locate']): Diagnostic {
  const path = formatPath(issue.path);
  const pos = locate(issue.path);
  const base = { severity: 'error' as const, path, ...(pos ?? {}) };
  switch (issue.code) {
    case 'unrecognized_keys': {
      const keys = issue.keys.join('、');
      return { ...base, code: 'input.unknownKey', zh: `未知字段：${keys}（拼写错误？）`, en: `unknown key(s): ${issue.keys.join(', ')} (typo?)` };
    }
    case 'invalid_type': {
      const got = received(issue.input);
      if (got === 'undefined') {
        return { ...base, code: 'input.missing', zh: `缺少字段，应为${TYPE_ZH[issue.expected] ?? issue.expected}`, en: `missing field, expected ${issue.expected}` };
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
      return { ...base, code: 'input.amount', zh: zh ?? issue.message, en: en ?? issue.message };
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
