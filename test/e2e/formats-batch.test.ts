/**
 * A batch run over packets of different formats: each packet is read and rendered with the
 * format it names — a shipped id or a folder beside it — whatever the working folder.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { describe, expect, it } from 'vitest';
import { runBatch } from '../../src/batch/run.ts';
import { ROOT } from '../helpers/sample.ts';

describe('batch over formats', () => {
  it('guangzhou, guangdong-city, fujian and a copied format in one run', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jixiao-fmt-batch-'));
    const inDir = path.join(dir, 'in');
    fs.mkdirSync(inDir);
    for (const f of ['sample.yaml', 'guangdong-city.yaml', 'fujian.yaml']) fs.copyFileSync(path.join(ROOT, 'fixtures', f), path.join(inDir, f));
    // A copied Fujian format with a renamed title, named by a path relative to the packet.
    fs.cpSync(path.join(ROOT, 'templates', 'fujian'), path.join(dir, 'formats', 'my-fujian'), { recursive: true });
    const hbs = path.join(dir, 'formats', 'my-fujian', 'target-table.hbs');
    fs.writeFileSync(hbs, fs.readFileSync(hbs, 'utf8').replace('<title style="formTitle">部门整体支出绩效目标表</title>', '<title style="formTitle">部门整体支出绩效目标申报表</title>'));
    const data = YAML.parse(fs.readFileSync(path.join(ROOT, 'fixtures', 'fujian.yaml'), 'utf8'));
    data.format = '../formats/my-fujian';
    data.department.name = 'XX市方志办';
    fs.writeFileSync(path.join(inDir, 'copied.yaml'), YAML.stringify(data));

    const outcome = await runBatch({ inputs: [inDir], out: path.join(dir, 'out'), formats: ['docx'], cwd: os.tmpdir(), threads: 1 });
    expect(outcome.summary.packets.map((p) => `${p.status} ${p.year} ${p.department}`).sort()).toEqual([
      'ok 2019 XX市方志办',
      'ok 2019 XX市档案局',
      'ok 2021 XX市水务局',
      'ok 2025 中共广州市委外事工作委员会办公室',
    ]);
    const files = (p: string) => fs.readdirSync(path.join(dir, 'out', p)).filter((f) => f.endsWith('.docx'));
    expect(files('2021/XX市水务局')).toEqual(['2021年XX市水务局整体支出绩效自评报告.docx']);
    expect(files('2019/XX市档案局')).toEqual(['XX市档案局2019年度部门整体支出绩效目标表.docx']);
    expect(files('2025/中共广州市委外事工作委员会办公室')).toHaveLength(2);
    const { unzipSync, strFromU8 } = await import('fflate');
    const xml = (p: string) => strFromU8(unzipSync(fs.readFileSync(path.join(dir, 'out', p)))['word/document.xml']!);
    expect(xml('2019/XX市方志办/XX市方志办2019年度部门整体支出绩效目标表.docx')).toContain('部门整体支出绩效目标申报表');
    expect(xml('2019/XX市档案局/XX市档案局2019年度部门整体支出绩效目标表.docx')).not.toContain('目标申报表');
  });
});
