/**
 * The small XML-like markup that templates produce, parsed into the document model and validated
 * on the way. Elements (see templates/README.md):
 *
 *   document(title, author, subject, keywords) > section(page) > blocks
 *   blocks: label, title, h1..h4, p(style, outline), table, pagebreak
 *   inline: b, run(font, size, bold), br, wbr (a preferred break point: a run with breakHint)
 *   table(style, widths [mm], padding [pt], border [pt]) > tr(header, min-height [pt]) >
 *     td(rowspan, colspan, align, valign, repeat, bold); a `br` in a cell starts a new paragraph
 *
 * Text: a line break in the template source, with the white space around it, is dropped (Chinese
 * text has no spaces between lines); other spaces are kept.
 */
import { SaxesParser, type SaxesTag } from 'saxes';
import { FONT_ROLES, type Align, type Block, type BlockStyle, type Document, type FontRole, type PageStyle, type Run, type Section, type TableBlock, type TableCell, type TableRow, type TextBlock, type VAlign } from '../document/model.ts';
import { mm } from '../document/geometry.ts';
import { JixiaoError } from '../errors.ts';
import type { StylePresets } from './styles.ts';

interface Ctx {
  readonly template: string;
  readonly styles: StylePresets;
  readonly date: string;
}

type Inline = { bold?: boolean; font?: FontRole; size?: number };

/** An element being built while the parser walks the markup. */
interface Frame {
  readonly name: string;
  readonly attrs: Record<string, string>;
  readonly line: number;
  /** Inline runs collected for text containers (label, title, h*, p, td). */
  runs: Run[];
  /** Cell paragraphs (td) split at br. */
  paragraphs: Run[][];
  blocks: Block[];
  sections: Section[];
  rows: TableRow[];
  cells: TableCell[];
  inline: Inline;
}

const BLOCK_TEXT = new Set(['label', 'title', 'h1', 'h2', 'h3', 'h4', 'p']);
const INLINE = new Set(['b', 'run', 'br', 'wbr']);
const ALLOWED_CHILDREN: Record<string, Set<string>> = {
  '#root': new Set(['document']),
  document: new Set(['section']),
  section: new Set([...BLOCK_TEXT, 'table', 'pagebreak']),
  table: new Set(['tr']),
  tr: new Set(['td']),
  td: INLINE,
  b: INLINE,
  run: INLINE,
  br: new Set(),
  wbr: new Set(),
  pagebreak: new Set(),
  ...Object.fromEntries([...BLOCK_TEXT].map((n) => [n, INLINE])),
};
const ATTRS: Record<string, readonly string[]> = {
  document: ['title', 'author', 'subject', 'keywords'],
  section: ['page'],
  table: ['style', 'widths', 'padding', 'border'],
  tr: ['header', 'min-height'],
  td: ['rowspan', 'colspan', 'align', 'valign', 'repeat', 'bold'],
  run: ['font', 'size', 'bold'],
  p: ['style', 'outline'],
  h1: ['style', 'outline'], h2: ['style', 'outline'], h3: ['style', 'outline'], h4: ['style', 'outline'],
  label: ['style'], title: ['style', 'outline'],
  b: [], br: [], wbr: [], pagebreak: [],
};

type Fail = (zh: string, en: string) => never;

/** Parses one document's markup. `template` names the template in messages. */
export function parseMarkup(xml: string, ctx: Ctx): Document {
  const parser = new SaxesParser({ position: true });
  const stack: Frame[] = [frame('#root', {}, 0)];
  let doc: Document | undefined;
  const fail: Fail = (zh, en) => {
    throw new JixiaoError('template.markup', `模板 ${ctx.template} 生成的标记第 ${parser.line} 行：${zh}`, `template ${ctx.template}, generated markup line ${parser.line}: ${en}`);
  };
  parser.on('error', (e) => fail(`标记格式错误：${e.message}`, `malformed markup: ${e.message}`));
  parser.on('opentag', (tag: SaxesTag) => stack.push(openTag(stack, tag, parser.line, fail)));
  parser.on('text', (raw: string) => addText(stack, raw, fail));
  parser.on('closetag', () => {
    const f = stack.pop()!;
    doc = closeTag(f, stack[stack.length - 1]!, ctx, fail) ?? doc;
  });
  parser.write(xml).close();
  if (!doc) fail('没有 <document> 元素', 'no <document> element');
  return doc!;
}

/** Checks an element's place and attributes and opens its frame (inline looks, <br>, <wbr>). */
function openTag(stack: Frame[], tag: SaxesTag, line: number, fail: Fail): Frame {
  const parent = stack[stack.length - 1]!;
  const name = tag.name;
  if (!ALLOWED_CHILDREN[name]) fail(`未知元素 <${name}>`, `unknown element <${name}>`);
  if (!ALLOWED_CHILDREN[parent.name]!.has(name)) fail(`<${name}> 不能放在 <${parent.name}> 里`, `<${name}> is not allowed inside <${parent.name}>`);
  for (const a of Object.keys(tag.attributes)) {
    if (!ATTRS[name]!.includes(a)) fail(`<${name}> 没有属性 ${a}（可用：${ATTRS[name]!.join(', ') || '无'}）`, `<${name}> has no attribute ${a} (allowed: ${ATTRS[name]!.join(', ') || 'none'})`);
  }
  const f = frame(name, tag.attributes as Record<string, string>, line);
  f.inline = { ...parent.inline };
  if (name === 'b') f.inline.bold = true;
  if (name === 'run') runLook(f, tag, fail);
  if (name === 'br') {
    const container = textContainer(stack);
    if (container.name === 'td') {
      container.paragraphs.push(container.runs);
      container.runs = [];
    } else {
      container.runs.push({ text: '\n' });
    }
  }
  if (name === 'wbr') textContainer(stack).runs.push({ text: '', breakHint: true });
  return f;
}

/** The look a <run> sets for its text (font role, size, bold). */
function runLook(f: Frame, tag: SaxesTag, fail: Fail): void {
  const font = tag.attributes['font'] as string | undefined;
  if (font !== undefined && !FONT_ROLES.includes(font as FontRole)) fail(`字体角色「${font}」无效，应为 ${FONT_ROLES.join('/')}`, `font role "${font}" is not one of ${FONT_ROLES.join('/')}`);
  if (font) f.inline.font = font as FontRole;
  if (tag.attributes['size'] !== undefined) f.inline.size = num(tag.attributes['size'] as string, 'size', fail);
  if (tag.attributes['bold'] !== undefined) f.inline.bold = tag.attributes['bold'] !== 'false';
}

/** Adds text to the nearest text container, joined to the run before when the look is the same. */
function addText(stack: Frame[], raw: string, fail: Fail): void {
  const f = stack[stack.length - 1]!;
  const text = raw.replace(/[ \t]*\r?\n[ \t\r\n]*/g, '');
  if (text === '') return;
  if (!INLINE.has(f.name) && !BLOCK_TEXT.has(f.name) && f.name !== 'td') fail(`<${f.name}> 里不能直接写文字「${text.slice(0, 20)}」`, `text "${text.slice(0, 20)}" is not allowed directly inside <${f.name}>`);
  const container = textContainer(stack);
  const last = container.runs[container.runs.length - 1];
  const run: Run = { text, ...clean(f.inline) };
  // Adjacent text with the same look stays one run (forced breaks and break hints stay apart).
  if (last && last.text !== '\n' && !last.breakHint && sameLook(last, run)) container.runs[container.runs.length - 1] = { ...last, text: last.text + text };
  else container.runs.push(run);
}

/** Closes an element: adds what it built to its parent; returns the document at </document>. */
function closeTag(f: Frame, parent: Frame, ctx: Ctx, fail: Fail): Document | undefined {
  const a = f.attrs;
  switch (f.name) {
    case 'document':
      return closeDocument(f, ctx, fail);
    case 'section': {
      const pageName = a['page'] ?? fail('<section> 缺少属性 page', '<section> needs attribute page');
      const page: PageStyle = ctx.styles.pages[pageName] ?? fail(`页面样式「${pageName}」不存在（styles.yaml 的 pages）`, `page style "${pageName}" does not exist (pages in styles.yaml)`);
      parent.sections.push({ page, blocks: f.blocks });
      return undefined;
    }
    case 'label':
    case 'title':
    case 'p':
    case 'h1':
    case 'h2':
    case 'h3':
    case 'h4':
      parent.blocks.push(textBlock(f, ctx, fail));
      return undefined;
    case 'pagebreak':
      parent.blocks.push({ kind: 'pageBreak' });
      return undefined;
    case 'table':
      parent.blocks.push(tableBlock(f, ctx, fail));
      return undefined;
    case 'tr':
      parent.rows.push({ cells: f.cells, repeatHeader: a['header'] === 'true', minHeight: a['min-height'] ? num(a['min-height'], 'min-height', fail) : 0 });
      return undefined;
    case 'td':
      parent.cells.push(tableCell(f, fail));
      return undefined;
    default:
      return undefined; // inline elements already wrote their runs
  }
}

function closeDocument(f: Frame, ctx: Ctx, fail: Fail): Document {
  const a = f.attrs;
  for (const k of ['title', 'author', 'subject'] as const) if (!a[k]) fail(`<document> 缺少属性 ${k}`, `<document> needs attribute ${k}`);
  if (f.sections.length === 0) fail('<document> 里没有 <section>', '<document> has no <section>');
  return {
    meta: { title: a['title']!, author: a['author']!, subject: a['subject']!, keywords: a['keywords'] ?? '', date: ctx.date },
    sections: f.sections,
  };
}

/** A label, title, heading or paragraph with its preset style (body, headingN, or the element's name). */
function textBlock(f: Frame, ctx: Ctx, fail: Fail): TextBlock {
  const a = f.attrs;
  const kind = f.name === 'p' ? 'paragraph' : f.name.startsWith('h') ? 'heading' : (f.name as 'label' | 'title');
  const defaultStyle = f.name === 'p' ? 'body' : f.name.startsWith('h') ? `heading${f.name[1]}` : f.name;
  const style = styleNamed(a['style'] ?? defaultStyle, ctx, fail);
  const runs = trimRuns(f.runs);
  if (runs.length === 0) fail(`<${f.name}> 是空的（数据为空？）`, `<${f.name}> is empty (empty data?)`);
  return {
    kind,
    runs,
    style,
    ...(kind === 'heading' ? { level: Number(f.name[1]) as 1 | 2 | 3 | 4 } : {}),
    ...(kind === 'heading' || kind === 'title' || a['outline'] ? { outline: a['outline'] ?? runs.map((r) => (r.text === '\n' ? '' : r.text)).join('') } : {}),
  };
}

/** A table: column widths in mm, padding in pt (top,right,bottom,left), border width in pt. */
function tableBlock(f: Frame, ctx: Ctx, fail: Fail): TableBlock {
  const a = f.attrs;
  const style = styleNamed(a['style'] ?? 'table', ctx, fail);
  const widths = list(a['widths'] ?? fail('<table> 缺少属性 widths（各列宽度，毫米）', '<table> needs attribute widths (column widths in mm)'), 'widths', fail).map(mm);
  const padding = list(a['padding'] ?? '2,3,2,3', 'padding', fail);
  if (padding.length !== 4) fail('padding 应为四个数：上,右,下,左（磅）', 'padding must be four numbers: top,right,bottom,left (pt)');
  return {
    kind: 'table',
    columns: widths,
    rows: f.rows,
    style,
    padding: padding as unknown as readonly [number, number, number, number],
    borderWidth: a['border'] !== undefined ? num(a['border'], 'border', fail) : 0.75,
  };
}

/** A table cell: its paragraphs (split at <br>), spans, alignment and whether it repeats on a split. */
function tableCell(f: Frame, fail: Fail): TableCell {
  const a = f.attrs;
  const paragraphs = [...f.paragraphs, f.runs].map(trimRuns);
  const align = (a['align'] ?? 'left') as Align;
  const valign = (a['valign'] ?? 'middle') as VAlign;
  if (!['left', 'center', 'right', 'justify'].includes(align)) fail(`align「${align}」无效`, `align "${align}" is not left/center/right/justify`);
  if (!['top', 'middle', 'bottom'].includes(valign)) fail(`valign「${valign}」无效`, `valign "${valign}" is not top/middle/bottom`);
  return {
    paragraphs: paragraphs.every((p) => p.length === 0) ? [] : paragraphs,
    rowSpan: a['rowspan'] ? int(a['rowspan'], 'rowspan', fail) : 1,
    colSpan: a['colspan'] ? int(a['colspan'], 'colspan', fail) : 1,
    align,
    valign,
    repeatOnSplit: a['repeat'] === 'true',
    ...(a['bold'] === 'true' ? { bold: true } : {}),
  };
}

function frame(name: string, attrs: Record<string, string>, line: number): Frame {
  return { name, attrs, line, runs: [], paragraphs: [], blocks: [], sections: [], rows: [], cells: [], inline: {} };
}

/** The nearest element that collects runs. */
function textContainer(stack: Frame[]): Frame {
  for (let i = stack.length - 1; i >= 0; i--) if (BLOCK_TEXT.has(stack[i]!.name) || stack[i]!.name === 'td') return stack[i]!;
  return stack[stack.length - 1]!;
}

function clean(i: Inline): Inline {
  return Object.fromEntries(Object.entries(i).filter(([, v]) => v !== undefined)) as Inline;
}

function sameLook(a: Run, b: Run): boolean {
  return a.bold === b.bold && a.font === b.font && a.size === b.size;
}

/** Drops leading/trailing spaces of a paragraph (template indentation), keeps inner ones. */
function trimRuns(runs: readonly Run[]): Run[] {
  const out = runs.map((r) => ({ ...r }));
  while (out.length && out[0]!.text !== '\n' && out[0]!.text.trimStart() === '') out.shift();
  while (out.length && out[out.length - 1]!.text !== '\n' && out[out.length - 1]!.text.trimEnd() === '') out.pop();
  if (out.length) {
    out[0] = { ...out[0]!, text: out[0]!.text === '\n' ? '\n' : out[0]!.text.trimStart() };
    const l = out.length - 1;
    out[l] = { ...out[l]!, text: out[l]!.text === '\n' ? '\n' : out[l]!.text.trimEnd() };
  }
  return out;
}

function styleNamed(name: string, ctx: Ctx, fail: (zh: string, en: string) => never): BlockStyle {
  return ctx.styles.styles[name] ?? fail(`样式「${name}」不存在（styles.yaml 的 styles）`, `style "${name}" does not exist (styles in styles.yaml)`);
}

function num(s: string, what: string, fail: (zh: string, en: string) => never): number {
  const n = Number(s);
  if (!Number.isFinite(n) || n < 0) fail(`${what}「${s}」应为非负数`, `${what} "${s}" must be a non-negative number`);
  return n;
}

function int(s: string, what: string, fail: (zh: string, en: string) => never): number {
  const n = Number(s);
  if (!Number.isInteger(n) || n < 1) fail(`${what}「${s}」应为正整数`, `${what} "${s}" must be a positive whole number`);
  return n;
}

function list(s: string, what: string, fail: (zh: string, en: string) => never): number[] {
  return s.split(',').map((x) => num(x.trim(), what, fail));
}
