/**
 * A Word or Excel file dropped on the workbench: read by the importers (src/import) into a new
 * packet file of the served folder, never over an existing one, with what the import could not
 * place or wants a person to look at, so the page can show it beside the form it opens.
 */
import fs from 'node:fs';
import path from 'node:path';
import { JixiaoError } from '../errors.ts';
import { importBuffers } from '../import/index.ts';
import { loadFormat } from '../format/index.ts';
import { safeName } from '../util/names.ts';
import { HttpError, type Workspace } from './files.ts';

/** What the page shows after an import. */
export interface DropResult {
  /** The new file, relative to the folder. */
  readonly name: string;
  readonly documents: readonly string[];
  /** Findings a person should look at (a missing 部门自称, a printed rate that differs …), with the field's label. */
  readonly notes: readonly { readonly look: boolean; readonly path?: string; readonly label?: string; readonly zh: string; readonly en: string }[];
  /** Paragraphs the import could not place, with the heading they stood under. */
  readonly unplaced: readonly { readonly under: string; readonly text: string; readonly zh: string; readonly en: string }[];
}

const OFFICE = /\.(docx|xlsx)$/i;

/**
 * Writes `text` to a new file: a temporary file linked to the name (link fails if the name exists,
 * where a rename would replace it), so a file appearing meanwhile is never overwritten.
 */
function createNew(file: string, text: string): boolean {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.import.tmp`);
  fs.writeFileSync(tmp, text, { flag: 'w' });
  try {
    fs.linkSync(tmp, file);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

export function importDropped(
  workspace: Workspace,
  body: { name?: unknown; data?: unknown; files?: unknown; format?: unknown },
  opts: { readonly limit: number; readonly format: string; readonly formats: ReadonlySet<string> },
): DropResult {
  // One file ({ name, data }) or several dropped together ({ files: [...] }: a report and a declaration make one packet).
  const given = Array.isArray(body.files) ? (body.files as { name?: unknown; data?: unknown }[]) : [{ name: body.name, data: body.data }];
  if (given.length === 0 || given.length > 4) throw new HttpError(400, 'serve.import', '一次可导入 1–4 个文件', 'import 1 to 4 files at a time');
  let total = 0;
  const inputs = given.map((g) => {
    const dropped = typeof g?.name === 'string' ? path.basename(g.name.replace(/\\/g, '/')).slice(0, 200) : '';
    if (!OFFICE.test(dropped)) {
      throw new HttpError(400, 'serve.import', `「${dropped || '（无名）'}」不是 Word（.docx）或 Excel（.xlsx）文件；旧的 .doc/.xls 请先另存为 .docx/.xlsx`, `"${dropped || '(no name)'}" is not a Word (.docx) or Excel (.xlsx) file; save an old .doc/.xls as .docx/.xlsx first`);
    }
    if (typeof g.data !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(g.data)) throw new HttpError(400, 'serve.import', `${dropped} 的内容无效`, `the content of ${dropped} is invalid`);
    const bytes = Buffer.from(g.data, 'base64');
    total += bytes.length;
    if (total > opts.limit) {
      const mb = (n: number) => (n / 1048576).toFixed(1);
      throw new HttpError(413, 'serve.tooLarge', `${dropped} 有 ${mb(bytes.length)} MB，超过工作台的上限 ${mb(opts.limit)} MB；可用 jixiao import 在命令行导入`, `${dropped} is ${mb(bytes.length)} MB, over the workbench's ${mb(opts.limit)} MB limit; use jixiao import on the command line`);
    }
    return { name: dropped, bytes: new Uint8Array(bytes) };
  });
  const format = body.format === undefined ? opts.format : body.format;
  if (typeof format !== 'string' || !opts.formats.has(format)) throw new HttpError(400, 'serve.format', `没有格式「${String(format).slice(0, 80)}」`, `no format "${String(format).slice(0, 80)}"`);
  let result;
  try {
    result = importBuffers(inputs, { format });
  } catch (e) {
    // The importer's refusals (not a Word document, a zip bomb, too many sheets …) as they are.
    if (e instanceof JixiaoError && !(e instanceof HttpError)) throw new HttpError(422, e.code, e.zh, e.en);
    throw e;
  }
  const dropped = inputs[0]!.name;
  const base = safeName(dropped.replace(OFFICE, ''));
  let name = '';
  for (let n = 1; n < 100 && !name; n++) {
    const candidate = `${base}${n === 1 ? '' : `-${n}`}.yaml`;
    const file = workspace.resolve(candidate, false);
    if (!fs.existsSync(file) && createNew(file, result.yaml)) name = candidate;
  }
  if (!name) throw new HttpError(409, 'serve.exists', `${base}.yaml 等文件名都已被占用`, `${base}.yaml and the like are all taken`);
  const f = loadFormat(format);
  return {
    name,
    documents: result.documents,
    notes: result.notes.map((n) => {
      const label = n.path ? f.label(n.path) : undefined;
      return { look: Boolean(n.look), ...(n.path ? { path: n.path } : {}), ...(label ? { label } : {}), zh: n.zh, en: n.en };
    }),
    unplaced: result.unplaced.map((u) => ({ under: u.under, text: u.text, zh: u.zh, en: u.en })),
  };
}
