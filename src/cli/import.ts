/**
 * `jixiao import FILE... [--format ID|DIR] [-o dept.yaml]`: a department's own Word report and
 * Word/Excel table in (any format: an id or a format folder, as loadFormat takes it), a packet YAML out (with Chinese comments, like `init`), and a list of
 * what went where and what a person should look at. Without -o the YAML goes to stdout.
 */
import fs from 'node:fs';
import path from 'node:path';
import { JixiaoError } from '../errors.ts';
import { EXIT, exitStatusOf } from './exit.ts';
import { writeFileAtomic } from '../util/fs.ts';
import { FORMATS_DIR } from '../templates/index.ts';


export interface ImportCliOptions {
  readonly format?: string;
  readonly out?: string;
  readonly force?: boolean;
  readonly json?: boolean;
}

const say = (s: string) => process.stderr.write(s.endsWith('\n') ? s : s + '\n');

/** Runs the command; returns the exit status. */
export async function run(files: readonly string[], opts: ImportCliOptions): Promise<number> {
  const { importFiles, importDetect, readInputFile, outlineFor } = await import('../import/index.ts');
  const { fieldName } = await import('../import/yaml.ts');
  let format;
  try {
    // Any format id or folder that loadFormat takes; an unknown one is a usage error naming the formats.
    format = outlineFor(opts.format).format;
    if (opts.out && fs.existsSync(opts.out) && !opts.force) {
      throw new JixiaoError('cli.exists', `文件 ${opts.out} 已存在；如需覆盖请加 --force`, `${opts.out} exists; add --force to overwrite`);
    }
  } catch (e) {
    if (!(e instanceof JixiaoError)) throw e;
    say(`错误 error: ${e.zh}\n${e.en}`);
    // An unknown format or an existing output is a usage error; a broken format folder (its
    // import.yaml, its format.yaml) is the environment's (exit 4), as for render.
    return exitStatusOf(e);
  }
  let result;
  try {
    // A format folder is named relative to the YAML written (packets resolve it from where they lie).
    const folder = opts.format && path.dirname(format.dir) !== FORMATS_DIR ? path.relative(path.dirname(path.resolve(opts.out ?? 'packet.yaml')), format.dir) : undefined;
    const formatAs = folder === undefined ? undefined : folder.startsWith('.') ? folder : `./${folder}`;
    if (opts.format) result = importFiles(files, { format, ...(formatAs ? { formatAs } : {}) });
    else {
      // No --format: every shipped format reads the files and the one placing the most wins.
      const found = importDetect(files.map((f) => ({ name: f, bytes: readInputFile(f) })));
      result = found.result;
      format = outlineFor(found.format).format;
      const others = found.scores.slice(1).map((s) => `${s.id} ${s.placed ?? '—'}`).join('，');
      say(`格式 format: ${format.id}（${format.name}）——它读出的内容最多（得分 ${found.scores[0]!.placed}，其他格式 ${others}；得分 = 读出的值 − 未归类段落 − 待核对项）；如不对请用 --format 指定\n  chosen: it places the most of the file (score ${found.scores[0]!.placed}; others ${others}; score = values read − unplaced paragraphs − notes needing a look); name another with --format`);
    }
  } catch (e) {
    if (!(e instanceof JixiaoError)) throw e;
    say(`错误 error: ${e.zh}\n${e.en}`);
    return exitStatusOf(e);
  }
  try {
    if (opts.out) {
      writeFileAtomic(opts.out, result.yaml);
      const schemaFile = path.join(path.dirname(opts.out), 'packet.schema.json');
      if (!fs.existsSync(schemaFile)) writeFileAtomic(schemaFile, JSON.stringify(format.jsonSchema(), null, 2) + '\n');
    } else process.stdout.write(result.yaml);
  } catch (e) {
    if (!(e instanceof JixiaoError)) throw e;
    say(`错误 error: ${e.zh}\n${e.en}`);
    return EXIT.environment;
  }
  if (opts.json) {
    const out = { files, out: opts.out ?? null, format: format.id, documents: result.documents, notes: result.notes, unplaced: result.unplaced };
    (opts.out ? process.stdout : process.stderr).write(JSON.stringify(out) + '\n');
    return EXIT.ok;
  }
  const looks = result.notes.filter((n) => n.look);
  say('导入结果 what went where:');
  for (const n of result.notes.filter((x) => !x.look)) say(`  ${n.zh}\n    ${n.en}`);
  if (looks.length) {
    say(`需人工核对 needs a look (${looks.length}):`);
    for (const n of looks) say(`  ${n.path ? fieldName(n.path, format) + '：' : ''}${n.zh}\n    ${n.en}`);
  }
  if (result.unplaced.length) {
    say(`未能归类的段落 ${result.unplaced.length} 段，已按原顺序保留在输出文件末尾的注释中 / ${result.unplaced.length} unplaced paragraph(s) kept in order in a comment block at the end of the output:`);
    for (const u of result.unplaced) say(`  【${u.under}】${u.text.slice(0, 40)}${u.text.length > 40 ? '…' : ''}`);
  }
  if (opts.out) say(`已写入 wrote ${opts.out}；下一步 next: jixiao check ${opts.out}`);
  return EXIT.ok;
}
