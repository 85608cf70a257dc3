/** `jixiao schema [--format X]`: the JSON Schema of the input, for editors. */
import { packetJsonSchema } from '../model/json-schema.ts';
import { EXIT } from './exit.ts';
import { print } from './output.ts';

export async function run(opts: { format?: string } = {}): Promise<number> {
  print(process.stdout, JSON.stringify(packetJsonSchema(opts.format), null, 2));
  return EXIT.ok;
}
