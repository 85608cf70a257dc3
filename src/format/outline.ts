/**
 * The report outline as data: the format lists the sections (heading, body blocks, children,
 * optional), the packet may add a preface, rename a heading, leave out an optional section or add
 * a section (`<part>.outline`). Numbers are given here, by the outline's numbering per level, so an
 * added section renumbers the ones after it. The result is markup for the template's `{{outline}}`.
 */
import type Handlebars from 'handlebars';
import { ordinal } from '../templates/helpers.ts';
import { parsePath, valuesAt } from './fields.ts';
import type { BodyBlock, OutlineEdits, OutlineSpec, SectionSpec } from './spec.ts';

/** A body block compiled once per format. */
interface CompiledBlock {
  readonly block: BodyBlock;
  readonly source: string;
  readonly render: Handlebars.TemplateDelegate;
}

/** One section after the department's changes. */
interface Node {
  readonly heading: string;
  /** Format blocks, or the paragraphs of a section the data added. */
  readonly blocks: readonly CompiledBlock[];
  readonly paragraphs?: readonly string[];
  readonly children: readonly Node[];
}

/** The Handlebars source of a body block (each runs against the whole template data). */
function blockSource(b: BodyBlock): string {
  if ('paragraphs' in b) return `{{#each ${b.paragraphs}}}<p>{{this}}</p>\n{{/each}}`;
  if ('list' in b) return `{{#each ${b.list}}}<p>{{ordinal @index ${JSON.stringify(b.style)}}}{{this}}</p>\n{{/each}}`;
  if ('p' in b) return `<p>${b.p.trim()}</p>\n`;
  return b.markup;
}

export type RunTemplate = (fn: Handlebars.TemplateDelegate, data: unknown, template: string, source: string) => string;

/** A compiled outline: renders the markup of a packet's sections. */
export class CompiledOutline {
  private readonly blocks = new Map<BodyBlock, CompiledBlock>();

  constructor(
    readonly spec: OutlineSpec,
    private readonly hb: typeof Handlebars,
    private readonly name: string,
  ) {}

  private compiled(b: BodyBlock): CompiledBlock {
    let c = this.blocks.get(b);
    if (!c) {
      const source = blockSource(b);
      c = { block: b, source, render: this.hb.compile(source, { strict: true, noEscape: false }) };
      this.blocks.set(b, c);
    }
    return c;
  }

  /** The markup of the outline for the packet's data (`part` = its key, e.g. report). */
  markup(data: Record<string, unknown>, part: string, run: RunTemplate): string {
    const edits = ((data[part] as { outline?: OutlineEdits } | undefined)?.outline ?? {}) as OutlineEdits;
    const esc = this.hb.Utils.escapeExpression;
    const out: string[] = [];
    if (edits.preface?.length) for (const p of edits.preface) out.push(`<p>${esc(p)}</p>\n`);
    else for (const b of this.spec.preface ?? []) out.push(this.runBlock(this.compiled(b), data, run));
    const emit = (nodes: readonly Node[], depth: number) => {
      nodes.forEach((n, i) => {
        const style = this.spec.numbering[Math.min(depth, this.spec.numbering.length - 1)]!;
        const tag = `h${Math.min(depth + 1, 4)}`;
        out.push(`<${tag}>${esc(ordinal(i + 1, style))}${esc(n.heading)}</${tag}>\n`);
        for (const p of n.paragraphs ?? []) out.push(`<p>${esc(p)}</p>\n`);
        for (const b of n.blocks) out.push(this.runBlock(b, data, run));
        emit(n.children, depth + 1);
      });
    };
    emit(this.nodes(this.spec.sections, edits, data), 0);
    return out.join('');
  }

  private runBlock(b: CompiledBlock, data: unknown, run: RunTemplate): string {
    return run(b.render, data, this.name, b.source);
  }

  /** The sections after renames, omissions and additions; optional sections with no text drop out. */
  private nodes(sections: readonly SectionSpec[], edits: OutlineEdits, data: unknown): Node[] {
    const renamed = new Map((edits.headings ?? []).map((h) => [h.id, h.heading]));
    const omitted = new Set(edits.omit ?? []);
    const added = edits.sections ?? [];
    const extra = (s: (typeof added)[number]): Node => ({ heading: s.heading, blocks: [], paragraphs: s.paragraphs, children: [] });
    const out: Node[] = [];
    for (const s of sections) {
      for (const a of added) if (a.before === s.id) out.push(extra(a));
      const children = this.nodes(s.children ?? [], edits, data);
      for (const a of added) if (a.under === s.id) children.push(extra(a));
      const keep = !omitted.has(s.id) && !(s.optional && children.length === 0 && this.isEmpty(s, data));
      if (keep) out.push({ heading: renamed.get(s.id) ?? s.heading, blocks: (s.body ?? []).map((b) => this.compiled(b)), children });
      for (const a of added) if (a.after === s.id) out.push(extra(a));
    }
    return out;
  }

  /** An optional section whose paragraphs are absent or empty has nothing to say. */
  private isEmpty(s: SectionSpec, data: unknown): boolean {
    return (s.body ?? []).every((b) => {
      const p = 'paragraphs' in b ? b.paragraphs : 'list' in b ? b.list : undefined;
      if (p === undefined) return false;
      const v = valuesAt(data, parsePath(p))[0];
      return v === undefined || (Array.isArray(v) && v.every((x) => String(x).trim() === ''));
    });
  }
}
