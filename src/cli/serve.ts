/**
 * `jixiao serve [file or folder]`: the finance officer's workbench, a local web application that
 * edits the packet files of a folder with the paper form's layout, live checks and a live PDF
 * preview. Loopback only unless --host is given.
 */
import fs from 'node:fs';
import path from 'node:path';
import { JixiaoError } from '../errors.ts';
import { EXIT } from './exit.ts';
import { errnoWords } from '../util/errno.ts';

export interface ServeCliOptions {
  readonly port?: string;
  readonly host?: string;
  readonly templates?: string;
  readonly fonts?: string;
  /** Format new files and imports start from (a shipped id). */
  readonly format?: string;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

export async function run(target: string | undefined, opts: ServeCliOptions): Promise<number> {
  const err = (zh: string, en: string) => process.stderr.write(`错误 error: ${zh}\n${en}\n`);
  const port = opts.port === undefined ? 4000 : Number(opts.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    err(`--port 应为 0–65535 之间的整数，实际为「${opts.port}」`, `--port must be an integer 0–65535, got "${opts.port}"`);
    return EXIT.usage;
  }
  if (opts.format !== undefined) {
    const { listFormats } = await import('../format/index.ts');
    const ids = listFormats().map((f) => f.id);
    if (!ids.includes(opts.format)) {
      err(`--format 应为 ${ids.join('、')} 之一，实际为「${opts.format}」`, `--format must be one of ${ids.join(', ')}, got "${opts.format}"`);
      return EXIT.usage;
    }
  }
  const given = path.resolve(target ?? '.');
  let stat: fs.Stats;
  try {
    stat = fs.statSync(given);
  } catch {
    err(`找不到 ${given}`, `${given} does not exist`);
    return EXIT.unreadable;
  }
  const folder = stat.isDirectory() ? given : path.dirname(given);
  const openFile = stat.isDirectory() ? undefined : path.basename(given);
  const host = opts.host ?? '127.0.0.1';
  if (!LOOPBACK.has(host)) {
    process.stderr.write(
      `警告 warning: 工作台监听 ${host}，同一网络中的其他人也能打开并修改 ${folder} 中的文件；只在可信网络中使用\n` +
        `the workbench listens on ${host}: others on the network can open and change the files in ${folder}; use it on a trusted network only\n`,
    );
  }
  const { startWorkbench } = await import('../serve/server.ts');
  let wb;
  try {
    wb = await startWorkbench({ folder, port, host, templates: opts.templates, fontMap: opts.fonts, ...(opts.format ? { format: opts.format } : {}) });
  } catch (e) {
    if (e instanceof JixiaoError) {
      err(e.zh, e.en);
      return EXIT.environment;
    }
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
      const [zh, en] = errnoWords(e);
      err(`无法监听 ${host}:${port}：${zh}；可用 --port 换一个端口`, `cannot listen on ${host}:${port}: ${en}; choose another --port`);
      return EXIT.environment;
    }
    throw e;
  }
  const url = openFile ? `${wb.url}#${encodeURIComponent(openFile)}` : wb.url;
  process.stdout.write(`工作台已启动 workbench running: ${url}\n文件夹 folder: ${folder}\n按 Ctrl+C 停止 / press Ctrl+C to stop\n`);
  await new Promise<void>((resolve) => {
    const stop = () => {
      void wb.close().then(resolve);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return EXIT.ok;
}
