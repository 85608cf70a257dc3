/**
 * The warm renderer: after a one-field edit it lays out again only what changed, and its files
 * are byte for byte those of a render from scratch (fresh renderer, empty PDF caches).
 */
import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createRenderer, render, type RenderResult } from '../src/render/index.ts';
import { pdfCacheStats, resetPdfCaches } from '../src/pdf/cache.ts';
import type { Packet } from '../src/model/schema.ts';
import { samplePacket } from './helpers/sample.ts';

const hashes = (r: RenderResult) => Object.fromEntries(r.files.map((f) => [f.name, crypto.createHash('sha256').update(f.bytes).digest('hex')]));

/** The sample with one sentence added to its first work paragraph. */
function edited(p: Packet): Packet {
  const work = [p.report.work[0] + '全年共办理因公出国（境）审批事项1200余件。', ...p.report.work.slice(1)];
  return { ...p, report: { ...p.report, work } };
}

describe('createRenderer', () => {
  const packet = samplePacket();

  it('re-lays out only the edited paragraph and gives the bytes of a render from scratch', async () => {
    const r = createRenderer();
    const first = await r.render(packet);
    const before = r.stats();
    const warm = await r.render(edited(packet));
    const after = r.stats();
    // One paragraph is new; every other paragraph, cell and table of both documents is a memo hit.
    expect(after.lines.misses - before.lines.misses).toBe(1);
    expect(after.lines.hits - before.lines.hits).toBeGreaterThan(80);
    expect(after.tables.misses - before.tables.misses).toBe(0);
    expect(after.tables.hits - before.tables.hits).toBe(1);

    resetPdfCaches();
    const scratch = await render(edited(packet));
    expect(hashes(warm)).toEqual(hashes(scratch));
    expect(hashes(warm)).not.toEqual(hashes(first));
    const pdf = warm.files.find((f) => f.format === 'pdf' && f.document === 'attachment2')!;
    expect(pdf.bytes.length).toBeGreaterThan(50_000);
  });

  it('reuses compressed streams and font subsets that did not change, with the same bytes', async () => {
    const r = createRenderer();
    resetPdfCaches();
    const a = await r.render(packet, { formats: ['pdf'] });
    const s0 = { ...pdfCacheStats };
    const b = await r.render(packet, { formats: ['pdf'] });
    expect(pdfCacheStats.deflateMisses - s0.deflateMisses).toBe(0);
    expect(pdfCacheStats.deflateHits - s0.deflateHits).toBeGreaterThan(10);
    expect(pdfCacheStats.subsetHits - s0.subsetHits).toBeGreaterThanOrEqual(4);
    expect(hashes(b)).toEqual(hashes(a));
  });

  it('renders only the documents asked for, and takes a check made before instead of checking again', async () => {
    const r = createRenderer();
    const checked = r.check(packet, undefined, ['pdf']);
    const res = await r.render(packet, { formats: ['pdf'], documents: ['attachment2'], checked });
    expect(res.files.map((f) => f.document)).toEqual(['attachment2']);
    expect(res.warnings).toBe(checked.diagnostics);
    // A check with errors is refused as render() refuses the packet.
    const bad = { ...checked, errors: 1, diagnostics: [{ severity: 'error' as const, code: 'x', path: 'report.score', zh: '错', en: 'bad' }] };
    await expect(r.render(packet, { checked: bad })).rejects.toThrow(/report\.score/);
  });
});
