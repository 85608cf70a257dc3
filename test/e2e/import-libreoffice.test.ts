/**
 * The sample's DOCX files re-saved by LibreOffice (straight to .docx, and through .odt and back),
 * and the exported workbook re-saved by LibreOffice Calc, import to the same data: every
 * narrative paragraph in its place, every figure, the whole declaration table (whose
 * continuation table LibreOffice rewrites on a simpler column grid).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { render } from '../../src/render/index.ts';
import { declarationWorkbook } from '../../src/export/xlsx.ts';
import { importFiles } from '../../src/import/index.ts';
import { parsePacket } from '../../src/model/parse.ts';
import { ROOT, samplePacket } from '../helpers/sample.ts';
import { describeIfSoffice, fontEnv } from '../helpers/soffice.ts';

/** Converts `file` with soffice to `target` (`docx:"MS Word 2007 XML"`, `odt`, `xlsx:…`) in `outDir`. */
async function convert(file: string, target: string, outDir: string): Promise<string> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'jixiao-soffice-profile-'));
  const args = [`-env:UserInstallation=file://${profile}`, '--headless', '--norestore', '--convert-to', target, '--outdir', outDir, file];
  const stderr = await new Promise<string>((resolve, reject) =>
    execFile('soffice', args, { env: fontEnv(), timeout: 180_000 }, (err, _out, errText) => (err ? reject(err) : resolve(errText))),
  ).finally(() => fs.rmSync(profile, { recursive: true, force: true }));
  const out = path.join(outDir, path.basename(file).replace(/\.[^.]+$/, '') + '.' + target.split(':')[0]);
  if (!fs.existsSync(out)) throw new Error(`soffice wrote no ${out}: ${stderr}`);
  return out;
}

const plain = (x: unknown) => JSON.parse(JSON.stringify(x));

describeIfSoffice('import of files re-saved by LibreOffice', () => {
  let dir: string;
  let report: string;
  let declaration: string;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jixiao-import-lo-'));
    const r = await render(samplePacket(), { formats: ['docx'] });
    report = path.join(dir, 'report.docx');
    declaration = path.join(dir, 'declaration.docx');
    fs.writeFileSync(report, r.files.find((f) => f.document === 'attachment2')!.bytes);
    fs.writeFileSync(declaration, r.files.find((f) => f.document === 'attachment1')!.bytes);
  });

  const expectSample = (yaml: string) => {
    const parsed = parsePacket(yaml, { file: 'imported.yaml' });
    expect(parsed.diagnostics).toEqual([]);
    const got = plain(parsed.packet);
    const want = plain(samplePacket());
    // Every narrative field, paragraph by paragraph, then everything else.
    for (const key of ['overview', 'work', 'performanceManagement', 'problems', 'measures']) expect(got.report[key], key).toEqual(want.report[key]);
    expect(got.report.effectiveness).toEqual(want.report.effectiveness);
    expect(got.report.efficiency).toEqual(want.report.efficiency);
    expect(got).toEqual(want);
  };

  it('soffice --convert-to docx', async () => {
    const out = path.join(dir, 'docx');
    const r = importFiles([await convert(report, 'docx:MS Word 2007 XML', out), await convert(declaration, 'docx:MS Word 2007 XML', out)]);
    expect(r.unplaced).toEqual([]);
    expectSample(r.yaml);
  });

  it('through .odt and back to .docx', async () => {
    const odt = path.join(dir, 'odt');
    const back = path.join(dir, 'back');
    const files = [await convert(await convert(report, 'odt', odt), 'docx:MS Word 2007 XML', back), await convert(await convert(declaration, 'odt', odt), 'docx:MS Word 2007 XML', back)];
    const r = importFiles(files);
    expect(r.unplaced).toEqual([]);
    expectSample(r.yaml);
  });

  it('the exported workbook re-saved by LibreOffice Calc gives the same declaration', async (ctx) => {
    const xlsx = path.join(dir, 'decl.xlsx');
    fs.writeFileSync(xlsx, declarationWorkbook(samplePacket()));
    let resaved: string;
    try {
      resaved = await convert(xlsx, 'xlsx:Calc MS Excel 2007 XML', path.join(dir, 'calc'));
    } catch (e) {
      // LibreOffice without Calc (libreoffice-writer-nogui alone) cannot open a workbook.
      if (process.env.JIXIAO_REQUIRE_SOFFICE === '1') throw e;
      console.warn('\n⚠ SKIPPED: LibreOffice Calc is not installed (apt-get install libreoffice-calc-nogui); the workbook re-save is not checked.\n');
      ctx.skip();
      return;
    }
    const parsed = parsePacket(importFiles([resaved]).yaml);
    expect(parsed.diagnostics).toEqual([]);
    expect(plain(parsed.packet!.declaration)).toEqual(plain(samplePacket().declaration));
  });

  it('the fujian 目标表 (DOCX re-saved by Writer, workbook re-saved by Calc) gives the same table', async () => {
    const file = path.join(ROOT, 'fixtures/fujian.yaml');
    const packet = parsePacket(fs.readFileSync(file, 'utf8'), { file }).packet!;
    const docx = path.join(dir, 'fujian.docx');
    fs.writeFileSync(docx, (await render(packet, { formats: ['docx'] })).files[0]!.bytes);
    const xlsx = path.join(dir, 'fujian.xlsx');
    fs.writeFileSync(xlsx, declarationWorkbook(packet));
    for (const resaved of [await convert(docx, 'docx:MS Word 2007 XML', path.join(dir, 'fj-docx')), await convert(xlsx, 'xlsx:Calc MS Excel 2007 XML', path.join(dir, 'fj-calc'))]) {
      const r = importFiles([resaved], { format: 'fujian' });
      const parsed = parsePacket(r.yaml, { file: 'imported.yaml' });
      expect(parsed.diagnostics, resaved).toEqual([]);
      expect(plain(parsed.packet!.declaration), resaved).toEqual(plain(packet.declaration));
      expect(parsed.packet!.department.name).toBe(packet.department.name);
    }
  });
});
