import { describe, expect, it, beforeAll } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { render } from '../src/render/index.ts';
import { parsePacket } from '../src/model/parse.ts';
import { importBytes, importFiles } from '../src/import/index.ts';
import { samplePacket } from './helpers/sample.ts';

let dir: string;
let files: { name: string; bytes: Buffer; document: string }[];

beforeAll(async () => {
  const r = await render(samplePacket(), { formats: ['docx'] });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jixiao-import-'));
  files = r.files.map((f) => ({ name: path.join(dir, `${f.document}.docx`), bytes: f.bytes, document: f.document }));
  for (const f of files) fs.writeFileSync(f.name, f.bytes);
});

describe('import of the sample’s own DOCX files', () => {
  it('gives back the same data, and rendering it again gives the same bytes', async () => {
    const result = importFiles(files.map((f) => f.name));
    const parsed = parsePacket(result.yaml, { file: 'imported.yaml' });
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.packet).toEqual(samplePacket());
    const again = await render(parsed.packet!, { formats: ['docx'] });
    for (const f of again.files) {
      const before = files.find((x) => x.document === f.document)!;
      expect(Buffer.compare(f.bytes, before.bytes), f.document).toBe(0);
    }
    expect(result.unplaced).toEqual([]);
  });

  it('reads the figures of the fixed sentences back and says where each section went', () => {
    const report = files.find((f) => f.document === 'attachment2')!;
    const [piece] = importBytes(report.bytes, report.name);
    expect(piece!.kind).toBe('report');
    const d = piece!.data as any;
    expect(d.report.finance.budget).toBe('9,647.82');
    expect(d.report.finance.executed).toBe('9,326.11');
    expect(d.report.efficiency.execution.spent).toBe('9,360.25');
    expect(d.report.efficiency.execution.lead).toBe('2023年，我办按照部门预算支出执行年度和月度目标，扎实开展预算执行管理工作，切实提高预算执行管理工作水平。');
    expect(d.report.score).toBe(97.96);
    expect(d.department.selfReference).toBe('我办');
    expect(d.report.efficiency.procurement.smeServices).toBe('958.57');
    expect(d.report.effectiveness.items.map((i: any) => i.title)).toEqual(['主场外交活动点亮广州', '“外事+”赋能“五外联动”', '全球城市朋友圈释放新活力', '外事服务品质持续提升']);
    expect(piece!.notes.map((n) => n.zh)).toContain('「部门概况」→ report.overview（2 段）');
  });

  it('writes Chinese comments beside the fields and marks the worked-out SME amounts for a look', () => {
    const result = importFiles(files.map((f) => f.name));
    // The format's label, as the form prints it (基本支出; the unit is the section's).
    expect(result.yaml).toMatch(/^ {4}basic: 5,093\.50 # 基本支出$/m);
    expect(result.yaml).toMatch(/^documentDate: '2024-12-31'/m);
    expect(result.yaml).toContain('# 需人工核对 / please check:\n#   - 政府采购情况（report.efficiency.procurement）：原文只印出合计 1,172.1 与各占比，货物采购授予中小企业合同金额（report.efficiency.procurement.smeGoods）、');
  });
});
