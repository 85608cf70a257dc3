import path from 'node:path';
import { defineConfig } from 'vitest/config';

/**
 * `npm test` runs every test: fast unit tests in test/*.test.ts and slow end-to-end tests
 * (LibreOffice, child processes, batch runs, npm pack) in test/e2e/. `npm run test:unit`
 * (`--mode unit`) leaves out test/e2e/ and the LibreOffice blocks of the unit files.
 * It lives in test/ (the top level of the repository is fixed); `npm test -- test/x.test.ts` runs one file.
 */
export default defineConfig(({ mode }) => ({
  root: path.resolve(import.meta.dirname, '..'),
  test: {
    include: ['test/**/*.test.ts'],
    exclude: mode === 'unit' ? ['test/e2e/**', '**/node_modules/**'] : ['**/node_modules/**'],
    env: mode === 'unit' ? { JIXIAO_UNIT_ONLY: '1' } : {},
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
}));
