/**
 * Runs the real `jixiao` command in a child process, from the TypeScript sources (src/cli/bin.ts
 * through tsx, a devDependency), so tests need no build. The consumer test runs the built package.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from './sample.ts';

/** node arguments that start the CLI from the sources. */
export const JIXIAO_FROM_SOURCES: readonly string[] = [
  '--import',
  pathToFileURL(path.join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href,
  path.join(ROOT, 'src/cli/bin.ts'),
];

export function jixiao(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {}) {
  const r = spawnSync(process.execPath, [...JIXIAO_FROM_SOURCES, ...args], {
    cwd: opts.cwd ?? ROOT,
    encoding: 'utf8',
    env: { ...process.env, ...opts.env },
    timeout: 120_000,
    ...(opts.input !== undefined ? { input: opts.input } : {}),
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
