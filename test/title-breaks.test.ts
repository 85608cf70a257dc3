/**
 * Report titles break at the template's hints (`<wbr/>` after 年度 and after the department's
 * name) when the lines fit, else in balanced lines at likely word boundaries; never inside an
 * ordinary department name. The DOCX follows the laid lines.
 */
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { Run, TextBlock } from '../src/document/model.ts';
import { loadFontSet } from '../src/fonts/index.ts';
import { breakBlock } from '../src/layout/flow.ts';
import { createLineBreaker } from '../src/layout/linebreak.ts';
import { mm } from '../src/layout/metrics.ts';
import { render } from '../src/render/index.ts';
import { parseMarkup } from '../src/templates/markup.ts';
import { loadTemplates } from '../src/templates/index.ts';
import { STYLES } from './helpers/sample-report.ts';
import { parseData, sampleData, samplePacket } from './helpers/sample.ts';

const breakLines = createLineBreaker(loadFontSet());
const WIDTH = mm(156);
const PITCH = WIDTH / 28;
const HINT: Run = { text: '', breakHint: true };

/** Runs of a title: `|` marks a break hint. */
const runsOf = (text: string): Run[] => text.split('|').flatMap((t, i) => (i === 0 ? [{ text: t }] : [HINT, { text: t }])).filter((r) => r.breakHint || r.text !== '');
const title = (text: string): TextBlock => ({ kind: 'title', runs: runsOf(text), style: STYLES.title, outline: text.replace(/\|/g, '') });
const lines = (text: string): string[] => breakBlock(title(text), WIDTH, breakLines, PITCH).map((l) => l.text);

/** The title lines of 附件2 for a department. */
async function reportTitle(name?: string): Promise<{ lines: string[]; docxXml: string }> {
  const data = sampleData();
  if (name) data.department.name = name;
  const parsed = parseData(data);
  if (!parsed.packet) throw new Error(JSON.stringify(parsed.diagnostics));
  const res = await render(parsed.packet, { formats: ['docx'] });
  const docx = res.files.find((f) => f.document === 'attachment2')!.bytes;
  return {
    lines: [...res.layouts['attachment2']!.titleLines[0]!.lines],
    docxXml: strFromU8(unzipSync(new Uint8Array(docx))['word/document.xml']!),
  };
}

/** The title paragraph's text in the DOCX with `|` for each line break. */
function docxTitle(xml: string): string {
  const p = xml.split('</w:p>').find((para) => para.includes('部门整体支出绩效自评报告'))!;
  return [...p.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>|<w:br\/>/g)].map((m) => (m[0] === '<w:br/>' ? '|' : m[1])).join('');
}

describe('report titles of ordinary departments (template hints)', () => {
  const cases: [string, string[]][] = [
    ['广州市人力资源和社会保障局', ['2023年度广州市人力资源和社会保障局', '部门整体支出绩效自评报告']],
    ['广州市规划和自然资源局', ['2023年度广州市规划和自然资源局', '部门整体支出绩效自评报告']],
    ['中共广州市委政法委员会', ['2023年度中共广州市委政法委员会', '部门整体支出绩效自评报告']],
    ['广州市戊局', ['2023年度广州市戊局', '部门整体支出绩效自评报告']],
  ];
  for (const [name, expected] of cases) {
    it(`${name}: the name ends the first line, in the PDF layout and the DOCX`, async () => {
      const t = await reportTitle(name);
      expect(t.lines).toEqual(expected);
      expect(docxTitle(t.docxXml)).toBe(expected.join('|'));
    });
  }

  it('the sample keeps 委员会 / 办公室… (its hint split does not fit: the first line would be too long)', async () => {
    const t = await reportTitle();
    expect(t.lines).toEqual(['2023年度中共广州市委外事工作委员会', '办公室部门整体支出绩效自评报告']);
    expect(docxTitle(t.docxXml)).toBe('2023年度中共广州市委外事工作委员会|办公室部门整体支出绩效自评报告');
  });

  it('a name too long for one line with the year: balanced, at a word end inside the name', async () => {
    const t = await reportTitle('广州市人民政府驻北京联络处机关服务中心');
    expect(t.lines).toEqual(['2023年度广州市人民政府驻北京联络处', '机关服务中心部门整体支出绩效自评报告']);
  });
});

describe('splitting a title at its hints', () => {
  it('uses the hints whose lines fit: the fewest lines, then the most balanced', () => {
    // Both single hints fit; the one after the name balances better.
    expect(lines('2023年度|广州市戊局|部门整体支出绩效自评报告')).toEqual(['2023年度广州市戊局', '部门整体支出绩效自评报告']);
    // A hint where a balanced split would not break.
    expect(lines('2023年度广州市戊局部门整体|支出绩效自评报告')).toEqual(['2023年度广州市戊局部门整体', '支出绩效自评报告']);
    // A title of three lines: of the hint pairs whose lines fit, the most balanced.
    const han = (n: number, from = 0) => Array.from({ length: n }, (_, i) => '部门整体支出绩效自评报告预算执行情况管理效率分析'[(from + i) % 24]).join('');
    const [p1, p2, p3, p4] = [han(14), han(3, 3), han(15, 5), han(16, 7)];
    expect(lines(`${p1}|${p2}|${p3}|${p4}`)).toEqual([p1 + p2, p3, p4]);
  });

  it('never takes more lines than the title needs: an unfitting hint split falls back to the balanced one', () => {
    expect(lines('2023年度|中共广州市委外事工作委员会办公室|部门整体支出绩效自评报告')).toEqual([
      '2023年度中共广州市委外事工作委员会',
      '办公室部门整体支出绩效自评报告',
    ]);
  });

  it('ignores hints where no line may break, and at the ends', () => {
    expect(lines('|20|23年度广州市戊局部门整体支出绩效自评报告|')).toEqual(['2023年度广州市戊局', '部门整体支出绩效自评报告']);
  });

  it('a title that fits one line stays one line', () => {
    expect(lines('2023年度|广州市戊局|绩效自评报告')).toEqual(['2023年度广州市戊局绩效自评报告']);
  });

  it('hints inside a part between forced breaks apply to that part', () => {
    const block: TextBlock = { ...title('2023年度|广州市人力资源和社会保障局|部门整体支出绩效自评报告'), runs: [{ text: '关于' }, { text: '\n' }, ...runsOf('2023年度|广州市人力资源和社会保障局|部门整体支出绩效自评报告')] };
    expect(breakBlock(block, WIDTH, breakLines, PITCH).map((l) => l.text)).toEqual(['关于', '2023年度广州市人力资源和社会保障局', '部门整体支出绩效自评报告']);
  });
});

describe('the balanced split without hints (data titles, other templates)', () => {
  const cases: [string, string[]][] = [
    ['2023年度广州市人力资源和社会保障局部门整体支出绩效自评报告', ['2023年度广州市人力资源和社会保障局', '部门整体支出绩效自评报告']],
    ['2023年度广州市规划和自然资源局部门整体支出绩效自评报告', ['2023年度广州市规划和自然资源局', '部门整体支出绩效自评报告']],
    ['2023年度中共广州市委政法委员会部门整体支出绩效自评报告', ['2023年度中共广州市委政法委员会', '部门整体支出绩效自评报告']],
    ['2023年度广州市戊局部门整体支出绩效自评报告', ['2023年度广州市戊局', '部门整体支出绩效自评报告']],
    ['2023年度中共广州市委外事工作委员会办公室部门整体支出绩效自评报告', ['2023年度中共广州市委外事工作委员会', '办公室部门整体支出绩效自评报告']],
    ['2023年度广州市发展和改革委员会部门整体支出绩效自评报告', ['2023年度广州市发展和改革委员会', '部门整体支出绩效自评报告']],
  ];
  for (const [text, expected] of cases) {
    it(`${expected.join(' / ')}`, () => expect(lines(text)).toEqual(expected));
  }

  it('prefers a line end after 委 / 办 when it is not inside 委员会 / 办公室', () => {
    expect(lines('2023年度中共广州市委政法委机关服务中心部门整体支出绩效自评报告')).toEqual([
      '2023年度中共广州市委政法委',
      '机关服务中心部门整体支出绩效自评报告',
    ]);
  });

  it('with hints that cannot all be used, keeps the one that fits (no split inside the name when a split at its end fits)', () => {
    // Three lines are needed; 年度 + the name do not fit one line, the name alone does not either.
    const t = lines('2023年度|广州市人民政府驻北京联络处机关服务中心广州市人民政府驻北京联络处|部门整体支出绩效自评报告');
    expect(t).toHaveLength(3);
    expect(t.at(-1)).toBe('部门整体支出绩效自评报告');
  });
});

describe('<wbr/> in the markup', () => {
  const set = loadTemplates();
  const parse = (body: string) =>
    parseMarkup(`<document title="t" author="a" subject="s"><section page="gongwen">${body}</section></document>`, { template: 't.hbs', styles: set.styles, date: '2024-01-01T00:00:00Z' });

  it('is a break-hint run with no text, never merged with text, dropped at the ends, absent from the outline', () => {
    const doc = parse('<title><wbr/>2023年度<wbr/>广州市戊局<wbr/>部门<b>整体</b><wbr/></title><p>正文<wbr/>文字</p>');
    const [t, p] = doc.sections[0]!.blocks as TextBlock[];
    expect(t!.runs).toEqual([{ text: '2023年度' }, HINT, { text: '广州市戊局' }, HINT, { text: '部门' }, { text: '整体', bold: true }]);
    expect(t!.outline).toBe('2023年度广州市戊局部门整体');
    expect(p!.runs).toEqual([{ text: '正文' }, HINT, { text: '文字' }]);
  });

  it('is allowed in table cells and takes no attributes', () => {
    const doc = parse('<table widths="20,20"><tr><td>甲<wbr/>乙</td><td>丙</td></tr></table>');
    const table = doc.sections[0]!.blocks[0]!;
    expect(table.kind === 'table' && table.rows[0]!.cells[0]!.paragraphs).toEqual([[{ text: '甲' }, HINT, { text: '乙' }]]);
    expect(() => parse('<p>甲<wbr x="1"/>乙</p>')).toThrow(/wbr/);
  });

  it('changes nothing in a paragraph', () => {
    const para = (runs: Run[]): TextBlock => ({ kind: 'paragraph', runs, style: STYLES.body });
    const text = '为推进全面实施预算绩效管理，强化预算绩效主体责任和绩效意识，进一步提高财政资金使用效益，我部门组织开展了2023年度部门整体支出绩效自评。';
    const plain = breakBlock(para([{ text }]), WIDTH, breakLines, PITCH).map((l) => l.text);
    const hinted = breakBlock(para([{ text: text.slice(0, 20) }, HINT, { text: text.slice(20) }]), WIDTH, breakLines, PITCH).map((l) => l.text);
    expect(hinted).toEqual(plain);
  });

  it('writes nothing into the DOCX', async () => {
    const res = await render(samplePacket(), { formats: ['docx'] });
    const xml = strFromU8(unzipSync(new Uint8Array(res.files.find((f) => f.document === 'attachment2')!.bytes))['word/document.xml']!);
    expect(xml).not.toMatch(/<w:t(?: [^>]*)?><\/w:t>|<w:t\/>/);
    expect(xml).not.toContain('\u200b');
  });
});

describe('the title vocabulary is the format’s (styles.yaml titleWords)', () => {
  const text = '2023年度中共广州市委外事工作委员会办公室部门整体支出绩效自评报告';
  const withWords = (titleWords: TextBlock['style']['titleWords']): string[] =>
    breakBlock({ ...title(text), style: { ...STYLES.title, titleWords } }, WIDTH, breakLines, PITCH).map((l) => l.text.replace(/\s/g, ''));

  it('breaks after 委员会 with the format’s vocabulary, elsewhere without it or with another', () => {
    expect(withWords(STYLES.title.titleWords)).toEqual(['2023年度中共广州市委外事工作委员会', '办公室部门整体支出绩效自评报告']);
    const none = withWords(undefined);
    expect(none).not.toEqual(['2023年度中共广州市委外事工作委员会', '办公室部门整体支出绩效自评报告']);
    expect(none.join('')).toBe(text);
    // Only 委员会 known: no longer split inside it, though nothing says it ends a word.
    const only = withWords({ ends: '', starts: [], words: ['委员会'] });
    expect(only.join('')).toBe(text);
    expect(only[0]!.endsWith('委员') || only[1]!.startsWith('员会')).toBe(false);
  });
});
