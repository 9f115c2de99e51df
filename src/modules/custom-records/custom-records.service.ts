/**
 * Custom products (定制产品): made to order, they carry no trace codes, so the policy asks producers
 * to keep a ledger entry (台账) or the contract (合同) of each order for at least 3 years.
 *
 * Records are immutable: a correction is a new record that supersedes the old one, documents are only
 * appended, and a deletion — allowed only after the retention period — clears the row's business
 * data and leaves a tombstone. The ledger records hashes of each record's content rather than the
 * content itself, so that what a deletion removes does not live on in the append-only log, while
 * the log still proves what the record held.
 */
import crypto from 'node:crypto';
import type { Db } from '../../db/database.ts';
import type { CustomRecordDocument } from '../../db/schema.ts';
import { canonicalize } from '../../ledger/canonical-json.ts';
import { cstDate } from '../../shared/cst.ts';
import { AppError, conflict, type FieldError, fieldError, findOrFail, validationFailed } from '../../server/errors.ts';
import type { AccessService, Owner } from '../access/access.service.ts';
import type { Actor } from '../access/actor.ts';
import { scopeOf } from '../access/scope.ts';
import type { CatalogService } from '../catalog/catalog.service.ts';
import type { LedgerAppend } from '../ledger/ledger.service.ts';
import { checkUscc, ownerOf } from '../orgs/org-rules.ts';
import type { OrgsDirectory } from '../orgs/orgs.directory.ts';
import type { ProductsService } from '../products/products.service.ts';
import { type CustomRecordRow, createCustomRecordsRepo } from './custom-records.repo.ts';
import {
  type CorrectionBody, type CreateRecordBody, type DocumentRef, type ListRecordsQuery, MAX_DOCUMENTS, MAX_UPLOAD_BYTES,
} from './custom-records.schemas.ts';

/** Ledger record types of this module. */
export const LEDGER_TYPES = ['custom_record', 'custom_record.deleted'] as const;

const MEDIA_TYPES: Readonly<Record<string, string>> = {
  pdf: 'application/pdf', ofd: 'application/ofd', jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', tif: 'image/tiff', tiff: 'image/tiff',
  doc: 'application/msword', docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', zip: 'application/zip', txt: 'text/plain',
};

/**
 * The day `years` after `day` (both YYYY-MM-DD). 29 February moves on to 1 March in a common year,
 * so the period is never shorter than the years asked for.
 *
 * @example addYears('2026-03-01', 3) // → '2029-03-01'
 * @example addYears('2028-02-29', 3) // → '2031-03-01'
 */
export function addYears(day: string, years: number): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) throw new Error(`not a day: ${day}`);
  return new Date(Date.UTC(Number(m[1]) + years, Number(m[2]) - 1, Number(m[3]))).toISOString().slice(0, 10);
}

/** What the retention period of a record counts from, and the first day it may be deleted. */
export interface Retention {
  readonly basis: 'delivery' | 'contract' | 'created';
  readonly date: string;
  readonly retainUntil: string;
}

/**
 * The retention of a record: `years` from its delivery date, else its contract date, else the day it
 * was recorded (China Standard Time).
 *
 * @example retentionOf({ delivery_date: '2026-03-01', contract_date: '2026-01-10', created_at: new Date() }, 3).retainUntil // → '2029-03-01'
 */
export function retentionOf(r: Pick<CustomRecordRow, 'delivery_date' | 'contract_date' | 'created_at'>, years: number): Retention {
  const [basis, date] = r.delivery_date ? (['delivery', r.delivery_date] as const) : r.contract_date ? (['contract', r.contract_date] as const) : (['created', cstDate(r.created_at)] as const);
  return { basis, date, retainUntil: addYears(date, years) };
}

export interface CustomRecordsDeps {
  readonly db: Db;
  readonly access: AccessService;
  readonly orgs: Pick<OrgsDirectory, 'findOrg' | 'summaries'>;
  readonly products: Pick<ProductsService, 'get'>;
  readonly catalog: Pick<CatalogService, 'resolveCategory'>;
  readonly ledger: LedgerAppend;
  /** Every leaf about a subject, oldest first (read after the deletion commits). */
  readonly leavesOf: (subjectId: string) => Promise<{ index: number; type: string; leafHash: string }[]>;
  /** Years a record is kept before it may be deleted (config; at least 3). */
  readonly retentionYears: number;
  readonly clock?: () => Date;
}

/** A file to attach: its bytes arrive as a stream and are hashed, never kept. */
export interface Upload {
  readonly name: string;
  readonly mediaType?: string | undefined;
  /** The declared length, when the client sent one: refused before reading if too large. */
  readonly declaredSize?: number | undefined;
  readonly bytes: AsyncIterable<Uint8Array | string>;
}

export type CustomRecordsService = ReturnType<typeof createCustomRecordsService>;

/** A record with its organisation's name and region (the orgs module's). */
export type CustomRecordView = CustomRecordRow & { readonly org_name: string; readonly region_code: string };

/**
 * @example
 * const records = createCustomRecordsService({ db, access, orgs: orgsDirectory, products, catalog, ledger: ledger.append, leavesOf: ledger.subjectLeaves, retentionYears: 3 });
 * await records.create(actor, { orgId, kind: 'contract', contractNumber: 'HT-2026-001', buyer: { name: '某某公司' }, product: { name: '定制配电柜' }, quantity: 2, unit: '台' });
 */
export function createCustomRecordsService({ db, access, orgs, products, catalog, ledger, leavesOf, retentionYears, clock = () => new Date() }: CustomRecordsDeps) {
  const repo = createCustomRecordsRepo(db);

  /** Rows with their organisation's name and region (as one join once gave them). */
  async function views(rows: readonly CustomRecordRow[]): Promise<CustomRecordView[]> {
    const owners = new Map((await orgs.summaries([...new Set(rows.map((r) => r.org_id))])).map((o) => [o.id, o]));
    return rows.flatMap((r) => {
      const o = owners.get(r.org_id);
      return o ? [{ ...r, org_name: o.name, region_code: o.region_code }] : [];
    });
  }
  const findView = async (id: string) => {
    const row = await repo.find(id);
    return row && (await views([row]))[0];
  };

  const ownerOfRecord = (r: Pick<CustomRecordView, 'id' | 'org_id' | 'region_code'>): Owner => ({ id: r.org_id, regionCode: r.region_code, entity: 'custom_record', entityId: r.id });

  /** Checks the fields against the platform's data; returns the columns to store. Reports every problem at once. */
  async function checkFields(actor: Actor, body: CreateRecordBody | CorrectionBody, org: { id: string; name: string }, errors: FieldError[]) {
    const contractNumber = body.contractNumber?.trim() || null;
    if (body.kind === 'contract' && !contractNumber) errors.push(fieldError('contractNumber', 'required', 'field.contract_number_required'));
    const buyerUscc = body.buyer.uscc === undefined ? null : (checkUscc('buyer.uscc', body.buyer.uscc, errors)?.value ?? null);

    const today = cstDate(clock());
    const givenCategory = body.product.categoryCode?.trim();
    let categoryOk = true;
    if (givenCategory !== undefined) {
      const resolved = await catalog.resolveCategory('product.categoryCode', givenCategory, today);
      if (!resolved.ok) errors.push(resolved.error);
      categoryOk = resolved.ok;
    }
    let categoryCode = givenCategory ?? null;
    if (body.product.productId !== undefined) {
      const product = await products.get(actor, body.product.productId).catch((e: unknown) => {
        // Out of scope reads as absent: for this caller it is simply not a product of the organisation.
        if (e instanceof AppError && e.status === 404) return undefined;
        throw e;
      });
      if (!product || product.orgId !== org.id) {
        errors.push(fieldError('product.productId', 'product_unknown', 'field.product_not_of_org', { name: org.name, id: body.product.productId }));
      } else if (categoryCode === null) {
        categoryCode = product.categoryCode;
      } else if (categoryOk && categoryCode !== product.categoryCode) {
        errors.push(fieldError('product.categoryCode', 'category_not_of_product', 'field.category_not_of_product', { expected: product.categoryCode, actual: categoryCode }, { expected: product.categoryCode }));
      }
    }
    return {
      kind: body.kind,
      record_date: body.contractDate ?? body.deliveryDate ?? today,
      contract_number: contractNumber,
      buyer_name: body.buyer.name.trim(),
      buyer_uscc: buyerUscc,
      buyer_address: body.buyer.address?.trim() ?? null,
      buyer_contact: body.buyer.contact?.trim() ?? null,
      product_name: body.product.name.trim(),
      product_model: body.product.model?.trim() ?? null,
      product_id: body.product.productId ?? null,
      category_code: categoryCode,
      quantity: body.quantity,
      unit: body.unit.trim(),
      contract_date: body.contractDate ?? null,
      delivery_date: body.deliveryDate ?? null,
      notes: body.notes?.trim() ?? null,
      correction_reason: 'reason' in body ? (body.reason?.trim() ?? null) : null,
      documents: JSON.stringify((body.documents ?? []).map(normaliseDocument)),
    };
  }

  /** Inserts a record and its ledger leaf in one transaction. */
  async function insert(actor: Actor, orgId: string, fields: Awaited<ReturnType<typeof checkFields>>, supersedes: string | null) {
    const id = crypto.randomUUID();
    const inserted = await db.transaction().execute(async (trx) => {
      const r = createCustomRecordsRepo(trx);
      if (supersedes !== null) {
        const old = await r.lock(supersedes);
        if (!old) throw new Error(`custom record ${supersedes} vanished`);
        if (old.deleted_at) return 'deleted' as const;
      }
      const ok = await r.insert({ id, org_id: orgId, supersedes, ...fields, created_by: actorName(actor), created_at: clock() });
      if (!ok) return 'superseded' as const;
      const row = await r.find(id);
      if (!row) throw new Error(`custom record ${id} vanished inside its transaction`);
      await ledger(trx, [{ type: 'custom_record', subjectId: id, record: customRecordLedger(row), first: true }]);
      return 'inserted' as const;
    });
    if (inserted !== 'inserted' && supersedes !== null) throw currentOrGone(await findOrFail(repo.find(supersedes), 'custom_record', supersedes));
    return presentCustomRecord(await findOrFail(findView(id), 'custom_record', id), retentionYears);
  }

  /** The error for acting on a record that is deleted (410) or already corrected (409). */
  function currentOrGone(row: CustomRecordRow): AppError {
    if (row.deleted_at) {
      return new AppError(410, 'record_deleted', 'problem.record_deleted.detail', { id: row.id, date: cstDate(row.deleted_at), reason: row.deletion_reason ?? '' }, [], {}, { deletedAt: row.deleted_at.toISOString() });
    }
    if (row.superseded_by) return conflict('record_superseded', 'problem.record_superseded.detail', { id: row.id, supersededBy: row.superseded_by });
    throw new Error(`custom record ${row.id} is current`);
  }

  /** The record, after checking the actor may use `permission` on it; deleted records are 410. */
  async function readable(actor: Actor, id: string, permission: 'custom:read' | 'custom:write') {
    const row = await findOrFail(findView(id), 'custom_record', id);
    await access.require(actor, permission, ownerOfRecord(row));
    if (row.deleted_at) throw currentOrGone(row);
    return row;
  }

  return {
    /** Records a ledger entry or contract of a custom product. Every problem is reported at once. */
    async create(actor: Actor, body: CreateRecordBody) {
      const org = await findOrFail(orgs.findOrg(body.orgId), 'organisation', body.orgId);
      await access.require(actor, 'custom:write', ownerOf(org));
      if (org.status !== 'approved') throw conflict('org_not_approved', 'problem.org_not_approved.detail', { name: org.name, status: org.status });
      const errors: FieldError[] = [];
      if (!org.roles.includes('producer')) errors.push(fieldError('orgId', 'org_not_producer', 'field.org_not_producer', { name: org.name }));
      const fields = await checkFields(actor, body, org, errors);
      if (errors.length) throw validationFailed(errors);
      return insert(actor, org.id, fields, null);
    },

    /** Corrects a record: a new record that supersedes it. Only the latest version can be corrected. */
    async correct(actor: Actor, id: string, body: CorrectionBody) {
      const old = await readable(actor, id, 'custom:write');
      if (old.superseded_by) throw currentOrGone(old);
      const errors: FieldError[] = [];
      const fields = await checkFields(actor, body, { id: old.org_id, name: old.org_name }, errors);
      if (errors.length) throw validationFailed(errors);
      return insert(actor, old.org_id, fields, old.id);
    },

    async get(actor: Actor, id: string) {
      return presentCustomRecord(await readable(actor, id, 'custom:read'), retentionYears);
    },

    /** Records in the caller's scope, newest first, a page at a time (keyset cursor). */
    async list(actor: Actor, q: ListRecordsQuery) {
      await access.require(actor, 'custom:read');
      const limit = q.limit ?? 100;
      const rows = await views(await repo.list({
        scope: scopeOf(actor), orgId: q.orgId, from: q.from, to: q.to, contractNumber: q.contractNumber?.trim(), kind: q.kind,
        includeSuperseded: q.includeSuperseded ?? false, after: q.cursor === undefined ? undefined : decodeCursor(q.cursor), limit: limit + 1,
      }));
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return { items: page.map((r) => presentCustomRecord(r, retentionYears)), nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
    },

    /**
     * Hashes a file (SHA-256 and SM3) as it streams in, without keeping it, and appends it to the
     * record's documents with a new ledger leaf. Attaching the same file under the same name again
     * changes nothing (`attached: false`), so a retried upload is harmless.
     */
    async attachDocument(actor: Actor, id: string, upload: Upload) {
      const row = await readable(actor, id, 'custom:write');
      if (row.superseded_by) throw currentOrGone(row);
      if ((upload.declaredSize ?? 0) > MAX_UPLOAD_BYTES) throw tooLarge();
      const sha256 = crypto.createHash('sha256');
      const sm3 = crypto.createHash('sm3');
      let size = 0;
      for await (const chunk of upload.bytes) {
        size += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength;
        if (size > MAX_UPLOAD_BYTES) throw tooLarge();
        sha256.update(chunk);
        sm3.update(chunk);
      }
      const name = upload.name.trim();
      const doc: CustomRecordDocument = { name, mediaType: upload.mediaType ?? guessMediaType(name), sha256: sha256.digest('hex'), sm3: sm3.digest('hex'), size };
      const existing = row.documents ?? [];
      if (existing.some((d) => d.sha256 === doc.sha256 && d.name === doc.name)) return { record: presentCustomRecord(row, retentionYears), attached: false };
      if (existing.length >= MAX_DOCUMENTS) throw validationFailed([fieldError('documents', 'too_many', 'field.too_many', { limit: MAX_DOCUMENTS })]);
      const outcome = await db.transaction().execute(async (trx) => {
        const r = createCustomRecordsRepo(trx);
        await r.lock(id);
        const current = await r.find(id);
        if (!current || current.deleted_at || current.superseded_by) return 'gone' as const;
        await r.appendDocuments(id, [doc]);
        const updated = await r.find(id);
        if (!updated) throw new Error(`custom record ${id} vanished inside its transaction`);
        // Not `first`: the ledger links this leaf to the record's previous one (`supersedes`).
        await ledger(trx, [{ type: 'custom_record', subjectId: id, record: customRecordLedger(updated) }]);
        return 'attached' as const;
      });
      const after = await findOrFail(findView(id), 'custom_record', id);
      if (outcome === 'gone') throw currentOrGone(after);
      return { record: presentCustomRecord(after, retentionYears), attached: true };
    },

    /**
     * Deletes a record once its retention period is over: clears its business data, keeps a
     * tombstone, and appends a `custom_record.deleted` leaf. Before then: 409 retention_period,
     * naming the first day deletion is allowed (`retainUntil`).
     */
    async delete(actor: Actor, id: string, reason: string) {
      const row = await readable(actor, id, 'custom:write');
      const retention = retentionOf(row, retentionYears);
      const now = clock();
      if (cstDate(now) < retention.retainUntil) {
        throw new AppError(
          409, 'retention_period', `problem.retention_period.detail_${retention.basis}`,
          { years: retentionYears, date: retention.date, retainUntil: retention.retainUntil }, [], {}, { retainUntil: retention.retainUntil },
        );
      }
      const why = reason.trim();
      const erased = await db.transaction().execute(async (trx) => {
        const r = createCustomRecordsRepo(trx);
        await r.lock(id);
        if (!(await r.erase(id, actorName(actor), why, now))) return false;
        await ledger(trx, [{ type: 'custom_record.deleted', subjectId: id, record: deletionLedger({ id, org_id: row.org_id, deletion_reason: why, deleted_at: now }) }]);
        return true;
      });
      if (!erased) throw currentOrGone(await findOrFail(repo.find(id), 'custom_record', id));
      const leaves = await leavesOf(id);
      return { id, deletedAt: now.toISOString(), reason: why, ledger: leaves.map((l) => ({ index: l.index, type: l.type, leafHash: l.leafHash })) };
    },
  };
}

function tooLarge() {
  return new AppError(413, 'payload_too_large', 'problem.payload_too_large.detail', { limit: MAX_UPLOAD_BYTES });
}

function actorName(actor: Actor): string {
  return actor.userId ?? (actor.apiKeyId ? `apikey:${actor.apiKeyId}` : actor.role);
}

function guessMediaType(name: string): string {
  const ext = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase();
  return (ext && MEDIA_TYPES[ext]) || 'application/octet-stream';
}

function normaliseDocument(d: DocumentRef): CustomRecordDocument {
  return { name: d.name.trim(), mediaType: d.mediaType.toLowerCase(), sha256: d.sha256.toLowerCase(), ...(d.sm3 !== undefined && { sm3: d.sm3.toLowerCase() }), size: d.size };
}

function encodeCursor(r: Pick<CustomRecordRow, 'created_at' | 'id'>): string {
  return Buffer.from(JSON.stringify([r.created_at.toISOString(), r.id])).toString('base64url');
}

function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && typeof v[0] === 'string' && typeof v[1] === 'string' && /^[0-9a-f-]{36}$/.test(v[1])) {
      const createdAt = new Date(v[0]);
      if (!Number.isNaN(createdAt.getTime())) return { createdAt, id: v[1] };
    }
  } catch {
    /* reported below */
  }
  throw validationFailed([fieldError('querystring.cursor', 'invalid', 'field.page_cursor')]);
}

/** What a record says, exactly as presented: the ledger commits to its hash. */
function contentOf(r: CustomRecordRow) {
  if (r.buyer_name === null || r.product_name === null || r.quantity === null || r.unit === null) {
    throw new Error(`custom record ${r.id} has no content (deleted?)`);
  }
  return {
    kind: r.kind,
    contractNumber: r.contract_number,
    buyer: { name: r.buyer_name, uscc: r.buyer_uscc, address: r.buyer_address, contact: r.buyer_contact },
    product: { name: r.product_name, model: r.product_model, productId: r.product_id, categoryCode: r.category_code },
    quantity: Number(r.quantity),
    unit: r.unit,
    contractDate: r.contract_date,
    deliveryDate: r.delivery_date,
    notes: r.notes,
    correctionReason: r.correction_reason,
    documents: r.documents ?? [],
  };
}

function hashesOf(content: ReturnType<typeof contentOf>) {
  const text = canonicalize(content);
  return { sm3: crypto.createHash('sm3').update(text, 'utf8').digest('hex'), sha256: crypto.createHash('sha256').update(text, 'utf8').digest('hex') };
}

/** A live record as its readers see it (everyone in scope sees the same fields). */
export function presentCustomRecord(r: CustomRecordView, retentionYears: number) {
  const content = contentOf(r);
  return {
    id: r.id,
    orgId: r.org_id,
    orgName: r.org_name,
    ...content,
    supersedes: r.supersedes,
    supersededBy: r.superseded_by,
    contentHash: hashesOf(content),
    retainUntil: retentionOf(r, retentionYears).retainUntil,
    createdAt: r.created_at.toISOString(),
  };
}

/** What the ledger records of a live record: identity, links and the hashes of its content — not the content. */
export function customRecordLedger(r: CustomRecordRow) {
  const h = hashesOf(contentOf(r));
  return { id: r.id, orgId: r.org_id, kind: r.kind, supersedesId: r.supersedes, contentSm3: h.sm3, contentSha256: h.sha256 };
}

/** What the ledger records of a deletion. */
export function deletionLedger(r: { id: string; org_id: string; deletion_reason: string | null; deleted_at: Date | null }) {
  return { id: r.id, orgId: r.org_id, reason: r.deletion_reason ?? '', deletedAt: r.deleted_at?.toISOString() ?? null };
}

/** Current snapshots of every custom record (live or deleted), for the ledger audit. */
export async function* customRecordSnapshots(db: Db) {
  for (const row of await createCustomRecordsRepo(db).all()) {
    yield row.deleted_at
      ? { type: 'custom_record.deleted', subjectId: row.id, record: deletionLedger(row) }
      : { type: 'custom_record', subjectId: row.id, record: customRecordLedger(row) };
  }
}
