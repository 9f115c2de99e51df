import fs from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';

/**
 * The files `npm run test:quick` (vitest --mode quick) leaves out, for the inner loop. `npm test`
 * runs everything, and is what CI runs. A file is here for what it is (a million codes, a browser,
 * child processes killed with -9, big PDFs, an exhaustive search, a fuzzer), not for being slow
 * one day. Seconds: its tests in one full run on PGlite, main at 8b2c21f, on 2 cores shared with
 * other runs (load median 14); they vary about twofold with the load.
 */
export const HEAVY = [
  'src/modules/issuance/issuance-million.test.ts', // 1,000,000 codes issued and exported (449 s)
  'src/modules/resolver/scan-page.browser.test.ts', // the scan page in Chromium (30 s)
  'src/web/app/workbench.browser.test.ts', // the web application in Chromium, after its vite build
  'src/web/app/registration.browser.test.ts', // the registration wizard in Chromium, after its vite build
  'src/web/app/journey-ship.browser.test.ts', // journey 2 in Chromium: the label PDF rendered by pdf.js and decoded, packing, shipping (75 s)
  'src/web/app/journey-make.browser.test.ts', // journey 1 in Chromium: registration to a printed label sheet (150 s)
  'src/web/app/journey-sell.browser.test.ts', // journey 3 in Chromium: the fake camera, receive, sell
  'src/web/app/office.browser.test.ts', // the producer's office screens in Chromium
  'src/web/app/console.browser.test.ts', // the regulator's console in Chromium: alerts and indicators
  'src/cli/crash.test.ts', // kill -9 drill during a stream of appends (timed out at 120 s under that load)
  'src/cli/serve.test.ts', // `yima serve` child processes: kill -9, a second process, the demo (193 s)
  'src/cli/witness.test.ts', // the platform and a witness as child processes (63 s)
  'src/cli/demo.test.ts', // the whole demo data set (40 s)
  'src/modules/labels/labels.pdf.test.ts', // label sheets decoded back, 3,000 labels streamed in flat memory (53 s)
  'src/ledger/merkle-exhaustive.test.ts', // every tree size and proof up to a bound (22 s)
  'test/fuzz.test.ts', // hostile input over every OpenAPI operation (62 s)
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
    // expect.poll waits for what the screens show after a round trip: vitest's 1 s default failed a
    // journey on CI's loaded cores (the server's answer came later, right). Ten seconds, well inside a test's own.
    expect: { poll: { timeout: 10_000 } },
  },
}));
