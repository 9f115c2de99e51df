/**
 * `npm run bench`: benchmarks, each reported against a baseline measured in the same run.
 * `npm run bench -- startup ledger-append` runs some of them. The ledger benchmarks run on the
 * embedded database, and on the PostgreSQL server too when DATABASE_URL is set.
 * LEDGER_PROOF_LEAVES (default 1,000,000) sets the size of the log for proof latency; TRACE_EVENTS
 * (default 1,000,000) the events stored under the forward-trace benchmark.
 */
import type { DbTarget } from '../src/db/database.ts';
import { benchAppend, benchProof } from './ledger.ts';
import { benchStartup } from './startup.ts';
import { benchIssuance, benchParse } from './issuance.ts';
import { benchLabels } from './labels.ts';
import { benchCapture, benchTrace } from './events.ts';
import { benchResolver } from './resolver.ts';
import { benchWeb } from './web.ts';

const targets: DbTarget[] = process.env.DATABASE_URL ? ['postgres', 'pglite'] : ['pglite'];
const proofLeaves = Number(process.env.LEDGER_PROOF_LEAVES ?? 1_000_000);

const BENCHES: Record<string, () => Promise<Record<string, number | string>[]>> = {
  startup: async () => [await benchStartup()],
  'ledger-append': async () => {
    const out = [];
    for (const t of targets) out.push({ target: t, ...(await benchAppend(t, { single: t === 'pglite' ? 1000 : 2000, batched: 50_000, batch: 1000 })) });
    return out;
  },
  issuance: async () => {
    const out = [];
    for (const t of targets) out.push({ target: t, ...(await benchIssuance(t)) });
    return out;
  },
  'code-parse': async () => [benchParse()],
  labels: async () => [await benchLabels()],
  'event-capture': async () => {
    const out = [];
    for (const t of targets) out.push({ target: t, ...(await benchCapture(t)) });
    return out;
  },
  'event-trace': async () => {
    const out = [];
    for (const t of targets) out.push({ target: t, ...(await benchTrace(t)) });
    return out;
  },
  resolver: async () => {
    const out = [];
    for (const t of targets) out.push({ target: t, ...(await benchResolver(t)) });
    return out;
  },
  web: async () => [await benchWeb()],
  'ledger-proof': async () => {
    const out = [];
    for (const t of targets) out.push({ target: t, ...(await benchProof(t, proofLeaves)) });
    return out;
  },
};

const only = process.argv.slice(2);
for (const [name, run] of Object.entries(BENCHES)) {
  if (only.length && !only.includes(name)) continue;
  for (const result of await run()) console.log(JSON.stringify({ bench: name, ...result }));
}
