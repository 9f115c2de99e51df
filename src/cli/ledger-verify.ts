/**
 * `yima ledger verify`: offline verification of a record against a proof, a signed checkpoint
 * and public keys — no server, no database. Says valid, or exactly why not (an i18n message).
 */
import fs from 'node:fs';
import { utf8Encode } from '../ledger/bytes.ts';
import { isCanonicalJson } from '../ledger/canonical-json.ts';
import { leafHash, nodeLogHash } from '../ledger/hash.ts';
import type { JsonValue } from '../ledger/canonical-json.ts';
import { type LedgerLeaf, decodeLeaf } from '../ledger/leaf-data.ts';
import { openRecord } from '../ledger/selective-disclosure.ts';
import { createNoteVerifier } from '../ledger/note-node.ts';
import { originHash } from '../ledger/checkpoint.ts';
import { formatTlogProof, verifyTlogProof } from '../ledger/proof-text.ts';
import { decodeBase64 } from '../ledger/bytes.ts';
import { type MessageRef, msg } from '../shared/i18n/i18n.ts';

export interface VerifyInput {
  /** A tlog-proof file, or the JSON answer of /api/v1/ledger/proofs/inclusion. */
  readonly proof: string;
  /**
   * The leaf's record: the canonical JSON `record` string, or the JSON answer of
   * /api/v1/ledger/leaves/{i} (or the `ledger` member of a `?proof=true` answer) — for a v 2 leaf
   * with the `disclosures` its reader was given.
   */
  readonly record: string;
  /** Verifier keys: C2SP vkey text, or the JSON answer of /ledger/keys. */
  readonly keys: readonly string[];
  readonly origin?: string | undefined;
}

export type VerifyResult =
  | {
    valid: true; index: number; size: number; origin: string; signers: string[];
    /** The record's values as proved: v 1 all of them; v 2 the disclosed members (`hidden` of them stay digests). */
    record: { [key: string]: JsonValue };
    hidden: number;
  }
  | { valid: false; reason: MessageRef };

/** Verifier keys from literal vkeys, files of them (one per line), or the JSON of /ledger/keys. */
export function readKeys(inputs: readonly string[]): string[] {
  return inputs.flatMap((k) => {
    const text = fs.existsSync(k) ? fs.readFileSync(k, 'utf8') : k;
    const trimmed = text.trim();
    if (trimmed.startsWith('[')) return (JSON.parse(trimmed) as { vkey: string }[]).map((x) => x.vkey);
    return trimmed.split('\n').map((l) => l.trim()).filter(Boolean);
  });
}

/** Verifies; never throws for bad input, answers why instead. */
export async function verifyOffline(input: VerifyInput): Promise<VerifyResult> {
  let proofText = input.proof;
  let proofIndex: number | undefined;
  try {
    if (proofText.trimStart().startsWith('{')) {
      const j = JSON.parse(proofText) as { index: number; path: string[]; checkpoint: string };
      const path = j.path.map((p) => decodeBase64(p));
      if (path.some((p) => p === undefined)) return { valid: false, reason: msg('cli.verify.not_base64') };
      proofText = formatTlogProof({ index: j.index, path: path as Uint8Array[], checkpoint: j.checkpoint });
      proofIndex = j.index;
    }
  } catch (e) {
    return { valid: false, reason: msg('cli.verify.bad_proof', { reason: (e as Error).message }) };
  }
  let recordJson = input.record.trim();
  let disclosures: string[] = [];
  let leaf: LedgerLeaf;
  try {
    if (!recordJson.startsWith('{"record"')) {
      const j = JSON.parse(recordJson) as { record?: unknown; index?: number; disclosures?: unknown; withheld?: unknown };
      if (j.withheld === true) return { valid: false, reason: msg('cli.verify.withheld') };
      if (typeof j.record === 'string') {
        recordJson = j.record;
        if (proofIndex !== undefined && j.index !== undefined && j.index !== proofIndex) {
          return { valid: false, reason: msg('cli.verify.wrong_leaf', { leaf: j.index, index: proofIndex }) };
        }
      }
      if (Array.isArray(j.disclosures)) disclosures = j.disclosures.map(String);
    }
    leaf = decodeLeaf(recordJson);
  } catch (e) {
    return { valid: false, reason: msg('cli.verify.bad_record', { reason: (e as Error).message }) };
  }
  if (!isCanonicalJson(recordJson)) return { valid: false, reason: msg('cli.verify.not_canonical') };
  let verifiers;
  try {
    verifiers = readKeys(input.keys).map((k) => createNoteVerifier(k));
  } catch (e) {
    return { valid: false, reason: msg('cli.verify.bad_keys', { reason: (e as Error).message }) };
  }
  if (verifiers.length === 0) return { valid: false, reason: msg('cli.verify.no_keys') };
  try {
    const firstLine = /\n\n([^\n]*)\n/.exec(proofText)?.[1] ?? '';
    const hashName = originHash(input.origin ?? firstLine) ?? 'sm3';
    const hash = nodeLogHash(hashName);
    const lh = leafHash(hash, utf8Encode(recordJson));
    const r = await verifyTlogProof(proofText, lh, verifiers, nodeLogHash, input.origin);
    // v 2: every disclosure must hash to a digest the (now proved) record commits to.
    let shown: { record: { [key: string]: JsonValue }; hidden: number };
    if (leaf.v === 2) {
      try {
        shown = openRecord(hash, leaf.record, disclosures);
      } catch (e) {
        return { valid: false, reason: msg('cli.verify.bad_disclosures', { reason: (e as Error).message }) };
      }
    } else {
      if (disclosures.length) return { valid: false, reason: msg('cli.verify.disclosures_v1') };
      shown = { record: (JSON.parse(recordJson) as { record: { [key: string]: JsonValue } }).record, hidden: 0 };
    }
    return {
      valid: true,
      index: r.proof.index,
      size: r.checkpoint.checkpoint.size,
      origin: r.checkpoint.checkpoint.origin,
      signers: r.checkpoint.note.verified.map((s) => `${s.name}+${s.keyId.toString(16).padStart(8, '0')}`),
      record: shown.record,
      hidden: shown.hidden,
    };
  } catch (e) {
    // The verifier's own words (src/ledger: which hash, which signature, which line).
    return { valid: false, reason: msg('cli.verify.failed', { reason: (e as Error).message }) };
  }
}
