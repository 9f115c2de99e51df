/**
 * The log side of c2sp.org/tlog-witness: submit a signed checkpoint to each witness with a
 * consistency proof from the size that witness last cosigned, and collect verified cosignatures.
 *
 * Per witness the client remembers the last size the witness accepted (starting at 0: "If a client
 * doesn't have information on the latest cosigned checkpoint, it MAY initially make a request with
 * a old size of zero"); a 409 answer names the witness's size and the request is retried once with
 * a proof from there. A bad or absent answer is reported per witness, never thrown.
 */
import { encodeBase64 } from '../../ledger/bytes.ts';
import { parseCheckpoint } from '../../ledger/checkpoint.ts';
import { parseNote } from '../../ledger/note.ts';
import { parseCosignerVerifierKey, verifyCosignatureLine } from './cosignature.ts';
import type { CosignerKey } from './cosignature.ts';

/** Default time limit of one add-checkpoint request. */
export const DEFAULT_WITNESS_TIMEOUT_MS = 5_000;

/** A witness as the log knows it. */
export interface WitnessEndpoint {
  /** Label for results and logs (usually the key name). */
  readonly name: string;
  /** Submission prefix; the client POSTs to `<url>/add-checkpoint`. */
  readonly url: string;
  /** The witness's cosigner verifier key text (type 0x04, cosignature.ts). */
  readonly vkey: string;
}

/** Options of {@link createWitnessClient}. */
export interface WitnessClientOptions {
  readonly witnesses: readonly WitnessEndpoint[];
  /** Consistency proof between two sizes of the log (0 < from < to), e.g. `tree.consistencyProof`. */
  readonly consistency: (from: number, to: number) => Promise<Uint8Array[]>;
  readonly fetch?: typeof fetch;
  /** Per-request time limit in ms (default 5000). */
  readonly timeoutMs?: number;
}

/**
 * One witness's outcome. On success `line` is the verified cosignature line with its final
 * newline (append it to the signed checkpoint) and `timestamp` its time in Unix seconds; on
 * failure `status` is the HTTP status, or `null` when no usable answer came (timeout, network
 * error, witness ahead of this checkpoint, proof source failed).
 */
export type WitnessSubmitResult =
  | { readonly witness: string; readonly ok: true; readonly line: string; readonly timestamp: number }
  | { readonly witness: string; readonly ok: false; readonly status: number | null; readonly reason: string };

/** Submits checkpoints to a fixed set of witnesses. */
export interface WitnessClient {
  /** Submits to every witness in parallel; one result per witness, in configuration order. */
  submit(signedCheckpointNote: string, size: number): Promise<WitnessSubmitResult[]>;
  /** The size this client believes the witness has cosigned (0 if unknown). */
  knownSize(witness: string): number;
}

/**
 * An add-checkpoint request body (c2sp.org/tlog-witness): `old <size>\n`, one base64 line per
 * proof hash, an empty line, the signed checkpoint.
 *
 * @example
 * formatAddCheckpointRequest(0, [], signedCheckpoint) // 'old 0\n\nexample.com/log/sha256\n…'
 */
export function formatAddCheckpointRequest(oldSize: number, proof: readonly Uint8Array[], signedCheckpointNote: string): string {
  if (!Number.isSafeInteger(oldSize) || oldSize < 0) throw new TypeError(`invalid old size ${oldSize}`);
  return `old ${oldSize}\n${proof.map((h) => `${encodeBase64(h)}\n`).join('')}\n${signedCheckpointNote}`;
}

interface Attempt {
  readonly status: number | null;
  readonly contentType: string;
  readonly body: string;
  readonly error?: string;
}

const MAX_REASON = 300;

function reasonOf(a: Attempt): string {
  if (a.error !== undefined) return a.error;
  const text = a.body.trim();
  return text === '' ? `HTTP ${a.status ?? '?'}` : text.slice(0, MAX_REASON);
}

/**
 * A witness client for a log.
 *
 * @example
 * const client = createWitnessClient({
 *   witnesses: [{ name: 'w1', url: 'http://127.0.0.1:7380', vkey: 'witness.example/w1+…' }],
 *   consistency: async (from, to) => tree.consistencyProof(from, to),
 * });
 * const results = await client.submit(signedCheckpoint, tree.size);
 * const lines = results.flatMap((r) => (r.ok ? [r.line] : []));
 */
export function createWitnessClient(opts: WitnessClientOptions): WitnessClient {
  const doFetch = opts.fetch ?? globalThis.fetch;
  const timeoutMs = opts.timeoutMs ?? DEFAULT_WITNESS_TIMEOUT_MS;
  const witnesses = opts.witnesses.map((w) => {
    let key: CosignerKey;
    try {
      key = parseCosignerVerifierKey(w.vkey);
    } catch (err) {
      throw new Error(`witness ${w.name}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
    return Object.freeze({ name: w.name, endpoint: `${w.url.replace(/\/+$/, '')}/add-checkpoint`, key });
  });
  if (new Set(witnesses.map((w) => w.name)).size !== witnesses.length) throw new Error('witness names must be unique');
  const known = new Map<string, number>();
  // One submission at a time per witness, so the remembered size follows the witness's own order.
  const queues = new Map<string, Promise<unknown>>();

  const post = async (endpoint: string, body: string): Promise<Attempt> => {
    try {
      const res = await doFetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'text/plain; charset=utf-8' },
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await res.text();
      return { status: res.status, contentType: res.headers.get('content-type') ?? '', body: text };
    } catch (err) {
      const name = err instanceof Error ? err.name : '';
      const error = name === 'TimeoutError' || name === 'AbortError' ? `no answer within ${timeoutMs} ms` : `request failed: ${err instanceof Error ? err.message : String(err)}`;
      return { status: null, contentType: '', body: '', error };
    }
  };

  const proofFrom = async (from: number, to: number): Promise<Uint8Array[]> =>
    // C2SP: "If the old size is zero, the consistency proof MUST be empty"; equal sizes need none.
    from === 0 || from === to ? [] : opts.consistency(from, to);

  const submitOne = async (w: (typeof witnesses)[number], note: string, noteText: string, size: number): Promise<WitnessSubmitResult> => {
    const fail = (status: number | null, reason: string): WitnessSubmitResult => ({ witness: w.name, ok: false, status, reason });
    let old = known.get(w.name) ?? 0;
    for (let attempt = 0; ; attempt++) {
      if (old > size) return fail(null, `the witness has cosigned size ${old}, larger than this checkpoint (${size})`);
      let proof: Uint8Array[];
      try {
        proof = await proofFrom(old, size);
      } catch (err) {
        return fail(null, `could not build a consistency proof ${old} → ${size}: ${err instanceof Error ? err.message : String(err)}`);
      }
      const res = await post(w.endpoint, formatAddCheckpointRequest(old, proof, note));
      if (res.status === 409 && attempt === 0) {
        // C2SP: the 409 body is the witness's latest cosigned size, `text/x.tlog.size`.
        const m = /^(0|[1-9][0-9]*)\n$/.exec(res.body);
        const theirs = Number(m?.[1]);
        if (!res.contentType.startsWith('text/x.tlog.size') || m === null || !Number.isSafeInteger(theirs)) {
          return fail(409, `malformed 409 answer: ${reasonOf(res)}`);
        }
        known.set(w.name, theirs);
        old = theirs;
        continue;
      }
      if (res.status === 409) {
        const again = /^(0|[1-9][0-9]*)\n$/.exec(res.body);
        if (again !== null) known.set(w.name, Number(again[1]));
        return fail(409, `the witness's size changed again during the submission (${reasonOf(res)})`);
      }
      if (res.status !== 200) return fail(res.status, reasonOf(res));
      // C2SP: "The client MUST ignore any cosignatures from unknown keys."
      const lines = res.body.split('\n').filter((l) => l !== '');
      let lastReason = 'the answer has no cosignature from the witness key';
      for (const line of lines) {
        const check = await verifyCosignatureLine(line, noteText, w.key);
        if (check.ok) {
          known.set(w.name, size);
          return { witness: w.name, ok: true, line: `${line}\n`, timestamp: check.timestamp };
        }
        if (line.startsWith(`\u2014 ${w.key.name} `)) lastReason = check.reason;
      }
      return fail(200, lastReason);
    }
  };

  return {
    knownSize: (name) => known.get(name) ?? 0,
    async submit(signedCheckpointNote, size) {
      // The cosignature covers the note text; a caller passing an inconsistent size is a bug.
      const noteText = parseNote(signedCheckpointNote).text;
      const parsed = parseCheckpoint(noteText);
      if (parsed.size !== size) throw new TypeError(`checkpoint size ${parsed.size} is not ${size}`);
      return Promise.all(
        witnesses.map((w) => {
          const run = (queues.get(w.name) ?? Promise.resolve()).then(() => submitOne(w, signedCheckpointNote, noteText, size));
          queues.set(w.name, run.catch(() => undefined));
          return run;
        }),
      );
    },
  };
}
