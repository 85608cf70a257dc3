/**
 * The live preview: the PDF pages the server rendered, drawn with pdf.js (bundled, its worker
 * served by the workbench), each page once; thumbnails are scaled copies of the drawn pages.
 * A drawing that is overtaken by a newer preview stops and is thrown away.
 */
import * as pdfjs from 'pdfjs-dist';
import { h } from './dom.ts';

pdfjs.GlobalWorkerOptions.workerSrc = '/assets/pdf.worker.min.mjs';

export class Preview {
  private generation = 0;

  constructor(
    private readonly pages: HTMLElement,
    private readonly thumbs: HTMLElement,
  ) {}

  /** Shows the documents' pages; resolves when drawn (or dropped for a newer call). */
  async show(docs: { title: string; url: string }[], version: number): Promise<void> {
    const gen = ++this.generation;
    const pageEls: HTMLElement[] = [];
    const thumbEls: HTMLElement[] = [];
    let n = 0;
    for (const d of docs) {
      const bytes = new Uint8Array(await (await fetch(d.url)).arrayBuffer());
      if (gen !== this.generation) return;
      const pdf = await pdfjs.getDocument({ data: bytes, isEvalSupported: false, disableFontFace: false, useSystemFonts: false }).promise;
      try {
        for (let i = 1; i <= pdf.numPages; i++) {
          if (gen !== this.generation) return;
          const page = await pdf.getPage(i);
          const viewport = page.getViewport({ scale: 1.25 });
          const canvas = h('canvas', { width: Math.floor(viewport.width), height: Math.floor(viewport.height) });
          await page.render({ canvas, canvasContext: canvas.getContext('2d')!, viewport }).promise;
          const text = (await page.getTextContent()).items.map((it) => ('str' in it ? it.str : '')).join('');
          n++;
          const id = `page-${n}`;
          // The page's text, for screen readers and tests; shown as the canvas.
          pageEls.push(h('figure', { class: 'page', id, 'data-version': version, 'data-text': text }, canvas, h('figcaption', { text: `${d.title} 第 ${i} 页` })));
          const thumb = h('canvas', { width: 90, height: Math.round((90 * viewport.height) / viewport.width) });
          thumb.getContext('2d')!.drawImage(canvas, 0, 0, thumb.width, thumb.height);
          thumbEls.push(h('a', { href: `#${id}`, class: 'thumb', title: `${d.title} 第 ${i} 页`, onclick: (e: Event) => { e.preventDefault(); document.getElementById(id)?.scrollIntoView({ behavior: 'smooth' }); } }, thumb, h('span', { text: String(n) })));
        }
      } finally {
        void pdf.destroy();
      }
    }
    if (gen !== this.generation) return;
    const top = this.pages.scrollTop;
    this.pages.replaceChildren(...pageEls);
    this.thumbs.replaceChildren(...thumbEls);
    this.pages.scrollTop = top;
    this.pages.dataset.version = String(version);
  }
}
