/**
 * A batch worker's heap is capped (workerHeapMb): a packet too large for it fails alone with a
 * bilingual message naming the cause, and the next packet renders on a fresh worker.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { describe, expect, it } from 'vitest';
import { runBatch } from '../../src/batch/run.ts';
import { sampleData } from '../helpers/sample.ts';

describe('batch worker memory', () => {
  it('refuses a packet that outgrows the worker heap and goes on with the next one', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jixiao-batch-mem-'));
    const huge = sampleData();
    // Some 2.6 million characters, in 300 paragraphs each within the format's
    // length limit (a single such paragraph is refused at check before it reaches a worker).
    huge.report.work = Array.from({ length: 300 }, () => huge.report.work[0].repeat(38));
    fs.writeFileSync(path.join(dir, 'a-huge.yaml'), YAML.stringify(huge));
    const small = sampleData();
    small.department.name = '广州市戊局';
    fs.writeFileSync(path.join(dir, 'b-small.yaml'), YAML.stringify(small));
    const res = await runBatch({ inputs: [dir], out: path.join(dir, 'out'), threads: 1, workerHeapMb: 64, formats: ['pdf'] });
    const byFile = Object.fromEntries(res.summary.packets.map((p) => [path.basename(p.file), p]));
    expect(byFile['a-huge.yaml']!.status).toBe('failed');
    expect(byFile['a-huge.yaml']!.errors![0]).toMatchObject({ code: 'render.memory' });
    expect(byFile['a-huge.yaml']!.errors![0]!.zh).toContain('内存上限');
    expect(byFile['b-small.yaml']!.status).toBe('ok');
    expect(fs.readdirSync(path.join(dir, 'out', '2025', '广州市戊局')).some((f) => f.endsWith('.pdf'))).toBe(true);
    expect(res.exitCode).toBe(1);
  }, 120_000);
});
