/**
 * The live preview: the PDF pages the server rendered, drawn with pdf.js (bundled, its worker
 * served by the workbench), each page once; thumbnails are scaled copies of the drawn pages.
 * A drawing that is overtaken by a newer preview stops and is thrown away.
 */
import * as pdfjs from 'pdfjs-dist';
import { h } from './dom.ts';

pdfjs.GlobalWorkerOptions.workerSrc = '/assets/pdf.worker.min.mjs';
/** One pdf.js worker for every preview (a new one per document would start a thread each time). */
let worker: pdfjs.PDFWorker | undefined;

export class Preview {
  private generation = 0;
  /** Drawn pages by document, page number and text: a page whose text did not change is not drawn again. */
  private drawn = new Map<string, { canvas: HTMLCanvasElement; text: string }>();

  constructor(
    private readonly pages: HTMLElement,
    private readonly thumbs: HTMLElement,
  ) {}

  /** Shows the documents' pages; false when dropped for a newer call or a newer preview. */
  /**
   * Forgets the pages shown, because another file opens: a show still fetching or drawing the old
   * file's pages is dropped (its generation is stale), so they never land on the new file's pane
   * nor set its version (the version numbers of two files are unrelated).
   */
  reset(): void {
    ++this.generation;
    this.drawn = new Map();
    this.pages.replaceChildren();
    this.thumbs.replaceChildren();
    delete this.pages.dataset.version;
  }

  async show(docs: { title: string; url: string; pages: string[] }[], version: number): Promise<boolean> {
    const gen = ++this.generation;
    const pageEls: HTMLElement[] = [];
    const thumbEls: HTMLElement[] = [];
    const drawn = new Map<string, { canvas: HTMLCanvasElement; text: string }>();
    const hadPages = this.drawn.size > 0;
    let firstChanged: string | undefined;
    let n = 0;
    worker ??= new pdfjs.PDFWorker();
    // Both documents are fetched and parsed at once; pages are then taken in order.
    const loaded = docs.map(async (d) => {
      const res = await fetch(d.url);
      if (!res.ok) return undefined; // replaced by a newer preview on the server
      const bytes = new Uint8Array(await res.arrayBuffer());
      return pdfjs.getDocument({ data: bytes, worker, isEvalSupported: false, useSystemFonts: false }).promise;
    });
    for (const [k, d] of docs.entries()) {
      const pdf = await loaded[k]!;
      if (gen !== this.generation || !pdf) {
        for (const l of loaded) void l.then((p) => p?.destroy());
        return false;
      }
      try {
        for (let i = 1; i <= pdf.numPages; i++) {
          if (gen !== this.generation) return false;
          // The server fingerprints each laid-out page; an unchanged page keeps its drawing.
          const key = `${d.title}\u0000${d.pages[i - 1] ?? `v${version}-${i}`}`;
          let done = this.drawn.get(key);
          if (!done) {
            const page = await pdf.getPage(i);
            const viewport = page.getViewport({ scale: 1.25 });
            const canvas = h('canvas', { width: Math.floor(viewport.width), height: Math.floor(viewport.height) });
            await page.render({ canvas, canvasContext: canvas.getContext('2d')!, viewport }).promise;
            const text = (await page.getTextContent()).items.map((it) => ('str' in it ? it.str : '')).join('');
            done = { canvas, text };
            if (hadPages) firstChanged ??= `page-${n + 1}`;
          }
          drawn.set(key, done);
          const { canvas, text } = done;
          n++;
          const id = `page-${n}`;
          // The page's text, for screen readers and tests; shown as the canvas.
          const changed = hadPages && !this.drawn.has(key);
          pageEls.push(h('figure', { class: changed ? 'page changed' : 'page', id, 'data-version': version, 'data-text': text }, canvas, h('figcaption', { text: `${d.title} 第 ${i} 页` })));
          const thumb = h('canvas', { width: 90, height: Math.round((90 * canvas.height) / canvas.width) });
          thumb.getContext('2d')!.drawImage(canvas, 0, 0, thumb.width, thumb.height);
          thumbEls.push(h('a', { href: `#${id}`, class: changed ? 'thumb changed' : 'thumb', title: `${d.title} 第 ${i} 页`, onclick: (e: Event) => { e.preventDefault(); document.getElementById(id)?.scrollIntoView({ behavior: 'smooth' }); } }, thumb, h('span', { text: String(n) })));
        }
      } finally {
        void pdf.destroy();
      }
    }
    if (gen !== this.generation) return false;
    this.drawn = drawn;
    const top = this.pages.scrollTop;
    this.pages.replaceChildren(...pageEls);
    this.thumbs.replaceChildren(...thumbEls);
    this.pages.scrollTop = top;
    this.pages.dataset.version = String(version);
    // Bring the first page the edit changed into view (the officer sees the effect of the typing).
    if (firstChanged) document.getElementById(firstChanged)?.scrollIntoView({ block: 'nearest' });
    return true;
  }
}
