/**
 * A transparency-log witness: c2sp.org/tlog-witness `POST <prefix>/add-checkpoint`, answering with
 * Ed25519 cosignature/v1 lines (cosignature.ts) and keeping, per log origin, the latest cosigned
 * tree in a state directory (witness-state.ts).
 *
 * The protocol is plain text, not the platform's problem+json: bodies and answers are exactly
 * the C2SP ones, and error answers carry a one-line reason as `text/plain`.
 *
 * Yima rule: a witnessed origin must name its hash (`<base>/sm3` or `<base>/sha256`,
 * src/ledger/checkpoint.ts `originHash`); consistency proofs are checked with that hash.
 */
import fsp from 'node:fs/promises';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { bytesEqual, decodeBase64, utf8Decode } from '../../ledger/bytes.ts';
import { CheckpointError, openCheckpoint, originHash, parseCheckpoint } from '../../ledger/checkpoint.ts';
import type { OpenedCheckpoint } from '../../ledger/checkpoint.ts';
import { HASH_SIZE, emptyRoot, nodeLogHash } from '../../ledger/hash.ts';
import type { LogHash } from '../../ledger/hash.ts';
import { verifyConsistency } from '../../ledger/merkle.ts';
import { NoteError, parseNote } from '../../ledger/note.ts';
import type { NoteVerifier } from '../../ledger/note.ts';
import { createNoteVerifier } from '../../ledger/note-node.ts';
import { createCosigner } from './cosignature.ts';
import type { Cosigner } from './cosignature.ts';
import { openWitnessState } from './witness-state.ts';
import type { CosignedTree, WitnessState } from './witness-state.ts';

/** c2sp.org/tlog-witness: "The client MUST NOT send more than 63 consistency proof lines." */
export const MAX_PROOF_LINES = 63;

/** Largest accepted add-checkpoint body (a checkpoint with many signatures is still far smaller). */
export const MAX_ADD_CHECKPOINT_BYTES = 64 * 1024;

/** Content type of a 409 answer (c2sp.org/tlog-witness). */
export const TLOG_SIZE_CONTENT_TYPE = 'text/x.tlog.size';

/** A log the witness cosigns for: its origin and the verifier keys (C2SP vkey text) it trusts. */
export interface WitnessLogConfig {
  /** Checkpoint origin, `<base>/sm3` or `<base>/sha256`. */
  readonly origin: string;
  /** C2SP verifier key text, Ed25519 or SM2 (src/ledger/note-node.ts `createNoteVerifier`). */
  readonly verifierKeys: readonly string[];
}

/** Options of {@link createWitnessApp}. */
export interface WitnessAppOptions {
  /** Witness signer key text, `PRIVATE+KEY+<name>+<id>+<base64(0x04 || seed)>` (cosignature.ts). */
  readonly signerKey: string;
  readonly logs: readonly WitnessLogConfig[];
  /** State directory (created if missing; locked while the app is open). */
  readonly dir: string;
  /** Cosignature time (default: now). */
  readonly clock?: () => Date;
  /** Fastify logger (default: off). */
  readonly logger?: boolean;
  /** Submission prefix path, e.g. `/witness` to serve `/witness/add-checkpoint` (default: none). */
  readonly prefix?: string;
}

/** An answer to add-checkpoint. */
export interface WitnessAnswer {
  readonly status: 200 | 400 | 403 | 404 | 409 | 422;
  readonly contentType: string;
  readonly body: string;
}

/** A parsed add-checkpoint request body. */
export interface AddCheckpointRequest {
  readonly oldSize: number;
  readonly proof: readonly Uint8Array[];
  /** The signed checkpoint note, verbatim. */
  readonly note: string;
}

interface WitnessedLog {
  readonly origin: string;
  readonly hash: LogHash;
  readonly verifiers: readonly NoteVerifier[];
}

const TEXT = 'text/plain; charset=utf-8';

const answer = (status: WitnessAnswer['status'], reason: string): WitnessAnswer => ({ status, contentType: TEXT, body: `${reason}\n` });

/**
 * Parses an add-checkpoint body (c2sp.org/tlog-witness): `old <size>\n`, at most 63 lines each
 * the base64 of one hash, an empty line, then the signed checkpoint. Returns `undefined` for
 * anything else (the witness answers 400).
 *
 * @example
 * parseAddCheckpointRequest(utf8Encode('old 0\n\nexample.com/log/sha256\n1\n…\n\n— example.com/log/sha256 …\n'))?.oldSize // 0
 */
export function parseAddCheckpointRequest(body: Uint8Array): AddCheckpointRequest | undefined {
  const text = utf8Decode(body);
  if (text === undefined) return undefined;
  let at = text.indexOf('\n');
  if (at < 0) return undefined;
  // "an ASCII decimal with no leading zeroes (unless the size is zero …)"
  const old = /^old (0|[1-9][0-9]*)$/.exec(text.slice(0, at));
  const oldSize = Number(old?.[1]);
  if (old === null || !Number.isSafeInteger(oldSize)) return undefined;
  const proof: Uint8Array[] = [];
  for (;;) {
    const start = at + 1;
    at = text.indexOf('\n', start);
    if (at < 0) return undefined;
    const line = text.slice(start, at);
    if (line === '') break;
    if (proof.length === MAX_PROOF_LINES) return undefined;
    const hash = decodeBase64(line);
    if (hash === undefined || hash.length !== HASH_SIZE) return undefined;
    proof.push(hash);
  }
  const note = text.slice(at + 1);
  return note === '' ? undefined : { oldSize, proof, note };
}

function configureLogs(logs: readonly WitnessLogConfig[]): Map<string, WitnessedLog> {
  const out = new Map<string, WitnessedLog>();
  for (const log of logs) {
    const hashName = originHash(log.origin);
    if (hashName === undefined) throw new Error(`witness log ${JSON.stringify(log.origin)}: the origin must end in /sm3 or /sha256`);
    if (out.has(log.origin)) throw new Error(`witness log ${log.origin} is configured twice`);
    if (log.verifierKeys.length === 0) throw new Error(`witness log ${log.origin} has no verifier keys`);
    const verifiers = log.verifierKeys.map((vkey) => {
      try {
        return createNoteVerifier(vkey.trim());
      } catch (err) {
        throw new Error(`witness log ${log.origin}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
      }
    });
    const ids = new Set(verifiers.map((v) => `${v.name}+${v.keyId}`));
    if (ids.size !== verifiers.length) throw new Error(`witness log ${log.origin} lists a verifier key twice`);
    out.set(log.origin, Object.freeze({ origin: log.origin, hash: nodeLogHash(hashName), verifiers: Object.freeze(verifiers) }));
  }
  return out;
}

/** The witness logic without HTTP: parse, verify, check-and-update, cosign. */
export interface Witness {
  addCheckpoint(body: Uint8Array): Promise<WitnessAnswer>;
}

/**
 * The add-checkpoint logic of c2sp.org/tlog-witness over an opened state, in the spec's order:
 * 400 malformed, 404 unknown origin, 403 no valid trusted signature, 400 old > size, 409 old ≠
 * stored size (body: stored size), 422 size-0 root ≠ HASH(), non-empty proof from 0, bad proof or
 * same size with another root; else persist, then 200 with the cosignature line.
 *
 * @example
 * const witness = createWitness({ cosigner, logs, state });
 * const { status, body } = await witness.addCheckpoint(requestBody);
 */
export function createWitness(deps: {
  readonly cosigner: Cosigner;
  readonly logs: readonly WitnessLogConfig[];
  readonly state: WitnessState;
  readonly onRefused?: (event: { origin: string; oldSize: number; size: number; reason: string; note: string }) => void;
}): Witness {
  const logs = configureLogs(deps.logs);
  const { cosigner, state } = deps;

  return {
    async addCheckpoint(body) {
      const req = parseAddCheckpointRequest(body);
      if (req === undefined) return answer(400, 'malformed add-checkpoint body');
      let origin: string;
      try {
        origin = parseCheckpoint(parseNote(req.note).text).origin;
      } catch (err) {
        if (err instanceof NoteError || err instanceof CheckpointError) return answer(400, err.message);
        throw err;
      }
      const log = logs.get(origin);
      if (log === undefined) return answer(404, 'unknown log origin');
      let opened: OpenedCheckpoint;
      try {
        opened = await openCheckpoint(req.note, log.verifiers, origin);
      } catch (err) {
        // C2SP: 403 if no trusted signature verifies, or a trusted key's signature fails.
        if (err instanceof NoteError) return answer(403, 'no valid signature from a trusted log key');
        if (err instanceof CheckpointError) return answer(400, err.message);
        throw err;
      }
      const { size, rootHash } = opened.checkpoint;
      if (req.oldSize > size) return answer(400, `old size ${req.oldSize} is larger than the checkpoint size ${size}`);

      const refuse = (reason: string): { result: WitnessAnswer } => {
        deps.onRefused?.({ origin, oldSize: req.oldSize, size, reason, note: req.note });
        return { result: answer(422, reason) };
      };
      const decision = await state.checkAndUpdate(origin, (current: CosignedTree | undefined) => {
        const stored = current?.size ?? 0;
        if (req.oldSize !== stored) {
          const conflict: WitnessAnswer = { status: 409, contentType: TLOG_SIZE_CONTENT_TYPE, body: `${stored}\n` };
          return { result: conflict };
        }
        if (size === 0 && !bytesEqual(rootHash, emptyRoot(log.hash))) return refuse('a size-0 checkpoint must have the empty tree root');
        if (req.oldSize === 0) {
          // "If the old size is zero, the consistency proof MUST be empty"
          if (req.proof.length !== 0) return refuse('the consistency proof must be empty when the old size is 0');
        } else if (current !== undefined && size === current.size) {
          if (req.proof.length !== 0 || !bytesEqual(rootHash, current.rootHash)) {
            return refuse('checkpoint has the cosigned size but a different root hash (or a non-empty proof)');
          }
        } else if (current === undefined || !verifyConsistency(log.hash, current.size, size, req.proof, current.rootHash, rootHash)) {
          return refuse(`consistency proof from the cosigned size ${stored} does not verify`);
        }
        const unchanged = current !== undefined && current.size === size && bytesEqual(current.rootHash, rootHash);
        return { next: unchanged ? undefined : { size, rootHash }, result: undefined };
      });
      if (decision !== undefined) return decision;
      // Persisted above; only now is the cosignature released.
      const { line } = await cosigner.cosign(opened.note.text);
      return { status: 200, contentType: TEXT, body: line };
    },
  };
}

/**
 * A Fastify app serving `POST <prefix>/add-checkpoint` (c2sp.org/tlog-witness). Opens and locks the state directory now (throws
 * WitnessDirLockedError if another process has it); `app.close()` releases it. Throws on a bad
 * signer key or log configuration.
 *
 * @example
 * const app = createWitnessApp({ signerKey, dir: '/var/lib/yima-witness', logs: [{ origin: 'trace.example.gov.cn/ledger/sm3', verifierKeys: [vkey] }] });
 * await app.listen({ port: 7380, host: '127.0.0.1' });
 */
export function createWitnessApp(opts: WitnessAppOptions): FastifyInstance {
  const cosigner = createCosigner(opts.signerKey, { clock: opts.clock });
  const logs = [...opts.logs];
  configureLogs(logs); // fail on bad configuration before taking the directory (createWitness checks again)
  const app = Fastify({ logger: opts.logger ?? false, bodyLimit: MAX_ADD_CHECKPOINT_BYTES });
  const state = openWitnessState(opts.dir);
  const witness = createWitness({
    cosigner,
    logs,
    state,
    // C2SP: the witness "MAY log the request … as it might be proof of log misbehavior".
    onRefused: (event) => app.log.warn({ witness: 'refused', ...event }, 'refused an inconsistent checkpoint'),
  });
  app.addHook('onClose', async () => state.close());

  // The body is C2SP text whatever Content-Type the client sends: take the raw bytes.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  app.setErrorHandler((err: { statusCode?: number; message?: string }, req, reply) => {
    const status = typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    if (status === 500) req.log.error({ err }, 'add-checkpoint failed');
    return reply.code(status).type(TEXT).send(status === 500 ? 'internal error\n' : `${err.message ?? 'bad request'}\n`);
  });

  const prefix = (opts.prefix ?? '').replace(/\/+$/, '');
  if (prefix !== '' && !/^\/[A-Za-z0-9._~/-]*$/.test(prefix)) throw new Error(`invalid witness prefix ${JSON.stringify(opts.prefix)}`);
  app.post(`${prefix}/add-checkpoint`, async (req, reply) => {
    const body = req.body instanceof Uint8Array ? req.body : new Uint8Array();
    const result = await witness.addCheckpoint(body);
    return reply.code(result.status).type(result.contentType).send(result.body);
  });
  return app;
}

/** Options of {@link runWitness} (what a `yima witness` command reads from its configuration). */
export interface RunWitnessOptions {
  /** TCP port; 0 picks a free one. */
  readonly port: number;
  /** Listen address (default 127.0.0.1). */
  readonly host?: string;
  /** State directory. */
  readonly dir: string;
  /** File holding the witness signer key text (keep it mode 0600). */
  readonly signerKeyFile: string;
  readonly logs: readonly WitnessLogConfig[];
  /** Submission prefix path (default: none, i.e. `POST /add-checkpoint`). */
  readonly prefix?: string;
  readonly logger?: boolean;
  readonly clock?: () => Date;
}

/** A started witness. */
export interface RunningWitness {
  /** Submission prefix URL, e.g. `http://127.0.0.1:7380` (POST `${url}/add-checkpoint`). */
  readonly url: string;
  readonly port: number;
  /** The witness's cosigner verifier key text, for the logs' configuration. */
  readonly verifierKey: string;
  /** Stops listening and releases the state directory. */
  close(): Promise<void>;
}

/**
 * Starts a witness: reads the signer key file, opens the state directory, listens (default
 * 127.0.0.1). Rejects if the directory is held by another process (the message names its pid).
 *
 * @example
 * const witness = await runWitness({ port: 7380, dir: '.yima-witness', signerKeyFile: '.yima-witness/witness.key', logs });
 * console.log(`witness ${witness.verifierKey} at ${witness.url}`);
 * await witness.close();
 */
export async function runWitness(opts: RunWitnessOptions): Promise<RunningWitness> {
  const signerKey = (await fsp.readFile(opts.signerKeyFile, 'utf8')).trim();
  const host = opts.host ?? '127.0.0.1';
  const verifierKey = createCosigner(signerKey).verifierKey;
  const app = createWitnessApp({ signerKey, logs: opts.logs, dir: opts.dir, prefix: opts.prefix, logger: opts.logger, clock: opts.clock });
  try {
    await app.listen({ port: opts.port, host });
  } catch (err) {
    await app.close();
    throw err;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : opts.port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  const prefix = (opts.prefix ?? '').replace(/\/+$/, '');
  return { url: `http://${urlHost}:${port}${prefix}`, port, verifierKey, close: () => app.close() };
}
