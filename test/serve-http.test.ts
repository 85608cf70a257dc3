/**
 * The workbench's HTTP surface under hostile requests: foreign Host (DNS rebinding), foreign
 * Origin, cross-site fetches, non-JSON writes, paths out of the served folder (.., encoded,
 * absolute, backslash, symlink), oversized bodies, malformed edits. And the ordinary path:
 * open, edit, the file on disk changed with its comments kept.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import { startWorkbench, type Workbench } from '../src/serve/server.ts';
import { SAMPLE_TEXT } from './helpers/sample.ts';

let wb: Workbench;
let dir: string;
let outside: string;

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  json: any;
}

function request(method: string, pathAndQuery: string, opts: { headers?: Record<string, string>; body?: string | Buffer } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { Host: `127.0.0.1:${wb.port}`, ...opts.headers };
    const noHost = headers.Host === '';
    if (noHost) delete headers.Host;
    const req = http.request(
      { host: '127.0.0.1', port: wb.port, method, path: pathAndQuery, headers, setHost: !noHost },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(body);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json });
        });
      },
    );
    req.on('error', (e: NodeJS.ErrnoException) => (e.code === 'ECONNRESET' || e.code === 'EPIPE' ? resolve({ status: 0, headers: {}, body: '', json: undefined }) : reject(e)));
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

const postJson = (p: string, value: unknown, headers: Record<string, string> = {}) =>
  request('POST', p, { headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(value) });

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jixiao-serve-'));
  outside = fs.mkdtempSync(path.join(os.tmpdir(), 'jixiao-outside-'));
  fs.writeFileSync(path.join(outside, 'secret.yaml'), 'secret: 机密\n');
  fs.writeFileSync(path.join(dir, 'sample.yaml'), SAMPLE_TEXT);
  fs.symlinkSync(path.join(outside, 'secret.yaml'), path.join(dir, 'link.yaml'));
  fs.symlinkSync(outside, path.join(dir, 'linkdir'));
  const assets = path.join(dir, '.assets');
  fs.mkdirSync(assets);
  fs.writeFileSync(path.join(assets, 'index.html'), '<!doctype html><title>工作台</title>');
  wb = await startWorkbench({ folder: dir, port: 0, assets, bodyLimit: 64 * 1024 });
});

afterAll(async () => {
  await wb?.close();
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(outside, { recursive: true, force: true });
});

describe('DNS rebinding and cross-site requests', () => {
  it('refuses a foreign Host header, naming it', async () => {
    const r = await request('GET', '/api/files', { headers: { Host: `evil.example:${wb.port}` } });
    expect(r.status).toBe(421);
    expect(r.json.error.zh).toContain('evil.example');
    expect(r.body).not.toContain('sample.yaml');
  });

  it('refuses the right name on the wrong port, and a missing Host', async () => {
    expect((await request('GET', '/api/files', { headers: { Host: `127.0.0.1:${wb.port + 1}` } })).status).toBe(421);
    // Node itself answers 400 to an HTTP/1.1 request without Host; either way nothing is listed.
    const none = await request('GET', '/api/files', { headers: { Host: '' } });
    expect([400, 421]).toContain(none.status);
    expect(none.body).not.toContain('sample.yaml');
  });

  it('accepts localhost and 127.0.0.1 on its port', async () => {
    const r = await request('GET', '/api/files', { headers: { Host: `localhost:${wb.port}` } });
    expect(r.status).toBe(200);
    expect(r.json.files.map((f: { name: string }) => f.name)).toContain('sample.yaml');
  });

  it('refuses a foreign Origin, even on a GET', async () => {
    const r = await request('GET', '/api/file?name=sample.yaml', { headers: { Origin: 'http://evil.example' } });
    expect(r.status).toBe(403);
    expect(r.json.error.zh).toContain('来源');
    const w = await postJson('/api/edit', { name: 'sample.yaml', version: 1, ops: [{ op: 'set', path: ['department', 'name'], value: 'x' }] }, { Origin: 'null' });
    expect(w.status).toBe(403);
    expect(fs.readFileSync(path.join(dir, 'sample.yaml'), 'utf8')).toBe(SAMPLE_TEXT);
  });

  it('refuses a cross-site fetch and a write that is not JSON (an HTML form post)', async () => {
    expect((await request('GET', '/api/files', { headers: { 'Sec-Fetch-Site': 'cross-site' } })).status).toBe(403);
    const form = await request('POST', '/api/edit', { headers: { 'Content-Type': 'text/plain' }, body: '{"name":"sample.yaml"}' });
    expect(form.status).toBe(415);
    expect(form.json.error.zh).toContain('JSON');
  });

  it('sends a strict content security policy with the page', async () => {
    const r = await request('GET', '/');
    expect(r.status).toBe(200);
    expect(r.headers['content-security-policy']).toContain("script-src 'self'");
    expect(r.headers['x-content-type-options']).toBe('nosniff');
  });
});

describe('no path outside the served folder', () => {
  const refused = [
    '../' + 'secret.yaml',
    '..%2Fsecret.yaml',
    '%2e%2e%2fsecret.yaml',
    '%252e%252e%252fsecret.yaml',
    '..%5Csecret.yaml',
    '/etc/passwd',
    '%2Fetc%2Fhosts.yaml',
    'C%3A%5Cwindows%5Cwin.ini',
    'link.yaml',
    'linkdir%2Fsecret.yaml',
    'sample.yaml%00.txt',
    '.assets%2Findex.html',
    'package.json%2F..%2Fsample.yaml',
  ];
  for (const name of refused) {
    it(`refuses ${name}`, async () => {
      const r = await request('GET', `/api/file?name=${name}`);
      expect(r.status).toBe(403);
      expect(r.json.error.zh).toContain('不允许的文件名');
      expect(r.body).not.toContain('机密');
    });
  }

  it('does not list symlinked files or folders pointing outside', async () => {
    const r = await request('GET', '/api/files');
    const names = r.json.files.map((f: { name: string }) => f.name);
    expect(names).toContain('sample.yaml');
    expect(names).not.toContain('link.yaml');
    expect(names.some((n: string) => n.startsWith('linkdir'))).toBe(false);
  });

  it('serves assets only from its list (no traversal from /assets/)', async () => {
    for (const p of ['/assets/../../package.json', '/assets/..%2F..%2Fpackage.json', '/assets/%2e%2e/sample.yaml']) {
      const r = await request('GET', p);
      expect(r.status).toBe(404);
    }
  });

  it('makes a new file name safe and keeps it inside the folder', async () => {
    const r = await postJson('/api/files', { name: '../../某某局', department: '广州市某某局', year: 2026 });
    expect(r.status).toBe(201);
    expect(r.json.name).not.toContain('/');
    expect(fs.existsSync(path.join(dir, r.json.name))).toBe(true);
    expect(fs.readFileSync(path.join(dir, r.json.name), 'utf8')).toContain('广州市某某局');
    const again = await postJson('/api/files', { name: '../../某某局', department: 'x', year: 2026 });
    expect(again.status).toBe(409);
  });
});

describe('files dropped on the page', () => {
  it('copies a YAML file into the folder, and refuses one that is not YAML', async () => {
    const ok = await postJson('/api/files', { name: '乙局.yaml', text: '# 乙局\ndepartment: { name: 乙局 }\n' });
    expect(ok.status).toBe(201);
    expect(fs.readFileSync(path.join(dir, '乙局.yaml'), 'utf8')).toBe('# 乙局\ndepartment: { name: 乙局 }\n');
    const bad = await postJson('/api/files', { name: '丙局.yaml', text: 'department: [unclosed\n' });
    expect(bad.status).toBe(400);
    expect(bad.json.error.zh).toContain('不是有效的 YAML/JSON');
    expect(fs.existsSync(path.join(dir, '丙局.yaml'))).toBe(false);
    const opened = await request('GET', `/api/file?name=${encodeURIComponent('乙局.yaml')}`);
    expect(opened.json.diagnostics.some((d: { code: string }) => d.code === 'input.missing')).toBe(true);
  });
});

describe('requests that are too big or malformed', () => {
  it('refuses a body over the limit with 413 and writes nothing', async () => {
    const big = JSON.stringify({ name: 'sample.yaml', version: 1, ops: [{ op: 'set', path: ['department', 'name'], value: '长'.repeat(40_000) }] });
    const r = await request('POST', '/api/edit', { headers: { 'Content-Type': 'application/json' }, body: big });
    expect([413, 0]).toContain(r.status);
    if (r.status) expect(r.json.error.zh).toContain('请求过大');
    expect(fs.readFileSync(path.join(dir, 'sample.yaml'), 'utf8')).toBe(SAMPLE_TEXT);
  });

  it('refuses invalid JSON, prototype keys and out-of-range rows', async () => {
    const bad = await request('POST', '/api/edit', { headers: { 'Content-Type': 'application/json' }, body: '{"name":' });
    expect(bad.status).toBe(400);
    const open = await request('GET', '/api/file?name=sample.yaml');
    const version = open.json.version;
    for (const ops of [
      [{ op: 'set', path: ['__proto__', 'polluted'], value: 1 }],
      [{ op: 'remove', path: ['declaration', 'tasks'], index: 99 }],
      [{ op: 'set', path: ['nowhere', 'at', 'all'], value: 1 }],
      [{ op: 'drop', path: ['declaration'] }],
    ]) {
      const r = await postJson('/api/edit', { name: 'sample.yaml', version, ops });
      expect(r.status).toBe(400);
      expect(r.json.error.zh).toContain('无法应用修改');
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(fs.readFileSync(path.join(dir, 'sample.yaml'), 'utf8')).toBe(SAMPLE_TEXT);
  });
});

describe('downloads', () => {
  it('gives the packet as a zip: the YAML as it is on disk and the four files', async () => {
    const res = await fetch(`http://127.0.0.1:${wb.port}/api/download?name=sample.yaml&type=zip`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="sample.zip"; filename*=UTF-8''sample.zip`);
    const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
    expect(Object.keys(files)).toEqual([
      'sample.yaml',
      '附件1-中共广州市委外事工作委员会办公室2025年度部门整体预算绩效目标申报表.pdf',
      '附件1-中共广州市委外事工作委员会办公室2025年度部门整体预算绩效目标申报表.docx',
      '附件2-中共广州市委外事工作委员会办公室2023年度部门整体支出绩效自评报告.pdf',
      '附件2-中共广州市委外事工作委员会办公室2023年度部门整体支出绩效自评报告.docx',
    ]);
    expect(strFromU8(files['sample.yaml']!)).toBe(SAMPLE_TEXT);
  });

  it('gives one attachment as PDF with its Chinese file name', async () => {
    const res = await fetch(`http://127.0.0.1:${wb.port}/api/download?name=sample.yaml&type=pdf&doc=attachment2`);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('附件2-中共广州市委外事工作委员会办公室2023年度部门整体支出绩效自评报告.pdf')}`);
    expect(Buffer.from(await res.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
  });
});

describe('editing through the API', () => {
  it('saves an edit into the same YAML, keeping comments, and reports the totals that disagree', async () => {
    const open = await request('GET', '/api/file?name=sample.yaml');
    expect(open.json.errors).toBe(0);
    expect(open.json.derived['declaration.spendingTotal']).toBe('8,019.04');
    const r = await postJson('/api/edit', { name: 'sample.yaml', version: open.json.version, ops: [{ op: 'set', path: ['declaration', 'budget', 'basic'], value: '5,193.50' }] });
    expect(r.status).toBe(200);
    const d = r.json.diagnostics.find((x: { key: string; code: string }) => x.code === 'budget.totals');
    expect(d).toMatchObject({ severity: 'error', key: 'declaration.budget.fiscal' });
    expect(d).toMatchObject({ label: '财政拨款' });
    expect(d.zh).toContain('财政拨款 + 其他资金 8,019.04，应等于基本支出 + 项目支出 8,119.04');
    expect(r.json.derived['declaration.spendingTotal']).toBe('8,119.04');
    const text = fs.readFileSync(path.join(dir, 'sample.yaml'), 'utf8');
    expect(text).toContain("basic: '5,193.50'");
    expect(text).toContain('# 单元格内换行：用 | 块写法，每行一段');
    expect(text).toContain('# yaml-language-server: $schema=./packet.schema.json');
    const dl = await request('GET', '/api/download?name=sample.yaml&type=docx');
    expect(dl.status).toBe(422);
    expect(dl.json.error.zh).toContain('财政拨款（declaration.budget.fiscal）：财政拨款 + 其他资金 8,019.04');
  });

  it('refuses to overwrite a file changed on disk by someone else', async () => {
    const open = await request('GET', '/api/file?name=sample.yaml');
    fs.appendFileSync(path.join(dir, 'sample.yaml'), '# edited in another editor\n');
    const r = await postJson('/api/edit', { name: 'sample.yaml', version: open.json.version, ops: [{ op: 'set', path: ['department', 'selfReference'], value: '我局' }] });
    expect(r.status).toBe(409);
    expect(fs.readFileSync(path.join(dir, 'sample.yaml'), 'utf8')).toContain('# edited in another editor');
    expect(fs.readFileSync(path.join(dir, 'sample.yaml'), 'utf8')).toContain('selfReference: 我办');
  });
});
