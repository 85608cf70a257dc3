/**
 * The package as a consumer gets it: `npm pack` (which builds dist/ through `prepare`), the
 * tarball installed into a fresh project from the npm cache, then the CLI run from there, the
 * library imported from ESM and required from CommonJS, and a TypeScript consumer type-checked
 * with moduleResolution node16 and bundler.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, SAMPLE_FILE } from '../helpers/sample.ts';

let project = '';
let tarball = '';
let packed: { files: { path: string }[]; size: number } = { files: [], size: 0 };

function sh(cmd: string, args: string[], cwd: string): SpawnSyncReturns<string> {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: 300_000, env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' } });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r;
}
const bin = () => path.join(project, 'node_modules', '.bin', 'jixiao');

beforeAll(() => {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'jixiao-consumer-'));
  const packDir = path.join(base, 'pack');
  fs.mkdirSync(packDir);
  const out = sh('npm', ['pack', '--json', '--pack-destination', packDir], ROOT).stdout;
  packed = JSON.parse(out.slice(out.indexOf('[')))[0];
  tarball = path.join(packDir, fs.readdirSync(packDir).find((f) => f.endsWith('.tgz'))!);
  project = path.join(base, 'app');
  fs.mkdirSync(project);
  fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }));
  // From the npm cache `npm ci` filled; the registry is asked only for what the cache lacks.
  const install = sh('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball], project);
  expect(install.stderr).not.toContain('EBADENGINE');
}, 600_000);

describe('the packed tarball', () => {
  it('holds the build, templates, fonts, README and LICENSE, and no TypeScript sources or tests', () => {
    const files = packed.files.map((f) => f.path);
    for (const f of ['dist/index.js', 'dist/index.cjs', 'dist/index.d.ts', 'dist/cli/bin.js', 'dist/batch/worker.js', 'templates/guangzhou/format.yaml', 'fonts/fontmap.json', 'README.md', 'LICENSE', 'package.json']) {
      expect(files).toContain(f);
    }
    expect(files.filter((f) => /^(src|test|fixtures)\//.test(f) || (f.endsWith('.ts') && !f.endsWith('.d.ts')))).toEqual([]);
  });
  it('installs without the TypeScript runtime or docx among the consumer’s packages', () => {
    expect(fs.existsSync(path.join(project, 'node_modules', 'tsx'))).toBe(false);
    expect(fs.existsSync(path.join(project, 'node_modules', 'docx'))).toBe(false);
    expect(fs.existsSync(path.join(project, 'node_modules', 'jixiao', 'dist', 'index.cjs'))).toBe(true);
  });
});

describe('the installed CLI', () => {
  it('renders the sample into the consumer’s folder (4 files)', () => {
    const r = sh(bin(), ['render', SAMPLE_FILE, '--out', 'out'], project);
    const files = fs.readdirSync(path.join(project, 'out')).sort();
    expect(files).toHaveLength(4);
    expect(files.filter((f) => f.endsWith('.pdf'))).toHaveLength(2);
    expect(r.stdout.trim().split('\n')).toHaveLength(4);
    expect(fs.readFileSync(path.join(project, 'out', files.find((f) => f.endsWith('.pdf'))!)).subarray(0, 5).toString()).toBe('%PDF-');
  });
  it('runs batch with the compiled worker (no tsx)', () => {
    const r = sh(bin(), ['batch', SAMPLE_FILE, '--out', 'packets', '--format', 'pdf', '--threads', '1', '--json'], project);
    expect(JSON.parse(r.stdout.trim().split('\n')[0]!)).toMatchObject({ status: 'ok', warnings: 1 });
  });
  it('--version prints the package version', () => {
    const version = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;
    expect(sh(bin(), ['--version'], project).stdout.trim()).toBe(version);
  });
});

describe('the installed library', () => {
  const script = (load: string) =>
    `${load}\nconst r = lib.readPacketFile(${JSON.stringify(SAMPLE_FILE)}); const c = lib.checkPacket(r.packet);\n` +
    `lib.render(r.packet, { formats: ['pdf'] }).then((x) => console.log(c.errors, c.warnings, x.files.length, String.fromCharCode(...x.files[0].bytes.subarray(1, 4))));\n`;
  it('import from ESM', () => {
    fs.writeFileSync(path.join(project, 'esm.mjs'), script("import * as lib from 'jixiao';"));
    expect(sh(process.execPath, ['esm.mjs'], project).stdout.trim()).toBe('0 1 2 PDF');
  });
  it('require from CommonJS', () => {
    fs.writeFileSync(path.join(project, 'cjs.cjs'), script("const lib = require('jixiao');"));
    expect(sh(process.execPath, ['cjs.cjs'], project).stdout.trim()).toBe('0 1 2 PDF');
  });
});

describe('a TypeScript consumer type-checks', () => {
  const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const source = [
    "import { parsePacket, checkPacket, render, JixiaoError, type Packet, type RenderResult, type Diagnostic } from 'jixiao';",
    "const r = parsePacket('department: {}', { file: 'x.yaml' });",
    'const p: Packet | undefined = r.packet;',
    'const d: readonly Diagnostic[] = r.diagnostics;',
    'export async function go(): Promise<number> {',
    '  if (!p) return d.length;',
    '  const c = checkPacket(p);',
    "  const out: RenderResult = await render(p, { formats: ['pdf'] });",
    '  return c.errors + out.files.length + (new JixiaoError("a", "b", "c").zh.length);',
    '}',
    '// @ts-expect-error: not exported',
    "import { nothing } from 'jixiao';",
    'void nothing;',
  ].join('\n');
  it.each([
    ['node16', { module: 'node16', moduleResolution: 'node16' }],
    ['bundler', { module: 'esnext', moduleResolution: 'bundler' }],
  ])('moduleResolution %s', (name, options) => {
    const dir = path.join(project, `ts-${name}`);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
    fs.writeFileSync(path.join(dir, 'consumer.ts'), source);
    fs.writeFileSync(
      path.join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { ...options, target: 'es2022', strict: true, noEmit: true, skipLibCheck: false, types: ['node'], typeRoots: [path.join(ROOT, 'node_modules', '@types')] },
        files: ['consumer.ts'],
      }),
    );
    const r = spawnSync(process.execPath, [tsc, '-p', dir], { cwd: dir, encoding: 'utf8', timeout: 300_000 });
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});
