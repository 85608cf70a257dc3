/**
 * The form, generated from the field tree (the format's JSON Schema) and the format's layout
 * hints: objects of amounts become grids like the paper form's, lists of flat rows become tables
 * whose rows can be added, removed and moved, lists of nested items (the indicator tree) become
 * nested blocks, paragraphs become one text area each. Nothing here names a field of one form.
 */
import { autoGrow, h } from './dom.ts';
import type { EditOp, FieldSpec, Layout, PathKey } from './api.ts';
import { cellValue, emptyValue, parseAmountInput, showAmount } from './values.ts';

export { emptyValue, parseAmountInput, showAmount };

/** What an emptied optional field sends: its key is taken out of the file. */
export const UNSET = Symbol('unset');

export interface FormHost {
  /** A value typed into a field (sent after a short pause); UNSET takes an optional key out. */
  set(path: PathKey, value: unknown): void;
  /** A row added, removed or moved (sent at once; the form is rebuilt from the answer). */
  structural(op: EditOp): void;
}

/** Where a field is shown, for its messages. */
export interface FieldSlot {
  readonly label: string;
  readonly wrap: HTMLElement;
  readonly messages: HTMLElement;
  readonly focus?: HTMLElement;
  readonly kind?: FieldSpec['kind'];
}

export const keyOf = (path: PathKey) => path.join('.');
/** `declaration.tasks.3.amount` → `declaration.tasks.*.amount`, to match layout hints. */
const patternOf = (path: PathKey) => path.map((p) => (typeof p === 'number' ? '*' : p)).join('.');

function get(data: unknown, path: PathKey): unknown {
  let v = data;
  for (const p of path) v = v !== null && typeof v === 'object' ? (v as Record<string | number, unknown>)[p] : undefined;
  return v;
}

export class Form {
  readonly slots = new Map<string, FieldSlot>();
  readonly figures = new Map<string, HTMLElement>();
  private readonly hidden: Set<string>;

  constructor(
    private readonly spec: FieldSpec,
    private readonly layout: Layout,
    private readonly host: FormHost,
  ) {
    this.hidden = new Set(layout.hidden ?? []);
  }

  /** Builds the sections (tabs) of the form for `data`. */
  build(data: unknown): { id: string; title: string; body: HTMLElement }[] {
    this.slots.clear();
    this.figures.clear();
    const fields = (this.spec.fields ?? []).filter((f) => !this.hidden.has(f.key));
    const sections = this.layout.sections ?? fields.map((f) => ({ id: f.key, title: f.label, fields: [f.key] }));
    const placed = new Set(sections.flatMap((s) => s.fields));
    const rest = fields.filter((f) => !placed.has(f.key));
    const out = sections.map((s, i) => {
      const body = h('div', { class: 'section' });
      const own = fields.filter((f) => s.fields.includes(f.key));
      if (i === 0) own.push(...rest);
      for (const f of own) body.append(this.field(f, [f.key], get(data, [f.key]), 1));
      return { id: s.id, title: s.title, body };
    });
    return out;
  }

  private register(path: PathKey, label: string, wrap: HTMLElement, focus?: HTMLElement, kind?: FieldSpec['kind']): HTMLElement {
    const messages = h('div', { class: 'messages', 'aria-live': 'polite' });
    wrap.append(messages);
    wrap.dataset.path = keyOf(path);
    this.slots.set(keyOf(path), { label, wrap, messages, ...(focus ? { focus } : {}), ...(kind ? { kind } : {}) });
    return messages;
  }

  private field(spec: FieldSpec, path: PathKey, value: unknown, depth: number): HTMLElement {
    if (this.hidden.has(patternOf(path))) return h('span');
    switch (spec.kind) {
      case 'object':
        return this.object(spec, path, value, depth);
      case 'list':
        return this.list(spec, path, Array.isArray(value) ? value : [], depth);
      case 'paragraphs':
        return this.paragraphs(spec, path, Array.isArray(value) ? value : [], depth);
      default: {
        const wrap = h('div', { class: `field kind-${spec.kind}` }, h('label', { text: spec.label, title: spec.help ?? '' }));
        const input = this.input(spec, path, value);
        wrap.append(input);
        this.register(path, spec.label, wrap, input, spec.kind);
        return wrap;
      }
    }
  }

  /** The input for one scalar value. */
  input(spec: FieldSpec, path: PathKey, value: unknown): HTMLElement {
    const id = `f-${keyOf(path).replace(/[^\w.-]/g, '_')}`;
    const name = keyOf(path);
    if (spec.kind === 'amount' || spec.kind === 'score' || spec.kind === 'cell') {
      const input = h('input', { id, name, class: spec.kind === 'cell' ? 'cell' : 'amount', inputmode: spec.kind === 'cell' ? 'text' : 'decimal', 'aria-label': spec.label, title: spec.help ?? '', autocomplete: 'off' });
      input.value = spec.kind === 'cell' && typeof value === 'string' ? value : showAmount(value);
      input.addEventListener('input', () => this.host.set(path, spec.kind === 'cell' ? cellValue(input.value) : parseAmountInput(input.value)));
      return input;
    }
    if (spec.kind === 'year' || spec.kind === 'integer') {
      const input = h('input', { id, name, class: 'integer', inputmode: 'numeric', 'aria-label': spec.label, autocomplete: 'off' });
      input.value = value === null || value === undefined ? '' : String(value);
      input.addEventListener('input', () => {
        const t = input.value.trim();
        this.host.set(path, t === '' ? null : /^\d+$/.test(t) ? Number(t) : t);
      });
      return input;
    }
    if (spec.kind === 'date') {
      const input = h('input', { id, name, type: 'date', 'aria-label': spec.label });
      input.value = typeof value === 'string' ? value : '';
      input.addEventListener('input', () => this.host.set(path, input.value || (spec.optional ? UNSET : null)));
      return input;
    }
    const t = h('textarea', { id, name, rows: 1, 'aria-label': spec.label, title: spec.help ?? '', ...(spec.maxLength ? { maxlength: spec.maxLength } : {}) });
    t.value = typeof value === 'string' ? value : value === null || value === undefined ? '' : String(value);
    if (spec.choices) {
      const listId = `${id}-choices`;
      // A datalist only suggests; the check still names a value outside the framework.
      const input = h('input', { id, name, list: listId, 'aria-label': spec.label, autocomplete: 'off' });
      input.value = t.value;
      input.addEventListener('input', () => this.host.set(path, input.value));
      return h('span', { class: 'choice' }, input, h('datalist', { id: listId }, ...spec.choices.map((c) => h('option', { value: c }))));
    }
    let composing = false;
    t.addEventListener('compositionstart', () => (composing = true));
    // Typing Chinese with an input method: the text counts once the syllables become characters.
    const typed = () => (t.value === '' && spec.optional ? UNSET : t.value);
    t.addEventListener('compositionend', () => {
      composing = false;
      this.host.set(path, typed());
    });
    t.addEventListener('input', () => {
      autoGrow(t);
      if (!composing) this.host.set(path, typed());
    });
    requestAnimationFrame(() => autoGrow(t));
    return t;
  }

  private heading(depth: number, text: string, help?: string): HTMLElement {
    const tag = depth <= 1 ? 'h2' : depth === 2 ? 'h3' : 'h4';
    return h(tag, { text, title: help ?? '' });
  }

  private object(spec: FieldSpec, path: PathKey, value: unknown, depth: number): HTMLElement {
    const pattern = patternOf(path);
    const box = h('section', { class: `object depth-${depth}` });
    if (depth > 0 && typeof path[path.length - 1] !== 'number') box.append(this.heading(depth, spec.label, spec.help));
    const fields = (spec.fields ?? []).filter((f) => !this.hidden.has(`${pattern}.${f.key}`));
    const grid = this.layout.grids?.[pattern];
    const inGrid = new Set<string>();
    if (grid) {
      const byKey = new Map(fields.map((f) => [f.key, f]));
      const table = h('table', { class: 'grid' });
      for (const row of grid) {
        const tr = h('tr');
        for (const cell of row) {
          const f = byKey.get(cell);
          if (!f) {
            tr.append(h('th', { text: cell }));
            continue;
          }
          inGrid.add(f.key);
          const td = h('td', { class: 'value' }, this.input(f, [...path, f.key], get(value, [f.key])));
          tr.append(h('th', { class: 'label', text: f.label, title: f.help ?? '' }), td);
          this.register([...path, f.key], f.label, td, td.firstElementChild as HTMLElement, f.kind);
        }
        table.append(tr);
      }
      box.append(table);
    }
    // Scalars not placed by a grid: label beside the value, one per row, as the form's left column.
    const rest = fields.filter((f) => !inGrid.has(f.key));
    for (const f of rest) box.append(this.field(f, [...path, f.key], get(value, [f.key]), depth + 1));
    this.register(path, spec.label, box);
    this.appendFigures(box, pattern);
    return box;
  }

  private appendFigures(box: HTMLElement, pattern: string): void {
    const figs = this.layout.figures?.[pattern];
    if (!figs) return;
    const dl = h('dl', { class: 'figures' });
    for (const f of figs) {
      const dd = h('dd', { 'data-figure': f.figure, text: '—' });
      this.figures.set(f.figure, dd);
      dl.append(h('div', {}, h('dt', { text: f.label }), dd));
    }
    box.append(dl);
  }

  private rowTools(path: PathKey, index: number, length: number, what: string): HTMLElement {
    const tool = (label: string, text: string, op: EditOp | null) =>
      h('button', { type: 'button', class: 'tool', title: label, 'aria-label': label, disabled: op === null, text, onclick: () => op && this.host.structural(op) });
    return h(
      'span',
      { class: 'row-tools' },
      tool(`上移${what}`, '↑', index > 0 ? { op: 'move', path, from: index, to: index - 1 } : null),
      tool(`下移${what}`, '↓', index < length - 1 ? { op: 'move', path, from: index, to: index + 1 } : null),
      tool(`删除${what}`, '✕', { op: 'remove', path, index }),
    );
  }

  private addButton(path: PathKey, index: number, spec: FieldSpec, label: string): HTMLElement {
    return h('button', { type: 'button', class: 'add', text: `＋ ${label}`, onclick: () => this.host.structural({ op: 'insert', path, index, value: emptyValue(spec) }) });
  }

  private list(spec: FieldSpec, path: PathKey, items: unknown[], depth: number): HTMLElement {
    const item = spec.item!;
    const box = h('section', { class: `list depth-${depth}` });
    if (typeof path[path.length - 1] !== 'number') box.append(this.heading(depth, spec.label, spec.help));
    const flat = item.kind === 'object' && (item.fields ?? []).every((f) => f.kind !== 'object' && f.kind !== 'list' && f.kind !== 'paragraphs');
    if (flat) {
      // Rows of a table, as on the paper form (key tasks, third-level indicators).
      const fields = item.fields ?? [];
      const table = h('table', { class: 'rows' }, h('thead', {}, h('tr', {}, h('th', { class: 'n', text: '序号' }), ...fields.map((f) => h('th', { text: f.label, title: f.help ?? '' })), h('th', { class: 'tools' }))));
      const tbody = h('tbody');
      items.forEach((row, i) => {
        const tr = h('tr', {}, h('td', { class: 'n', text: String(i + 1) }));
        for (const f of fields) {
          const p = [...path, i, f.key];
          const td = h('td', { class: `kind-${f.kind}` }, this.input(f, p, get(row, [f.key])));
          this.register(p, f.label, td, td.firstElementChild as HTMLElement, f.kind);
          tr.append(td);
        }
        tr.append(h('td', { class: 'tools' }, this.rowTools(path, i, items.length, `${spec.label}第${i + 1}行`)));
        this.register([...path, i], `${item.label}第${i + 1}行`, tr.lastElementChild as HTMLElement);
        tbody.append(tr);
      });
      table.append(tbody);
      box.append(table);
    } else {
      items.forEach((v, i) => {
        const block = h('div', { class: 'item' });
        const head = h('div', { class: 'item-head' }, h('span', { class: 'item-label', text: `${item.label} ${i + 1}` }), this.rowTools(path, i, items.length, `${item.label} ${i + 1}`));
        block.append(head, this.field(item, [...path, i], v, depth + 1));
        box.append(block);
      });
    }
    box.append(this.addButton(path, items.length, item, `添加${item.label}`));
    this.register(path, spec.label, box);
    this.appendFigures(box, patternOf(path));
    return box;
  }

  private paragraphs(spec: FieldSpec, path: PathKey, items: unknown[], depth: number): HTMLElement {
    const box = h('section', { class: `paragraphs depth-${depth}` }, this.heading(depth, spec.label, spec.help));
    items.forEach((v, i) => {
      const p = [...path, i];
      const t = this.input({ key: String(i), kind: 'text', label: `${spec.label} 第${i + 1}段` }, p, v);
      const row = h('div', { class: 'paragraph' }, t, this.rowTools(path, i, items.length, `${spec.label}第${i + 1}段`));
      this.register(p, `${spec.label} 第${i + 1}段`, row, t);
      box.append(row);
    });
    box.append(this.addButton(path, items.length, { key: '', kind: 'text', label: '' }, '添加段落'));
    this.register(path, spec.label, box);
    return box;
  }
}

