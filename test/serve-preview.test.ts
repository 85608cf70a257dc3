/**
 * Rendering off the request path: the preview queue keeps one render running and one waiting per
 * file, a newer edit replaces the waiting one (dropped, never rendered); downloads are rendered
 * in full and never dropped; a packet with errors is refused with the checker's message.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { unzipSync, strFromU8 } from 'fflate';
import { RenderQueue } from '../src/serve/preview.ts';
import { SAMPLE_TEXT } from './helpers/sample.ts';

const queue = new RenderQueue();
afterAll(() => queue.close());

const edited = (basic: string, total: string) =>
  SAMPLE_TEXT.replace("basic: '5,093.50'", `basic: '${basic}'`).replace("fiscal: '8,019.04'", `fiscal: '${total}'`).replace("cityLevel: '8,019.04'", `cityLevel: '${total}'`);

describe('preview queue', () => {
  it('renders the first and the newest version of a burst and drops the ones between', async () => {
    queue.schedule('a.yaml', 1, SAMPLE_TEXT);
    queue.schedule('a.yaml', 2, edited('5,100.00', '8,025.54'));
    queue.schedule('a.yaml', 3, edited('5,200.00', '8,125.54'));
    const first = await queue.waitNewer('a.yaml', 0, 60_000);
    expect(first?.version).toBe(1);
    const last = await queue.waitNewer('a.yaml', 1, 60_000);
    expect(last?.version).toBe(3);
    expect(queue.stats).toEqual({ rendered: 2, dropped: 1 });
    expect(last?.pdfs?.map((f) => f.document)).toEqual(['attachment1', 'attachment2']);
    expect(Buffer.from(last!.pdfs![0]!.bytes.subarray(0, 5)).toString()).toBe('%PDF-');
    // A fingerprint per page: the budget change touches the first page of 附件1 and not 附件2.
    expect(last!.pdfs![0]!.pages.length).toBe(first!.pdfs![0]!.pages.length);
    expect(last!.pdfs![0]!.pages[0]).not.toBe(first!.pdfs![0]!.pages[0]);
    expect(last!.pdfs![1]!.pages).toEqual(first!.pdfs![1]!.pages);
  });

  it('does not render a version older than the one shown', () => {
    const before = queue.stats.rendered;
    queue.schedule('a.yaml', 2, SAMPLE_TEXT);
    expect(queue.latest('a.yaml')?.version).toBe(3);
    expect(queue.stats.rendered).toBe(before);
  });

  it('refuses a packet with errors, naming the rule', async () => {
    const r = await queue.render(SAMPLE_TEXT.replace("basic: '5,093.50'", "basic: '5,193.50'"), ['pdf']);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.zh).toContain('财政拨款（declaration.budget.fiscal）：财政拨款 + 其他资金 8,019.04，应等于基本支出 + 项目支出 8,119.04');
  });

  it('renders the whole packet for a download', async () => {
    const r = await queue.render(SAMPLE_TEXT, ['pdf', 'docx']);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.files.map((f) => f.name)).toEqual([
      '附件1-中共广州市委外事工作委员会办公室2025年度部门整体预算绩效目标申报表.pdf',
      '附件1-中共广州市委外事工作委员会办公室2025年度部门整体预算绩效目标申报表.docx',
      '附件2-中共广州市委外事工作委员会办公室2023年度部门整体支出绩效自评报告.pdf',
      '附件2-中共广州市委外事工作委员会办公室2023年度部门整体支出绩效自评报告.docx',
    ]);
    const docx = unzipSync(r.files[1]!.bytes);
    expect(strFromU8(docx['word/document.xml']!)).toContain('5,093.50');
    expect(r.documentDate).toBe('2024-12-31');
  });
});
