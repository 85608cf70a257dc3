/** The form's values: amounts shown as people write them and saved without losing a digit; new rows' shape. */
import { describe, expect, it } from 'vitest';
import { cellValue, emptyValue, parseAmountInput, showAmount, tidyAmount } from '../src/web/app/values.ts';
import { formSpec, type FieldSpec } from '../src/serve/form-spec.ts';

describe('amount cells', () => {
  it('show numbers with two places and thousands separators, text as it is', () => {
    expect(showAmount(5093.5)).toBe('5,093.50');
    expect(showAmount(0)).toBe('0.00');
    expect(showAmount(-1234567)).toBe('-1,234,567.00');
    expect(showAmount(0.125)).toBe('0.125'); // more places than allowed: shown, and the check names it
    expect(showAmount('5,093.50')).toBe('5,093.50');
    expect(showAmount(null)).toBe('');
  });

  it('save what was typed: a number only when it is the same number, else the text', () => {
    expect(parseAmountInput('5093.5')).toBe(5093.5);
    expect(parseAmountInput(' 300 ')).toBe(300);
    expect(parseAmountInput('5093.50')).toBe('5093.50');
    expect(parseAmountInput('5,093.50')).toBe('5,093.50');
    expect(parseAmountInput('１２３')).toBe('１２３');
    expect(parseAmountInput('12345678901234567890')).toBe('12345678901234567890');
    expect(parseAmountInput('')).toBeNull();
    expect(cellValue('1')).toBe(1);
    expect(cellValue('大于等于108个')).toBe('大于等于108个');
    expect(cellValue('')).toBe('');
  });
});

describe('an amount cell once left', () => {
  it('shows as its neighbours do: two places, thousands separators; other text as typed', () => {
    expect(tidyAmount('60')).toBe('60.00');
    expect(tidyAmount(' 5093.5 ')).toBe('5,093.50');
    expect(tidyAmount('5,093.5')).toBe('5,093.50');
    expect(tidyAmount('-1234567')).toBe('-1,234,567.00');
    expect(tidyAmount('12345678901234567890.1')).toBe('12,345,678,901,234,567,890.10'); // on the text: no digit lost
    expect(tidyAmount('0.125')).toBe('0.125'); // too many places: the check names it
    expect(tidyAmount('1,00')).toBe('1,00');
    expect(tidyAmount('约60')).toBe('约60');
    expect(tidyAmount('')).toBe('');
  });
});

describe('new rows', () => {
  const spec = formSpec() as FieldSpec;
  const at = (...keys: string[]) => keys.reduce<FieldSpec>((s, k) => (k === '[]' ? s.item! : s.fields!.find((f) => f.key === k)!), spec);

  it('a key task has every column, the amount not yet filled in', () => {
    expect(emptyValue(at('declaration', 'tasks', '[]'))).toEqual({ name: '', content: '', amount: null, target: '' });
  });

  it('a 一级指标 comes with one 二级 and one 三级 row', () => {
    expect(emptyValue(at('declaration', 'indicators', '[]'))).toEqual({ level1: '', groups: [{ level2: '', items: [{ name: '', periodValue: '', annualValue: '' }] }] });
  });

  it('an effectiveness item has a title and one paragraph', () => {
    expect(emptyValue(at('report', 'effectiveness', 'items', '[]'))).toEqual({ title: '', paragraphs: [''] });
  });
});
