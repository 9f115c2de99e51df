/**
 * `yima issue`: issue codes through a running platform's API (with an API key or token), show the
 * job's progress as a bar, and save the codes as CSV; every call goes through the typed client.
 */
import fs from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ApiProblem, ApiUnreachable, createYimaClient, unwrap, type YimaClient } from '../client/client.ts';
import { CliError, cliLocale, cliText as m } from './bootstrap.ts';

export interface IssueOptions {
  url: string;
  token: string;
  product: string;
  lot: string;
  date: string;
  quantity: string;
  scheme: 'gs1' | 'yima';
  gtin?: string;
  requestId: string;
  out?: string;
}

/** A text progress bar: `[#########-----------]  45.0%  450,000 / 1,000,000`. */
export function progressBar(done: number, total: number, width = 30): string {
  const filled = total > 0 ? Math.round((done / total) * width) : 0;
  const pct = total > 0 ? ((done / total) * 100).toFixed(1) : '0.0';
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${pct.padStart(5)}%  ${done.toLocaleString('en')} / ${total.toLocaleString('en')}`;
}

/** A failed call as a readable line (or lines: the problem, then one per field) in the terminal's language. */
function failure(e: unknown, url: string): unknown {
  if (e instanceof ApiUnreachable) return new CliError(m('cli.unreachable', { url, reason: e.reason }));
  if (e instanceof ApiProblem) return new CliError([e.detail ?? m('cli.http_status', { status: e.status }), ...e.errors.map((f) => `  - ${f.message}`)].join('\n'));
  return e;
}

export async function issueCommand(opts: IssueOptions): Promise<void> {
  const quantity = Number(opts.quantity);
  if (!Number.isInteger(quantity) || quantity < 1 || quantity > 1_000_000) throw new CliError(m('cli.issue_bad_quantity', { quantity: opts.quantity }));
  if (!URL.canParse(opts.url)) throw new CliError(m('cli.bad_url', { url: opts.url }));
  const api = createYimaClient({ baseUrl: opts.url.replace(/\/+$/, ''), token: opts.token, locale: cliLocale() });
  try {
    await issue(api, opts, quantity);
  } catch (e) {
    throw failure(e, opts.url);
  }
}

async function issue(api: YimaClient, opts: IssueOptions, quantity: number): Promise<void> {
  let job = await unwrap(api.POST('/api/v1/issuances', {
    body: { productId: opts.product, lot: opts.lot, productionDate: opts.date, quantity, scheme: opts.scheme, requestId: opts.requestId, ...(opts.gtin && { gtin: opts.gtin }) },
  }));
  const tty = process.stderr.isTTY;
  let lastPrinted = -1;
  for (;;) {
    // The issuer sees both counts; the requested quantity stands in should a profile hide it.
    const done = job.issued ?? 0;
    const total = job.quantity ?? quantity;
    const line = progressBar(done, total);
    if (tty) process.stderr.write(`\r${line}`);
    else if (Math.floor((done / total) * 10) !== lastPrinted) {
      lastPrinted = Math.floor((done / total) * 10);
      process.stderr.write(`${line}\n`);
    }
    if (job.status !== 'running') break;
    await new Promise((r) => setTimeout(r, 500));
    job = await unwrap(api.GET('/api/v1/issuances/{id}', { params: { path: { id: job.id } } }));
  }
  if (tty) process.stderr.write('\n');
  if (job.status === 'failed') throw new CliError(m('cli.issue_failed', { id: job.id, reason: job.error ?? m('cli.unknown_error') }));
  if (opts.out) {
    const csv = await unwrap(api.GET('/api/v1/issuances/{id}/codes.csv', { params: { path: { id: job.id } }, parseAs: 'stream' }));
    if (!csv) throw new CliError(m('cli.issue_no_csv'));
    // The DOM's ReadableStream type and Node's name one stream.
    await pipeline(Readable.fromWeb(csv as import('node:stream/web').ReadableStream<Uint8Array>), fs.createWriteStream(opts.out));
  }
  console.log(JSON.stringify({ id: job.id, status: job.status, issued: job.issued, digest: job.digest, ...(opts.out && { csv: opts.out }) }));
}
