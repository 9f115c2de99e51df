/** HTTP for the ledger: checkpoint, keys, leaves and proofs (DESIGN.md, Contracts → Ledger JSON). */
import { Type } from 'typebox';
import { encodeBase64 } from '../../ledger/bytes.ts';
import type { App } from '../../server/contract.ts';
import { AppError, notFound } from '../../server/errors.ts';
import type { LedgerReader } from './ledger.reader.ts';
import type { LedgerService } from './ledger.service.ts';
import { ConsistencyProof, ConsistencyQuery, InclusionProof, InclusionQuery, Leaf, LeafParams, LedgerKey, SignedNote, TlogProofText } from './ledger.schemas.ts';

export interface LedgerRoutesOptions {
  readonly ledger: LedgerService;
  /** Leaves as each reader may see them: hashes, proofs and checkpoints are public; a leaf is for those who may read its organisation, its members by audience. */
  readonly reader: LedgerReader;
}

export async function ledgerRoutes(app: App, { ledger, reader }: LedgerRoutesOptions) {
  app.get('/ledger/checkpoint', {
    schema: { operationId: 'ledger.checkpoint', tags: ['ledger'], summary: 'The latest signed checkpoint (C2SP signed note), with witness cosignatures', response: { 200: { content: { 'text/plain': { schema: SignedNote } } } } },
  }, async (_req, reply) => {
    const cp = await ledger.latestCosignedCheckpoint();
    if (!cp) throw notFound('checkpoint', 'latest');
    return reply.type('text/plain; charset=utf-8').header('cache-control', 'no-cache').send(cp.note);
  });

  app.get('/ledger/keys', { schema: { operationId: 'ledger.keys', tags: ['ledger'], summary: 'Public keys that sign checkpoints', response: { 200: Type.Array(LedgerKey) } } }, async () =>
    ledger.keys.verifierKeys.map(({ key, vkey, status }) => ({ name: key.name, algorithm: key.algorithm, vkey, publicKey: encodeBase64(key.publicKey), status })));

  app.get('/api/v1/ledger/leaves/:index', {
    schema: { operationId: 'ledger.getLeaf', tags: ['ledger'], summary: 'One leaf and its record', params: LeafParams, response: { 200: Leaf } },
  }, async (req) => reader.leaf(req.actor, req.params.index));

  app.get('/api/v1/ledger/proofs/inclusion', {
    schema: {
      operationId: 'ledger.inclusionProof', tags: ['ledger'], summary: 'Inclusion proof of a leaf (by index or record id) against a checkpoint', querystring: InclusionQuery,
      // JSON, or the C2SP tlog-proof file for ?format=tlog-proof (or Accept: text/plain).
      response: { 200: { content: { 'application/json': { schema: InclusionProof }, 'text/plain': { schema: TlogProofText } } } },
    },
  }, async (req, reply) => {
    const q = req.query;
    let index = q.index;
    if (q.recordId !== undefined) {
      const history = await ledger.subjectLeaves(q.recordId);
      const latest = history.at(-1);
      if (!latest) throw notFound('ledger_leaf', q.recordId);
      index = latest.index;
    }
    if (index === undefined) {
      throw new AppError(400, 'validation_failed', 'problem.validation_failed.detail', { count: 1 }, [{ field: 'querystring.index', code: 'required', key: 'field.required', params: { field: 'querystring.index' } }]);
    }
    const proof = await ledger.inclusion(index, q.size);
    const wantsText = q.format === 'tlog-proof' || (q.format === undefined && /\btext\/plain\b/.test(req.headers.accept ?? '') && !/json/.test(req.headers.accept ?? ''));
    if (wantsText) return reply.type('text/plain; charset=utf-8').send(proof.tlogProof);
    return proof;
  });

  app.get('/api/v1/ledger/proofs/consistency', {
    schema: { operationId: 'ledger.consistencyProof', tags: ['ledger'], summary: 'Consistency proof between two checkpointed sizes', querystring: ConsistencyQuery, response: { 200: ConsistencyProof } },
  }, async (req) => ledger.consistency(req.query.from, req.query.to));
}
