/** DOCX titles break where our layout broke them. */
import { unzipSync, strFromU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { breakRunsAt } from '../src/docx/index.ts';
import { render } from '../src/render/index.ts';
import { samplePacket } from './helpers/sample.ts';

describe('breakRunsAt', () => {
  it('inserts breaks at the line starts, keeping run looks', () => {
    expect(breakRunsAt([{ text: '2023年度中共广州市委外事工作委员会办公室部门整体支出绩效自评报告' }], ['2023 年度中共广州市委外事工作委员会', '办公室部门整体支出绩效自评报告'])).toEqual([
      { text: '2023年度中共广州市委外事工作委员会' },
      { text: '\n' },
      { text: '办公室部门整体支出绩效自评报告' },
    ]);
    expect(breakRunsAt([{ text: '甲乙', bold: true }, { text: '丙丁' }], ['甲', '乙丙', '丁'])).toEqual([
      { text: '甲', bold: true }, { text: '\n' }, { text: '乙', bold: true }, { text: '丙' }, { text: '\n' }, { text: '丁' },
    ]);
  });
  it('a data-forced break is kept once', () => {
    expect(breakRunsAt([{ text: '甲乙' }, { text: '\n' }, { text: '丙' }], ['甲乙', '丙'])).toEqual([{ text: '甲乙' }, { text: '\n' }, { text: '丙' }]);
  });
});

describe('the sample report title in the DOCX', () => {
  it('has a line break after 委员会, like our PDF', async () => {
    const res = await render(samplePacket(), { formats: ['docx'] });
    const docx = res.files.find((f) => f.document === 'attachment2')!.bytes;
    const xml = strFromU8(unzipSync(new Uint8Array(docx))['word/document.xml']!);
    expect(xml).toMatch(/工作委员会<\/w:t><\/w:r><w:r>(<w:rPr>.*?<\/w:rPr>)?<w:br\/>/);
    expect(res.layouts['attachment2']!.titleLines[0]!.lines.map((l) => l.replace(/\s/g, ''))).toEqual(['2023年度中共广州市委外事工作委员会', '办公室部门整体支出绩效自评报告']);
  });
});
