/**
 * `npm run bench`: benchmarks, each reported against a baseline measured in the same run.
 * `npm run bench -- startup` runs one of them.
 */
import { benchStartup } from './startup.ts';

const BENCHES: Record<string, () => Promise<Record<string, number>>> = {
  startup: () => benchStartup(),
};

const only = process.argv.slice(2);
for (const [name, run] of Object.entries(BENCHES)) {
  if (only.length && !only.includes(name)) continue;
  const result = await run();
  console.log(JSON.stringify({ bench: name, ...result }));
}
