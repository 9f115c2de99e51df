/** HTTP for the ledger: checkpoint, keys, leaves and proofs (DESIGN.md, Contracts → Ledger JSON). */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { encodeBase64 } from '../../ledger/bytes.ts';
import { AppError, notFound } from '../../server/errors.ts';
import type { AccessService } from '../access/access.service.ts';
import type { Actor } from '../access/actor.ts';
import type { LedgerService } from './ledger.service.ts';
import { ConsistencyProof, ConsistencyQuery, InclusionProof, InclusionQuery, Leaf, LedgerKey } from './ledger.schemas.ts';

export interface LedgerRoutesOptions {
  readonly ledger: LedgerService;
  readonly access: AccessService;
  /** The organisation a record belongs to, for deciding who may read its content. */
  readonly ownerOf: (orgId: string) => Promise<{ id: string; regionCode: string } | undefined>;
}

export async function ledgerRoutes(app: FastifyInstance, { ledger, access, ownerOf }: LedgerRoutesOptions) {
  /**
   * Hashes, proofs and checkpoints are public; a leaf's record content is shown to those who may
   * read the organisation it belongs to (catalogue records are public). Others get 404.
   */
  async function mayReadRecord(actor: Actor, type: string, json: string): Promise<boolean> {
    if (type.startsWith('catalog.')) return true;
    const parsed = JSON.parse(json) as { record: { id?: string; orgId?: string } };
    const orgId = type === 'organisation' ? parsed.record.id : parsed.record.orgId;
    const owner = orgId ? await ownerOf(orgId) : undefined;
    return owner !== undefined && (await access.inScope(actor, owner));
  }

  app.get('/ledger/checkpoint', { schema: { tags: ['ledger'], summary: 'The latest signed checkpoint (C2SP signed note), with witness cosignatures', produces: ['text/plain'] } }, async (_req, reply) => {
    const cp = await ledger.latestCosignedCheckpoint();
    if (!cp) throw notFound('checkpoint', 'latest');
    return reply.type('text/plain; charset=utf-8').header('cache-control', 'no-cache').send(cp.note);
  });

  app.get('/ledger/keys', { schema: { tags: ['ledger'], summary: 'Public keys that sign checkpoints', response: { 200: Type.Array(LedgerKey) } } }, async () =>
    ledger.keys.verifierKeys.map(({ key, vkey, status }) => ({ name: key.name, algorithm: key.algorithm, vkey, publicKey: encodeBase64(key.publicKey), status })));

  app.get('/api/v1/ledger/leaves/:index', {
    schema: { tags: ['ledger'], summary: 'One leaf and its record', params: Type.Object({ index: Type.Integer({ minimum: 0 }) }), response: { 200: Leaf } },
  }, async (req) => {
    const leaf = await ledger.leaf((req.params as { index: number }).index);
    if (!(await mayReadRecord(req.actor, leaf.type, leaf.record))) throw notFound('ledger_leaf', String(leaf.index));
    return leaf;
  });

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
