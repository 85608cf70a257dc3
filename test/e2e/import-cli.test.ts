/** `jixiao import` and `jixiao export` as a user runs them: exit statuses, messages, files written or not. */
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { jixiao } from '../helpers/cli.ts';
import { makeDocx } from '../helpers/office.ts';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'jixiao-import-cli-'));
const doc = (extra: Record<string, string | Uint8Array>) => makeDocx([{ text: '一、基本情况' }], { extra });

describe('jixiao import / export', () => {
  it('the commands: export writes the workbook, import reads it back (exit 0)', () => {
    const dir = tmp();
    const xlsx = path.join(dir, 'd.xlsx');
    const e = jixiao(['export', 'fixtures/sample.yaml', '--xlsx', '-o', xlsx]);
    expect(e.code).toBe(0);
    expect(e.stdout.trim()).toBe(xlsx);
    const yaml = path.join(dir, 'd.yaml');
    const i = jixiao(['import', xlsx, '-o', yaml]);
    expect(i.code).toBe(0);
    expect(i.stderr).toContain('工作表「申报表」→ 部门整体预算绩效目标申报表（declaration）');
    expect(fs.readFileSync(yaml, 'utf8')).toMatch(/^ {4}project: 2,925\.54 # 项目支出$/m);
    expect(jixiao(['export', 'fixtures/sample.yaml', '-o', xlsx]).code).toBe(3); // no --xlsx
    expect(jixiao(['export', 'fixtures/sample.yaml', '--xlsx', '-o', xlsx]).code).toBe(3); // exists, no --force
  });
  it('the command exits 2 with the message in Chinese and English, and writes nothing', () => {
    const dir = tmp();
    const bomb = path.join(dir, 'bomb.docx');
    fs.writeFileSync(bomb, doc({ 'word/media/zeros.bin': new Uint8Array(8 * 1024 * 1024) }));
    const out = path.join(dir, 'dept.yaml');
    const r = jixiao(['import', bomb, '-o', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^错误 error: .*bomb\.docx：压缩包内 word\/media\/zeros\.bin 的压缩比异常.*\n.*a likely zip bomb; refused/m);
    expect(fs.readdirSync(dir)).toEqual(['bomb.docx']);
  });

  it('an unknown --format is a usage error (exit 3); without -o the YAML goes to stdout', () => {
    const dir = tmp();
    const xlsx = path.join(dir, 'd.xlsx');
    expect(jixiao(['export', 'fixtures/sample.yaml', '--xlsx', '-o', xlsx]).code).toBe(0);
    const bad = jixiao(['import', xlsx, '--format', 'nowhere']);
    expect(bad.code).toBe(3);
    expect(bad.stderr).toMatch(/找不到格式「nowhere」[^\n]*可用的格式：[^\n]*guangzhou/);
    const r = jixiao(['import', xlsx]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ {2}name: 中共广州市委外事工作委员会办公室 # 部门名称$/m);
    expect(fs.readdirSync(dir)).toEqual(['d.xlsx']);
  });

  it('another format: export and import the fujian 目标表 with --format, the packet names its format and its schema', () => {
    const dir = tmp();
    const xlsx = path.join(dir, 'fj.xlsx');
    expect(jixiao(['export', 'fixtures/fujian.yaml', '--xlsx', '-o', xlsx]).code).toBe(0);
    const yaml = path.join(dir, 'fj.yaml');
    const i = jixiao(['import', xlsx, '--format', 'fujian', '-o', yaml]);
    expect(i.code).toBe(0);
    const text = fs.readFileSync(yaml, 'utf8');
    expect(text).toMatch(/^format: fujian/m);
    expect(text).toMatch(/^ {2}code: '302001' # 部门预算编码$/m);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'packet.schema.json'), 'utf8')).properties.declaration.properties.code.title).toBe('部门预算编码');
    expect(jixiao(['check', yaml]).code).toBe(0);
    // A report-only format has no table to export: a usage error, nothing written.
    const gd = jixiao(['export', 'fixtures/guangdong-city.yaml', '--xlsx', '-o', path.join(dir, 'gd.xlsx')]);
    expect(gd.code).toBe(3);
    expect(gd.stderr).toContain('没有可导出为 Excel 的表格');
    expect(fs.existsSync(path.join(dir, 'gd.xlsx'))).toBe(false);
  });

  it('--format with a format folder: the packet names it relative to the YAML written, and check finds it', async () => {
    const dir = tmp();
    const fmt = path.join(dir, 'formats', 'my-city');
    fs.cpSync('templates/guangdong-city', fmt, { recursive: true });
    const { render } = await import('../../src/render/index.ts');
    const { parsePacket } = await import('../../src/model/parse.ts');
    const packet = parsePacket(fs.readFileSync('fixtures/guangdong-city.yaml', 'utf8'), { file: 'fixtures/guangdong-city.yaml' }).packet!;
    const docx = path.join(dir, 'report.docx');
    fs.writeFileSync(docx, (await render(packet, { formats: ['docx'] })).files[0]!.bytes);
    const yaml = path.join(dir, 'out', 'dept.yaml');
    fs.mkdirSync(path.dirname(yaml));
    const i = jixiao(['import', docx, '--format', fmt, '-o', yaml]);
    expect(i.code).toBe(0);
    expect(fs.readFileSync(yaml, 'utf8')).toMatch(/^format: \.\.\/formats\/my-city # 格式$/m);
    const c = jixiao(['check', yaml]);
    expect(c.code, c.stderr).toBe(0);
  });

  it('without --format the format is detected: the fujian 目标表 DOCX is read as fujian and says why; an unknown document exits 1 listing the formats', () => {
    const dir = tmp();
    expect(jixiao(['render', 'fixtures/fujian.yaml', '-f', 'docx', '-o', dir]).code).toBe(0);
    const docx = fs.readdirSync(dir).find((f) => f.endsWith('.docx'))!;
    const yaml = path.join(dir, 'back.yaml');
    const r = jixiao(['import', path.join(dir, docx), '-o', yaml]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^格式 format: fujian（福建省[^\n]*它读出的内容最多（得分 \d+，其他格式 guangzhou \d+/m);
    const text = fs.readFileSync(yaml, 'utf8');
    expect(text).toMatch(/^format: fujian/m);
    expect(text).toMatch(/^ {2}code: '302001' # 部门预算编码$/m);
    expect(text).toMatch(/^ {4}basic: '171\.41' # 基本支出$/m);
    const j = jixiao(['import', path.join(dir, docx), '-o', path.join(dir, 'j.yaml'), '--json']);
    expect(JSON.parse(j.stdout)).toMatchObject({ format: 'fujian', documents: ['declaration'] });
    const minutes = path.join(dir, 'minutes.docx');
    fs.writeFileSync(minutes, makeDocx([{ text: '会议纪要' }, { text: '今天讨论了食堂的菜单。' }]));
    const bad = jixiao(['import', minutes, '-o', path.join(dir, 'm.yaml')]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^错误 error: 无法判断 minutes\.docx 属于哪种格式[^\n]*--format 指定：guangzhou（/m);
    expect(bad.stderr).toMatch(/name one with --format: guangzhou, /);
    expect(fs.existsSync(path.join(dir, 'm.yaml'))).toBe(false);
  });
});
