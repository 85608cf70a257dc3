/**
 * A bureau adapts a format without touching src/: `new-format` copies guangzhou, the copy renames
 * two headings, adds a field with its label, prints it in a fixed sentence and checks it. A packet
 * names the copy by path and renders with it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { describe, expect, it } from 'vitest';
import { run as newFormat } from '../src/cli/new-format.ts';
import { readPacketFile } from '../src/model/parse.ts';
import { checkPacket } from '../src/check/index.ts';
import { formatDiagnostic } from '../src/check/diagnostic.ts';
import { render } from '../src/render/index.ts';
import { loadFormat } from '../src/format/index.ts';
import { JixiaoError } from '../src/errors.ts';
import { extractPdfText } from './helpers/pdftext.ts';
import { ROOT, sampleData } from './helpers/sample.ts';

const editYaml = (file: string, edit: (data: any) => void) => {
  const data = YAML.parse(fs.readFileSync(file, 'utf8'));
  edit(data);
  fs.writeFileSync(file, YAML.stringify(data));
};

describe('a new format made by copying one, with no change under src/', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jixiao-newfmt-'));
  const dir = path.join(tmp, 'my-bureau');
  const srcBefore = fs.readdirSync(path.join(ROOT, 'src'), { recursive: true }).length;

  it('is copied, renamed by its folder, and refuses to overwrite', async () => {
    expect(await newFormat(dir, { from: 'guangzhou' })).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'format.yaml'), 'utf8')).toMatch(/^id: my-bureau$/m);
    expect(fs.readdirSync(dir).sort()).toEqual(['attachment1.hbs', 'attachment2.hbs', 'form.yaml', 'format.yaml', 'outline.yaml', 'styles.yaml']);
    await expect(newFormat(dir, { from: 'guangzhou' })).rejects.toThrow(JixiaoError);
    await expect(newFormat(path.join(tmp, 'Bad Name'), {})).rejects.toThrow(/只能含小写字母/);
  });

  it('renames two headings, adds a field with its label, a sentence and a check; renders', async () => {
    editYaml(path.join(dir, 'outline.yaml'), (o) => {
      const problems = o.sections.find((s: any) => s.id === 'problems');
      const measures = o.sections.find((s: any) => s.id === 'measures');
      problems.heading = '存在的问题';
      measures.heading = '改进措施和有关建议';
      const finance = o.sections[0].children.find((s: any) => s.id === 'finance');
      finance.body.push({ p: '年末结转结余资金{{amount report.finance.carryOver}}万元。' });
    });
    editYaml(path.join(dir, 'format.yaml'), (f) => {
      f.name = '某市部门整体支出绩效材料';
      f.fields.report.fields.finance.fields.carryOver = { kind: 'amount', label: '结转结余资金', en: 'carry-over funds', help: '年末结转和结余的资金' };
      f.checks.push({ notAbove: ['report.finance.carryOver', 'report.finance.budget'], code: 'carryOver.part' });
    });
    const format = loadFormat(dir);
    expect(format.id).toBe('my-bureau');
    expect((format.jsonSchema() as any).properties.report.properties.finance.properties.carryOver).toMatchObject({ title: '结转结余资金', description: '年末结转和结余的资金', 'x-jixiao': { kind: 'amount' } });

    const data = sampleData();
    data.format = './my-bureau';
    data.report.finance.carryOver = 321.69;
    const file = path.join(tmp, 'packet.yaml');
    fs.writeFileSync(file, YAML.stringify(data));
    const parsed = readPacketFile(file);
    expect(parsed.diagnostics).toEqual([]);
    expect(checkPacket(parsed.packet!).errors).toBe(0);
    const res = await render(parsed.packet!, { formats: ['pdf'] });
    const text = (await extractPdfText(res.files.find((f) => f.document === 'attachment2')!.bytes)).map((p) => p.items.map((i) => i.str).join('')).join('').replace(/\s+/g, '');
    expect(text).toContain('完成预算的96.67%。年末结转结余资金321.69万元。');
    expect(text).toContain('三、存在的问题');
    expect(text).toContain('四、改进措施和有关建议');
    expect(text).not.toContain('存在的主要问题');

    // The new check, with the new field's label in its message.
    data.report.finance.carryOver = 12000;
    fs.writeFileSync(file, YAML.stringify(data));
    const bad = readPacketFile(file);
    const ds = checkPacket(bad.packet!, bad.locate).diagnostics.filter((d) => d.severity === 'error');
    expect(ds).toEqual([expect.objectContaining({ code: 'carryOver.part', path: 'report.finance.carryOver', label: '结转结余资金' })]);
    expect(formatDiagnostic(ds[0]!)).toContain('错误 error 结转结余资金（report.finance.carryOver）\n  结转结余资金 12,000.00 大于全年预算数 9,647.82');
    // The sample still knows nothing of it.
    const sample = sampleData();
    sample.report.finance.carryOver = 1;
    fs.writeFileSync(file, YAML.stringify(sample));
    expect(readPacketFile(file).diagnostics.map((d) => d.zh)).toEqual(['未知字段：carryOver']);
    expect(fs.readdirSync(path.join(ROOT, 'src'), { recursive: true }).length).toBe(srcBefore);
  });
});
