/**
 * The form, generated from the field tree (the format's JSON Schema) and the format's layout
 * hints: objects of amounts become grids like the paper form's, lists of flat rows become tables
 * whose rows can be added, removed and moved, lists of nested items (the indicator tree) become
 * nested blocks, paragraphs become one text area each. Nothing here names a field of one form.
 */
import { autoGrow, h } from './dom.ts';
import type { EditOp, FieldSpec, FormDefinition, Layout, OutlineForm, PathKey } from './api.ts';
import { cellValue, emptyValue, parseAmountInput, showAmount, tidyAmount } from './values.ts';

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
  private readonly spec: FieldSpec;
  private readonly layout: Layout;
  private readonly outlines: Map<string, OutlineForm>;
  /** Fields an outline shows under its headings: left out where their object is drawn. */
  private skip = new Set<string>();
  /** The outline heading being drawn: a paragraphs field with the same label needs no label of its own. */
  private underHeading = '';

  constructor(
    readonly definition: FormDefinition,
    private readonly host: FormHost,
  ) {
    this.spec = definition.spec;
    this.layout = definition.layout;
    this.outlines = new Map(definition.outlines.map((o) => [o.part, o]));
    this.hidden = new Set(this.layout.hidden ?? []);
  }

  /** The documents the packet carries (only their tabs are shown). */
  documentsIn(data: unknown): FormDefinition['format']['documents'] {
    return this.definition.format.documents.filter((d) => get(data, [d.part]) !== undefined);
  }

  /** Builds the sections (tabs) of the form for `data`; a document the packet does not carry has no tab. */
  build(data: unknown): { id: string; title: string; body: HTMLElement }[] {
    this.slots.clear();
    this.figures.clear();
    const fields = (this.spec.fields ?? []).filter((f) => !this.hidden.has(f.key));
    const sections = this.layout.sections.filter((s) => !s.part || get(data, [s.part]) !== undefined);
    const placed = new Set(this.layout.sections.flatMap((s) => s.fields));
    const rest = fields.filter((f) => !placed.has(f.key) && !this.definition.format.documents.some((d) => d.part === f.key));
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
      // A cell holds text where people type numbers (部门预算编码 302001, 目标值 1): shown as written.
      input.value = spec.kind === 'cell' ? (value === null || value === undefined ? '' : String(value)) : showAmount(value);
      input.addEventListener('input', () => this.host.set(path, spec.kind === 'cell' ? cellValue(input.value) : parseAmountInput(input.value)));
      // Left: shown as its neighbours are (`60` → `60.00`); the value sent stays the one typed.
      if (spec.kind === 'amount') input.addEventListener('blur', () => void (input.value = tidyAmount(input.value)));
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
    const outline = path.length === 1 ? this.outlines.get(String(path[0])) : undefined;
    if (outline) return this.outlined(spec, path, value, outline);
    const box = h('section', { class: `object depth-${depth}` });
    // Under an outline heading of the same name the object needs no heading of its own.
    if (depth > 0 && typeof path[path.length - 1] !== 'number' && spec.label !== this.underHeading) box.append(this.heading(depth, spec.label, spec.help));
    const fields = (spec.fields ?? []).filter((f) => !this.hidden.has(`${pattern}.${f.key}`) && !this.skip.has(`${pattern}.${f.key}`));
    const grid = this.layout.grids?.[pattern];
    const inGrid = new Set<string>();
    if (grid) {
      const byKey = new Map(fields.map((f) => [f.key, f]));
      const table = h('table', { class: 'grid' });
      // A field takes two columns (label, value), any other cell one; a shorter row's last figure
      // or heading spans the rest, so a row such as 资金总额 | <total> has no empty cells after it.
      const widthOf = (row: readonly string[]) => row.reduce((n, c) => n + (byKey.has(c) ? 2 : 1), 0);
      const columns = Math.max(...grid.map(widthOf));
      for (const row of grid) {
        const tr = h('tr');
        for (const cell of row) {
          if (cell.startsWith('=')) {
            // A derived figure inside the table (资金总额 = 项目支出 + 基本支出).
            const td = h('td', { class: 'value figure', 'data-figure': cell.slice(1), text: '—' });
            if (!this.figures.has(cell.slice(1))) this.figures.set(cell.slice(1), td);
            tr.append(td);
            continue;
          }
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
        const last = row[row.length - 1];
        if (last !== undefined && !byKey.has(last) && widthOf(row) < columns) (tr.lastElementChild as HTMLTableCellElement).colSpan = columns - widthOf(row) + 1;
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
      if (this.figures.has(f.figure)) continue;
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

  /**
   * A document part whose text follows an outline: its own fields first (year, title …), then
   * the preface and each heading, numbered as printed, with the fields its paragraphs and fixed
   * sentences come from; the department's outline edits (a renamed heading, an omitted section,
   * an added section) are shown where they apply, and sections can be added after any heading.
   */
  private outlined(spec: FieldSpec, path: PathKey, value: unknown, outline: OutlineForm): HTMLElement {
    const part = String(path[0]);
    const box = h('section', { class: 'object depth-1 outlined' }, this.heading(1, spec.label, spec.help));
    const outlineSpec = spec.fields?.find((f) => f.key === 'outline');
    const edits = (get(value, ['outline']) ?? {}) as { preface?: unknown; headings?: { id?: string; heading?: string }[]; omit?: string[]; sections?: Record<string, unknown>[] };
    const shown = new Set([...outline.headings.flatMap((x) => x.fields), `${part}.outline`]);
    this.skip = shown;
    try {
      // The part's fields no heading shows (a field some of whose members a heading shows: the others).
      const rest = (s: FieldSpec, p: PathKey, v: unknown, depth: number): HTMLElement[] =>
        (s.fields ?? []).flatMap((f) => {
          const fp = [...p, f.key];
          const k = patternOf(fp);
          if (shown.has(k) || this.hidden.has(k)) return [];
          if ([...shown].some((x) => x.startsWith(`${k}.`))) return f.kind === 'object' ? rest(f, fp, get(v, [f.key]), depth + 1) : [];
          return [this.field(f, fp, get(v, [f.key]), depth)];
        });
      box.append(...rest(spec, path, value, 2));
      const outlinePath = [...path, 'outline'];
      const prefaceSpec = outlineSpec?.fields?.find((f) => f.key === 'preface');
      if (prefaceSpec && Array.isArray(edits.preface)) box.append(this.field(prefaceSpec, [...outlinePath, 'preface'], edits.preface, 2));
      else if (prefaceSpec) box.append(h('button', { type: 'button', class: 'add', text: '＋ 添加前言（第一个标题之前的段落）', onclick: () => this.host.structural({ op: 'set', path: [...outlinePath, 'preface'], value: [''] }) }));
      const sectionSpec = outlineSpec?.fields?.find((f) => f.key === 'sections')?.item;
      const added = Array.isArray(edits.sections) ? edits.sections : [];
      const addedBlock = (i: number, where: string): HTMLElement => {
        const sp = [...outlinePath, 'sections', i];
        const block = h('div', { class: 'item added-section' }, h('div', { class: 'item-head' }, h('span', { class: 'item-label', text: `增加的小节（${where}）` }), this.rowTools([...outlinePath, 'sections'], i, added.length, `增加的小节 ${i + 1}`)));
        for (const key of ['heading', 'paragraphs']) {
          const f = sectionSpec?.fields?.find((x) => x.key === key);
          if (f) block.append(this.field(f, [...sp, key], get(added[i], [key]), 3));
        }
        this.register(sp, '增加的小节', block);
        return block;
      };
      const addAfter = (id: string) => {
        const v = { after: id, heading: '', paragraphs: [''] };
        this.host.structural(added.length ? { op: 'insert', path: [...outlinePath, 'sections'], index: added.length, value: v } : { op: 'set', path: [...outlinePath, 'sections'], value: [v] });
      };
      const omitted = new Set(Array.isArray(edits.omit) ? edits.omit : []);
      const titleOf = new Map(outline.headings.map((x) => [x.id, x.heading]));
      for (const head of outline.headings) {
        added.forEach((a, i) => a.before === head.id && box.append(addedBlock(i, `在「${head.heading}」之前`)));
        const renamed = edits.headings?.find((x) => x.id === head.id)?.heading;
        const title = `${head.number}${renamed || head.heading}`;
        const tag = head.level <= 1 ? 'h2' : head.level === 2 ? 'h3' : 'h4';
        const hd = h(tag, { class: `outline-heading${omitted.has(head.id) ? ' omitted' : ''}`, text: title, title: renamed ? `格式中的标题：${head.heading}` : '' });
        if (sectionSpec) hd.append(h('button', { type: 'button', class: 'tool add-section', title: `在「${head.heading}」之后增加一个小节`, text: '＋小节', onclick: () => addAfter(head.id) }));
        box.append(hd);
        if (omitted.has(head.id)) {
          box.append(h('p', { class: 'hint', text: '本部门省略此小节（提纲调整中的“省略的小节”）' }));
        } else {
          this.underHeading = renamed || head.heading;
          for (const fp of head.fields) {
            const keys = fp.split('.');
            const f = keys.slice(1).reduce<FieldSpec | undefined>((s, k) => s?.fields?.find((x) => x.key === k), spec);
            if (f) box.append(this.field(f, keys, get(value, keys.slice(1)), head.level + 1));
          }
          this.underHeading = '';
        }
        added.forEach((a, i) => a.under === head.id && box.append(addedBlock(i, `在「${head.heading}」之下`)));
        added.forEach((a, i) => a.after === head.id && box.append(addedBlock(i, `在「${head.heading}」之后`)));
      }
      // Added sections naming a heading the outline lacks: still shown, so they can be fixed.
      added.forEach((a, i) => ![a.before, a.under, a.after].some((x) => typeof x === 'string' && titleOf.has(x)) && box.append(addedBlock(i, '位置未找到')));
    } finally {
      this.skip = new Set();
    }
    this.register(path, spec.label, box);
    this.appendFigures(box, part);
    return box;
  }

  private paragraphs(spec: FieldSpec, path: PathKey, items: unknown[], depth: number): HTMLElement {
    const box = h('section', { class: `paragraphs depth-${depth}` });
    // Under an outline heading of the same name the field needs no heading of its own.
    if (spec.label !== this.underHeading) box.append(this.heading(depth, spec.label, spec.help));
    items.forEach((v, i) => {
      const p = [...path, i];
      const t = this.input({ key: String(i), kind: 'text', label: `${spec.label} 第${i + 1}段`, ...(spec.maxLength ? { maxLength: spec.maxLength } : {}) }, p, v);
      const row = h('div', { class: 'paragraph' }, t, this.rowTools(path, i, items.length, `${spec.label}第${i + 1}段`));
      this.register(p, `${spec.label} 第${i + 1}段`, row, t);
      box.append(row);
    });
    box.append(this.addButton(path, items.length, { key: '', kind: 'text', label: '' }, '添加段落'));
    this.register(path, spec.label, box);
    return box;
  }
}

