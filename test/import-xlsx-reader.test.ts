/**
 * The workbook reader: SheetJS (@e965/xlsx) parses only what our guard checked. A hostile
 * workbook is refused by the guard before the library is called at all; a good one is parsed
 * once, from the checked XML parts alone; shared strings with rich-text and phonetic runs read
 * as their text.
 */
import { describe, expect, it, vi } from 'vitest';
import { unzipSync } from 'fflate';
import { makeXlsx } from './helpers/office.ts';

const calls = vi.hoisted(() => ({ parts: [] as string[][] }));
vi.mock('@e965/xlsx', async (importOriginal) => {
  const m = await importOriginal<typeof import('@e965/xlsx')>();
  return {
    ...m,
    read: (data: Uint8Array, opts: unknown) => {
      calls.parts.push(Object.keys(unzipSync(data)).sort());
      return m.read(data, opts as never);
    },
  };
});
const { readXlsx } = await import('../src/import/xlsx.ts');
const { JixiaoError } = await import('../src/errors.ts');

const code = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    if (e instanceof JixiaoError) return e.code;
    throw e;
  }
  return 'accepted';
};

describe('the workbook reader behind our guard', () => {
  it('refuses hostile workbooks before SheetJS is called', () => {
    calls.parts.length = 0;
    const rows = Array.from({ length: 5001 }, (_, i) => [`行${i}`]);
    expect(code(() => readXlsx(makeXlsx(rows), 'huge.xlsx'))).toBe('input.sheetTooLarge');
    const xxe = makeXlsx([], { rawSheet: '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><worksheet><sheetData/></worksheet>' });
    expect(code(() => readXlsx(xxe, 'xxe.xlsx'))).toBe('input.xmlEntity');
    expect(code(() => readXlsx(makeXlsx([['a']], { extra: { 'xl/vbaProject.bin': new Uint8Array(8) } }), 'm.xlsx'))).toBe('input.macro');
    expect(code(() => readXlsx(new TextEncoder().encode('not a zip at all, just text'), 't.xlsx'))).toBe('input.notZip');
    expect(calls.parts).toEqual([]);
  });

  it('gives SheetJS only the checked XML parts, and reads rich text without its phonetic runs', () => {
    calls.parts.length = 0;
    const sst = '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><r><t>基本</t></r><r><rPr><b/></rPr><t>支出</t></r><rPh sb="0" eb="2"><t>きほん</t></rPh></si></sst>';
    const sheet = '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><v>2925.5400000000004</v></c></row></sheetData></worksheet>';
    const ct = '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>';
    const bytes = makeXlsx([], { rawSheet: sheet, extra: { '[Content_Types].xml': ct, 'xl/sharedStrings.xml': sst, 'xl/media/image1.png': new Uint8Array(16) } });
    const wb = readXlsx(bytes, 'ok.xlsx');
    expect(calls.parts).toHaveLength(1);
    expect(calls.parts[0]).not.toContain('xl/media/image1.png');
    expect(calls.parts[0]).toContain('xl/worksheets/sheet1.xml');
    const g = wb.sheets[0]!.grid;
    expect([g.at(0, 0)?.text, g.at(0, 1)?.text]).toEqual(['基本支出', '2925.54']);
  });

  it('a sheet SheetJS cannot parse is named, not passed over in silence', () => {
    // A shared-string cell in a workbook that declares no shared strings.
    const sheet = '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>';
    expect(() => readXlsx(makeXlsx([], { rawSheet: sheet }), 'bad.xlsx')).toThrow('bad.xlsx：工作表「Sheet1」无法解析（文件可能已损坏）；已拒绝读取');
  });
});
