/**
 * Bundles the workbench's pages into dist/web (npm run build:web): the TypeScript app and
 * pdf.js into one module, pdf.js's worker beside it, the page and its styles. Everything the
 * page loads is served by `jixiao serve`; nothing comes from a CDN.
 */
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { packagePath } from '../util/paths.ts';

export async function buildWeb(outDir: string = packagePath('dist', 'web')): Promise<string> {
  const src = packagePath('src', 'web');
  const tmp = `${outDir}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(tmp, { recursive: true });
  try {
    await bundle(src, tmp);
  } catch (e) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  // Replace the old pages in one step, so a running server never reads half of a build.
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(outDir), { recursive: true });
  fs.renameSync(tmp, outDir);
  return outDir;
}

async function bundle(src: string, tmp: string): Promise<void> {
  await build({
    entryPoints: [path.join(src, 'app', 'main.ts')],
    bundle: true,
    format: 'esm',
    target: 'es2022',
    minify: true,
    legalComments: 'eof',
    outfile: path.join(tmp, 'app.js'),
    logLevel: 'warning',
  });
  fs.copyFileSync(path.join(src, 'index.html'), path.join(tmp, 'index.html'));
  fs.copyFileSync(path.join(src, 'app.css'), path.join(tmp, 'app.css'));
  fs.copyFileSync(packagePath('node_modules', 'pdfjs-dist', 'build', 'pdf.worker.min.mjs'), path.join(tmp, 'pdf.worker.min.mjs'));
}

const isEntry = process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname);
if (isEntry) {
  // On stderr: `npm pack --json` prints its JSON on stdout, after the prepare script's output.
  buildWeb(process.argv[2]).then((dir) => process.stderr.write(`built ${dir}\n`));
}
