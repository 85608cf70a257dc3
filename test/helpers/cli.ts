/** Runs the real `jixiao` command in a child process. */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ROOT } from './sample.ts';

export function jixiao(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin/jixiao.js'), ...args], {
    cwd: opts.cwd ?? ROOT,
    encoding: 'utf8',
    env: { ...process.env, ...opts.env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
