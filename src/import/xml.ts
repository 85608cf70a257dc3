/**
 * XML of Office parts, read with saxes under our rules: a DOCTYPE (where entity definitions
 * live, the way to "billion laughs" expansion) is refused outright, as no Office part has one,
 * and the text is fed in slices so a handler that counts (rows, cells) can stop a huge part
 * early. Also the package-level checks every import makes: no macros.
 */
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { refuse, type ZipArchive } from './zip.ts';

export interface XmlHandlers {
  open?(name: string, attrs: Record<string, string>): void;
  close?(name: string): void;
  text?(text: string): void;
}

/** Decodes a part: UTF-8, or UTF-16 when it starts with a byte-order mark. */
export function decodeXml(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  return new TextDecoder('utf-8').decode(bytes);
}

/** Parses one part. `part` and `file` name it in messages. */
export function parseXml(bytes: Uint8Array, file: string, part: string, h: XmlHandlers): void {
  const xml = decodeXml(bytes);
  const parser = new SaxesParser({ xmlns: false });
  let failure: Error | undefined;
  parser.on('doctype', () => {
    throw refuse(file, 'xmlEntity', `${part} 含有 DOCTYPE/实体定义（可用于实体膨胀攻击，Office 文件不会有）`, `${part} carries a DOCTYPE/entity declarations (used for entity-expansion attacks; no Office file has them)`);
  });
  parser.on('error', (e) => {
    failure ??= e;
  });
  if (h.open) parser.on('opentag', (t: SaxesTagPlain) => h.open!(t.name, t.attributes as Record<string, string>));
  if (h.close) parser.on('closetag', (t) => h.close!(t.name));
  if (h.text) parser.on('text', (t) => h.text!(t));
  const SLICE = 256 * 1024;
  for (let o = 0; o < xml.length && !failure; o += SLICE) parser.write(xml.slice(o, o + SLICE));
  if (!failure) parser.close();
  if (failure) {
    const msg = failure.message.split('\n')[0]!.slice(0, 120);
    if (/entit/i.test(msg)) throw refuse(file, 'xmlEntity', `${part} 引用了未定义的实体（${msg}）`, `${part} refers to undefined entities (${msg})`);
    throw refuse(file, 'badXml', `${part} 不是有效的 XML（${msg}）`, `${part} is not well-formed XML (${msg})`);
  }
}

/** Local name of a prefixed tag (`w:p` → `p`). */
export const local = (name: string) => name.slice(name.indexOf(':') + 1);

/** An attribute by local name (`w:val`, `val`). */
export function attr(attrs: Record<string, string>, name: string): string | undefined {
  for (const k of Object.keys(attrs)) if (local(k) === name) return attrs[k];
  return undefined;
}

/**
 * Refuses macro-enabled packages: a file named .docm/.xlsm/.dotm/.xltm, a vbaProject.bin part
 * anywhere, or a macro-enabled main content type. Macros never run here, but such a file is not
 * what the bureau's forms are, and refusing it keeps a macro out of any file we hand back.
 */
export function refuseMacros(zip: ZipArchive, file: string): void {
  const macro = () => refuse(file, 'macro', '文件包含宏（启用宏的 Word/Excel 文件），请另存为不含宏的 .docx/.xlsx 后再导入', 'the file contains macros (a macro-enabled Word/Excel file); save it as a plain .docx/.xlsx and import that');
  if (/\.(docm|dotm|xlsm|xltm|xlsb)$/i.test(file)) throw macro();
  for (const name of zip.entries.keys()) if (/(^|\/)vbaProject\.bin$/i.test(name) || /(^|\/)vbaData\.xml$/i.test(name)) throw macro();
  const ct = zip.read('[Content_Types].xml');
  if (ct && /macroEnabled|vbaProject/i.test(decodeXml(ct))) throw macro();
}
