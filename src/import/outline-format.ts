/**
 * The importer's outline read from a format's own `outline.yaml` (the formats of issue 11:
 * `numbering`, `sections` with `heading`, `children`, and `body` blocks `paragraphs: PATH`,
 * `list: PATH`, `p: SENTENCE`, `markup: HANDLEBARS`). Sections become headings → fields; `p`
 * blocks and the `<p>` sentences inside `markup` become fixed sentences with their paths written
 * out in full (`{{#with}}`, `../`, `as |d|` and `@root.` resolved); an `{{#each X}}` whose body
 * loops over `paragraphs` becomes run-in items. What only an importer knows (aliases seen in other
 * departments' reports, how to split a printed total, the declaration's cells) comes from `base`.
 */
import Handlebars from 'handlebars';
import YAML from 'yaml';
import type { FixedSentence, ImportOutline, OutlineSection } from './outline.ts';

interface Block {
  readonly paragraphs?: string;
  readonly list?: string;
  readonly style?: string;
  readonly p?: string;
  readonly markup?: string;
}
interface SectionSpec {
  readonly id?: string;
  readonly heading: string;
  readonly body?: readonly Block[];
  readonly children?: readonly SectionSpec[];
}

type Stmt = hbs.AST.Statement;

/** What a markup block yields: sentences with full paths, a paragraphs field, an items list. */
interface MarkupParts {
  sentences: string[];
  paragraphs?: string;
  items?: string;
}

/** Resolves a path expression against the `#with` stack and block parameters. */
function resolve(original: string, stack: readonly string[], params: ReadonlyMap<string, string>): string {
  if (original.startsWith('@root.')) return original.slice(6);
  let p = original;
  let up = 0;
  while (p.startsWith('../')) {
    up++;
    p = p.slice(3);
  }
  const ctx = stack[stack.length - 1 - up] ?? '';
  if (p === 'this' || p === '.') return ctx;
  const [head, ...rest] = p.split('.');
  if (up === 0 && params.has(head!)) return [params.get(head!)!, ...rest].filter(Boolean).join('.');
  return ctx ? `${ctx}.${p}` : p;
}

function literal(v: hbs.AST.Expression): string {
  const e = v as hbs.AST.Expression & { value?: unknown; original?: string };
  return e.type === 'PathExpression' ? (e.original ?? '') : JSON.stringify(e.value).replace(/^"(.*)"$/, '"$1"');
}

/** Walks markup, writing each mustache with a full path, and collecting loops. */
function walkMarkup(source: string): MarkupParts {
  const out: MarkupParts = { sentences: [] };
  let text = '';
  const walk = (body: readonly Stmt[], stack: string[], params: Map<string, string>) => {
    for (const st of body) {
      if (st.type === 'ContentStatement') text += (st as hbs.AST.ContentStatement).value;
      else if (st.type === 'MustacheStatement') {
        const m = st as hbs.AST.MustacheStatement;
        const head = (m.path as hbs.AST.PathExpression).original;
        if (m.params.length) {
          const args = m.params.map((x) => (x.type === 'PathExpression' ? resolve((x as hbs.AST.PathExpression).original, stack, params) : literal(x)));
          const hash = (m.hash?.pairs ?? []).map((p) => `${p.key}=${literal(p.value)}`);
          text += `{{${[head, ...args, ...hash].join(' ')}}}`;
        } else text += `{{${resolve(head, stack, params)}}}`;
      } else if (st.type === 'BlockStatement') {
        const b = st as hbs.AST.BlockStatement;
        const helper = (b.path as hbs.AST.PathExpression).original;
        const arg = b.params[0] as hbs.AST.PathExpression | undefined;
        const target = arg && arg.type === 'PathExpression' ? resolve(arg.original, stack, params) : '';
        if (helper === 'with') {
          const next = new Map(params);
          for (const name of b.program.blockParams ?? []) next.set(name, target);
          walk(b.program.body, [...stack, target], next);
        } else if (helper === 'each') {
          // A loop over paragraphs ({{this}} in a <p>), or over items that loop over their paragraphs.
          const inner = b.program.body.find((x) => x.type === 'BlockStatement' && ((x as hbs.AST.BlockStatement).path as hbs.AST.PathExpression).original === 'each');
          if (inner) out.items = target;
          else out.paragraphs = target;
          text += '<p>{{#loop}}</p>';
        } else {
          walk(b.program.body, stack, params);
          if (b.inverse) walk(b.inverse.body, stack, params);
        }
      }
    }
  };
  walk(Handlebars.parse(source).body, [''], new Map());
  for (const m of text.matchAll(/<p>([\s\S]*?)<\/p>/g)) {
    const s = m[1]!.replace(/<[^>]+>/g, '').trim();
    if (s.includes('{{') && !s.includes('{{#loop}}')) out.sentences.push(s);
  }
  return out;
}

/** The heading words an importer also accepts for a heading (other departments' wording). */
function aliasesFrom(base: ImportOutline): Map<string, readonly string[]> {
  return new Map(base.sections.map((s) => [s.heading, s.aliases ?? []]));
}

/** Builds an importer's outline from a format's outline.yaml text. */
export function outlineFromFormat(id: string, yamlText: string, base: ImportOutline): ImportOutline {
  const spec = YAML.parse(yamlText) as { sections?: readonly SectionSpec[] };
  const aliases = aliasesFrom(base);
  const sections: OutlineSection[] = [];
  const add = (list: readonly SectionSpec[], level: number) => {
    for (const s of list) {
      let path: string | undefined;
      let numbered: string | undefined;
      let items: OutlineSection['items'];
      const sentences: FixedSentence[] = [];
      for (const b of s.body ?? []) {
        if (b.paragraphs) path ??= b.paragraphs;
        else if (b.list) {
          path ??= b.list;
          numbered = b.style ?? '1.';
        } else if (b.p) sentences.push(sentence(s.heading, b.p.trim()));
        else if (b.markup) {
          const m = walkMarkup(b.markup);
          if (m.paragraphs) path ??= m.paragraphs;
          if (m.items) items = { path: m.items, title: 'title', paragraphs: 'paragraphs' };
          for (const t of m.sentences) sentences.push(sentence(s.heading, t));
        }
      }
      sections.push({
        ...(s.id ? { id: s.id } : {}),
        level,
        heading: s.heading,
        ...(aliases.get(s.heading)?.length ? { aliases: aliases.get(s.heading) } : {}),
        ...(path ? { path } : {}),
        ...(numbered ? { numbered } : {}),
        ...(sentences.length ? { sentences } : {}),
        ...(items ? { items } : {}),
      });
      add(s.children ?? [], level + 1);
    }
  };
  add(spec.sections ?? [], 1);
  return { ...base, id, sections };
}

/** A fixed sentence: `first` when it opens with words of the department's (a lead) before its figures. */
function sentence(heading: string, text: string): FixedSentence {
  return { name: heading, text, position: /^\{\{(?!amount|percent|#)[^}]*\}\}/.test(text) && !/^\{\{[^}]*year\}\}/.test(text) ? 'first' : 'any' };
}
