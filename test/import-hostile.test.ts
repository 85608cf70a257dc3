/**
 * Hostile files: each is refused with a bilingual message naming what is wrong, before any
 * unbounded work (the limits are checked on the zip directory, then again while inflating or
 * parsing).
 */
import { describe, expect, it } from 'vitest';
import { importBytes } from '../src/import/index.ts';
import { JixiaoError } from '../src/errors.ts';
import { makeDocx, makeXlsx, zip } from './helpers/office.ts';

/** The refusal thrown by importing `bytes` as `name`. */
function refusal(bytes: Uint8Array, name: string, opts = {}): JixiaoError {
  try {
    importBytes(bytes, name, opts);
  } catch (e) {
    if (e instanceof JixiaoError) return e;
    throw e;
  }
  throw new Error('not refused');
}

/** Sets the uncompressed size of every central-directory entry named `name` (a forged header). */
function forgeSize(bytes: Uint8Array, name: string, size: number): Uint8Array {
  const b = bytes.slice();
  const dv = new DataView(b.buffer);
  for (let o = 0; o < b.length - 46; o++) {
    if (dv.getUint32(o, true) !== 0x02014b50) continue;
    const n = dv.getUint16(o + 28, true);
    if (new TextDecoder().decode(b.subarray(o + 46, o + 46 + n)) === name) dv.setUint32(o + 24, size, true);
  }
  return b;
}

const doc = (extra: Record<string, string | Uint8Array>) => makeDocx([{ text: '一、基本情况' }], { extra });

describe('hostile files are refused', () => {
  it('a file that is not a zip', () => {
    const e = refusal(new TextEncoder().encode('department:\n  name: x\n'), 'report.docx');
    expect(e.code).toBe('input.notZip');
    expect(e.zh).toBe('report.docx：不是 .docx/.xlsx 文件（不是 zip 压缩包）；已拒绝读取');
    expect(e.en).toBe('report.docx: not a .docx/.xlsx file (not a zip archive); refused');
  });

  it('an old binary .doc says to save it as .docx', () => {
    const e = refusal(Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...new Array(600).fill(0)]), 'old.doc');
    expect(e.zh).toContain('旧版 Office 二进制文件（.doc/.xls），请在 Word/WPS/Excel 中另存为 .docx/.xlsx');
  });

  it('a zip bomb: an entry with an abnormal ratio is refused from the directory, before inflating', () => {
    const bomb = doc({ 'word/media/zeros.bin': new Uint8Array(8 * 1024 * 1024) });
    expect(bomb.length).toBeLessThan(64 * 1024); // 8 MB of zeros in a few KB
    const e = refusal(bomb, 'bomb.docx');
    expect(e.code).toBe('input.zipBomb');
    expect(e.zh).toMatch(/word\/media\/zeros\.bin 的压缩比异常（\d+:1），疑似压缩炸弹/);
    expect(e.en).toContain('abnormal compression ratio');
  });

  it('a zip bomb with a forged size is stopped while inflating, at the size it declared', () => {
    const big = 'x'.repeat(2_000_000);
    const forged = forgeSize(makeDocx([], { rawDocument: `<?xml version="1.0"?><w:document xmlns:w="w"><w:body>${big}</w:body></w:document>` }), 'word/document.xml', 1000);
    const e = refusal(forged, 'forged.docx');
    expect(e.code).toBe('input.zipBomb');
    expect(e.zh).toContain('word/document.xml 解压后超过目录记载的 1000 字节，疑似压缩炸弹');
  });

  it('a zip bomb of many entries, and one too large in total', () => {
    const many: Record<string, string> = {};
    for (let i = 0; i < 1001; i++) many[`word/x${i}.xml`] = '<a/>';
    expect(refusal(doc(many), 'many.docx').zh).toContain('压缩包内有 1006 个文件，超过上限 1000');
    const e = refusal(doc({ 'word/media/a.bin': new Uint8Array(3 * 1024 * 1024) }), 'big.docx', { zipLimits: { maxEntries: 1000, maxEntryBytes: 2 * 1024 * 1024, maxTotalBytes: 4 * 1024 * 1024, maxRatio: 1e9, ratioFloor: 0 } });
    expect(e.zh).toContain('word/media/a.bin 解压后 3 MB，超过单个文件上限 2 MB');
  });

  it('a huge sheet is refused while it is read (rows, columns)', () => {
    const rows = Array.from({ length: 5001 }, (_, i) => [`行${i}`]);
    const e = refusal(makeXlsx(rows), 'huge.xlsx');
    expect(e.code).toBe('input.sheetTooLarge');
    expect(e.zh).toContain('工作表 xl/worksheets/sheet1.xml 过大（超过 5000 行），不像申报表');
    const wide = makeXlsx([], { rawSheet: '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="XFD1"><v>1</v></c></row></sheetData></worksheet>' });
    expect(refusal(wide, 'wide.xlsx').zh).toContain('超过 64 列');
    const far = makeXlsx([], { rawSheet: '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/><mergeCells count="1"><mergeCell ref="A1:H1048576"/></mergeCells></worksheet>' });
    expect(refusal(far, 'far.xlsx').zh).toContain('合并区域超出范围');
  });

  it('XML entity expansion: a DOCTYPE with entities is refused', () => {
    const lol = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><w:document xmlns:w="w"><w:body><w:p><w:r><w:t>&lol3;</w:t></w:r></w:p></w:body></w:document>`;
    const e = refusal(makeDocx([], { rawDocument: lol }), 'lol.docx');
    expect(e.code).toBe('input.xmlEntity');
    expect(e.zh).toBe('lol.docx：word/document.xml 含有 DOCTYPE/实体定义（可用于实体膨胀攻击，Office 文件不会有）；已拒绝读取');
    const sheet = makeXlsx([], { rawSheet: '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><worksheet><sheetData><row><c t="inlineStr"><is><t>&e;</t></is></c></row></sheetData></worksheet>' });
    expect(refusal(sheet, 'xxe.xlsx').code).toBe('input.xmlEntity');
  });

  it('macro-enabled files: a vbaProject.bin, a macro-enabled content type, a .xlsm/.docm name', () => {
    const msg = '文件包含宏（启用宏的 Word/Excel 文件），请另存为不含宏的 .docx/.xlsx 后再导入';
    expect(refusal(doc({ 'word/vbaProject.bin': new Uint8Array(10) }), 'm.docx').zh).toContain(msg);
    expect(refusal(makeXlsx([['部门名称', 'x']], { mainContentType: 'application/vnd.ms-excel.sheet.macroEnabled.main+xml' }), 'm.xlsx').zh).toContain(msg);
    expect(refusal(makeXlsx([['部门名称', 'x']]), 'm.xlsm').code).toBe('input.macro');
    expect(refusal(makeDocx([{ text: '一、基本情况' }]), 'm.docm').en).toContain('the file contains macros');
  });

  it('a zip that is neither Word nor Excel', () => {
    expect(refusal(zip({ 'a.txt': 'hello' }), 'a.zip').zh).toContain('压缩包不是 Word 或 Excel 文档');
  });
});
