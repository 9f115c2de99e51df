/**
 * `yima ledger audit`: recomputes every leaf from the stored records, every subtree and root from
 * the leaves, and compares the capability tables with their latest ledger records. Names each
 * record that no longer matches — changed, deleted, added or reordered behind the platform's back.
 */
import type { Db } from '../../db/database.ts';
import { bytesEqual, encodeBase64, utf8Encode } from '../../ledger/bytes.ts';
import { canonicalize, isCanonicalJson } from '../../ledger/canonical-json.ts';
import { type HashName, leafHash, nodeLogHash } from '../../ledger/hash.ts';
import { createCompactRange } from '../../ledger/merkle.ts';
import type { JsonValue } from '../../ledger/canonical-json.ts';
import { openStoredLeaf } from './ledger.disclosure.ts';
import { createLedgerRepo } from './ledger.repo.ts';
import { type LedgerEntry, STORED_LEVEL } from './ledger.service.ts';

export type AuditProblemKind =
  | 'leaf_changed' | 'leaf_missing' | 'leaf_not_canonical' | 'disclosure_mismatch' | 'node_mismatch' | 'checkpoint_mismatch' | 'head_mismatch'
  | 'record_changed' | 'record_deleted' | 'record_unledgered';

export interface AuditProblem {
  readonly kind: AuditProblemKind;
  readonly index?: number;
  readonly type?: string;
  readonly subjectId?: string;
  readonly message: string;
}

export interface AuditReport {
  readonly origin: string;
  readonly size: number;
  readonly leavesChecked: number;
  readonly checkpointsChecked: number;
  readonly recordsChecked: number;
  readonly problems: AuditProblem[];
}

/** The types whose current state the given sources describe (others, like events, are only leaves). */
export async function auditLedger(db: Db, sources: readonly (() => AsyncIterable<LedgerEntry>)[], auditedTypes: readonly string[]): Promise<AuditReport> {
  const repo = createLedgerRepo(db);
  const log = await repo.findLog();
  if (!log) return { origin: '', size: 0, leavesChecked: 0, checkpointsChecked: 0, recordsChecked: 0, problems: [] };
  const hash = nodeLogHash(log.hash as HashName);
  const checkpoints = await repo.checkpoints();
  const problems: AuditProblem[] = [];
  const range = createCompactRange(hash);
  const computedNodes = new Map<string, Uint8Array>();
  const latest = new Map<string, { index: number; type: string; fields: { readonly [key: string]: JsonValue } | undefined }>();
  let cpAt = 0;
  let expected = 0;
  let checkpointsChecked = 0;

  const checkCheckpoints = () => {
    while (cpAt < checkpoints.length && (checkpoints[cpAt]?.size ?? Infinity) <= range.size) {
      const cp = checkpoints[cpAt++];
      if (!cp || cp.size !== range.size) continue;
      checkpointsChecked++;
      if (!bytesEqual(range.root(), new Uint8Array(cp.root_hash))) {
        problems.push({ kind: 'checkpoint_mismatch', index: cp.size, message: `signed checkpoint of size ${cp.size} no longer matches the stored records: a record before index ${cp.size} was changed, deleted or reordered` });
      }
    }
  };
  checkCheckpoints();

  for (let from = 0; ; ) {
    const page = await repo.leafPage(from, 5000);
    if (page.length === 0) break;
    for (const row of page) {
      for (; expected < row.idx; expected++) {
        problems.push({ kind: 'leaf_missing', index: expected, message: `leaf ${expected} is missing: its row was deleted` });
      }
      expected = row.idx + 1;
      const recomputed = leafHash(hash, utf8Encode(row.record_json));
      const who = `leaf ${row.idx} (${row.type} ${row.subject_id})`;
      if (!bytesEqual(recomputed, new Uint8Array(row.leaf_hash))) {
        problems.push({ kind: 'leaf_changed', index: row.idx, type: row.type, subjectId: row.subject_id, message: `${who}: the stored record no longer matches its leaf hash ${encodeBase64(row.leaf_hash)}` });
      } else if (!isCanonicalJson(row.record_json)) {
        problems.push({ kind: 'leaf_not_canonical', index: row.idx, type: row.type, subjectId: row.subject_id, message: `${who}: the stored record is not canonical JSON` });
      }
      // v2: every stored disclosure (salt, name, value) must hash to a digest its leaf committed
      // to, and every digest must have its disclosure — a changed byte in either is named here.
      let fields: { readonly [key: string]: JsonValue } | undefined;
      try {
        fields = openStoredLeaf(hash, row).fields;
      } catch (e) {
        problems.push({ kind: 'disclosure_mismatch', index: row.idx, type: row.type, subjectId: row.subject_id, message: `${who}: its stored disclosures do not match the digests its record commits to (${(e as Error).message})` });
      }
      range.append(recomputed, (level, idx, h) => {
        if (level >= STORED_LEVEL) computedNodes.set(`${level}/${idx}`, h);
      });
      latest.set(row.subject_id, { index: row.idx, type: row.type, fields });
      checkCheckpoints();
    }
    from = (page.at(-1)?.idx ?? from) + 1;
  }
  for (; expected < log.size; expected++) {
    problems.push({ kind: 'leaf_missing', index: expected, message: `leaf ${expected} is missing: its row was deleted` });
  }
  if (range.size !== log.size) {
    problems.push({ kind: 'head_mismatch', message: `the log head says ${log.size} leaves, ${range.size} are stored` });
  }

  for (const level of await repo.nodeLevels()) {
    for (let from = 0; ; ) {
      const page = await repo.nodePage(level, from, 10000);
      if (page.length === 0) break;
      for (const n of page) {
        const want = computedNodes.get(`${n.level}/${n.idx}`);
        if (!want || !bytesEqual(want, new Uint8Array(n.hash))) {
          problems.push({ kind: 'node_mismatch', index: n.idx, message: `stored subtree hash ${n.level}/${n.idx} (leaves ${n.idx * 2 ** n.level}–${(n.idx + 1) * 2 ** n.level - 1}) does not match the stored records` });
        }
      }
      from = (page.at(-1)?.idx ?? from) + 1;
    }
  }

  // The tables against their latest ledger records.
  const seen = new Set<string>();
  let recordsChecked = 0;
  for (const source of sources) {
    for await (const e of source()) {
      recordsChecked++;
      seen.add(e.subjectId);
      const l = latest.get(e.subjectId);
      if (!l) {
        problems.push({ kind: 'record_unledgered', type: e.type, subjectId: e.subjectId, message: `${e.type} ${e.subjectId}: stored, but the ledger has no record of it (added directly in the database)` });
        continue;
      }
      if (!l.fields) continue; // its disclosures are already named as not matching
      const { supersedes: _s, ...ledgered } = l.fields;
      if (canonicalize(ledgered) !== canonicalize(e.record)) {
        const fields = [...new Set([...Object.keys(ledgered), ...Object.keys(e.record)])].filter(
          (k) => canonicalize(ledgered[k] ?? null) !== canonicalize(e.record[k] ?? null),
        );
        problems.push({ kind: 'record_changed', index: l.index, type: e.type, subjectId: e.subjectId, message: `${e.type} ${e.subjectId}: the stored row differs from its latest ledger record (leaf ${l.index}) in ${fields.join(', ')}` });
      }
    }
  }
  for (const [subjectId, l] of latest) {
    if (auditedTypes.includes(l.type) && !seen.has(subjectId)) {
      problems.push({ kind: 'record_deleted', index: l.index, type: l.type, subjectId, message: `${l.type} ${subjectId}: recorded in the ledger (leaf ${l.index}) but its row was deleted` });
    }
  }
  return { origin: log.origin, size: log.size, leavesChecked: range.size, checkpointsChecked, recordsChecked, problems };
}
