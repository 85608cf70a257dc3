/** A user's font map: their file for a role comes first, ours stay as fallback; bad maps are refused. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { render } from '../src/render/index.ts';
import { loadFontSet, FONTS_DIR } from '../src/fonts/index.ts';
import { JixiaoError } from '../src/errors.ts';
import { extractPdfText } from './helpers/pdftext.ts';
import { jixiao } from './helpers/cli.ts';
import { samplePacket, SAMPLE_FILE } from './helpers/sample.ts';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'jixiao-fonts-'));

describe('font map', () => {
  it("maps a role to the user's file; the PDF body is set in it", async () => {
    const dir = tmp();
    // Stand-in for a licensed 仿宋_GB2312: any font file the user has.
    fs.copyFileSync(path.join(FONTS_DIR, 'FandolKai-Regular.otf'), path.join(dir, 'my-fangsong.otf'));
    const map = path.join(dir, 'fonts.json');
    fs.writeFileSync(map, JSON.stringify({ roles: { fangsong: ['my-fangsong.otf'] } }));
    const set = loadFontSet(map);
    const chain = set.chain('fangsong');
    expect(chain.map((f) => path.basename(f.file))).toEqual(['my-fangsong.otf', 'FandolFang-Regular.otf', 'FandolSong-Regular.otf', 'FandolHei-Regular.otf', 'FandolKai-Regular.otf', 'NotoSerifCJKsc-Fallback.otf']);
    // Two files with one PostScript name keep apart ids (the PDF registers faces by id).
    expect(new Set(chain.map((f) => f.id)).size).toBe(chain.length);
    expect(set.chain('fangsong')[0]!.file).toBe(path.join(dir, 'my-fangsong.otf'));
    expect(set.chain('heiti')[0]!.id).toBe('FandolHei-Regular');
    const res = await render(samplePacket(), { formats: ['pdf'], fontMap: map });
    const pages = await extractPdfText(res.files.find((f) => f.document === 'attachment2')!.bytes);
    const body = pages[0]!.items.find((i) => i.str.includes('一级预算单位'))!;
    expect(body.font).toMatch(/^FandolKai-Regular/);
  });
  it('characters the Fandol faces lack (镕 堃 喆 ㎡) come from the Noto fallback, in check and in the PDF', async () => {
    const { parseData, sampleData } = await import('./helpers/sample.ts');
    const { checkPacket } = await import('../src/check/index.ts');
    const d = sampleData();
    d.report.overview[0] = '朱镕基、张堃、李喆同志到访，办公面积1200㎡。' + d.report.overview[0];
    const packet = parseData(d).packet!;
    expect(checkPacket(packet, undefined, { fonts: loadFontSet() }).errors).toBe(0);
    const res = await render(packet, { formats: ['pdf'] });
    const pages = await extractPdfText(res.files.find((f) => f.document === 'attachment2')!.bytes);
    const noto = pages[0]!.items.filter((i) => i.font.startsWith('NotoSerifCJKsc')).map((i) => i.str).join('');
    expect(noto).toBe('镕堃喆㎡');
  });
  it('a map naming a missing file or an unknown role is refused with the file and key', () => {
    const dir = tmp();
    const missing = path.join(dir, 'a.json');
    fs.writeFileSync(missing, JSON.stringify({ roles: { fangsong: ['nope.ttf'] } }));
    expect(() => loadFontSet(missing)).toThrow(/无法读取字体文件 .*nope\.ttf/);
    const unknown = path.join(dir, 'b.json');
    fs.writeFileSync(unknown, JSON.stringify({ roles: { comic: ['x.ttf'] } }));
    expect(() => loadFontSet(unknown)).toThrow(JixiaoError);
    expect(() => loadFontSet(unknown)).toThrow(/roles/);
  });
  it('jixiao render --fonts nope.json: the missing map in words, not Node\'s English inside the Chinese line (exit 4)', () => {
    const dir = tmp();
    const r = jixiao(['render', SAMPLE_FILE, '--out', path.join(dir, 'o'), '--fonts', 'nope.json'], { cwd: dir });
    expect(r.code).toBe(4);
    const f = path.join(fs.realpathSync(dir), 'nope.json');
    expect(r.stderr).toContain(`错误 error: 无法读取字体映射 ${f}：不存在\ncannot read font map ${f}: does not exist (ENOENT)\n`);
    expect(r.stderr).not.toContain('no such file or directory');
    expect(fs.existsSync(path.join(dir, 'o'))).toBe(false);
  });
  it('a missing font file named in the map is reported in words', () => {
    const dir = tmp();
    const map = path.join(dir, 'm.json');
    fs.writeFileSync(map, JSON.stringify({ roles: { fangsong: ['gone.ttf'] } }));
    expect(() => loadFontSet(map)).toThrow(/无法读取字体文件 .*gone\.ttf：不存在\n?/);
    expect(() => loadFontSet(map)).not.toThrow(/no such file/);
  });
  it('jixiao render --fonts with a broken map exits non-zero without a stack trace', () => {
    const dir = tmp();
    const map = path.join(dir, 'm.json');
    fs.writeFileSync(map, '{ not json');
    const r = jixiao(['render', SAMPLE_FILE, '--out', path.join(dir, 'o'), '--fonts', map]);
    expect(r.code).toBe(4); // the environment (fonts), not the data
    expect(r.stderr).toContain(`字体映射 ${map} 不是有效的 JSON：`);
    expect(r.stderr).not.toContain('    at ');
    expect(fs.existsSync(path.join(dir, 'o'))).toBe(false);
  });
});
