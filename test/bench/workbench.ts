/**
 * Edit-to-preview time of the workbench on the sample (not a test; target 300 ms on the 2-core
 * machine). Starts the workbench on a copy of the sample and, n times, changes one figure and
 * waits until the preview of that version is rendered:
 *   server:  the edit request sent → the preview PDF of that version ready (what the server adds);
 *   browser: (--browser) a value typed in chromium → the new pages drawn, including the page's
 *            pause after typing (250 ms) and pdf.js drawing.
 * Usage: npx tsx test/bench/workbench.ts [--runs 10] [--browser]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startWorkbench } from '../../src/serve/server.ts';
import { buildWeb } from '../../src/serve/build-web.ts';
import { SAMPLE_TEXT } from '../helpers/sample.ts';

const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1] || 10) || 10;
const withBrowser = args.includes('--browser');

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jixiao-bench-wb-'));
fs.writeFileSync(path.join(dir, 'sample.yaml'), SAMPLE_TEXT);
const assets = await buildWeb(path.join(dir, '.web'));
const wb = await startWorkbench({ folder: dir, port: 0, assets });
const base = wb.url.replace(/\/$/, '');
const headers = { 'Content-Type': 'application/json' };

async function state(): Promise<{ version: number }> {
  return (await (await fetch(`${base}/api/file?name=sample.yaml`)).json()) as { version: number };
}
async function waitPreview(after: number): Promise<{ version: number; ms: number }> {
  for (;;) {
    const r = (await (await fetch(`${base}/api/preview?name=sample.yaml&after=${after}`)).json()) as { pending?: boolean; version: number; ms: number; error?: unknown };
    if (!r.pending) {
      if (r.error) throw new Error(JSON.stringify(r.error));
      return r;
    }
  }
}

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
  return `median ${q(0.5).toFixed(0)} ms, p90 ${q(0.9).toFixed(0)} ms, min ${s[0]!.toFixed(0)} ms, max ${s[s.length - 1]!.toFixed(0)} ms`;
};

// Warm-up: the first render loads fonts and templates in the worker.
let { version } = await state();
await waitPreview(version - 1);

const server: number[] = [];
for (let i = 0; i < runs; i++) {
  const t0 = performance.now();
  const res = await fetch(`${base}/api/edit`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ name: 'sample.yaml', version, ops: [{ op: 'set', path: ['declaration', 'tasks', 0, 'target'], value: `第${i}次修改：开展广州国际创新奖的日常运作和宣传工作。` }] }),
  });
  version = ((await res.json()) as { version: number }).version;
  await waitPreview(version - 1);
  server.push(performance.now() - t0);
}
process.stdout.write(`server  edit → preview ready (${runs} runs): ${stats(server)}\n`);

if (withBrowser) {
  const { launchChromium } = await import('../helpers/browser.ts');
  const b = await launchChromium();
  const page = b.context.pages()[0] ?? (await b.context.newPage());
  await page.goto(`${wb.url}#sample.yaml`);
  await page.waitForSelector('#pages figure.page');
  await page.getByRole('tab', { name: '附件1 申报表' }).click();
  const browser: number[] = [];
  for (let i = 0; i < runs; i++) {
    const before = Number(await page.locator('#pages').getAttribute('data-version'));
    const t0 = performance.now();
    await page.locator('[name="declaration.tasks.0.target"]').fill(`第${i}次在浏览器中修改。`);
    await page.waitForFunction((v) => Number(document.getElementById('pages')!.dataset.version) > v, before, { timeout: 60_000 });
    browser.push(performance.now() - t0);
  }
  process.stdout.write(`browser typed → pages drawn (${runs} runs, incl. 250 ms typing pause): ${stats(browser)}\n`);
  await b.close();
}

await wb.close();
fs.rmSync(dir, { recursive: true, force: true });
