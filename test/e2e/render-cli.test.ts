/** `jixiao render` and render(): files, refusal of bad data, missing glyphs, atomic output, determinism. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { render, PacketInvalidError } from '../../src/render/index.ts';
import { JixiaoError } from '../../src/errors.ts';
import { safeName, safeFileName } from '../../src/util/names.ts';
import { jixiao } from '../helpers/cli.ts';
import { parseData, sampleData, samplePacket, SAMPLE_FILE } from '../helpers/sample.ts';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'jixiao-r-'));

describe('jixiao render', () => {
  it('writes both attachments in both formats under Chinese names, no temp files left', () => {
    const out = tmp();
    const r = jixiao(['render', SAMPLE_FILE, '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('警告 warning 本年支出数（report.efficiency.execution.spent）');
    expect(fs.readdirSync(out).sort()).toEqual([
      '附件1-中共广州市委外事工作委员会办公室2025年度部门整体预算绩效目标申报表.docx',
      '附件1-中共广州市委外事工作委员会办公室2025年度部门整体预算绩效目标申报表.pdf',
      '附件2-中共广州市委外事工作委员会办公室2023年度部门整体支出绩效自评报告.docx',
      '附件2-中共广州市委外事工作委员会办公室2023年度部门整体支出绩效自评报告.pdf',
    ]);
    const pdf = fs.readFileSync(path.join(out, fs.readdirSync(out).find((f) => f.endsWith('.pdf'))!));
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  });
  it('--format pdf writes PDFs only; a bad --format is refused', () => {
    const out = tmp();
    expect(jixiao(['render', SAMPLE_FILE, '--out', out, '--format', 'pdf']).code).toBe(0);
    expect(fs.readdirSync(out).every((f) => f.endsWith('.pdf'))).toBe(true);
    const bad = jixiao(['render', SAMPLE_FILE, '--out', out, '--format', 'odt']);
    expect(bad.code).toBe(3); // a usage error
    expect(bad.stderr).toContain('--format 只能是 pdf、docx');
  });
  it('bad data: exit 1, the field named, nothing written', () => {
    const out = tmp();
    const d = sampleData();
    d.declaration.tasks[0].amount = 1;
    const file = path.join(out, 'bad.json');
    fs.writeFileSync(file, JSON.stringify(d));
    const target = path.join(out, 'o');
    const r = jixiao(['render', file, '--out', target]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('错误 error 年度重点工作任务（declaration.tasks）');
    expect(r.stderr).toContain('未生成文件 / nothing rendered');
    expect(fs.existsSync(target)).toBe(false);
  });
});

describe('output problems are messages, not stack traces', () => {
  it('--out below a file: exit 4 naming the path in words, before rendering', () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'afile'), 'x');
    const r = jixiao(['render', SAMPLE_FILE, '--out', path.join(dir, 'afile', 'out'), '--format', 'pdf']);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain(`无法创建输出文件夹 ${path.join(dir, 'afile', 'out')}：${path.join(dir, 'afile')} 不是文件夹`);
    expect(r.stderr).not.toContain('    at ');
  });
  it('a department name long enough to be cut keeps the PDF and the DOCX apart', () => {
    const dir = tmp();
    const d = sampleData();
    d.department.name = '广州市' + '某'.repeat(80) + '局';
    const file = path.join(dir, 'long.json');
    fs.writeFileSync(file, JSON.stringify(d));
    const out = path.join(dir, 'o');
    expect(jixiao(['render', file, '--out', out]).code).toBe(0);
    const names = fs.readdirSync(out);
    expect(names).toHaveLength(4);
    expect(names.filter((n) => n.endsWith('.pdf'))).toHaveLength(2);
    expect(names.filter((n) => n.endsWith('.docx'))).toHaveLength(2);
  });
});

describe('render()', () => {
  it('refuses a packet with errors, carrying every diagnostic', async () => {
    const d = sampleData();
    d.declaration.budget.basic = -1;
    await expect(render(parseData(d).packet!)).rejects.toBeInstanceOf(PacketInvalidError);
  });
  it('a character no mapped font can show stops the PDF, naming the character and the field', async () => {
    const d = sampleData();
    d.report.overview[1] = '我办位于\u{1F3E2}大楼。';
    const packet = parseData(d).packet!;
    try {
      await render(packet, { formats: ['pdf'] });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(PacketInvalidError);
      const ds = (e as PacketInvalidError).diagnostics.filter((x) => x.severity === 'error');
      expect(ds).toEqual([expect.objectContaining({ code: 'font.missingGlyph', path: 'report.overview[1]' })]);
      expect(ds[0]!.zh).toContain('「\u{1F3E2}」(U+1F3E2)');
      expect((e as JixiaoError).zh).toContain('report.overview[1]');
    }
    // Word uses the user's own fonts: a DOCX-only render goes on.
    const docx = await render(packet, { formats: ['docx'] });
    expect(docx.files).toHaveLength(2);
  });
  it('jixiao check lists every missing character once per field, with its line', () => {
    const dir = tmp();
    const text = fs.readFileSync(SAMPLE_FILE, 'utf8').replace('name: 中共广州市委外事工作委员会办公室', 'name: 广州市\u{1F3E2}\u{1F3E2}局\u{1F600}');
    const file = path.join(dir, 'g.yaml');
    fs.writeFileSync(file, text);
    const line = text.split('\n').findIndex((l) => l.includes('\u{1F600}')) + 1;
    const r = jixiao(['check', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`g.yaml:${line}:`);
    expect(r.stdout).toContain('错误 error 部门名称（department.name）');
    expect(r.stdout).toContain('「\u{1F3E2}」(U+1F3E2)、「\u{1F600}」(U+1F600)');
    expect(r.stdout.match(/font|字形/g)!.length).toBeGreaterThanOrEqual(1);
  });
  it('the same input gives the same bytes, PDF and DOCX', async () => {
    const a = await render(samplePacket());
    const b = await render(samplePacket());
    expect(a.files.map((f) => f.bytes.equals(b.files[a.files.indexOf(f)]!.bytes))).toEqual([true, true, true, true]);
  });
});

describe('names made from data', () => {
  it('cannot leave the folder and stay readable', () => {
    expect(safeName('../x')).toBe('_／x');
    expect(safeName('a/b\\c')).toBe('a／b＼c');
    expect(safeName('广州市/戊局')).not.toBe(safeName('广州市_戊局'));
    expect(safeName('..')).toBe('_');
    expect(safeName('中共广州市委外事工作委员会办公室')).toBe('中共广州市委外事工作委员会办公室');
    expect(safeName('CON')).toBe('_CON');
    expect(safeName('')).toBe('未命名');
    expect(new TextEncoder().encode(safeName('长'.repeat(300))).length).toBeLessThanOrEqual(200);
    expect(safeFileName('长'.repeat(300), '.pdf')).not.toBe(safeFileName('长'.repeat(300), '.docx'));
    expect(safeFileName('长'.repeat(300), '.docx').endsWith('.docx')).toBe(true);
  });
});
