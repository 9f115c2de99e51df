/**
 * The webhook side of a subscription: the `GS1-Signature` of a callback body and the POST to the
 * subscriber's `dest` (REST binding, `POST /queries/{queryName}/subscriptions`, callback
 * `querySubscriptionResults`). The network is the only thing here, through the outbound guard
 * (public addresses only, judged again at connect time); retry policy lives in the service.
 */
import crypto from 'node:crypto';
import { type OutboundGuard, OutboundRefusedError } from '../../server/outbound-guard.ts';

/**
 * The `GS1-Signature` header value for a body: `sha256=` and the lowercase hex HMAC-SHA256 of
 * the exact body bytes, keyed by the subscription's `signatureToken` (UTF-8). The binding leaves
 * the scheme to the implementation; this is the one GitHub-style webhooks use, so receivers can
 * reuse their verification code.
 *
 * @example
 * const body = new TextEncoder().encode('{"type":"EPCISQueryDocument"}');
 * gs1Signature(body, 'secret'); // 'sha256=…' (64 hex digits)
 * // Receiver: crypto.timingSafeEqual(Buffer.from(header), Buffer.from(gs1Signature(rawBody, token)))
 */
export function gs1Signature(body: Uint8Array, token: string): string {
  return `sha256=${crypto.createHmac('sha256', token).update(body).digest('hex')}`;
}

/** What became of one POST: the receiver's status, or why there was none. */
export type CallbackOutcome =
  | { readonly ok: true; readonly status: number }
  | { readonly ok: false; readonly status?: number; readonly error: string };

export interface CallbackRequest {
  readonly dest: string;
  /** The exact bytes signed and sent. */
  readonly body: Uint8Array<ArrayBuffer>;
  readonly contentType: string;
  readonly signatureToken: string | null;
  readonly headers?: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  /** Aborts the request when the worker stops (the batch counts as not delivered). */
  readonly signal?: AbortSignal;
}

/**
 * POSTs one callback through `outbound`. Only a 2xx answer is a delivery; redirects are not
 * followed (a redirect could lead past the rules `dest` was checked against), a destination the
 * guard refuses is not contacted at all, and a receiver that does not answer within `timeoutMs`
 * has not received the batch as far as we know.
 *
 * @example
 * const r = await postCallback(outbound, { dest: 'https://client.example.com/cb', body, contentType: 'application/ld+json', signatureToken: 'secret', timeoutMs: 10_000 });
 * if (!r.ok) console.log(r.error); // 'HTTP 500' | 'timed out after 10000 ms' | 'connect ECONNREFUSED …' | 'refused: 10.0.0.1 is not a public address (private); …'
 */
export async function postCallback(outbound: Pick<OutboundGuard, 'post'>, req: CallbackRequest): Promise<CallbackOutcome> {
  const timeout = AbortSignal.timeout(req.timeoutMs);
  const signal = req.signal ? AbortSignal.any([timeout, req.signal]) : timeout;
  const headers: Record<string, string> = { ...req.headers, 'content-type': req.contentType, 'user-agent': 'yima-epcis-subscriptions' };
  if (req.signatureToken !== null) headers['gs1-signature'] = gs1Signature(req.body, req.signatureToken);
  try {
    const { status } = await outbound.post(req.dest, { body: req.body, headers, signal });
    if (status >= 200 && status < 300) return { ok: true, status };
    return { ok: false, status, error: `HTTP ${status}` };
  } catch (e) {
    if (e instanceof OutboundRefusedError) return { ok: false, error: e.message };
    if (timeout.aborted) return { ok: false, error: `timed out after ${req.timeoutMs} ms` };
    if (req.signal?.aborted) return { ok: false, error: 'stopped' };
    const cause = e instanceof Error && e.cause instanceof Error ? `: ${e.cause.message}` : '';
    return { ok: false, error: `${e instanceof Error ? e.message : String(e)}${cause}` };
  }
}
