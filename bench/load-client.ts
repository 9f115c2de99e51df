/**
 * The load generator of the resolver benchmark, in its own process (so that parsing the answers
 * does not take the server's CPU): autocannon over a list of paths, round robin. Reads its options
 * as JSON from argv[2], prints autocannon's result as JSON.
 */
import autocannon from 'autocannon';

const opts = JSON.parse(process.argv[2] ?? '{}') as { url: string; paths: string[]; accept: string; seconds: number; connections: number; rate?: number };
let i = 0;
const result = await autocannon({
  url: opts.url,
  connections: opts.connections,
  duration: opts.seconds,
  headers: { accept: opts.accept },
  requests: [{ setupRequest: (req) => ({ ...req, path: opts.paths[i++ % opts.paths.length] ?? '/' }) }],
  ...(opts.rate !== undefined && { overallRate: opts.rate }),
});
process.stdout.write(JSON.stringify({ requests: result.requests, latency: result.latency, errors: result.errors, non2xx: result.non2xx }));
