/**
 * Checks a parsed packet: errors stop rendering, warnings do not. Every message names the field
 * by its Chinese label and its path, the value found and what was expected, Chinese first and
 * English after.
 *
 * Two kinds of checks: the ones every packet gets from its field tree (not filled in, negative
 * amounts, ranges, text too long, an empty list) and the ones its format declares in format.yaml
 * (`checks:` — totals that agree, parts that never exceed their whole, an indicator framework).
 * A sum rule applies only where a format declares it.
 *
 * This module takes the format's rules as an argument (`runChecks(rules, …)`); `checkPacket` in
 * ./index.ts finds the packet's format first (src/format loads formats and uses this module).
 */
import { D, type Dec } from '../model/money.ts';
import type { Packet } from '../model/schema.ts';
import { formatAmount, formatPercent } from '../model/format.ts';
import type { Derived, Percent } from '../derive/figures.ts';
import { formatPath, type Diagnostic } from './diagnostic.ts';
import { glyphDiagnostics } from './glyphs.ts';
import { walk } from './walk.ts';
import type { FontSet } from '../fonts/index.ts';
import type { CheckSpec, FieldSpec, DerivedSpec, DocumentSpec, OutlineEdits, SectionSpec } from '../format/spec.ts';
import { fieldAt, labelAt, parsePath, valuesAt } from '../format/fields.ts';

type Loc = (path: readonly PropertyKey[]) => { line: number; column: number } | undefined;

const fmt = (v: Dec) => formatAmount(v);

export interface CheckResult {
  readonly diagnostics: readonly Diagnostic[];
  readonly errors: number;
  readonly warnings: number;
  /** The derived figures (null where inputs are missing). */
  readonly derived: Derived;
}

/** Options of checkPacket. */
export interface CheckOptions {
  /** Also check that every character has a glyph in these fonts (needed for PDF output). */
  readonly fonts?: FontSet;
}

/** What the checker needs of a format (src/format's Format has all of it). */
export interface CheckRules {
  /** The whole field tree, core keys included. */
  readonly fieldTree: Readonly<Record<string, FieldSpec>>;
  readonly derivedSpecs: Readonly<Record<string, DerivedSpec>>;
  readonly checkSpecs: readonly CheckSpec[];
  readonly documents: readonly DocumentSpec[];
  derive(packet: Packet): Derived;
}

/** Runs the field checks and the format's declared checks. */
export function runChecks(rules: CheckRules, packet: Packet, locate?: Loc, options: CheckOptions = {}): CheckResult {
  const out: Diagnostic[] = [];
  const tree = rules.fieldTree;
  const add: Add = (severity, code, path, zh, en) => {
    const label = labelAt(tree, path);
    out.push({ severity, code, path: formatPath(path), ...(label ? { label } : {}), zh, en, ...(locate?.(path) ?? {}) });
  };
  fieldChecks(tree, packet, add);
  const derived = rules.derive(packet);
  const figures = new Figures(rules, { ...packet, derived });
  // A comparison whose figures rest on a value already refused (negative, out of range) would only
  // repeat that error in other words: it waits until the value is fixed.
  const refused = out.filter((d) => d.severity === 'error').map((d) => d.path);
  const clean = (p: string) => !figures.operands(p).some((re) => refused.some((r) => re.test(r)));
  for (const spec of rules.checkSpecs) {
    if ('framework' in spec) frameworkCheck(spec, packet, add);
    else declaredCheck(spec, figures, add, clean);
  }
  outlineChecks(rules.documents, packet, add);
  if (options.fonts) out.push(...glyphDiagnostics(packet, options.fonts, locate).map((d) => withLabel(tree, d)));
  const errors = out.filter((x) => x.severity === 'error').length;
  return { diagnostics: out, errors, warnings: out.length - errors, derived };
}

/** The checks every value gets from its field: filled in, not negative, in range, not too long, not empty. */
function fieldChecks(tree: Readonly<Record<string, FieldSpec>>, packet: Packet, add: Add): void {
  walk(packet, [], (value, path) => {
    const f = fieldAt(tree, path) ?? paragraphField(tree, path);
    const optional = isOptional(tree, path);
    if (value === null) {
      if (f?.kind === 'integer') add('error', 'value.missing', path, '数值未填写，应为整数', 'number not filled in; expected an integer');
      else add('error', 'amount.missing', path, '金额未填写，应为数字（万元，最多两位小数）', 'amount not filled in; expected a number (万元, at most 2 decimals)');
    } else if (D.isDecimal(value)) {
      decimalCheck(value as Dec, f, path, add);
    } else if (typeof value === 'string') {
      textCheck(value, f, optional, path, add);
    } else if (Array.isArray(value) && value.length === 0 && !optional) {
      add('error', 'list.empty', path, '列表为空，至少应有一项', 'list is empty; at least one entry expected');
    }
  });
}

/** The paragraphs field a paragraph (`report.problems.1`) belongs to: its limits apply to each paragraph. */
function paragraphField(tree: Readonly<Record<string, FieldSpec>>, path: readonly PropertyKey[]): FieldSpec | undefined {
  if (typeof path[path.length - 1] !== 'number') return undefined;
  const parent = fieldAt(tree, path.slice(0, -1));
  return parent?.kind === 'paragraphs' ? parent : undefined;
}

/** An amount or score: not negative, within the field's bounds. */
function decimalCheck(v: Dec, f: FieldSpec | undefined, path: readonly PropertyKey[], add: Add): void {
  if (v.isNegative()) add('error', 'amount.negative', path, `金额不能为负数，实际为 ${fmt(v)}`, `amount must not be negative, got ${fmt(v)}`);
  else if (f && ((f.max !== undefined && v.gt(f.max)) || (f.min !== undefined && v.lt(f.min)))) {
    const [lo, hi] = [f.min ?? 0, f.max ?? '∞'];
    add('error', `${f.kind}.range`, path, `${f.label}应在 ${lo}–${hi} 之间，实际为 ${v.toString()}`, `${f.en ?? f.kind} must be between ${lo} and ${hi}, got ${v.toString()}`);
  }
}

/** A text: chosen or filled in unless optional, no longer than the field allows. */
function textCheck(value: string, f: FieldSpec | undefined, optional: boolean, path: readonly PropertyKey[], add: Add): void {
  if (value.trim() === '' && !optional && f?.kind === 'choice') {
    add('error', 'choice.empty', path, `未选择，应为 ${f.choices?.join('、')} 之一`, `not chosen; expected one of ${f.choices?.join(', ')}`);
  } else if (value.trim() === '' && !optional) add('error', 'text.empty', path, '必填文字为空', 'required text is empty');
  else if (f?.maxLength && [...value].length > f.maxLength) {
    add('error', 'text.tooLong', path, `文字过长：${[...value].length} 字，最多 ${f.maxLength} 字`, `text too long: ${[...value].length} characters, at most ${f.maxLength}`);
  }
}

/** The figures a declared check compares (fields and `derived.…`), with their labels and printed forms. */
class Figures {
  constructor(
    private readonly rules: CheckRules,
    private readonly root: Record<string, unknown>,
  ) {}

  /** [Chinese, English] name of a figure: a derived figure's label, else its field's. */
  label(p: string): [string, string] {
    const parts = parsePath(p);
    if (parts[0] === 'derived') {
      const spec = this.rules.derivedSpecs[parts.slice(1).join('.')];
      return [spec?.label ?? p, spec?.en ?? spec?.label ?? p];
    }
    const f = fieldAt(this.rules.fieldTree, parts);
    return [f?.label ?? p, f?.en ?? f?.label ?? p];
  }

  /** Patterns matching the diagnostic paths (`declaration.tasks[2].amount`) a figure is computed from. */
  operands(p: string, seen: ReadonlySet<string> = new Set()): RegExp[] {
    if (!p.startsWith('derived.')) {
      const src = p.split('[]').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\[\\d+\\]');
      return [new RegExp(`^${src}(?=$|[.[])`)];
    }
    const key = p.slice('derived.'.length);
    const spec = this.rules.derivedSpecs[key];
    if (!spec || seen.has(key)) return [];
    const next = new Set([...seen, key]);
    return [...(spec.sum ?? []), ...(spec.rate ?? []), ...(spec.count ? [spec.count] : [])].flatMap((q) => this.operands(q, next));
  }

  /** The amount or percentage at a path; null when not filled in or absent. */
  at(p: string): Dec | Percent | null {
    const v = valuesAt(this.root, parsePath(p))[0];
    return D.isDecimal(v) || (v && typeof v === 'object' && 'places' in v) ? (v as Dec | Percent) : null;
  }

  show(v: Dec | Percent): string {
    return D.isDecimal(v) ? fmt(v as Dec) : formatPercent(v as Percent);
  }

  /** Placeholders: {a} {b} {aLabel} {bLabel} {diff}, or any figure by path ({derived.report.spendingRate}). */
  fill(tpl: string, vars: Record<string, string>): string {
    return tpl.replace(/\{([\w.[\]]+)\}/g, (m, k: string) => {
      if (vars[k] !== undefined) return vars[k];
      const v = k.includes('.') ? this.at(k) : null;
      return v ? this.show(v) : m;
    });
  }
}

type ComparisonSpec = Exclude<CheckSpec, { framework: string }>;

const amountOf = (v: Dec | Percent): Dec | null => (D.isDecimal(v) ? (v as Dec) : (v as Percent).exact);

/** One comparison the format declares (equal, notAbove, differ, zero), skipped while a figure is missing. */
function declaredCheck(spec: ComparisonSpec, figures: Figures, add: Add, clean: (p: string) => boolean): void {
  const pair = 'equal' in spec ? spec.equal : 'notAbove' in spec ? spec.notAbove : 'differ' in spec ? spec.differ : ([spec.zero, spec.zero] as const);
  const a = figures.at(pair[0]);
  const b = figures.at(pair[1]);
  const av = a === null ? null : amountOf(a);
  const bv = b === null ? null : amountOf(b);
  if (a === null || b === null || av === null || bv === null) return; // not filled in, or the other document
  if (!clean(pair[0]) || !clean(pair[1])) return; // a figure rests on a value already refused
  const [aL, aE] = figures.label(pair[0]);
  const [bL, bE] = figures.label(pair[1]);
  const vars = { a: figures.show(a), b: figures.show(b), aLabel: aL, bLabel: bL, aLabelEn: aE, bLabelEn: bE, diff: fmt(av.minus(bv)) };
  const path = parsePath(spec.at ?? (pair[0].startsWith('derived.') ? '' : pair[0]));
  const emit = (code: string, severity: Diagnostic['severity'], zh: string, en: string) =>
    add(spec.severity ?? severity, spec.code ?? code, path, figures.fill(spec.zh ?? zh, vars), figures.fill(spec.en ?? en, vars));
  if ('equal' in spec && !av.eq(bv)) {
    emit('sum.equal', 'error', '{aLabel} {a}，应等于{bLabel} {b}（相差 {diff}）', '{aLabelEn} {a}, expected to equal {bLabelEn} {b} (difference {diff})');
  } else if ('notAbove' in spec && av.gt(bv)) {
    emit('part.exceeds', 'error', '{aLabel} {a} 大于{bLabel} {b}', '{aLabelEn} {a} exceeds {bLabelEn} {b}');
  } else if ('differ' in spec && !av.eq(bv)) {
    emit('figure.differ', 'warning', '{aLabel} {a} 与{bLabel} {b} 不一致，请核对', '{aLabelEn} {a} and {bLabelEn} {b} differ; please verify');
  } else if ('zero' in spec && av.isZero()) {
    emit('figure.zero', 'warning', '{aLabel}为 0：还没有填写？', '{aLabelEn} is 0: not filled in yet?');
  }
}

/** A finding made elsewhere (the glyph check) with the label of its path. */
function withLabel(tree: Readonly<Record<string, FieldSpec>>, d: Diagnostic): Diagnostic {
  const label = labelAt(tree, parsePath(d.path));
  return label ? { ...d, label } : d;
}

/**
 * Optional when the field or any field above it says so (a whole optional block may stay empty);
 * the top-level parts do not count: a document that is there is filled in completely.
 */
function isOptional(tree: Readonly<Record<string, FieldSpec>>, path: readonly PropertyKey[]): boolean {
  if (path.length === 1) return Boolean(fieldAt(tree, path)?.optional);
  for (let n = path.length; n > 1; n--) if (fieldAt(tree, path.slice(0, n))?.optional) return true;
  return false;
}

type Add = (severity: Diagnostic['severity'], code: string, path: readonly PropertyKey[], zh: string, en: string) => void;

/** Indicator levels against the framework the format names: 一级 → the 二级 it allows. */
function frameworkCheck(spec: Extract<CheckSpec, { framework: string }>, packet: Packet, add: Add): void {
  const base = parsePath(spec.framework);
  const list = valuesAt(packet, base)[0];
  if (!Array.isArray(list)) return;
  const allowedLevel1 = Object.keys(spec.allowed);
  list.forEach((cat: Record<string, unknown>, i) => {
    const level1 = String(cat[spec.level1] ?? '');
    if (level1.trim() === '') return; // reported as empty text
    const allowed = spec.allowed[level1];
    if (!allowed) {
      add(spec.severity ?? 'error', 'indicator.level1', [...base, i, spec.level1],
        `一级指标「${level1}」不在指标框架内，应为 ${allowedLevel1.join('、')} 之一`,
        `first-level indicator "${level1}" is not in the framework; expected one of ${allowedLevel1.join(', ')}`);
      return;
    }
    const groups = cat[spec.groups];
    if (!Array.isArray(groups)) return;
    groups.forEach((g: Record<string, unknown>, j) => {
      const level2 = String(g[spec.level2] ?? '');
      if (level2.trim() !== '' && !allowed.includes(level2)) {
        add(spec.severity ?? 'error', 'indicator.level2', [...base, i, spec.groups, j, spec.level2],
          `二级指标「${level2}」不属于一级指标「${level1}」，应为 ${allowed.join('、')} 之一`,
          `second-level indicator "${level2}" does not belong to "${level1}"; expected one of ${allowed.join(', ')}`);
      }
    });
  });
}

/** A department's outline changes name sections that exist, and leave out only optional ones. */
function outlineChecks(documents: readonly DocumentSpec[], packet: Packet, add: Add): void {
  for (const doc of documents) {
    const edits = (packet[doc.part] as { outline?: OutlineEdits } | undefined)?.outline;
    if (!doc.outline || !edits) continue;
    const all = new Map<string, SectionSpec>();
    const visit = (s: SectionSpec) => {
      all.set(s.id, s);
      s.children?.forEach(visit);
    };
    doc.outline.sections.forEach(visit);
    const ids = [...all.keys()].join('、');
    const base = [doc.part, 'outline'];
    const known = (id: string | undefined, path: PropertyKey[]) => {
      if (id === undefined || all.has(id)) return true;
      add('error', 'outline.unknown', path, `格式中没有小节「${id}」，应为 ${ids} 之一`, `the format has no section "${id}"; expected one of ${ids.replace(/、/g, ', ')}`);
      return false;
    };
    edits.headings?.forEach((h, i) => known(h.id, [...base, 'headings', i, 'id']));
    edits.omit?.forEach((id, i) => {
      if (known(id, [...base, 'omit', i]) && !all.get(id)!.optional) {
        add('error', 'outline.required', [...base, 'omit', i], `小节「${all.get(id)!.heading}」（${id}）不可省略：格式未将其标为可选`, `section "${id}" cannot be left out: the format does not mark it optional`);
      }
    });
    edits.sections?.forEach((s, i) => {
      const anchors = [s.after, s.before, s.under].filter((x) => x !== undefined);
      if (anchors.length !== 1) {
        add('error', 'outline.anchor', [...base, 'sections', i], '增加的小节应恰好给出 after、before、under 之一', 'an added section needs exactly one of after, before, under');
      }
      known(s.after, [...base, 'sections', i, 'after']);
      known(s.before, [...base, 'sections', i, 'before']);
      known(s.under, [...base, 'sections', i, 'under']);
    });
  }
}
