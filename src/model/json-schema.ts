/** JSON Schema of the input, generated from the zod schemas (editors validate and autocomplete with it). */
import { z } from 'zod';
import { PacketSchema } from './schema.ts';
import { AMOUNT_JSON_SCHEMA } from './money.ts';

export function packetJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(PacketSchema, {
    io: 'input',
    unrepresentable: 'any',
    override: (ctx) => {
      // Amounts are a transform of unknown input; describe what people may type instead.
      const desc = ctx.jsonSchema.description;
      if (typeof desc === 'string' && desc.includes('万元') && Object.keys(ctx.jsonSchema).every((k) => k === 'description')) {
        Object.assign(ctx.jsonSchema, { ...AMOUNT_JSON_SCHEMA, description: desc });
      }
    },
  }) as Record<string, unknown>;
}
