/**
 * The tamper-evident ledger: every accepted record becomes a leaf of one append-only Merkle log
 * (RFC 6962/9162 hashing) in the record's own transaction; signed checkpoints (C2SP signed note,
 * SM2 and Ed25519); inclusion and consistency proofs.
 */
import type { Db } from '../../db/database.ts';
import { encodeBase64 } from '../../ledger/bytes.ts';
import { type Checkpoint, formatCheckpoint, makeOrigin } from '../../ledger/checkpoint.ts';
import { type HashName, type LogHash, leafHash, nodeLogHash } from '../../ledger/hash.ts';
import type { JsonValue } from '../../ledger/canonical-json.ts';
import crypto from 'node:crypto';
import { encodeCommittedLeaf } from '../../ledger/leaf-data.ts';
import { SALT_BYTES } from '../../ledger/selective-disclosure.ts';
import {
  type NodeId, type NodeReader, computeTreeRoot, createCompactRange, generateConsistencyProof, generateInclusionProof, nodeLeafRange, perfectSubtreeHash,
} from '../../ledger/merkle.ts';
import { signNote } from '../../ledger/note.ts';
import { formatTlogProof } from '../../ledger/proof-text.ts';
import { AppError, notFound } from '../../server/errors.ts';
import { type LeafRow, createLedgerRepo } from './ledger.repo.ts';
import type { LedgerKeys } from './ledger.keys.ts';
import type { WitnessClient } from '../witness/witness-client.ts';
import { openStoredLeaf, tryOpenStoredLeaf } from './ledger.disclosure.ts';

/** Subtrees of at least 2^STORED_LEVEL leaves are stored; smaller ones are computed from leaves. */
export const STORED_LEVEL = 4;

export interface LedgerEntry {
  /** Record type, e.g. `organisation`, `product`, `catalog.list`. */
  readonly type: string;
  /** The thing the record is about; later records about it supersede earlier ones. */
  readonly subjectId: string;
  readonly record: Readonly<Record<string, JsonValue | undefined>>;
  /** True when the subject is new (skips looking up what it supersedes). */
  readonly first?: boolean;
}

export interface Appended {
  readonly index: number;
  readonly leafHash: Uint8Array;
}

/** Appends entries inside the caller's transaction (pass the transaction as `trx`). */
export type LedgerAppend = (trx: Db, entries: readonly LedgerEntry[]) => Promise<Appended[]>;

export interface LedgerOptions {
  readonly db: Db;
  /** The log's origin (from {@link openLedgerLog}). */
  readonly origin: string;
  readonly hash: HashName;
  readonly keys: LedgerKeys;
}

/**
 * Creates the log on first use, or reads the existing one. Origin and hash are fixed at creation
 * and bound into the origin line (…/sm3, …/sha256): later, a configuration that explicitly asks
 * for another origin or hash is an error, never a silent switch; derived defaults (from the public
 * URL) give way to what the log already is.
 */
export async function openLedgerLog(db: Db, want: { originBase: string; hash: HashName; explicit: { hash: boolean; origin: boolean } }): Promise<{ origin: string; hash: HashName }> {
  const repo = createLedgerRepo(db);
  const wantedOrigin = makeOrigin(want.originBase, want.hash);
  await repo.createLog(wantedOrigin, want.hash);
  const log = await repo.findLog();
  if (!log) throw new Error('ledger log row missing after creation');
  const base = log.origin.slice(0, log.origin.lastIndexOf('/'));
  if ((want.explicit.hash && log.hash !== want.hash) || (want.explicit.origin && base !== want.originBase)) {
    throw new Error(`the ledger was created as ${log.origin} (hash ${log.hash}); configuration asks for ${wantedOrigin}. A log's origin and hash never change.`);
  }
  return { origin: log.origin, hash: log.hash };
}

/** A node reader over stored nodes (level ≥ STORED_LEVEL) and leaf hashes (below). */
export function storedNodeReader(hash: LogHash, db: Db): NodeReader {
  const repo = createLedgerRepo(db);
  return async (ids: readonly NodeId[]) => {
    const high = ids.filter((n) => n.level >= STORED_LEVEL);
    const low = ids.filter((n) => n.level < STORED_LEVEL);
    const leafIdx = low.flatMap((n) => {
      const [b, e] = nodeLeafRange(n);
      return Array.from({ length: e - b }, (_, i) => b + i);
    });
    const [nodes, leaves] = await Promise.all([repo.nodes(high), repo.leafHashes(leafIdx)]);
    const nodeMap = new Map(nodes.map((r) => [`${r.level}/${r.idx}`, new Uint8Array(r.hash)]));
    const leafMap = new Map(leaves.map((r) => [r.idx, new Uint8Array(r.leaf_hash)]));
    return ids.map((n) => {
      if (n.level >= STORED_LEVEL) {
        const h = nodeMap.get(`${n.level}/${n.index}`);
        if (!h) throw new Error(`ledger node ${n.level}/${n.index} is missing`);
        return h;
      }
      const [b, e] = nodeLeafRange(n);
      const hs = Array.from({ length: e - b }, (_, i) => {
        const h = leafMap.get(b + i);
        if (!h) throw new Error(`ledger leaf ${b + i} is missing`);
        return h;
      });
      return perfectSubtreeHash(hash, hs);
    });
  };
}

export type LedgerService = Awaited<ReturnType<typeof createLedgerService>>;

/**
 * 128-bit salts (SD-JWT §9.3) from the CSPRNG, drawn a few kilobytes at a time: one
 * `randomBytes` call per field was a fifth of the cost of appending a product.
 */
function saltSource(): () => Uint8Array {
  let pool = crypto.randomBytes(0);
  let at = 0;
  return () => {
    if (at + SALT_BYTES > pool.length) {
      pool = crypto.randomBytes(SALT_BYTES * 256);
      at = 0;
    }
    at += SALT_BYTES;
    return pool.subarray(at - SALT_BYTES, at);
  };
}

/** The ledger service over an opened log (see {@link openLedgerLog}). */
export async function createLedgerService({ db, origin, hash: hashName, keys }: LedgerOptions) {
  const repo = createLedgerRepo(db);
  const hash = nodeLogHash(hashName);
  for (const s of keys.signers) {
    if (s.name !== origin) throw new Error(`signing key ${s.name} does not name this log (${origin})`);
  }

  const salt = saltSource();
  const append: LedgerAppend = async (trx, entries) => {
    if (entries.length === 0) return [];
    const r = createLedgerRepo(trx);
    const head = await r.lockHead();
    const range = createCompactRange(hash, { size: head.size, hashes: head.frontier.map((b) => new Uint8Array(b)) });
    const rows: LeafRow[] = [];
    const nodes: { level: number; idx: number; hash: Buffer }[] = [];
    const latest = new Map<string, number>();
    const out: Appended[] = [];
    for (const e of entries) {
      const previous = latest.get(e.subjectId) ?? (e.first ? undefined : await r.latestOfSubject(e.subjectId));
      const record = previous === undefined ? e.record : { ...e.record, supersedes: previous };
      // Leaf encoding v2: each member committed by its own salted digest (leaf-data.ts).
      const { json, data, disclosures } = encodeCommittedLeaf(hash, e.type, record, salt);
      const lh = leafHash(hash, data);
      const index = range.size;
      range.append(lh, (level, idx, h) => {
        if (level >= STORED_LEVEL) nodes.push({ level, idx, hash: Buffer.from(h) });
      });
      rows.push({ idx: index, type: e.type, subject_id: e.subjectId, leaf_hash: Buffer.from(lh), record_json: json, disclosures: JSON.stringify(disclosures) });
      latest.set(e.subjectId, index);
      out.push({ index, leafHash: lh });
    }
    // Chunks keep each statement's arrays to a few MB.
    for (let i = 0; i < rows.length; i += 10_000) await r.insertLeaves(rows.slice(i, i + 10_000));
    await r.insertNodes(nodes);
    await r.setHead(range.size, range.hashes.map((h) => Buffer.from(h)));
    return out;
  };

  const reader = storedNodeReader(hash, db);

  async function sizeNow() {
    return (await repo.findLog())?.size ?? 0;
  }

  // The latest checkpoint changes every few seconds at most; proofs and the scan page ask for it
  // constantly. Keep it for a second (another process's newer one shows up within that).
  let cached: { at: number; value: Awaited<ReturnType<typeof repo.latestCheckpoint>> } | undefined;
  async function latestCheckpoint() {
    if (cached && Date.now() - cached.at < 1000) return cached.value;
    const value = await repo.latestCheckpoint();
    cached = { at: Date.now(), value };
    return value;
  }

  /** The checkpoint a proof is made against: the given size, or the latest. */
  async function checkpointFor(size?: number) {
    const cp = size === undefined ? await latestCheckpoint() : await repo.checkpoint(size);
    if (!cp) throw notFound('checkpoint', size === undefined ? 'latest' : String(size));
    return cp;
  }

  function badRequest(field: string, why: string) {
    return new AppError(400, 'validation_failed', 'problem.validation_failed.detail', { count: 1 }, [
      { field, code: 'invalid', key: 'field.invalid', params: { field, reason: why } },
    ]);
  }

  async function checkpoint(): Promise<{ size: number; note: string; created: boolean }> {
    const log = await repo.findLog();
    if (!log) throw new Error('ledger log missing');
    const last = await repo.latestCheckpoint();
    if (last && last.size >= log.size) return { size: last.size, note: last.note, created: false };
    const frontierRoot = createCompactRange(hash, { size: log.size, hashes: log.frontier.map((b) => new Uint8Array(b)) }).root();
    const storedRoot = await computeTreeRoot(hash, reader, log.size);
    if (Buffer.compare(Buffer.from(frontierRoot), Buffer.from(storedRoot)) !== 0) {
      throw new Error(`ledger root mismatch at size ${log.size}: the stored hashes disagree with the sequencer; refusing to sign`);
    }
    const body: Checkpoint = { origin, size: log.size, rootHash: storedRoot, extensions: [] };
    const note = await signNote(formatCheckpoint(body), keys.signers);
    const created = await repo.insertCheckpoint(log.size, Buffer.from(storedRoot), note);
    cached = undefined;
    const stored = await repo.checkpoint(log.size);
    if (!stored || Buffer.compare(stored.root_hash, Buffer.from(storedRoot)) !== 0) {
      throw new Error(`a different root is already signed for size ${log.size}`);
    }
    return { size: log.size, note: stored.note, created };
  }

  return {
    origin,
    hash,
    keys,
    append,
    reader,
    size: sizeNow,

    /**
     * Signs a checkpoint of the current tree if it grew since the last one. The root is
     * re-derived from stored hashes and must equal the sequencer's; a size is never signed twice.
     */
    checkpoint,

    /**
     * Signs checkpoints in the background: at least every `seconds` while the log grows, and as
     * soon as `records` were added. Returns the function that stops it.
     */
    startCheckpointer(opts: { seconds: number; records: number; onError: (e: unknown) => void; onCheckpoint?: (c: { size: number; note: string }) => void }) {
      let lastAt = Date.now();
      let busy = false;
      const tick = async () => {
        if (busy) return;
        busy = true;
        try {
          const [size, latest] = await Promise.all([sizeNow(), repo.latestCheckpoint()]);
          const signed = latest?.size ?? -1;
          if (size > signed && (size - signed >= opts.records || Date.now() - lastAt >= opts.seconds * 1000)) {
            const c = await checkpoint();
            lastAt = Date.now();
            if (c.created) opts.onCheckpoint?.(c);
          }
        } catch (e) {
          opts.onError(e);
        } finally {
          busy = false;
        }
      };
      const timer = setInterval(() => void tick(), Math.min(1000, opts.seconds * 1000));
      timer.unref();
      return () => clearInterval(timer);
    },

    latestCheckpoint,

    /**
     * The latest checkpoint with the witnesses' cosignature lines added (C2SP: a cosigned
     * checkpoint is the log's note with more signature lines).
     */
    async latestCosignedCheckpoint() {
      const cp = await latestCheckpoint();
      if (!cp) return undefined;
      const lines = await repo.cosignatures(cp.size);
      return { size: cp.size, note: cp.note + lines.map((l) => l.signature).join('') };
    },

    /** A consistency proof between two tree sizes (for witnesses). */
    consistencyPath: (from: number, to: number) => generateConsistencyProof(hash, reader, from, to),

    /** Sends a new checkpoint to the witnesses and keeps the cosignatures that verified. */
    async witness(client: WitnessClient, cp: { size: number; note: string }) {
      const results = await client.submit(cp.note, cp.size);
      for (const r of results) if (r.ok) await repo.insertCosignature(cp.size, r.witness, r.line);
      return results;
    },

    /**
     * A stored leaf, opened: `record` is the leaf data (for v2, digests only), `opened` has every
     * value and disclosure (undefined if the stored leaf was altered and does not open). Not for
     * answers as is: readers get what ledger.reader.ts shows them.
     */
    async leaf(index: number) {
      const row = await repo.leaf(index);
      if (!row) throw notFound('ledger_leaf', String(index));
      return { index: row.idx, leafHash: encodeBase64(row.leaf_hash), record: row.record_json, type: row.type, subjectId: row.subject_id, appendedAt: row.appended_at.toISOString(), opened: tryOpenStoredLeaf(hash, row) };
    },

    async inclusion(index: number, size?: number) {
      const cp = await checkpointFor(size);
      if (!Number.isSafeInteger(index) || index < 0 || index >= cp.size) throw badRequest('index', `expected 0 ≤ index < ${cp.size} (the checkpoint size)`);
      const leaf = await repo.leaf(index);
      if (!leaf) throw notFound('ledger_leaf', String(index));
      const path = await generateInclusionProof(hash, reader, index, cp.size);
      return {
        index,
        size: cp.size,
        leafHash: encodeBase64(leaf.leaf_hash),
        rootHash: encodeBase64(cp.root_hash),
        path: path.map(encodeBase64),
        checkpoint: cp.note,
        tlogProof: formatTlogProof({ index, path, checkpoint: cp.note }),
      };
    },

    async consistency(from: number, to: number) {
      const [a, b] = await Promise.all([checkpointFor(from), checkpointFor(to)]);
      if (from > to) throw badRequest('from', 'expected from ≤ to');
      const path = from === 0 || from === to ? [] : await generateConsistencyProof(hash, reader, from, to);
      return { from, to, fromRoot: encodeBase64(a.root_hash), toRoot: encodeBase64(b.root_hash), path: path.map(encodeBase64) };
    },

    /**
     * The proof that a record's latest state is in the log: its leaf and an inclusion proof
     * against a signed checkpoint (signing a new one first if the leaf is newer than the last).
     */
    async proofOf(subjectId: string) {
      const leaves = await repo.leavesOfSubject(subjectId);
      const latest = leaves.at(-1);
      if (!latest) throw notFound('ledger_leaf', subjectId);
      let cp = await repo.latestCheckpoint();
      if (!cp || cp.size <= latest.idx) {
        await checkpoint();
        cp = await repo.latestCheckpoint();
      }
      if (!cp) throw new Error('no checkpoint after signing one');
      const path = await generateInclusionProof(hash, reader, latest.idx, cp.size);
      return {
        index: latest.idx,
        leafHash: encodeBase64(latest.leaf_hash),
        record: latest.record_json,
        opened: tryOpenStoredLeaf(hash, latest),
        size: cp.size,
        rootHash: encodeBase64(cp.root_hash),
        path: path.map(encodeBase64),
        checkpoint: cp.note,
      };
    },

    /** The index of the newest leaf about a subject (a record, an issuance, a binding), if any. */
    latestLeafOf: (subjectId: string) => repo.latestOfSubject(subjectId),

    /** The size of the latest signed checkpoint (0 before the first). */
    checkpointSize: async () => (await repo.latestCheckpoint())?.size ?? 0,

    /**
     * Every leaf about a subject (its history, oldest first): the leaf data (`record`) and, for
     * the platform's own use, the values it commits to (`fields`).
     */
    async subjectLeaves(subjectId: string) {
      return (await repo.leavesOfSubject(subjectId)).map((r) => ({ index: r.idx, type: r.type, leafHash: encodeBase64(r.leaf_hash), record: r.record_json, fields: openStoredLeaf(hash, r).fields }));
    },
  };
}
