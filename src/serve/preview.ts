/**
 * Renders off the request path, in one worker thread that stays warm (fonts, templates).
 * Previews are "latest wins": per file at most one render runs and at most one waits; a newer
 * edit replaces the waiting one, so a burst of typing costs one render after it, not one per
 * keystroke, and a render whose version is older than the one already shown is dropped.
 * Downloads (PDF, DOCX, zip) queue behind and are never dropped.
 */
import { Worker } from 'node:worker_threads';
import type { Format } from '../render/index.ts';
import { FROM_SOURCES, packagePath } from '../util/paths.ts';
import type { RenderJob, RenderJobResult, RenderedOut } from './render-job.ts';

/**
 * The worker's entry: the compiled dist/serve/render-worker.js in an installed package, or,
 * from the sources, render-worker.mjs, which registers tsx in the worker.
 */
const WORKER = FROM_SOURCES ? packagePath('src', 'serve', 'render-worker.mjs') : packagePath('dist', 'serve', 'render-worker.js');

export interface PreviewResult {
  readonly version: number;
  /** The preview PDF(s) per document, in document order; absent when rendering failed. */
  readonly pdfs?: readonly RenderedOut[];
  readonly error?: { readonly zh: string; readonly en: string };
  /** Time from the request of this version to its result, in ms. */
  readonly ms: number;
}

interface Waiting {
  version: number;
  text: string;
  baseDir?: string;
  requested: number;
}

interface FileState {
  running?: Waiting;
  waiting?: Waiting;
  latest?: PreviewResult;
  listeners: Set<() => void>;
}

export interface RendererOptions {
  readonly templates?: string;
  readonly fontMap?: string;
}

export class RenderQueue {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, (r: RenderJobResult) => void>();
  private readonly files = new Map<string, FileState>();
  private readonly options: RendererOptions;
  /** Previews rendered, and previews dropped because a newer edit came before they started. */
  readonly stats = { rendered: 0, dropped: 0 };

  constructor(options: RendererOptions = {}) {
    this.options = options;
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(WORKER);
    w.on('message', (m: RenderJobResult | { ready: true }) => {
      if ('ready' in m) return;
      const done = this.pending.get(m.id);
      this.pending.delete(m.id);
      done?.(m);
    });
    const fail = (err: Error | number) => {
      // A crashed worker fails its jobs; the next job starts a new one.
      if (this.worker === w) this.worker = undefined;
      const msg = typeof err === 'number' ? `exit ${err}` : err.message;
      for (const [id, done] of this.pending) done({ id, ok: false, zh: `预览进程出错：${msg}`, en: `render worker failed: ${msg}` });
      this.pending.clear();
    };
    w.on('error', fail);
    w.on('exit', (code) => code !== 0 && fail(code));
    w.unref();
    this.worker = w;
    return w;
  }

  /** Renders in the worker. */
  render(text: string, formats: readonly Format[], baseDir?: string): Promise<RenderJobResult> {
    const id = this.nextId++;
    const job: RenderJob = { id, text, formats, ...this.options, ...(baseDir ? { baseDir } : {}) };
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.ensureWorker().postMessage(job);
    });
  }

  private state(key: string): FileState {
    let s = this.files.get(key);
    if (!s) this.files.set(key, (s = { listeners: new Set() }));
    return s;
  }

  /** Asks for a preview of a file's text at a version; returns at once. */
  schedule(key: string, version: number, text: string, baseDir?: string): void {
    const s = this.state(key);
    if ((s.latest && s.latest.version >= version) || (s.running && s.running.version >= version)) return;
    if (s.waiting) this.stats.dropped++;
    s.waiting = { version, text, requested: performance.now(), ...(baseDir ? { baseDir } : {}) };
    if (!s.running) void this.pump(key, s);
  }

  private async pump(key: string, s: FileState): Promise<void> {
    while (s.waiting) {
      const job = s.waiting;
      s.waiting = undefined;
      s.running = job;
      const r = await this.render(job.text, ['pdf'], job.baseDir);
      this.stats.rendered++;
      s.running = undefined;
      // A newer result may already be shown (it cannot today, one runs at a time, but keep the rule).
      if (s.latest && s.latest.version > job.version) continue;
      s.latest = r.ok
        ? { version: job.version, pdfs: r.files, ms: performance.now() - job.requested }
        : { version: job.version, error: { zh: r.zh, en: r.en }, ms: performance.now() - job.requested };
      for (const l of [...s.listeners]) l();
    }
  }

  /** The newest preview of a file. */
  latest(key: string): PreviewResult | undefined {
    return this.files.get(key)?.latest;
  }

  /** Waits until a preview newer than `after` exists (or the timeout passes, or `signal` aborts). */
  waitNewer(key: string, after: number, timeoutMs: number, signal?: AbortSignal): Promise<PreviewResult | undefined> {
    const s = this.state(key);
    if (s.latest && s.latest.version > after) return Promise.resolve(s.latest);
    return new Promise((resolve) => {
      const finish = (r: PreviewResult | undefined) => {
        clearTimeout(timer);
        s.listeners.delete(done);
        signal?.removeEventListener('abort', stop);
        resolve(r);
      };
      const done = () => {
        if (s.latest && s.latest.version > after) finish(s.latest);
      };
      const stop = () => finish(undefined);
      const timer = setTimeout(stop, timeoutMs);
      s.listeners.add(done);
      signal?.addEventListener('abort', stop);
    });
  }

  /** Forgets a file's previews (closed or reloaded). */
  reset(key: string): void {
    const s = this.files.get(key);
    if (s) s.latest = undefined;
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    if (w) await w.terminate();
  }
}
