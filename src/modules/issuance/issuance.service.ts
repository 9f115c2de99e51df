/**
 * 源头赋码: a producer issues N codes for a batch of a product — GS1 GTIN + random serial (AI 21)
 * or Yima 数字身份码 — as a job: up to 1,000,000 codes generated, written and exported in chunks
 * (never all in memory), resumable after a crash, idempotent by client request id, recorded in
 * the ledger as one record committing to every code.
 */
import crypto from 'node:crypto';
import { csvField } from '../../shared/csv.ts';
import type { Db } from '../../db/database.ts';
import { yimaIssuerPrefix } from '../../shared/codes/yima-code.ts';
import { conflict, fieldError, findOrFail, notFound, validationFailed } from '../../server/errors.ts';
import type { AccessService } from '../access/access.service.ts';
import type { Actor } from '../access/actor.ts';
import { type Audiences, audiencesOf } from '../access/audiences.ts';
import { disclosureOf } from '../catalog/profile-rules.ts';
import type { DataProfile } from '../catalog/catalog.schemas.ts';
import type { MemberLevel } from '../ledger/ledger.disclosure.ts';
import type { LedgerAppend } from '../ledger/ledger.service.ts';
import type { ProductsService } from '../products/products.service.ts';
import { scopeOf } from '../access/scope.ts';
import { type BatchListRow, type CodeRow, type IssuanceRepo, type IssuanceRow, createIssuanceRepo } from './issuance.repo.ts';
import type { BatchBody, IssueBody, ListBatchesQuery } from './issuance.schemas.ts';

/** Codes written per transaction: large enough to be fast, small enough not to block an embedded database. */
export const CHUNK = 10_000;

// Crockford base 32: no I, L, O, U; all within GS1 CSET 82.
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A GS1 serial (AI 21): 13 Crockford base-32 characters = 65 random bits.
 *
 * @example randomSerial() // 'K3X9QZ0T7M2PA'
 */
export function randomSerial(): string {
  if (poolAt + 13 > pool.length) {
    crypto.randomFillSync(pool);
    poolAt = 0;
  }
  let s = '';
  for (let i = 0; i < 13; i++) s += CROCKFORD.charAt((pool[poolAt + i] ?? 0) & 31); // 13 × 5 bits; the 3 high bits are dropped
  poolAt += 13;
  return s;
}
// Random bytes drawn 64 KiB at a time: a million codes would otherwise make a million calls.
const pool = Buffer.alloc(65_536);
let poolAt = pool.length;

export interface CodeFactory {
  /** A new random code of the scheme for an issuer, with its serial (the part that must be unique). */
  make(scheme: 'gs1' | 'yima', ctx: { gtin: string | null; issuer: string | null }): { code: string; serial: string };
}

export const gs1Code = (gtin14: string, serial: string) => `(01)${gtin14}(21)${serial}`;

export interface IssuanceDeps {
  readonly db: Db;
  readonly access: AccessService;
  readonly products: Pick<ProductsService, 'get' | 'profileOfProduct'>;
  readonly orgs: { findOwner(orgId: string): Promise<{ id: string; regionCode: string } | undefined> };
  readonly ledger: LedgerAppend;
  readonly codes: CodeFactory;
  readonly clock?: () => Date;
  readonly onError?: (e: unknown) => void;
  /**
   * The latest inspection recorded for each of these batches (the events module holds them; it
   * is built after this one, so app.ts passes a function that asks it when called).
   */
  readonly inspections?: (batchIds: readonly string[]) => Promise<ReadonlyMap<string, RecordedInspection>>;
}

/** A batch's latest 检验合格证明 as the events module recorded it. */
export interface RecordedInspection {
  readonly eventId: string;
  readonly result: 'pass' | 'fail';
  readonly reportNumber: string;
  readonly body: string | null;
  readonly date: string;
  readonly reportSha256: string | null;
  readonly reportSm3: string | null;
}

/** The profile field of each member of an inspection as a batch view shows it. */
const INSPECTION_FIELDS = { result: 'inspection.result', reportNumber: 'inspection.reportNumber', body: 'inspection.body', date: 'inspection.date', reportSha256: 'inspection.reportFile', reportSm3: 'inspection.reportFile' } as const;

export type IssuanceService = ReturnType<typeof createIssuanceService>;

export function createIssuanceService({ db, access, products, orgs, ledger, codes, clock = () => new Date(), onError, inspections = async () => new Map() }: IssuanceDeps) {
  const repo = createIssuanceRepo(db);
  const jobs = new Map<string, Promise<void>>();

  async function runChunk(job: IssuanceRow, from: number) {
    const n = Math.min(CHUNK, job.quantity - from);
    const make = (seq: number): CodeRow => {
      const { code, serial } = codes.make(job.scheme, { gtin: job.gtin, issuer: job.issuer });
      return { code, scheme: job.scheme, serial, org_id: job.org_id, product_id: job.product_id, batch_id: job.batch_id, issuance_id: job.id, seq };
    };
    await db.transaction().execute(async (trx) => {
      const r = createIssuanceRepo(trx);
      let rows = Array.from({ length: n }, (_, i) => make(from + i));
      // A serial collides with probability ~n/2^64: draw again for those (never reuse).
      for (let attempt = 0; rows.length > 0; attempt++) {
        if (attempt > 5) throw new Error('could not draw unique serials');
        const clashed = await r.insertCodes(rows);
        rows = rows.filter((x) => clashed.has(x.serial)).map((x) => make(x.seq));
      }
      await r.setIssued(job.id, from + n);
    });
    return from + n;
  }

  async function finish(job: IssuanceRow) {
    // The ledger record commits to every code: SM3 over the codes in order, one per line.
    const h = crypto.createHash('sm3');
    for (let after = -1; ; ) {
      const page = await repo.codePage(job.id, after, CHUNK);
      if (page.length === 0) break;
      for (const c of page) h.update(`${c.code}\n`);
      after = page.at(-1)?.seq ?? after;
    }
    const digest = h.digest('hex');
    await db.transaction().execute(async (trx) => {
      await createIssuanceRepo(trx).finish(job.id, digest, clock());
      await ledger(trx, [{
        type: 'issuance', subjectId: job.id, first: true,
        record: { id: job.id, orgId: job.org_id, productId: job.product_id, batchId: job.batch_id, scheme: job.scheme, gtin: job.gtin, issuer: job.issuer, quantity: job.quantity, codesSm3: digest },
      }]);
    });
  }

  function start(job: IssuanceRow) {
    if (jobs.has(job.id)) return;
    const run = (async () => {
      try {
        let issued = job.issued;
        while (issued < job.quantity) issued = await runChunk(job, issued);
        await finish(job);
      } catch (e) {
        onError?.(e);
        await repo.fail(job.id, e instanceof Error ? e.message : String(e), clock()).catch(() => undefined);
      } finally {
        jobs.delete(job.id);
      }
    })();
    jobs.set(job.id, run);
  }

  return {
    /**
     * Starts an issuance (or returns the one this request id already started). Answers at once;
     * the job runs in the background.
     */
    async issue(actor: Actor, body: IssueBody): Promise<{ job: IssuanceRow; created: boolean }> {
      const product = await products.get(actor, body.productId);
      await access.require(actor, 'code:issue', await ownerOf(product.orgId, 'product', product.id));
      const existing = await repo.findByRequest(product.orgId, body.requestId);
      if (existing) return { job: sameRequest(existing, body), created: false };
      let gtin: string | null = null;
      if (body.scheme === 'gs1') {
        gtin = body.gtin ? body.gtin.padStart(14, '0') : (product.gtins[0] ?? null);
        if (!gtin || !product.gtins.includes(gtin)) {
          throw validationFailed([fieldError('gtin', 'gtin_not_of_product', 'field.gtin_not_of_product', { gtins: product.gtins.join(', ') || '—' })]);
        }
      }
      const id = crypto.randomUUID();
      const inserted = await db.transaction().execute(async (trx) => {
        const r = createIssuanceRepo(trx);
        let batch = await r.findBatch(product.id, body.lot);
        if (!batch) {
          const batchId = crypto.randomUUID();
          if (await r.insertBatch({ id: batchId, org_id: product.orgId, product_id: product.id, lot: body.lot, production_date: body.productionDate })) {
            await ledger(trx, [{ type: 'batch', subjectId: batchId, first: true, record: { id: batchId, orgId: product.orgId, productId: product.id, lot: body.lot, productionDate: body.productionDate } }]);
          }
          batch = await r.findBatch(product.id, body.lot);
        }
        if (!batch) throw new Error('batch vanished');
        if (batch.production_date !== body.productionDate) {
          throw validationFailed([fieldError('productionDate', 'batch_date_differs', 'field.batch_date_differs', { lot: body.lot, date: batch.production_date }, { expected: batch.production_date })]);
        }
        const issuer = body.scheme === 'yima' ? await r.yimaIssuer(product.orgId, yimaIssuerPrefix) : null;
        return r.insertIssuance({ id, org_id: product.orgId, product_id: product.id, batch_id: batch.id, request_id: body.requestId, scheme: body.scheme, gtin, issuer, quantity: body.quantity, created_by: actor.userId ?? actor.apiKeyId ?? 'unknown' });
      });
      if (!inserted) {
        const raced = await findOrFail(repo.findByRequest(product.orgId, body.requestId), 'issuance', body.requestId);
        return { job: sameRequest(raced, body), created: false };
      }
      const job = await findOrFail(repo.find(id), 'issuance', id);
      start(job);
      return { job, created: true };
    },

    /**
     * Registers a batch (批次) of a product before any code is issued for it, so its 检验合格证明
     * can be recorded first; recorded in the ledger as an issuance's new batch is. A lot the
     * product already has is refused on the lot field.
     */
    async createBatch(actor: Actor, body: BatchBody) {
      const product = await products.get(actor, body.productId);
      await access.require(actor, 'code:issue', await ownerOf(product.orgId, 'product', product.id));
      const id = crypto.randomUUID();
      await db.transaction().execute(async (trx) => {
        const r = createIssuanceRepo(trx);
        const existing = await r.findBatch(product.id, body.lot);
        if (existing || !(await r.insertBatch({ id, org_id: product.orgId, product_id: product.id, lot: body.lot, production_date: body.productionDate }))) {
          throw validationFailed([fieldError('lot', 'batch_exists', 'field.batch_exists', { lot: body.lot, date: existing?.production_date ?? '' })]);
        }
        await ledger(trx, [{ type: 'batch', subjectId: id, first: true, record: { id, orgId: product.orgId, productId: product.id, lot: body.lot, productionDate: body.productionDate } }]);
      });
      return getBatch(actor, id);
    },

    /** Batches in the reader's scope, newest first, with their codes and latest inspection as the reader may see them. */
    async listBatches(actor: Actor, q: ListBatchesQuery) {
      await access.require(actor, 'product:read');
      const rows = await repo.listBatches({ scope: scopeOf(actor), ...(q.orgId && { orgId: q.orgId }), ...(q.productId && { productId: q.productId }), limit: q.limit ?? 100, offset: q.offset ?? 0 });
      return presentBatches(actor, rows);
    },

    /** One batch in the reader's scope (another's is 404, as one that does not exist). */
    getBatch,

    /** A job, and whether the reader may see how many codes it has (batch.quantity). */
    async get(actor: Actor, id: string) {
      const job = await findOrFail(repo.find(id), 'issuance', id);
      const owner = await ownerOf(job.org_id, 'issuance', id);
      await access.require(actor, 'product:read', owner);
      const profile = await products.profileOfProduct(job.product_id);
      const audiences = await audiencesFor(actor, owner);
      return { job, quantity: audiences.sees(profile ? disclosureOf(profile, 'batch.quantity') : 'owner') };
    },

    /** The codes as CSV lines, streamed page by page (the producer's export: owner only). */
    async *csv(actor: Actor, id: string, toDigitalLink: (code: string) => string): AsyncGenerator<string> {
      const job = await findOrFail(repo.find(id), 'issuance', id);
      await requireOwner(actor, await ownerOf(job.org_id, 'issuance', id));
      const batch = await repo.findBatchById(job.batch_id);
      yield 'seq,code,serial,digital_link,lot,production_date\n';
      for (let after = -1; ; ) {
        const page = await repo.codePage(id, after, CHUNK);
        if (page.length === 0) break;
        yield page.map((c) => `${c.seq},${csvField(c.code)},${csvField(c.serial ?? '')},${csvField(toDigitalLink(c.code))},${csvField(batch?.lot ?? '')},${batch?.production_date ?? ''}\n`).join('');
        after = page.at(-1)?.seq ?? after;
      }
    },

    /**
     * The codes of an issuance with their batch, for labels: page by page, in order (from `fromSeq`,
     * `limit` codes at most).
     */
    async *labelData(actor: Actor, id: string, opts: { fromSeq?: number; limit?: number } = {}) {
      const job = await findOrFail(repo.find(id), 'issuance', id);
      await requireOwner(actor, await ownerOf(job.org_id, 'issuance', id));
      const batch = await repo.findBatchById(job.batch_id);
      let left = opts.limit ?? Number.MAX_SAFE_INTEGER;
      for (let after = (opts.fromSeq ?? 0) - 1; left > 0; ) {
        const page = await repo.codePage(id, after, Math.min(CHUNK, left));
        if (page.length === 0) break;
        for (const c of page) yield { seq: c.seq, code: c.code, serial: c.serial, scheme: job.scheme, gtin: job.gtin, lot: batch?.lot ?? '', productionDate: batch?.production_date ?? '' };
        left -= page.length;
        after = page.at(-1)?.seq ?? after;
      }
    },

    /** Resumes jobs a previous process left running (after a crash or restart). */
    async resume() {
      for (const job of await repo.running()) start(job);
    },

    /** Waits for the running jobs (tests, shutdown). */
    async idle() {
      await Promise.all([...jobs.values()]);
    },

    /**
     * For other modules: the register of codes and batches, read with no actor (the caller
     * authorises what it shows), and the one write another module makes to it — codes
     * commissioning events register, inside the capture's own transaction.
     */
    registry: {
      /** Registered codes among these event keys, by event key. */
      codes: repo.codesOf,
      /** A code's row by its `codes.key` (CodeInfo.key). */
      codeByKey: repo.codeByKey,
      batch: repo.batch,
      /** Batches of these products with these lots. */
      batchesByLots: repo.batchesByLots,
      /** Up to `limit` codes of a batch, as event keys. */
      batchCodes: repo.batchCodes,
      /** Codes and batches in a recall's scope (products, batches, production dates of one producer). */
      codesInScope: repo.scopeCodes,
      batchesInScope: repo.scopeBatches,
      /** Inserts bound codes inside `trx`; returns the keys already taken. */
      insertBound: (trx: Db, rows: Parameters<IssuanceRepo['insertBoundCodes']>[0]) => createIssuanceRepo(trx).insertBoundCodes(rows),
    },
  };

  async function getBatch(actor: Actor, id: string) {
    await access.require(actor, 'product:read');
    const rows = await repo.listBatches({ scope: scopeOf(actor), id, limit: 1, offset: 0 });
    const [batch] = await presentBatches(actor, rows);
    if (!batch) throw notFound('batch', id);
    return batch;
  }

  /** Batches as their reader sees them: each member that is a profile field to the audiences its level allows. */
  async function presentBatches(actor: Actor, rows: readonly BatchListRow[]) {
    const found = await inspections(rows.map((r) => r.id));
    const seen = new Map<string, Promise<{ sees: (field: string) => boolean }>>();
    const viewOf = (r: BatchListRow) => {
      const key = `${r.org_id}/${r.product_id}`;
      let view = seen.get(key);
      if (!view) {
        view = (async () => {
          const owner = await orgs.findOwner(r.org_id);
          const audiences = owner ? await audiencesFor(actor, owner) : undefined;
          const profile = await products.profileOfProduct(r.product_id);
          return { sees: (field: string) => audiences?.sees(profile ? disclosureOf(profile, field) : 'owner') ?? false };
        })();
        seen.set(key, view);
      }
      return view;
    };
    return Promise.all(rows.map(async (r) => {
      const view = await viewOf(r);
      const inspection = found.get(r.id);
      return {
        id: r.id,
        orgId: r.org_id,
        productId: r.product_id,
        lot: r.lot,
        productionDate: r.production_date,
        ...(view.sees('batch.quantity') && { quantity: r.codes }),
        inspection: inspection
          ? {
              eventId: inspection.eventId,
              ...Object.fromEntries(Object.entries(INSPECTION_FIELDS).filter(([, field]) => view.sees(field)).map(([member]) => [member, inspection[member as keyof typeof INSPECTION_FIELDS]])),
            }
          : null,
        createdAt: r.created_at.toISOString(),
      };
    }));
  }

  function audiencesFor(actor: Actor, owner: { id: string; regionCode: string }): Promise<Audiences> {
    return audiencesOf(actor, { ownerOrgId: owner.id, regionCode: owner.regionCode });
  }

  /**
   * The issued codes themselves (CSV, labels) are for printing them: the producer's own (owner
   * level; the profile names no such field, and what it does not name is not disclosed). Others
   * who may read the job get 404 there, as for data outside their scope.
   */
  async function requireOwner(actor: Actor, owner: { id: string; regionCode: string; entity: string; entityId: string }) {
    await access.require(actor, 'product:read', owner);
    if (!(await audiencesFor(actor, owner)).sees('owner')) throw notFound(owner.entity, owner.entityId);
  }

  async function ownerOf(orgId: string, entity: string, entityId: string) {
    const owner = await findOrFail(orgs.findOwner(orgId), entity, entityId);
    return { id: owner.id, regionCode: owner.regionCode, entity, entityId };
  }
}

function sameRequest(existing: IssuanceRow, body: IssueBody): IssuanceRow {
  if (existing.product_id !== body.productId || existing.quantity !== body.quantity || existing.scheme !== body.scheme) {
    throw conflict('request_id_reused', 'problem.request_id_reused.detail', { requestId: body.requestId });
  }
  return existing;
}

/** Members of batch, issuance and binding records that are profile fields. */
const BATCH_FIELD: Readonly<Record<string, string>> = { lot: 'batch.lot', productionDate: 'batch.productionDate', quantity: 'batch.quantity', count: 'batch.quantity' };

/**
 * The level each member of a batch, issuance or binding ledger record needs, from its product's
 * profile: how many codes a batch has is `batch.quantity` (supply-chain parties by default), so
 * the public proof of a code's registration shows the rest of the record but not that.
 */
export function batchRecordLevels(profile: DataProfile | undefined): MemberLevel {
  return ([top]) => {
    const field = top === undefined ? undefined : BATCH_FIELD[top];
    if (!field) return 'public';
    return profile ? disclosureOf(profile, field) : 'owner';
  };
}

/** A job as its reader sees it: without how many codes it has unless `quantity`. */
export function presentIssuance(j: IssuanceRow, publicBase: string, opts: { quantity: boolean } = { quantity: true }) {
  return {
    id: j.id,
    orgId: j.org_id,
    productId: j.product_id,
    batchId: j.batch_id,
    requestId: j.request_id,
    scheme: j.scheme,
    gtin: j.gtin,
    ...(opts.quantity && { quantity: j.quantity, issued: j.issued }),
    percent: Math.floor((j.issued / j.quantity) * 1000) / 10,
    status: j.status,
    error: j.error,
    digest: j.digest,
    createdAt: j.created_at.toISOString(),
    finishedAt: j.finished_at?.toISOString() ?? null,
    codesUrl: `${publicBase}/api/v1/issuances/${j.id}/codes.csv`,
  };
}
