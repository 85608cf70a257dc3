/**
 * The JSON Schema (what editors and generated forms validate with) accepts exactly the amounts
 * the CLI accepts: the same inputs go to the zod parser and to a JSON Schema validator (ajv).
 */
import { describe, expect, it } from 'vitest';
import { Ajv } from 'ajv';
import { amount } from '../src/model/money.ts';
import { packetJsonSchema } from '../src/model/json-schema.ts';

/** The amount schema as generated into the packet's JSON Schema (declaration.budget.basic). */
function amountSchema(): object {
  const s = packetJsonSchema() as any;
  return s.properties.declaration.properties.budget.properties.basic;
}

// multipleOf 0.01 on binary floats needs a tolerance (5093.51 / 0.01 is not an integer in IEEE 754).
const ajv = new Ajv({ multipleOfPrecision: 6, keywords: ['x-jixiao'] });
const validate = ajv.compile(amountSchema());
const zodAccepts = (v: unknown) => amount.safeParse(v).success;

const ACCEPTED: unknown[] = [
  0, 12, 5093.5, 5093.51, -1.25, 1e10, null, '',
  '5093.50', ' 5093.50 ', '5,093.50', '1,234,567.8', '-12', '+12', '0.10', '5.100',
  '１２００．００', '１，２００．５', '１２００。５', '－３', '１２３４', '1,２３４.5', '\u30005093.50\u3000', '5093.50\n',
];
const REFUSED: unknown[] = [
  5093.505, 1e11, -2e10, true, [], {}, '   ', 'abc', '5093.505', '5.123', '12,34', '1,2345', '1,,234', '5.', '.5',
  '5e3', '１２００．００５', '＋3', '5 093', '5,093.5.1', '0x10', 'NaN', 'Infinity', '1 234', '--5', '12元',
];

describe('amounts: the JSON Schema accepts what the CLI accepts', () => {
  it.each(ACCEPTED.map((v) => [JSON.stringify(v), v]))('accepted by both: %s', (_, v) => {
    expect(zodAccepts(v)).toBe(true);
    expect(validate(v)).toBe(true);
  });
  it.each(REFUSED.map((v) => [JSON.stringify(v), v]))('refused by both: %s', (_, v) => {
    expect(zodAccepts(v)).toBe(false);
    expect(validate(v)).toBe(false);
  });
  it('full-width input reads as the ASCII amount', () => {
    expect(String(amount.parse('１２００．００'))).toBe('1200');
    expect(String(amount.parse('１，２００．５'))).toBe('1200.5');
  });
});
