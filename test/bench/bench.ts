/**
 * `npm run bench`: speed and size on this machine, as a Markdown table for the README.
 *
 *  - start-up: a bare `node -e 0` (the yardstick, same run), `jixiao --version`, `jixiao --help`,
 *    `jixiao check` (medians of 5), against the targets: within 2× of `node -e 0`
 *  - one packet cold: a fresh `node dist/cli/bin.js render fixtures/sample.yaml` process (median of 3)
 *  - one packet warm: in-process render() after a warm-up (median of 10), and per stage
 *  - batch throughput: `jixiao batch` over 200 generated departments
 *  - peak memory (this process and the batch child), output sizes
 *  - LibreOffice converting our two DOCX files to PDF vs our own PDF path
 *
 * Not a test: numbers depend on the machine. `--stages-child` is an internal mode (a fresh
 * process timing its first render stage by stage).
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SAMPLE = path.join(ROOT, 'fixtures/sample.yaml');
/** The built CLI (`npm run bench` builds first), as an installed package runs it. */
const BIN = path.join(ROOT, 'dist/cli/bin.js');
const BATCH_SIZE = Number(process.env.BENCH_BATCH ?? 200);

const TARGETS = { warmMs: 150, coldMs: 700, startupFactor: 2, batchPerSec: 10, pdfBytes: 400 * 1024 };

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const ms = (x: number) => `${x.toFixed(0)} ms`;
const kb = (x: number) => `${(x / 1024).toFixed(0)} KB`;
const mb = (kbytes: number) => `${(kbytes / 1024).toFixed(0)} MB`;
const ok = (pass: boolean) => (pass ? '✅' : '❌');

type Stages = Record<string, number>;

/** Renders the sample stage by stage (the same calls render() makes) and returns each stage's time. */
async function timeStages(): Promise<{ stages: Stages; files: { name: string; bytes: number }[] }> {
  const stages: Stages = {};
  const t = async <T>(name: string, f: () => T | Promise<T>): Promise<T> => {
    const t0 = performance.now();
    const r = await f();
    stages[name] = (stages[name] ?? 0) + performance.now() - t0;
    return r;
  };
  const { readPacketFile } = await t('import: model', () => import('../../src/model/parse.ts'));
  const { checkPacket } = await t('import: check', () => import('../../src/check/index.ts'));
  const { loadFontSet } = await t('import: fonts', () => import('../../src/fonts/index.ts'));
  const { loadTemplates, renderDocuments } = await t('import: templates', () => import('../../src/templates/index.ts'));
  const { layoutDocument } = await t('import: layout', () => import('../../src/layout/index.ts'));
  const { writePdf } = await t('import: pdf', () => import('../../src/pdf/index.ts'));
  const { writeDocx } = await t('import: docx', () => import('../../src/docx/index.ts'));
  const { planCuts } = await t('import: cut', () => import('../../src/cut/index.ts'));
  const { glyphDiagnostics } = await t('import: glyphs', () => import('../../src/check/glyphs.ts'));
  const packet = (await t('parse', () => readPacketFile(SAMPLE))).packet!;
  const checked = await t('check', () => checkPacket(packet));
  const fonts = await t('fonts: load', () => loadFontSet());
  await t('fonts: glyph check', () => glyphDiagnostics(packet, fonts));
  const set = await t('templates: load', () => loadTemplates());
  const docs = await t('templates: render + markup', () => renderDocuments(packet, checked.derived, set));
  const files: { name: string; bytes: number }[] = [];
  for (const d of docs) {
    const laid = await t(`layout ${d.id}`, () => layoutDocument(d.document, fonts));
    const pdf = await t(`pdf ${d.id}`, () => writePdf(laid, d.document.meta, fonts));
    const docx = await t(`docx ${d.id}`, () =>
      writeDocx(planCuts(d.document, laid), { fontNames: set.styles.docxFontNames, embedFonts: false, fonts }),
    );
    files.push({ name: `${d.fileName}.pdf`, bytes: pdf.length }, { name: `${d.fileName}.docx`, bytes: docx.length });
  }
  return { stages, files };
}

function run(cmd: string, args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<{ code: number | null; ms: number; stdout: string; stderr: string }> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd ?? ROOT, env: { ...process.env, ...opts.env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, ms: performance.now() - t0, stdout, stderr }));
  });
}

function topStages(stages: Stages, n: number): string {
  return Object.entries(stages)
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, v]) => `${k} ${v.toFixed(0)}`)
    .join(' · ');
}

async function main(): Promise<void> {
  if (process.argv.includes('--stages-child')) {
    const t0 = performance.now();
    const { stages } = await timeStages();
    process.stdout.write(JSON.stringify({ stages, total: performance.now() - t0 }) + '\n');
    return;
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jixiao-bench-'));
  const log = (s: string) => process.stderr.write(s + '\n');
  try {
    log(`jixiao bench — ${os.cpus()[0]?.model ?? 'cpu'} × ${os.availableParallelism()}, Node ${process.version}, tmp ${tmp}`);

    // 0. Start-up, beside a bare `node -e 0` measured in the same run (the machine's yardstick).
    const times = async (args: string[], n: number): Promise<number[]> => {
      const out: number[] = [];
      for (let i = 0; i < n; i++) {
        const r = await run(process.execPath, args);
        if (r.code !== 0) throw new Error(`node ${args.join(' ')} failed: ${r.stderr}`);
        out.push(r.ms);
      }
      return out;
    };
    const nodeBare = median(await times(['-e', '0'], 5));
    const version = median(await times([BIN, '--version'], 5));
    const help = median(await times([BIN, '--help'], 5));
    const check = median(await times([BIN, 'check', SAMPLE], 5));
    log(`start-up: node -e 0 ${ms(nodeBare)}, --version ${ms(version)}, --help ${ms(help)}, check ${ms(check)}`);

    // 1. Cold: a fresh process per render, like a user.
    const cold: number[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await run(process.execPath, [BIN, 'render', SAMPLE, '--out', path.join(tmp, `cold${i}`)]);
      if (r.code !== 0) throw new Error(`render failed: ${r.stderr}`);
      cold.push(r.ms);
    }
    const coldPdf: number[] = [];
    for (let i = 0; i < 3; i++) coldPdf.push((await run(process.execPath, [BIN, 'render', SAMPLE, '--format', 'pdf', '--out', path.join(tmp, `coldpdf${i}`)])).ms);
    const child = await run(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--stages-child']);
    const coldStages = JSON.parse(child.stdout.trim().split('\n').pop()!) as { stages: Stages; total: number };
    log(`cold: ${cold.map(ms).join(', ')}`);

    // 2. Warm: in-process render after a warm-up.
    const { readPacketFile } = await import('../../src/model/parse.ts');
    const { render } = await import('../../src/render/index.ts');
    const packet = readPacketFile(SAMPLE).packet!;
    for (let i = 0; i < 5; i++) await render(packet);
    const warm: number[] = [];
    let last: Awaited<ReturnType<typeof render>> | undefined;
    for (let i = 0; i < 10; i++) {
      const t0 = performance.now();
      last = await render(packet);
      warm.push(performance.now() - t0);
    }
    const warmPdf: number[] = [];
    const warmDocx: number[] = [];
    for (let i = 0; i < 10; i++) {
      let t0 = performance.now();
      await render(packet, { formats: ['pdf'] });
      warmPdf.push(performance.now() - t0);
      t0 = performance.now();
      await render(packet, { formats: ['docx'] });
      warmDocx.push(performance.now() - t0);
    }
    const warmStageRuns: Stages[] = [];
    for (let i = 0; i < 5; i++) warmStageRuns.push((await timeStages()).stages);
    const warmStages: Stages = {};
    for (const k of Object.keys(warmStageRuns[0]!)) if (!k.startsWith('import')) warmStages[k] = median(warmStageRuns.map((s) => s[k] ?? 0));
    log(`warm: median ${ms(median(warm))} (pdf only ${ms(median(warmPdf))}, docx only ${ms(median(warmDocx))})`);

    // 3. Batch over generated departments.
    const { generatePackets } = await import('../helpers/generate.ts');
    const inDir = path.join(tmp, 'batch-in');
    generatePackets(SAMPLE, inDir, BATCH_SIZE);
    const b = await run(process.execPath, [BIN, 'batch', inDir, '--out', path.join(tmp, 'batch-out'), '--json']);
    const lines = b.stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as { status: string });
    const okCount = lines.filter((l) => l.status === 'ok').length;
    if (b.code !== 0 || okCount !== BATCH_SIZE) throw new Error(`batch: exit ${b.code}, ${okCount}/${BATCH_SIZE} ok\n${b.stderr}`);
    const batchRss = Number(/peak RSS (\d+) MB/.exec(b.stderr)?.[1] ?? NaN);
    const perSec = BATCH_SIZE / (b.ms / 1000);
    log(`batch: ${BATCH_SIZE} packets in ${(b.ms / 1000).toFixed(1)} s = ${perSec.toFixed(1)}/s, peak RSS ${batchRss} MB`);

    // 4. LibreOffice: our two DOCX → PDF, vs our own PDF path.
    let soffice: { first: number; second: number } | string;
    const sofficeOk = spawnSync('soffice', ['--version'], { stdio: 'ignore', timeout: 60_000 }).status === 0;
    if (!sofficeOk) soffice = 'soffice not found — skipped';
    else {
      const docxDir = path.join(tmp, 'docx');
      fs.mkdirSync(docxDir);
      const docx = last!.files.filter((f) => f.format === 'docx').map((f, i) => {
        const p = path.join(docxDir, `a${i + 1}.docx`);
        fs.writeFileSync(p, f.bytes);
        return p;
      });
      const conf = path.join(ROOT, 'fonts', 'fonts.conf');
      const env = fs.existsSync(conf) ? { FONTCONFIG_FILE: conf } : {};
      const profile = path.join(tmp, 'lo-profile');
      const convert = () =>
        run('soffice', [`-env:UserInstallation=file://${profile}`, '--headless', '--norestore', '--convert-to', 'pdf', '--outdir', path.join(tmp, 'lo-out'), ...docx], { env });
      const first = await convert();
      const second = await convert();
      if (second.code !== 0 || !fs.existsSync(path.join(tmp, 'lo-out', 'a2.pdf'))) soffice = `soffice failed: ${second.stderr.slice(0, 200)}`;
      else soffice = { first: first.ms, second: second.ms };
    }

    // Output.
    const files = last!.files.map((f) => ({ name: f.name, format: f.format, bytes: f.bytes.length }));
    const maxPdf = Math.max(...files.filter((f) => f.format === 'pdf').map((f) => f.bytes));
    const rows: string[][] = [
      ['Yardstick: bare `node -e 0` (median of 5, this run)', ms(nodeBare), '', ''],
      ['`jixiao --version` (median of 5)', `${ms(version)} (${(version / nodeBare).toFixed(1)}×)`, `≤ ${TARGETS.startupFactor}× node`, ok(version <= TARGETS.startupFactor * nodeBare)],
      ['`jixiao --help` (median of 5)', `${ms(help)} (${(help / nodeBare).toFixed(1)}×)`, `≤ ${TARGETS.startupFactor}× node`, ok(help <= TARGETS.startupFactor * nodeBare)],
      ['`jixiao check fixtures/sample.yaml` (median of 5)', ms(check), '', ''],
      ['One packet, warm (in-process `render()`, 4 files, median of 10)', ms(median(warm)), `< ${TARGETS.warmMs} ms`, ok(median(warm) < TARGETS.warmMs)],
      ['— PDF only / DOCX only (warm)', `${ms(median(warmPdf))} / ${ms(median(warmDocx))}`, '', ''],
      ['One packet, cold (`jixiao render` in a fresh process, median of 3)', ms(median(cold)), `< ${TARGETS.coldMs} ms`, ok(median(cold) < TARGETS.coldMs)],
            [`Batch (\`jixiao batch\`, ${BATCH_SIZE} departments, ${os.availableParallelism()} cores)`, `${perSec.toFixed(1)} packets/s (${(b.ms / 1000).toFixed(1)} s)`, `≥ ${TARGETS.batchPerSec}/s`, ok(perSec >= TARGETS.batchPerSec)],
      ['Peak memory: batch process (all workers)', Number.isFinite(batchRss) ? `${batchRss} MB` : '?', '', ''],
      ['Peak memory: this bench process', mb(process.resourceUsage().maxRSS), '', ''],
      ...files.map((f) => [`Size: ${f.name}`, kb(f.bytes), f.format === 'pdf' ? `< ${TARGETS.pdfBytes / 1024} KB` : '', f.format === 'pdf' ? ok(f.bytes < TARGETS.pdfBytes) : '']),
    ];
    if (typeof soffice === 'string') rows.push(['LibreOffice DOCX → PDF', soffice, '', '']);
    else {
      const ours = median(warmPdf);
      rows.push(
        ['LibreOffice: both DOCX → PDF (warm profile, one soffice run)', ms(soffice.second), '', ''],
        ['LibreOffice: first run (new profile)', ms(soffice.first), '', ''],
        ['Ratio LibreOffice ÷ our PDF path, warm (in-process, both PDFs)', `${(soffice.second / ours).toFixed(0)}× (${ms(ours)})`, '', ''],
        ['Ratio LibreOffice ÷ our PDF path, cold (`jixiao render --format pdf` process)', `${(soffice.second / median(coldPdf)).toFixed(1)}× (${ms(median(coldPdf))})`, '', ''],
      );
    }
    // 5. The layout engine: warm 附件2 (full and after an edit), scaling, batch rate and memory per worker.
    const { engineBench } = await import('./engine.ts');
    const engine = await engineBench({ log, tmp });
    rows.push(...engine.rows);
    const table = ['| Measure | Result | Target | |', '|---|---|---|---|', ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
    process.stdout.write(`\n## Benchmark (${os.cpus()[0]?.model ?? 'cpu'} × ${os.availableParallelism()}, Node ${process.version})\n\n${table}\n`);
    process.stdout.write(`\nCold first render in a fresh process, by stage (ms): ${topStages(coldStages.stages, 12)} — total ${coldStages.total.toFixed(0)}\n`);
    process.stdout.write(`Warm render by stage (ms, median of 5): ${topStages(warmStages, 12)}\n`);
    process.stdout.write(engine.notes.map((n) => `\n${n}`).join('') + '\n');
    void maxPdf;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
