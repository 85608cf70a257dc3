/** `jixiao formats`: the shipped formats and the documents each renders. */
import { listFormats } from '../format/index.ts';

export async function run(opts: { json?: boolean } = {}): Promise<number> {
  const formats = listFormats();
  if (opts.json) {
    process.stdout.write(JSON.stringify(formats.map(({ dir: _dir, ...f }) => f), null, 2) + '\n');
    return 0;
  }
  const lines: string[] = [];
  for (const f of formats) {
    lines.push(`${f.id}  ${f.name}`);
    for (const d of f.documents) lines.push(`  - ${d.title}（${d.part}，文件 document ${d.id}）`);
  }
  lines.push('', '用法 usage: jixiao init --format <id>；jixiao new-format <文件夹 folder> --from <id>');
  process.stdout.write(lines.join('\n') + '\n');
  return 0;
}
