/**
 * Every text field has a length limit (its own maxLength, else the format's `maxLength` defaults,
 * else the core's): an over-long field is refused at check, naming the field by its label, so a
 * pasted file or a runaway script never reaches layout.
 */
import { describe, expect, it } from 'vitest';
import { checkPacket } from '../src/check/index.ts';
import { loadFormat } from '../src/format/index.ts';
import { DEFAULT_MAX_LENGTH } from '../src/format/spec.ts';
import { parseData, sampleData } from './helpers/sample.ts';

function tooLong(data: unknown) {
  const r = parseData(data);
  if (!r.packet) throw new Error(JSON.stringify(r.diagnostics));
  return checkPacket(r.packet).diagnostics.filter((d) => d.code === 'text.tooLong');
}

describe('length limits', () => {
  it('refuses a paragraph over the limit, naming the paragraph by its label', () => {
    const d = sampleData();
    d.report.problems = ['问'.repeat(DEFAULT_MAX_LENGTH.paragraph + 1), '短段落。'];
    const found = tooLong(d);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ severity: 'error', path: 'report.problems[0]', label: '存在的主要问题第1段' });
    expect(found[0]!.zh).toBe(`文字过长：${DEFAULT_MAX_LENGTH.paragraph + 1} 字，最多 ${DEFAULT_MAX_LENGTH.paragraph} 字`);
  });
  it('accepts a paragraph exactly at the limit, and limits text fields and cells too', () => {
    const d = sampleData();
    d.report.problems = ['问'.repeat(DEFAULT_MAX_LENGTH.paragraph)];
    expect(tooLong(d)).toEqual([]);
    d.declaration.goal = '目'.repeat(DEFAULT_MAX_LENGTH.text + 5);
    d.declaration.indicators[0].groups[0].items[0].annualValue = '值'.repeat(DEFAULT_MAX_LENGTH.cell + 1);
    const paths = tooLong(d).map((x) => x.path);
    expect(paths).toContain('declaration.goal');
    expect(paths.some((p) => p.endsWith('annualValue'))).toBe(true);
  });
  it('gives every text, paragraphs and cell field of the shipped formats a limit', () => {
    for (const id of ['guangzhou', 'guangdong-city', 'fujian']) {
      const missing: string[] = [];
      const visit = (fields: Record<string, any>, at: string) => {
        for (const [k, f] of Object.entries(fields)) {
          if (['text', 'paragraphs', 'cell'].includes(f.kind) && !f.maxLength) missing.push(`${at}${k}`);
          if (f.fields) visit(f.fields, `${at}${k}.`);
          if (f.item?.fields) visit(f.item.fields, `${at}${k}[].`);
        }
      };
      visit(loadFormat(id).fields as Record<string, any>, '');
      expect(missing, id).toEqual([]);
    }
  });
});
