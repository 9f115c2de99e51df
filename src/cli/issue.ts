/**
 * `yima issue`: issue codes through a running platform's API (with an API key or token), show the
 * job's progress as a bar, and save the codes as CSV.
 */
import fs from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
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

async function api(opts: IssueOptions, path: string, init: RequestInit = {}) {
  const res = await fetch(`${opts.url.replace(/\/+$/, '')}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${opts.token}`, 'content-type': 'application/json', 'accept-language': cliLocale(), ...(init.headers as Record<string, string> | undefined) },
  });
  if (res.status >= 400) {
    const problem = (await res.json().catch(() => ({}))) as { detail?: string; errors?: { message: string }[] };
    throw new CliError([problem.detail ?? m('cli.http_status', { status: res.status }), ...(problem.errors ?? []).map((e) => `  - ${e.message}`)].join('\n'));
  }
  return res;
}

export async function issueCommand(opts: IssueOptions): Promise<void> {
  const quantity = Number(opts.quantity);
  if (!Number.isInteger(quantity) || quantity < 1 || quantity > 1_000_000) throw new CliError(m('cli.issue_bad_quantity', { quantity: opts.quantity }));
  const started = await api(opts, '/api/v1/issuances', {
    method: 'POST',
    body: JSON.stringify({ productId: opts.product, lot: opts.lot, productionDate: opts.date, quantity, scheme: opts.scheme, requestId: opts.requestId, ...(opts.gtin && { gtin: opts.gtin }) }),
  });
  let job = (await started.json()) as { id: string; status: string; issued: number; quantity: number; error: string | null; digest: string | null };
  const tty = process.stderr.isTTY;
  let lastPrinted = -1;
  for (;;) {
    const line = progressBar(job.issued, job.quantity);
    if (tty) process.stderr.write(`\r${line}`);
    else if (Math.floor((job.issued / job.quantity) * 10) !== lastPrinted) {
      lastPrinted = Math.floor((job.issued / job.quantity) * 10);
      process.stderr.write(`${line}\n`);
    }
    if (job.status !== 'running') break;
    await new Promise((r) => setTimeout(r, 500));
    job = (await (await api(opts, `/api/v1/issuances/${job.id}`)).json()) as typeof job;
  }
  if (tty) process.stderr.write('\n');
  if (job.status === 'failed') throw new CliError(m('cli.issue_failed', { id: job.id, reason: job.error ?? m('cli.unknown_error') }));
  if (opts.out) {
    const csv = await api(opts, `/api/v1/issuances/${job.id}/codes.csv`);
    if (!csv.body) throw new CliError(m('cli.issue_no_csv'));
    await pipeline(Readable.fromWeb(csv.body as import('node:stream/web').ReadableStream<Uint8Array>), fs.createWriteStream(opts.out));
  }
  console.log(JSON.stringify({ id: job.id, status: job.status, issued: job.issued, digest: job.digest, ...(opts.out && { csv: opts.out }) }));
}
