/**
 * Text with positions pulled out of a PDF with pdfjs-dist, for geometry tests.
 * Coordinates are converted to the layout's convention: points from the page's top-left
 * corner, y growing downwards, `y` = baseline.
 */
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** One text item as the PDF shows it (one text-showing operation, roughly one fragment). */
export interface PdfTextItem {
  /** The characters. */
  readonly str: string;
  /** x of the item's origin, points from the left edge. */
  readonly x: number;
  /** Baseline y, points from the top edge. */
  readonly y: number;
  /** Advance width of the item in points. */
  readonly width: number;
  /** Font size in points (from the text matrix). */
  readonly size: number;
  /** The embedded font's name without the subset tag (`FandolFang-Regular`). */
  readonly font: string;
}

/** One page's items, in content-stream order. */
export interface PdfTextPage {
  readonly width: number;
  readonly height: number;
  readonly items: readonly PdfTextItem[];
}

/** The PDF's info dictionary and outline titles (nested), for metadata tests. */
export interface PdfInfo {
  readonly info: Record<string, unknown>;
  readonly outline: readonly PdfOutlineNode[];
  readonly numPages: number;
}

/** A bookmark and its children. */
export interface PdfOutlineNode {
  readonly title: string;
  readonly items: readonly PdfOutlineNode[];
}

async function open(pdf: Uint8Array) {
  // pdfjs takes ownership of the buffer it is given: pass a copy.
  return getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, isEvalSupported: false, verbosity: 0 }).promise;
}

/** Extracts every page's text items with positions and real font names. */
export async function extractPdfText(pdf: Uint8Array): Promise<PdfTextPage[]> {
  const doc = await open(pdf);
  const pages: PdfTextPage[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i);
    const view = page.view; // [x0, y0, x1, y1]
    const height = view[3]! - view[1]!;
    const width = view[2]! - view[0]!;
    // Loading the operator list resolves the fonts into commonObjs, which carry real names.
    await page.getOperatorList();
    const content = await page.getTextContent({ disableNormalization: true });
    const items: PdfTextItem[] = [];
    for (const it of content.items) {
      if (!('str' in it) || it.str === '') continue;
      const [a, b, , , e, f] = it.transform as number[];
      let font = it.fontName;
      try {
        const obj = page.commonObjs.get(it.fontName) as { name?: string } | undefined;
        if (obj?.name) font = obj.name.replace(/^[A-Z]{6}\+/, '');
      } catch {
        // unresolved font: keep pdfjs's id
      }
      items.push({ str: it.str, x: e!, y: height - f!, width: it.width, size: Math.hypot(a!, b!), font });
    }
    pages.push({ width, height, items });
    page.cleanup();
  }
  await doc.destroy();
  return pages;
}

/** Reads the info dictionary and the bookmark tree. */
export async function extractPdfInfo(pdf: Uint8Array): Promise<PdfInfo> {
  const doc = await open(pdf);
  const meta = await doc.getMetadata();
  const outline = (await doc.getOutline()) ?? [];
  type Node = { title: string; items: Node[] };
  const conv = (n: Node): PdfOutlineNode => ({ title: n.title, items: n.items.map(conv) });
  const result = { info: meta.info as Record<string, unknown>, outline: (outline as Node[]).map(conv), numPages: doc.numPages };
  await doc.destroy();
  return result;
}

/**
 * Groups a page's items into lines by baseline (items within 0.5pt), top to bottom, each
 * line's items left to right.
 */
export function linesOf(page: PdfTextPage): { y: number; x: number; text: string; items: PdfTextItem[] }[] {
  const sorted = [...page.items].sort((p, q) => p.y - q.y || p.x - q.x);
  const lines: { y: number; x: number; text: string; items: PdfTextItem[] }[] = [];
  for (const it of sorted) {
    const last = lines[lines.length - 1];
    if (last && Math.abs(last.y - it.y) < 0.5) last.items.push(it);
    else lines.push({ y: it.y, x: it.x, text: '', items: [it] });
  }
  for (const l of lines) {
    l.items.sort((p, q) => p.x - q.x);
    l.x = l.items[0]!.x;
    l.text = l.items.map((i) => i.str).join('');
  }
  return lines;
}
