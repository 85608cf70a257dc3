/**
 * The document model as readable text, one line per block (and per table row), for snapshot
 * tests: a changed template shows up as a reviewed diff of this text.
 */
import type { Block, Document, Run, TableBlock } from './model.ts';

function runs(rs: readonly Run[]): string {
  return rs
    .map((r) => {
      const text = r.text === '\n' ? '⏎' : r.text;
      const look = [r.bold ? 'b' : '', r.font ?? '', r.size ? `${r.size}pt` : ''].filter(Boolean).join(' ');
      return look ? `[${look}: ${text}]` : text;
    })
    .join('');
}

function table(t: TableBlock): string[] {
  const out = [`table ${t.style.docxStyleName} ${t.style.font} ${t.style.size}pt cols=${t.columns.map((c) => c.toFixed(1)).join(',')}`];
  t.rows.forEach((row, i) => {
    const cells = row.cells.map((c) => {
      const tags = [c.rowSpan > 1 || c.colSpan > 1 ? `${c.rowSpan}x${c.colSpan}` : '', c.repeatOnSplit ? 'repeat' : '', c.bold ? 'bold' : '', c.align !== 'left' ? c.align : ''].filter(Boolean);
      return `{${tags.length ? tags.join(' ') + ' ' : ''}${c.paragraphs.map(runs).join(' ⏎ ')}}`;
    });
    out.push(`  r${i}${row.repeatHeader ? ' header' : ''}: ${cells.join(' ')}`);
  });
  return out;
}

function block(b: Block): string[] {
  switch (b.kind) {
    case 'pageBreak':
      return ['pagebreak'];
    case 'table':
      return table(b);
    default: {
      const head = b.kind === 'heading' ? `h${b.level}` : b.kind;
      return [`${head} (${b.style.docxStyleName} ${b.style.font}${b.style.bold ? ' bold' : ''} ${b.style.size}pt ${b.style.align}): ${runs(b.runs)}`];
    }
  }
}

export function describeDocument(doc: Document): string {
  const m = doc.meta;
  const out = [`document "${m.title}" author="${m.author}" subject="${m.subject}" date=${m.date}`];
  doc.sections.forEach((s, i) => {
    const p = s.page;
    out.push(
      `section ${i} ${p.width.toFixed(1)}x${p.height.toFixed(1)}pt margins ${[p.margin.top, p.margin.right, p.margin.bottom, p.margin.left].map((v) => v.toFixed(1)).join('/')}` +
        `${p.grid ? ` grid ${p.grid.linesPerPage}x${p.grid.charsPerLine}` : ''} numbers=${p.pageNumbers} "${p.pageNumberFormat}"`,
    );
    for (const b of s.blocks) out.push(...block(b).map((l) => '  ' + l));
  });
  return out.join('\n');
}
