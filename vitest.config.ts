import fs from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';

/**
 * The files `npm run test:quick` (vitest --mode quick) leaves out, for the inner loop. `npm test`
 * runs everything, and is what CI runs. A file is here for what it is (a million codes, a browser,
 * child processes killed with -9, big PDFs, an exhaustive search, a fuzzer), not for being slow
 * one day; seconds are of its tests on PGlite on the 2 shared cores of 2026-12-02 (load ~15).
 */
export const HEAVY = [
  'src/modules/issuance/issuance-million.test.ts', // 1,000,000 codes issued and exported (343 s)
  'src/modules/resolver/scan-page.browser.test.ts', // the scan page in Chromium
  'src/cli/crash.test.ts', // kill -9 drill during a stream of appends (60 s)
  'src/cli/serve.test.ts', // `yima serve` child processes: kill -9, a second process, the demo (150 s)
  'src/cli/witness.test.ts', // the platform and a witness as child processes (60 s)
  'src/cli/demo.test.ts', // the whole demo data set (30 s)
  'src/modules/labels/labels.pdf.test.ts', // label sheets up to thousands of labels, decoded back (87 s)
  'src/ledger/merkle-exhaustive.test.ts', // every tree size and proof up to a bound (45 s)
  'test/fuzz.test.ts', // hostile input over every OpenAPI operation (135 s)
];

const root = fileURLToPath(new URL('.', import.meta.url));
// A renamed or removed file would silently stop being left out.
const missing = HEAVY.filter((f) => !fs.existsSync(`${root}${f}`));
if (missing.length) throw new Error(`vitest.config.ts: HEAVY names files that do not exist: ${missing.join(', ')}`);

export default defineConfig(({ mode }) => ({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: mode === 'quick' ? [...configDefaults.exclude, ...HEAVY] : configDefaults.exclude,
    globalSetup: ['test/global-setup.ts'],
    pool: 'forks',
    // One worker per core the machine (or its CPU quota) gives this process; vitest's own default
    // is one fewer. `--maxWorkers=N` overrides. (Vitest 4 has no minWorkers.)
    maxWorkers: os.availableParallelism(),
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
}));
