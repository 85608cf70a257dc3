/**
 * Who may talk to the workbench. It edits files on this machine, so a web page elsewhere must not
 * reach it through the user's browser: the Host header must name this server (a DNS-rebinding
 * page arrives with its own host name), an Origin header must be this server's own, a
 * cross-site fetch (Sec-Fetch-Site) is refused, and writes must be JSON (a plain HTML form
 * cannot send that without a pre-flight the server never grants).
 */
import type { IncomingMessage } from 'node:http';
import os from 'node:os';
import { HttpError } from './files.ts';

/** Host names that always mean this machine. */
const LOOPBACK = ['127.0.0.1', 'localhost', '[::1]'];

/** `::1` → `[::1]`; names are compared in lower case. */
function hostForm(host: string): string {
  const h = host.toLowerCase();
  return h.includes(':') && !h.startsWith('[') ? `[${h}]` : h;
}

export class Guard {
  private readonly hosts: Set<string>;

  /** `bindHost` is the address given with --host (it is then allowed as a Host name too). */
  constructor(readonly port: number, bindHost?: string) {
    const names = new Set(LOOPBACK);
    if (bindHost === '0.0.0.0' || bindHost === '::') {
      // Listening on every interface: this machine's own addresses are its names.
      for (const list of Object.values(os.networkInterfaces())) for (const a of list ?? []) names.add(hostForm(a.address));
    } else if (bindHost) names.add(hostForm(bindHost));
    this.hosts = new Set([...names].map((h) => `${h}:${port}`));
  }

  /** The origins allowed to call the API. */
  origins(): string[] {
    return [...this.hosts].map((h) => `http://${h}`);
  }

  /** Throws an HttpError (403 / 421 / 415) when the request must be refused. */
  check(req: IncomingMessage): void {
    const host = req.headers.host;
    if (!host || !this.hosts.has(host.toLowerCase())) {
      throw new HttpError(421, 'serve.host', `拒绝访问：Host「${String(host ?? '').slice(0, 100)}」不是本工作台的地址`, `refused: Host "${String(host ?? '').slice(0, 100)}" is not this workbench's address`);
    }
    const origin = req.headers.origin;
    if (origin !== undefined && !this.origins().includes(origin.toLowerCase())) {
      throw new HttpError(403, 'serve.origin', `拒绝访问：来源「${origin.slice(0, 100)}」不是本工作台`, `refused: origin "${origin.slice(0, 100)}" is not this workbench`);
    }
    const site = req.headers['sec-fetch-site'];
    if (site === 'cross-site') {
      throw new HttpError(403, 'serve.origin', '拒绝访问：跨站请求', 'refused: cross-site request');
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      const type = String(req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      if (type !== 'application/json') {
        throw new HttpError(415, 'serve.type', '请求格式应为 JSON', 'requests that change data must be JSON');
      }
    }
  }
}

/** Reads a request body up to `limit` bytes; a larger body is refused with 413. */
export function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) {
      reject(tooLarge(limit));
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(tooLarge(limit));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const tooLarge = (limit: number) =>
  new HttpError(413, 'serve.size', `请求过大（上限 ${Math.round(limit / 1024 / 1024)} MB）`, `request too large (limit ${Math.round(limit / 1024 / 1024)} MB)`);
