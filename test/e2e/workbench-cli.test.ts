/**
 * `jixiao serve` as a command: prints its address, serves the folder on loopback, warns when
 * --host opens it to the network, refuses a bad port or a missing path with its exit status,
 * and stops cleanly on SIGTERM.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildWeb } from '../../src/serve/build-web.ts';
import { JIXIAO_FROM_SOURCES, jixiao } from '../helpers/cli.ts';
import { ROOT, SAMPLE_TEXT } from '../helpers/sample.ts';

/** Starts `jixiao serve`, waits for its address line, returns it with the process. */
function serve(args: string[]): Promise<{ url: string; stderr: () => string; stop: () => Promise<number | null> }> {
  const child = spawn(process.execPath, [...JIXIAO_FROM_SOURCES, 'serve', ...args], { cwd: ROOT });
  let out = '';
  let err = '';
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /workbench running: (http:\/\/\S+)/.exec(out);
      if (m) {
        resolve({
          url: m[1]!,
          stderr: () => err,
          stop: () => new Promise((r) => (child.once('exit', (code) => r(code)), child.kill('SIGTERM'))),
        });
      }
    });
    child.once('exit', (code) => reject(new Error(`serve exited ${code}: ${err}`)));
  });
}

let dir: string;

beforeAll(async () => {
  await buildWeb();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jixiao-serve-cli-'));
  fs.writeFileSync(path.join(dir, '外事办.yaml'), SAMPLE_TEXT);
});

describe('jixiao serve', () => {
  it('serves a file\'s folder on 127.0.0.1 and opens that file', async () => {
    const s = await serve([path.join(dir, '外事办.yaml'), '--port', '0']);
    try {
      expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#%E5%A4%96%E4%BA%8B%E5%8A%9E\.yaml$/);
      const base = s.url.replace(/#.*$/, '');
      const page = await (await fetch(base)).text();
      expect(page).toContain('绩效材料工作台');
      const files = (await (await fetch(`${base}api/files`)).json()) as { files: { name: string }[] };
      expect(files.files.map((f) => f.name)).toEqual(['外事办.yaml']);
      expect(s.stderr()).toBe('');
    } finally {
      expect(await s.stop()).toBe(0);
    }
  });

  it('warns when --host opens it beyond this machine', async () => {
    const s = await serve([dir, '--port', '0', '--host', '127.0.0.2']);
    try {
      expect(s.stderr()).toContain('警告 warning: 工作台监听 127.0.0.2');
      expect(s.url).toMatch(/^http:\/\/127\.0\.0\.2:\d+\/$/);
    } finally {
      await s.stop();
    }
  });

  it('starts new files from the format --format names, and refuses one it does not ship (3)', async () => {
    const s = await serve([dir, '--port', '0', '--format', 'fujian']);
    try {
      const formats = (await (await fetch(`${s.url}api/formats`)).json()) as { default: string };
      expect(formats.default).toBe('fujian');
    } finally {
      expect(await s.stop()).toBe(0);
    }
    const bad = jixiao(['serve', dir, '--format', 'nowhere']);
    expect(bad.code).toBe(3);
    expect(bad.stderr).toContain('--format 应为 guangzhou、');
  });

  it('refuses a bad port (3) and a missing path (2)', () => {
    const bad = jixiao(['serve', dir, '--port', 'abc']);
    expect(bad.code).toBe(3);
    expect(bad.stderr).toContain('--port 应为 0–65535 之间的整数');
    const missing = jixiao(['serve', path.join(dir, 'nope')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('找不到');
  });
});
