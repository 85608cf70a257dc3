/** JSON Schema of the input, generated from the zod schemas (editors validate and autocomplete with it). */
import { z } from 'zod';
import { PacketSchema } from './schema.ts';
import { AMOUNT_JSON_SCHEMA } from './money.ts';

/** An amount is `unknown → transform` (see money.ts); zod cannot describe its input, so we do. */
function isAmount(schema: z.core.$ZodType): boolean {
  const def = schema._zod.def as { type: string; in?: z.core.$ZodType; out?: z.core.$ZodType };
  return def.type === 'pipe' && def.in?._zod.def.type === 'unknown' && def.out?._zod.def.type === 'transform';
}

export function packetJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(PacketSchema, {
    io: 'input',
    unrepresentable: 'any',
    override: (ctx) => {
      if (isAmount(ctx.zodSchema)) {
        const description = ctx.jsonSchema.description;
        Object.assign(ctx.jsonSchema, { ...AMOUNT_JSON_SCHEMA, ...(description ? { description } : {}) });
      }
    },
  }) as Record<string, unknown>;
}
