/**
 * Tiny Office files built in tests: a workbook from rows of cells, a Word document from
 * paragraphs with styles and automatic numbering, so each test states exactly what it feeds in.
 */
import { zipSync, type Zippable } from 'fflate';

const enc = new TextEncoder();
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const col = (c: number) => (c >= 26 ? String.fromCharCode(64 + Math.floor(c / 26)) : '') + String.fromCharCode(65 + (c % 26));

export interface ZipExtra {
  /** More entries (e.g. a vbaProject.bin). */
  readonly extra?: Record<string, string | Uint8Array>;
  /** Replaces the main content type. */
  readonly mainContentType?: string;
}

/** A workbook whose one sheet holds `rows` (numbers as numbers, strings inline); `merges` as `A1:B2`. */
export function makeXlsx(rows: readonly (readonly (string | number | null)[])[], opts: ZipExtra & { merges?: readonly string[]; rawSheet?: string } = {}): Uint8Array {
  const sheetData = rows
    .map((row, r) => `<row r="${r + 1}">${row.map((v, c) => (v === null ? '' : typeof v === 'number' ? `<c r="${col(c)}${r + 1}"><v>${v}</v></c>` : `<c r="${col(c)}${r + 1}" t="inlineStr"><is><t>${esc(v)}</t></is></c>`)).join('')}</row>`)
    .join('');
  const merges = opts.merges?.length ? `<mergeCells count="${opts.merges.length}">${opts.merges.map((m) => `<mergeCell ref="${m}"/>`).join('')}</mergeCells>` : '';
  const files: Record<string, string | Uint8Array> = {
    '[Content_Types].xml': `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="${opts.mainContentType ?? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml'}"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
    '_rels/.rels': `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    'xl/workbook.xml': `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    'xl/_rels/workbook.xml.rels': `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
    'xl/worksheets/sheet1.xml': opts.rawSheet ?? `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${sheetData}</sheetData>${merges}</worksheet>`,
    ...opts.extra,
  };
  return zip(files);
}

export interface Para {
  readonly text: string;
  /** Style id (its name comes from `styles`). */
  readonly style?: string;
  /** Automatic numbering: numId 1 = `一、` (level 0), `（一）` (level 1). */
  readonly num?: { readonly id: number; readonly lvl: number };
  /** Bold first part (a run-in heading), then `text`. */
  readonly bold?: string;
}

/** A Word document; `styles` maps style ids to names (`{ H1: 'heading 1' }`). */
export function makeDocx(paras: readonly Para[], opts: ZipExtra & { styles?: Record<string, string>; rawDocument?: string; title?: string } = {}): Uint8Array {
  const p = (x: Para) =>
    `<w:p><w:pPr>${x.style ? `<w:pStyle w:val="${x.style}"/>` : ''}${x.num ? `<w:numPr><w:ilvl w:val="${x.num.lvl}"/><w:numId w:val="${x.num.id}"/></w:numPr>` : ''}</w:pPr>` +
    (x.bold ? `<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">${esc(x.bold)}</w:t></w:r>` : '') +
    `<w:r><w:t xml:space="preserve">${esc(x.text)}</w:t></w:r></w:p>`;
  const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
  const styles = Object.entries(opts.styles ?? {})
    .map(([id, name]) => `<w:style w:type="paragraph" w:styleId="${id}"><w:name w:val="${esc(name)}"/></w:style>`)
    .join('');
  const files: Record<string, string | Uint8Array> = {
    '[Content_Types].xml': `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="${opts.mainContentType ?? 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml'}"/></Types>`,
    '_rels/.rels': `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`,
    'word/document.xml': opts.rawDocument ?? `<?xml version="1.0" encoding="UTF-8"?><w:document ${W}><w:body>${paras.map(p).join('')}</w:body></w:document>`,
    'word/styles.xml': `<?xml version="1.0" encoding="UTF-8"?><w:styles ${W}>${styles}</w:styles>`,
    'word/numbering.xml':
      `<?xml version="1.0" encoding="UTF-8"?><w:numbering ${W}><w:abstractNum w:abstractNumId="0">` +
      `<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>` +
      `<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>` +
      `<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>` +
      `</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>`,
    ...(opts.title ? { 'docProps/core.xml': `<?xml version="1.0" encoding="UTF-8"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>${esc(opts.title)}</dc:title></cp:coreProperties>` } : {}),
    ...opts.extra,
  };
  return zip(files);
}

export function zip(files: Record<string, string | Uint8Array>, level = 6): Uint8Array {
  const z: Zippable = {};
  for (const [n, v] of Object.entries(files)) z[n] = [typeof v === 'string' ? enc.encode(v) : v, { level: level as 6 }];
  return zipSync(z);
}
