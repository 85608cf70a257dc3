/**
 * The PDF writer: draws laid-out pages with pdfkit. It makes no layout decision of its own;
 * every text fragment is drawn at its (x, baseline) with its character spacing, every rule
 * as a line of its width.
 *
 * Output is deterministic: the info dates come from the data and pdfkit derives the file ID
 * from the info dictionary, so the same input gives the same bytes.
 */
import PDFDocument from 'pdfkit';
import type { DocumentMeta } from '../document/model.ts';
import { JixiaoError } from '../errors.ts';
import type { Face, FontSet } from '../fonts/index.ts';
import type { LaidDocument, OutlineEntry, RuleBox, TextBox } from '../layout/types.ts';
import { cacheFont, cacheStreams } from './cache.ts';

/** Stroke width of synthetic bold, as a share of the font size. */
export const SYNTHETIC_BOLD_STROKE = 0.03;

/** Parses the meta date (ISO 8601); throws on a date that is not one. */
function metaDate(iso: string): Date {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) {
    throw new JixiaoError('meta.date', `文件日期「${iso}」不是有效日期`, `document date "${iso}" is not a valid date`);
  }
  return d;
}

/** pdfkit outline item (the part of its API we use; @types/pdfkit leaves it out). */
interface OutlineItem {
  addItem(title: string, options?: { expanded?: boolean }): OutlineItem;
  outlineData: { Dest?: unknown[] };
}

/** A pdfkit document for `laid`: PDF 1.7, compressed, info from `meta`, no page yet. */
function newDocument(laid: LaidDocument, meta: DocumentMeta): PDFKit.PDFDocument {
  const date = metaDate(meta.date);
  const first = laid.pages[0];
  const info: PDFKit.DocumentInfo & Record<string, unknown> = {
    Title: meta.title,
    Author: meta.author,
    Subject: meta.subject,
    Creator: 'jixiao',
    Producer: 'jixiao (PDFKit)',
    CreationDate: date,
    ModDate: date,
  };
  if (meta.keywords) info.Keywords = meta.keywords;
  return new PDFDocument({
    autoFirstPage: false,
    pdfVersion: '1.7',
    compress: true,
    size: first ? [first.width, first.height] : 'A4',
    margin: 0,
    info,
    displayTitle: true,
    lang: 'zh-CN',
  } as PDFKit.PDFDocumentOptions);
}

/** Selects a face by id, registering it (once) the first time; the PDF caches serve its subset. */
function faceSelector(doc: PDFKit.PDFDocument, fonts: FontSet): (id: string) => void {
  // Register each face once; pdfkit takes the parsed fontkit font, nothing is reparsed.
  const faces = new Map<string, Face>();
  for (const f of fonts.faces()) faces.set(f.id, f);
  const registered = new Set<string>();
  return (id) => {
    if (!registered.has(id)) {
      const face = faces.get(id);
      if (!face) throw new Error(`writePdf: face ${id} is not in the font set`);
      doc.registerFont(id, face.font as unknown as string);
      registered.add(id);
      doc.font(id);
      cacheFont(doc, face.file);
      return;
    }
    doc.font(id);
  };
}

/** Adds the bookmarks of page `pi` (call while the page is current), nested by level. */
function outlineWriter(doc: PDFKit.PDFDocument, laid: LaidDocument): (pi: number, pageHeight: number) => void {
  // Outline entries by page, so each bookmark is added while its page is current.
  const byPage = new Map<number, OutlineEntry[]>();
  for (const e of laid.outline) {
    const list = byPage.get(e.page) ?? [];
    list.push(e);
    byPage.set(e.page, list);
  }
  const root = (doc as unknown as { outline: OutlineItem }).outline;
  const stack: { level: number; item: OutlineItem }[] = [];
  return (pi, pageHeight) => {
    for (const e of byPage.get(pi) ?? []) {
      while (stack.length && stack[stack.length - 1]!.level >= e.level) stack.pop();
      const parent = stack.length ? stack[stack.length - 1]!.item : root;
      const item = parent.addItem(e.title, { expanded: e.level < 1 });
      // Jump to the heading's line, not just the page top (PDF y grows upwards).
      const dest = item.outlineData.Dest;
      if (dest && dest.length === 5) item.outlineData.Dest = [dest[0], 'XYZ', null, pageHeight - e.y, null];
      stack.push({ level: e.level, item });
    }
  };
}

/** Draws one rule as a butt-capped line of its width. */
function drawRule(doc: PDFKit.PDFDocument, box: RuleBox): void {
  doc.save();
  doc.lineWidth(box.width).strokeColor('black').lineCap('butt');
  doc.moveTo(box.x1, box.y1).lineTo(box.x2, box.y2).stroke();
  doc.restore();
}

/**
 * Writes a laid-out document as PDF 1.7 (compressed, fonts subset-embedded, bookmarks from
 * the outline). `meta` fills the info dictionary; `fonts` must be the set the layout used.
 */
export async function writePdf(laid: LaidDocument, meta: DocumentMeta, fonts: FontSet): Promise<Buffer> {
  const doc = newDocument(laid, meta);
  // Compressed streams and font subsets are reused from earlier documents when their bytes match.
  cacheStreams(doc);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const useFace = faceSelector(doc, fonts);
  const addOutline = outlineWriter(doc, laid);
  laid.pages.forEach((page, pi) => {
    doc.addPage({ size: [page.width, page.height], margin: 0 });
    addOutline(pi, page.height);
    for (const box of page.boxes) {
      if (box.kind === 'rule') drawRule(doc, box);
      else drawText(doc, box, useFace);
    }
  });
  doc.end();
  return done;
}

/** Draws one line: each fragment at the line's baseline. */
function drawText(doc: PDFKit.PDFDocument, box: TextBox, useFace: (id: string) => void): void {
  for (const f of box.fragments) {
    if (f.text.trim() === '') continue;
    useFace(f.face);
    doc.fontSize(f.size).fillColor('black');
    const options: PDFKit.Mixins.TextOptions = {
      lineBreak: false,
      baseline: 'alphabetic',
      characterSpacing: f.charSpacing,
    };
    if (f.bold) {
      doc.save();
      doc.lineWidth(f.size * SYNTHETIC_BOLD_STROKE).strokeColor('black').lineJoin('round');
      doc.text(f.text, box.x + f.x, box.y, { ...options, fill: true, stroke: true });
      doc.restore();
    } else {
      doc.text(f.text, box.x + f.x, box.y, options);
    }
  }
}
