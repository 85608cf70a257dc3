/** `jixiao schema`: the JSON Schema of the input, for editors. */
import { packetJsonSchema } from '../model/json-schema.ts';
import { EXIT } from './exit.ts';
import { print } from './output.ts';

export async function run(): Promise<number> {
  print(process.stdout, JSON.stringify(packetJsonSchema(), null, 2));
  return EXIT.ok;
}
