/**
 * No import cycles in src/: every import (type-only ones and dynamic `await import()` included:
 * they tie modules together just the same; a command module loaded lazily by cli/main.ts must not
 * import cli/main.ts back) forms a graph without cycles. The checker is tested on a cycle too.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/sample.ts';

/** Import, re-export and dynamic import specifiers of a TypeScript source (comments ignored). */
function imports(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const out: string[] = [];
  const re = /^\s*(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/gm;
  for (let m = re.exec(code); m; m = re.exec(code)) out.push((m[1] ?? m[2])!);
  return out;
}

/** The module graph of the .ts files under `dir`: file -> files it imports (relative imports only). */
function graphOf(files: ReadonlyMap<string, string>): Map<string, string[]> {
  const g = new Map<string, string[]>();
  for (const [file, source] of files) {
    const deps = imports(source)
      .filter((s) => s.startsWith('.'))
      .map((s) => path.resolve(path.dirname(file), s))
      .filter((f) => files.has(f));
    g.set(file, deps);
  }
  return g;
}

/** Every cycle found by a depth-first walk, each as the list of files around it. */
function cycles(g: ReadonlyMap<string, readonly string[]>): string[][] {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (f: string) => {
    state.set(f, 'open');
    stack.push(f);
    for (const d of g.get(f) ?? []) {
      if (state.get(d) === 'open') found.push(stack.slice(stack.indexOf(d)).concat(d));
      else if (!state.has(d)) visit(d);
    }
    stack.pop();
    state.set(f, 'done');
  };
  for (const f of [...g.keys()].sort()) if (!state.has(f)) visit(f);
  return found;
}

function sources(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile() || !/\.(ts|mts)$/.test(e.name)) continue;
    const f = path.join(e.parentPath, e.name);
    out.set(f, fs.readFileSync(f, 'utf8'));
  }
  return out;
}

describe('import cycles', () => {
  it('finds a cycle when there is one (the checker works)', () => {
    const files = new Map([
      ['/x/a.ts', "import { b } from './b.ts';"],
      ['/x/b.ts', "import type { C } from './c.ts';\nexport const b = 1;"],
      ['/x/c.ts', "export { a } from './a.ts';"],
      ['/x/d.ts', "// import { e } from './e.ts';\nexport const d = 1;"],
      ['/x/e.ts', "const later = async () => (await import('./f.ts')).f;"],
      ['/x/f.ts', "import { e } from './e.ts';\nimport { d } from './d.ts';"],
    ]);
    const rel = cycles(graphOf(files)).map((c) => c.map((f) => path.basename(f)).join(' → '));
    expect(rel).toEqual(['a.ts → b.ts → c.ts → a.ts', 'e.ts → f.ts → e.ts']);
  });

  it('src/ has none', () => {
    const src = path.join(ROOT, 'src');
    const found = cycles(graphOf(sources(src))).map((c) => c.map((f) => path.relative(src, f)).join(' → '));
    expect(found).toEqual([]);
  });
});
