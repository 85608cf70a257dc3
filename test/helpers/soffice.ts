/**
 * LibreOffice harness for tests: converts a DOCX to PDF with our private fontconfig
 * (fonts/fonts.conf maps the official font names to the Fandol faces) and a private
 * LibreOffice profile, so the result does not depend on the machine's fonts or settings.
 */
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** Our fontconfig file. */
export const FONTS_CONF = path.join(ROOT, 'fonts', 'fonts.conf');

let available: boolean | undefined;

/** Whether `soffice` runs here. */
export function sofficeAvailable(): boolean {
  if (available === undefined) {
    try {
      execFileSync('soffice', ['--version'], { stdio: 'pipe', timeout: 60_000 });
      available = true;
    } catch {
      available = false;
    }
  }
  return available;
}

/** Environment for soffice and poppler tools: our fonts only. */
export function fontEnv(): NodeJS.ProcessEnv {
  return { ...process.env, FONTCONFIG_FILE: FONTS_CONF };
}

/**
 * Converts `docxPath` to PDF in `outDir` and returns the PDF's path. Each call uses its own
 * LibreOffice profile, so parallel test files do not fight over one profile's lock.
 */
export async function convertDocxToPdf(docxPath: string, outDir: string): Promise<string> {
  fs.mkdirSync(outDir, { recursive: true });
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'jixiao-soffice-profile-'));
  const args = [
    `-env:UserInstallation=file://${profile}`,
    '--headless',
    '--norestore',
    '--convert-to',
    'pdf:writer_pdf_Export',
    '--outdir',
    outDir,
    docxPath,
  ];
  try {
    await new Promise<void>((resolve, reject) => {
      execFile('soffice', args, { env: fontEnv(), timeout: 180_000 }, (err, stdout, stderr) => {
        if (err) reject(new Error(`soffice failed: ${err.message}\n${stdout}\n${stderr}`));
        else resolve();
      });
    });
  } finally {
    fs.rmSync(profile, { recursive: true, force: true });
  }
  const pdf = path.join(outDir, path.basename(docxPath).replace(/\.docx$/i, '') + '.pdf');
  if (!fs.existsSync(pdf)) throw new Error(`soffice wrote no PDF for ${docxPath} in ${outDir}`);
  return pdf;
}

/**
 * `describe` for tests that need LibreOffice. Without soffice they are skipped LOUDLY, or fail
 * when JIXIAO_REQUIRE_SOFFICE=1 (CI that must run them). `npm run test:unit` skips them quietly.
 */
export function describeIfSoffice(name: string, fn: () => void): void {
  if (process.env.JIXIAO_UNIT_ONLY === '1') {
    // `npm run test:unit`: LibreOffice runs are end-to-end tests; `npm test` runs them.
    describe.skip(name, fn);
    return;
  }
  if (sofficeAvailable()) {
    describe(name, fn);
    return;
  }
  if (process.env.JIXIAO_REQUIRE_SOFFICE === '1') {
    describe(name, () => {
      it(`${name}: soffice is required (JIXIAO_REQUIRE_SOFFICE=1)`, () => {
        throw new Error('soffice not found; install libreoffice-writer-nogui or unset JIXIAO_REQUIRE_SOFFICE');
      });
    });
    return;
  }
  console.warn(
    `\n⚠ SKIPPED "${name}": LibreOffice (soffice) is not installed, so the DOCX is not rendered and checked.\n` +
      `  Install it (Debian/Ubuntu: apt-get install libreoffice-writer-nogui) to run these tests;\n` +
      `  set JIXIAO_REQUIRE_SOFFICE=1 to make a missing soffice a failure.\n`,
  );
  describe.skip(name, fn);
}
