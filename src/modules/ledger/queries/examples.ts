/** Example calls of the ledger module's SQL, for `npm run sql` (scripts/sql-queries.ts). */
import { defineExamples, repoExamples } from '../../../../scripts/sql-examples.ts';
import { createLedgerRepo } from '../ledger.repo.ts';

const hash = (byte: number) => Buffer.alloc(32, byte);
const leaf = (idx: number) => ({ idx, type: 'event', subject_id: `event:${idx}`, leaf_hash: hash(idx), record_json: '{}', disclosures: null });

export const examples = defineExamples({
  '../ledger.repo.ts': repoExamples(createLedgerRepo, {
    findLog: (repo) => repo.findLog(),
    createLog: (repo) => repo.createLog('yima.example/log', 'sm3'),
    lockHead: (repo) => repo.lockHead(),
    setHead: (repo) => repo.setHead(3, [hash(1), hash(2)]),
    insertLeaves: (repo) => repo.insertLeaves([leaf(0), leaf(1)]),
    insertNodes: (repo) => repo.insertNodes([{ level: 1, idx: 0, hash: hash(9) }]),
    latestOfSubject: (repo) => repo.latestOfSubject('event:0'),
    leavesOfSubject: (repo) => repo.leavesOfSubject('event:0'),
    leaf: (repo) => repo.leaf(0),
    leafHashes: (repo) => repo.leafHashes([0, 1]),
    nodes: (repo) => repo.nodes([{ level: 1, index: 0 }, { level: 2, index: 0 }]),
    leafPage: (repo) => repo.leafPage(0, 1000),
    nodePage: (repo) => repo.nodePage(1, 0, 1000),
    nodeLevels: (repo) => repo.nodeLevels(),
    latestCheckpoint: (repo) => repo.latestCheckpoint(),
    checkpoint: (repo) => repo.checkpoint(3),
    checkpoints: (repo) => repo.checkpoints(),
    insertCheckpoint: (repo) => repo.insertCheckpoint(3, hash(7), 'yima.example/log\n3\n…\n'),
    insertCosignature: (repo) => repo.insertCosignature(3, 'witness.example', '— w1 …'),
    cosignatures: (repo) => repo.cosignatures(3),
  }),
});
