/** HTTP for the ledger: checkpoint, keys, leaves and proofs (DESIGN.md, Contracts → Ledger JSON). */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { encodeBase64 } from '../../ledger/bytes.ts';
import { AppError, notFound } from '../../server/errors.ts';
import type { LedgerReader } from './ledger.reader.ts';
import type { LedgerService } from './ledger.service.ts';
import { ConsistencyProof, ConsistencyQuery, InclusionProof, InclusionQuery, Leaf, LedgerKey } from './ledger.schemas.ts';

export interface LedgerRoutesOptions {
  readonly ledger: LedgerService;
  /** Leaves as each reader may see them: hashes, proofs and checkpoints are public; a leaf is for those who may read its organisation, its members by audience. */
  readonly reader: LedgerReader;
}

export async function ledgerRoutes(app: FastifyInstance, { ledger, reader }: LedgerRoutesOptions) {
  app.get('/ledger/checkpoint', { schema: { tags: ['ledger'], summary: 'The latest signed checkpoint (C2SP signed note), with witness cosignatures', produces: ['text/plain'] } }, async (_req, reply) => {
    const cp = await ledger.latestCosignedCheckpoint();
    if (!cp) throw notFound('checkpoint', 'latest');
    return reply.type('text/plain; charset=utf-8').header('cache-control', 'no-cache').send(cp.note);
  });

  app.get('/ledger/keys', { schema: { tags: ['ledger'], summary: 'Public keys that sign checkpoints', response: { 200: Type.Array(LedgerKey) } } }, async () =>
    ledger.keys.verifierKeys.map(({ key, vkey, status }) => ({ name: key.name, algorithm: key.algorithm, vkey, publicKey: encodeBase64(key.publicKey), status })));

  app.get('/api/v1/ledger/leaves/:index', {
    schema: { tags: ['ledger'], summary: 'One leaf and its record', params: Type.Object({ index: Type.Integer({ minimum: 0 }) }), response: { 200: Leaf } },
  }, async (req) => reader.leaf(req.actor, (req.params as { index: number }).index));

  app.get('/api/v1/ledger/proofs/inclusion', {
    schema: { tags: ['ledger'], summary: 'Inclusion proof of a leaf (by index or record id) against a checkpoint', querystring: InclusionQuery, response: { 200: InclusionProof } },
  }, async (req, reply) => {
    const q = req.query as { index?: number; recordId?: string; size?: number; format?: 'json' | 'tlog-proof' };
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
    schema: { tags: ['ledger'], summary: 'Consistency proof between two checkpointed sizes', querystring: ConsistencyQuery, response: { 200: ConsistencyProof } },
  }, async (req) => {
    const { from, to } = req.query as { from: number; to: number };
    return ledger.consistency(from, to);
  });
}
