/**
 * The workbench's HTTP server: node:http and a dozen routes, no framework (nothing to keep
 * patched; every header and refusal is visible here). Pages and scripts come from the built
 * assets in dist/web (bundled by `npm run build:web`), looked up in a list made at start-up, so
 * no request path ever reaches the file system; packet files go through Workspace.resolve.
 */
import fs from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import path from 'node:path';
import YAML from 'yaml';
import { JixiaoError } from '../errors.ts';
import { loadFontSet, type FontSet } from '../fonts/index.ts';
import { DEFAULT_FORMAT, listFormats, loadFormat, type Format } from '../format/index.ts';
import { packagePath } from '../util/paths.ts';
import { safeFileName } from '../util/names.ts';
import { writeFileAtomic } from '../util/fs.ts';
import { zipEntries } from '../batch/zip.ts';
import { formFor, isFieldPath, type FormDefinition } from './form-spec.ts';
import { importDropped } from './import-drop.ts';
import { HttpError, Workspace } from './files.ts';
import { Guard, readBody } from './guard.ts';
import { RenderQueue } from './preview.ts';
import { Session, type EditOp } from './session.ts';

export interface ServeOptions {
  /** Folder whose packet files are served. */
  readonly folder: string;
  readonly port?: number;
  /** Address to listen on (default 127.0.0.1). */
  readonly host?: string;
  /** Format a new file starts from when the page names none (default guangzhou). */
  readonly format?: string;
  readonly templates?: string;
  readonly fontMap?: string;
  /** Largest request body, bytes (default 2 MB). */
  readonly bodyLimit?: number;
  /** Largest Word/Excel file dropped on the page, bytes (default 20 MB). */
  readonly importLimit?: number;
  /** Where the built pages are (default dist/web of the package). */
  readonly assets?: string;
}

export interface Workbench {
  readonly url: string;
  readonly port: number;
  readonly server: http.Server;
  readonly queue: RenderQueue;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.otf': 'font/otf',
};

/**
 * The page's own CJK font, for machines without one (a bare Linux, a kiosk): the package's
 * FandolHei, loaded by the browser only for characters its own fonts lack.
 */
const UI_FONT = 'FandolHei-Regular.otf';

const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self' data:; worker-src 'self' blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/** The built pages, read once. */
function loadAssets(dir: string): Map<string, { type: string; bytes: Buffer }> {
  if (!fs.existsSync(path.join(dir, 'index.html'))) {
    throw new JixiaoError('serve.assets', `工作台页面尚未构建（${dir}）：请先运行 npm run build:web`, `the workbench pages are not built (${dir}): run npm run build:web first`);
  }
  const out = new Map<string, { type: string; bytes: Buffer }>();
  for (const name of fs.readdirSync(dir)) {
    const type = TYPES[path.extname(name)];
    if (type && fs.statSync(path.join(dir, name)).isFile()) out.set(name, { type, bytes: fs.readFileSync(path.join(dir, name)) });
  }
  return out;
}

function send(res: ServerResponse, status: number, type: string, body: string | Uint8Array, extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': type, 'Cache-Control': 'no-store', ...extra });
  res.end(body);
}

function json(res: ServerResponse, status: number, value: unknown): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(value));
}

/** `Content-Disposition` for a Chinese file name (RFC 6266 / 5987), with an ASCII fallback. */
function attachment(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** A new file's name from what the user typed: 某某局 → 某某局.yaml, made safe. */
function newFileName(raw: unknown): string {
  if (typeof raw !== 'string' || !raw.trim()) throw new HttpError(400, 'serve.name', '请填写文件名', 'a file name is required');
  const base = raw.trim().replace(/\.(ya?ml|json)$/i, '');
  return safeFileName(base, '.yaml');
}

export async function startWorkbench(options: ServeOptions): Promise<Workbench> {
  const workspace = new Workspace(options.folder);
  const assets = loadAssets(options.assets ?? packagePath('dist', 'web'));
  const host = options.host ?? '127.0.0.1';
  const limit = options.bodyLimit ?? 2 * 1024 * 1024;
  const importLimit = options.importLimit ?? 20 * 1024 * 1024;
  const defaultFormat = options.format ?? DEFAULT_FORMAT;
  /** Forms by format folder (a format edited on disk is a new Format object, so a new form). */
  const forms = new WeakMap<Format, FormDefinition>();
  const formOf = (f: Format): FormDefinition => {
    let d = forms.get(f);
    if (!d) forms.set(f, (d = formFor(f)));
    return d;
  };
  /** Formats of the files opened, by id: the page asks for a form by the id a file's state names. */
  const seen = new Map<string, Format>();
  const shipped = () => new Set(listFormats().map((f) => f.id));
  const queue = new RenderQueue({ templates: options.templates, fontMap: options.fontMap });
  const sessions = new Map<string, Session>();
  let fonts: FontSet | undefined;
  const getFonts = () => (fonts ??= loadFontSet(options.fontMap));
  let guard: Guard | undefined;
  let uiFont: Buffer | undefined;

  /** The session of a file, re-read when the file changed on disk. */
  const open = (name: unknown): Session => {
    const file = workspace.resolve(name);
    const key = path.relative(workspace.root, file).split(path.sep).join('/');
    let s = sessions.get(key);
    if (s && s.changedOnDisk()) {
      s.reload();
      queue.reset(key);
    }
    if (!s) sessions.set(key, (s = new Session(key, file, getFonts, (p, f) => isFieldPath(formOf(f).spec, p))));
    seen.set(s.format.id, s.format);
    return s;
  };
  const stateOf = (s: Session) => {
    const st = s.state();
    if (s.packet && st.errors === 0) queue.schedule(s.name, s.version, s.currentText, path.dirname(s.file));
    return st;
  };

  const routes: Record<string, (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void> | void> = {
    'GET /api/spec': (_q, res, url) => {
      const id = url.searchParams.get('format') ?? defaultFormat;
      // Only a format a served file names, or a shipped one: no folder path from a request.
      const format = seen.get(id) ?? (shipped().has(id) ? loadFormat(id) : undefined);
      if (!format) throw new HttpError(404, 'serve.format', `没有格式「${id.slice(0, 80)}」`, `no format "${id.slice(0, 80)}"`);
      json(res, 200, formOf(format));
    },
    'GET /api/formats': (_q, res) => json(res, 200, { default: defaultFormat, formats: listFormats().map((f) => ({ id: f.id, name: f.name, documents: f.documents })) }),
    'GET /api/files': (_q, res) => json(res, 200, { folder: path.basename(workspace.root), files: workspace.list() }),
    'POST /api/files': async (req, res) => {
      const body = JSON.parse(await readBody(req, limit)) as { name?: unknown; department?: unknown; year?: unknown; text?: unknown; format?: unknown };
      const name = newFileName(body.name);
      const file = workspace.resolve(name, false);
      if (fs.existsSync(file)) throw new HttpError(409, 'serve.exists', `文件 ${name} 已存在`, `${name} exists`);
      if (typeof body.text === 'string') {
        // A file dropped on the page: kept as it is if it reads as YAML/JSON (the form then lists
        // what is missing or wrong in it).
        const doc = YAML.parseDocument(body.text);
        if (doc.errors.length > 0) {
          const e = doc.errors[0]!;
          throw new HttpError(400, 'serve.upload', `${name} 不是有效的 YAML/JSON：${e.message.split('\n')[0]}`, `${name} is not valid YAML/JSON: ${e.message.split('\n')[0]}`);
        }
        writeFileAtomic(file, body.text);
        return json(res, 201, { name });
      }
      const year = Number(body.year ?? new Date().getFullYear() + 1);
      if (!Number.isInteger(year) || year < 2000 || year > 2100) throw new HttpError(400, 'serve.year', '年度应为 2000–2100 之间的整数', 'year must be an integer 2000–2100');
      const department = typeof body.department === 'string' && body.department.trim() ? body.department.trim().slice(0, 100) : undefined;
      const id = body.format === undefined ? defaultFormat : body.format;
      if (typeof id !== 'string' || !shipped().has(id)) throw new HttpError(400, 'serve.format', `没有格式「${String(id).slice(0, 80)}」`, `no format "${String(id).slice(0, 80)}"`);
      const format = loadFormat(id);
      // Each format's schema beside the files, for editors (a folder may hold files of several formats).
      const schemaName = id === DEFAULT_FORMAT ? 'packet.schema.json' : `${id}.schema.json`;
      writeFileAtomic(file, format.starter({ year, department }).replace('$schema=./packet.schema.json', `$schema=./${schemaName}`));
      const schemaFile = path.join(path.dirname(file), schemaName);
      if (!fs.existsSync(schemaFile)) writeFileAtomic(schemaFile, JSON.stringify(format.jsonSchema(), null, 2) + '\n');
      json(res, 201, { name });
    },
    'POST /api/import': async (req, res) => {
      // A Word or Excel file dropped on the page, sent as base64 in JSON (writes are JSON only).
      const body = JSON.parse(await readBody(req, Math.ceil(importLimit * 4 / 3) + 4096)) as { name?: unknown; data?: unknown; format?: unknown };
      json(res, 201, importDropped(workspace, body, { limit: importLimit, format: defaultFormat, formats: shipped() }));
    },
    'GET /api/file': (_q, res, url) => json(res, 200, stateOf(open(url.searchParams.get('name')))),
    'POST /api/edit': async (req, res) => {
      const body = JSON.parse(await readBody(req, limit)) as { name?: unknown; version?: unknown; ops?: EditOp[] };
      const s = open(body.name);
      if (body.version !== s.version) {
        throw new HttpError(409, 'serve.version', '文件已在别处被修改（另一个窗口或编辑器），请重新打开', 'the file was changed elsewhere (another window or editor); open it again');
      }
      json(res, 200, stateOf((s.edit(body.ops ?? []), s)));
    },
    'GET /api/preview': async (_q, res, url) => {
      const s = open(url.searchParams.get('name'));
      const after = Number(url.searchParams.get('after') ?? -1);
      // A long poll: answered when a newer preview is ready; a page that gave up frees it.
      const gone = new AbortController();
      res.once('close', () => gone.abort());
      const r = await queue.waitNewer(s.name, Number.isFinite(after) ? after : -1, 20_000, gone.signal);
      if (gone.signal.aborted) return;
      if (!r) return json(res, 200, { pending: true });
      json(res, 200, {
        version: r.version,
        ms: Math.round(r.ms),
        ...(r.error ? { error: r.error } : {}),
        documents: (r.pdfs ?? []).map((f) => ({ document: f.document, name: f.name, pages: f.pages })),
      });
    },
    'GET /api/preview.pdf': (_q, res, url) => {
      const s = open(url.searchParams.get('name'));
      const r = queue.latest(s.name);
      const f = r?.pdfs?.find((x) => x.document === url.searchParams.get('doc'));
      if (!r || !f || String(r.version) !== url.searchParams.get('v')) throw new HttpError(404, 'serve.preview', '该版本的预览已被更新的版本取代', 'this preview was replaced by a newer one');
      send(res, 200, 'application/pdf', f.bytes);
    },
    'GET /api/download': async (_q, res, url) => {
      const s = open(url.searchParams.get('name'));
      const type = url.searchParams.get('type');
      if (type !== 'pdf' && type !== 'docx' && type !== 'zip') throw new HttpError(400, 'serve.type', '下载类型应为 pdf、docx 或 zip', 'download type must be pdf, docx or zip');
      const r = await queue.render(s.currentText, type === 'zip' ? ['pdf', 'docx'] : [type], path.dirname(s.file));
      if (!r.ok) throw new HttpError(422, 'serve.render', r.zh, r.en);
      const doc = url.searchParams.get('doc');
      const base = path.basename(s.name).replace(/\.(ya?ml|json)$/i, '');
      if (type === 'zip') {
        const entries = [{ name: path.basename(s.name), bytes: Buffer.from(s.currentText) }, ...r.files.map((f) => ({ name: safeFileName(f.baseName, `.${f.format}`), bytes: f.bytes }))];
        return send(res, 200, 'application/zip', zipEntries(entries, r.documentDate), { 'Content-Disposition': attachment(`${base}.zip`) });
      }
      const f = r.files.find((x) => !doc || x.document === doc) ?? r.files[0]!;
      const mime = type === 'pdf' ? 'application/pdf' : 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
      send(res, 200, mime, f.bytes, { 'Content-Disposition': attachment(safeFileName(f.baseName, `.${f.format}`)) });
    },
  };

  const server = http.createServer((req, res) => {
    void (async () => {
      try {
        guard!.check(req);
        const url = new URL(req.url ?? '/', 'http://workbench.invalid');
        const route = routes[`${req.method} ${url.pathname}`];
        if (route) return await route(req, res, url);
        if (req.method === 'GET' || req.method === 'HEAD') {
          const asset = url.pathname === '/' ? assets.get('index.html') : url.pathname.startsWith('/assets/') ? assets.get(url.pathname.slice(8)) : undefined;
          if (asset) return send(res, 200, asset.type, asset.bytes, { 'Cache-Control': 'no-cache' });
          if (url.pathname === `/assets/font/${UI_FONT}`) {
            return send(res, 200, 'font/otf', (uiFont ??= fs.readFileSync(packagePath('fonts', UI_FONT))), { 'Cache-Control': 'max-age=86400' });
          }
          if (url.pathname === '/favicon.ico') return send(res, 204, 'image/x-icon', '');
        }
        throw new HttpError(404, 'serve.notfound', '没有这个页面', 'not found');
      } catch (e) {
        if (res.headersSent) return res.destroy();
        if (e instanceof HttpError) return json(res, e.status, { error: { code: e.code, zh: e.zh, en: e.en } });
        if (e instanceof SyntaxError) return json(res, 400, { error: { code: 'serve.json', zh: '请求不是有效的 JSON', en: 'the request is not valid JSON' } });
        if (e instanceof JixiaoError) return json(res, 500, { error: { code: e.code, zh: e.zh, en: e.en } });
        return json(res, 500, { error: { code: 'serve.internal', zh: `内部错误：${(e as Error).message}`, en: `internal error: ${(e as Error).message}` } });
      }
    })();
  });
  server.headersTimeout = 30_000;
  server.requestTimeout = 60_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  guard = new Guard(port, host);
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shown}:${port}/`,
    port,
    server,
    queue,
    close: async () => {
      await queue.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
