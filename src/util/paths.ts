/**
 * Where the package's own files are (templates/, fonts/, web assets), wherever the code runs from:
 * the TypeScript sources (tests, `tsx`), the compiled output (`dist/`) or an installed package.
 * Every module that reads a file shipped with the package resolves it from PACKAGE_ROOT, never
 * from `import.meta.url` with a fixed number of `..`, so a build that moves or bundles files
 * cannot break it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(from: string): string {
  let dir = from;
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg)) {
      try {
        if ((JSON.parse(fs.readFileSync(pkg, 'utf8')) as { name?: string }).name === 'jixiao') return dir;
      } catch {
        // not ours; keep walking up
      }
    }
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`jixiao: package.json not found above ${from}`);
    dir = up;
  }
}

/** The folder holding jixiao's package.json. */
export const PACKAGE_ROOT: string = findRoot(path.dirname(fileURLToPath(import.meta.url)));

/**
 * Whether this code runs from the TypeScript sources (vitest, tsx) rather than from the compiled
 * dist/ (the CommonJS bundle included). Only entry points that must name a file to run — the batch
 * worker — need to know.
 */
export const FROM_SOURCES: boolean = /\.ts$/.test(fileURLToPath(import.meta.url));

/** A path inside the package, e.g. packagePath('templates', 'guangzhou'). */
export function packagePath(...parts: string[]): string {
  return path.join(PACKAGE_ROOT, ...parts);
}
