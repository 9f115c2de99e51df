/**
 * `yima ledger audit`: recomputes every leaf from the stored records, every subtree and root from
 * the leaves, and compares the capability tables with their latest ledger records. Names each
 * record that no longer matches — changed, deleted, added or reordered behind the platform's back.
 */
import type { Db } from '../../db/database.ts';
import { bytesEqual, encodeBase64, utf8Encode } from '../../ledger/bytes.ts';
import { canonicalize, isCanonicalJson } from '../../ledger/canonical-json.ts';
import { leafHash, nodeLogHash } from '../../ledger/hash.ts';
import { createCompactRange } from '../../ledger/merkle.ts';
import type { JsonValue } from '../../ledger/canonical-json.ts';
import { type MessageKey, type Params, msg, t } from '../../shared/i18n/i18n.ts';
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
  /** In English; `key` and `params` say it in any language (ledger.audit.*). */
  readonly message: string;
  readonly key: MessageKey;
  readonly params: Params;
}

type ProblemFacts = Pick<AuditProblem, 'kind' | 'index' | 'type' | 'subjectId'>;
const problem = (facts: ProblemFacts, key: MessageKey, params: Params): AuditProblem => ({ ...facts, message: t('en', key, params), key, params });

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
  const hash = nodeLogHash(log.hash);
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
        problems.push(problem({ kind: 'checkpoint_mismatch', index: cp.size }, 'ledger.audit.checkpoint_mismatch', { size: cp.size }));
      }
    }
  };
  checkCheckpoints();

  for (let from = 0; ; ) {
    const page = await repo.leafPage(from, 5000);
    if (page.length === 0) break;
    for (const row of page) {
      for (; expected < row.idx; expected++) {
        problems.push(problem({ kind: 'leaf_missing', index: expected }, 'ledger.audit.leaf_missing', { index: expected }));
      }
      expected = row.idx + 1;
      const recomputed = leafHash(hash, utf8Encode(row.record_json));
      const who = msg('ledger.audit.leaf', { index: row.idx, type: row.type, subject: row.subject_id });
      const facts = { index: row.idx, type: row.type, subjectId: row.subject_id };
      if (!bytesEqual(recomputed, new Uint8Array(row.leaf_hash))) {
        problems.push(problem({ kind: 'leaf_changed', ...facts }, 'ledger.audit.leaf_changed', { leaf: who, hash: encodeBase64(row.leaf_hash) }));
      } else if (!isCanonicalJson(row.record_json)) {
        problems.push(problem({ kind: 'leaf_not_canonical', ...facts }, 'ledger.audit.leaf_not_canonical', { leaf: who }));
      }
      // v2: every stored disclosure (salt, name, value) must hash to a digest its leaf committed
      // to, and every digest must have its disclosure — a changed byte in either is named here.
      let fields: { readonly [key: string]: JsonValue } | undefined;
      try {
        fields = openStoredLeaf(hash, row).fields;
      } catch (e) {
        problems.push(problem({ kind: 'disclosure_mismatch', ...facts }, 'ledger.audit.disclosure_mismatch', { leaf: who, reason: (e as Error).message }));
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
    problems.push(problem({ kind: 'leaf_missing', index: expected }, 'ledger.audit.leaf_missing', { index: expected }));
  }
  if (range.size !== log.size) {
    problems.push(problem({ kind: 'head_mismatch' }, 'ledger.audit.head_mismatch', { size: log.size, stored: range.size }));
  }

  for (const level of await repo.nodeLevels()) {
    for (let from = 0; ; ) {
      const page = await repo.nodePage(level, from, 10000);
      if (page.length === 0) break;
      for (const n of page) {
        const want = computedNodes.get(`${n.level}/${n.idx}`);
        if (!want || !bytesEqual(want, new Uint8Array(n.hash))) {
          problems.push(problem({ kind: 'node_mismatch', index: n.idx }, 'ledger.audit.node_mismatch', { level: n.level, index: n.idx, first: n.idx * 2 ** n.level, last: (n.idx + 1) * 2 ** n.level - 1 }));
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
        problems.push(problem({ kind: 'record_unledgered', type: e.type, subjectId: e.subjectId }, 'ledger.audit.record_unledgered', { type: e.type, subject: e.subjectId }));
        continue;
      }
      if (!l.fields) continue; // its disclosures are already named as not matching
      const { supersedes: _s, ...ledgered } = l.fields;
      if (canonicalize(ledgered) !== canonicalize(e.record)) {
        const fields = [...new Set([...Object.keys(ledgered), ...Object.keys(e.record)])].filter(
          (k) => canonicalize(ledgered[k] ?? null) !== canonicalize(e.record[k] ?? null),
        );
        problems.push(problem({ kind: 'record_changed', index: l.index, type: e.type, subjectId: e.subjectId }, 'ledger.audit.record_changed', { type: e.type, subject: e.subjectId, leaf: l.index, fields: fields.join(', ') }));
      }
    }
  }
  for (const [subjectId, l] of latest) {
    if (auditedTypes.includes(l.type) && !seen.has(subjectId)) {
      problems.push(problem({ kind: 'record_deleted', index: l.index, type: l.type, subjectId }, 'ledger.audit.record_deleted', { type: l.type, subject: subjectId, leaf: l.index }));
    }
  }
  return { origin: log.origin, size: log.size, leavesChecked: range.size, checkpointsChecked, recordsChecked, problems };
}
