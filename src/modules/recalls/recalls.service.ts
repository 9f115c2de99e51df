/**
 * Recalls (召回). A producer (its own products) or a regulator (producers in its region) opens a
 * recall for products, batches, a production-date range or single codes, with a reason and
 * instructions. The platform works out the affected codes (items packed inside a recalled case
 * included), who holds them now, and sends those holders a notice (in the app, and POSTed to
 * their webhook); progress — returned, destroyed, still in the market — is read from the events
 * that follow. Opening is itself an EPCIS event (disposition `recalled`), so it is in the ledger.
 */
import crypto from 'node:crypto';
import type { Db } from '../../db/database.ts';
import { CST_OFFSET } from '../../shared/cst.ts';
import { AppError, type FieldError, fieldError, findOrFail, notFound, validationFailed } from '../../server/errors.ts';
import { type OutboundGuard, destinationFieldError } from '../../server/outbound-guard.ts';
import type { AccessService } from '../access/access.service.ts';
import type { Actor } from '../access/actor.ts';
import { scopeOf } from '../access/scope.ts';
import { audiencesOf } from '../access/audiences.ts';
import { batchClassKeys, eventUriOf, keyOfInput } from '../events/code-key.ts';
import type { EventGraphService } from '../events/event-graph.service.ts';
import type { EventsService } from '../events/events.service.ts';
import type { IssuanceService } from '../issuance/issuance.service.ts';
import type { LedgerAppend } from '../ledger/ledger.service.ts';
import type { OrgsDirectory } from '../orgs/orgs.directory.ts';
import type { ProductsService } from '../products/products.service.ts';
import { type RecallRow, createRecallsRepo } from './recalls.repo.ts';
import type { Notice, OpenRecallBody, Recall, RecallDetail } from './recalls.schemas.ts';

export interface RecallsDeps {
  readonly db: Db;
  readonly access: AccessService;
  readonly events: Pick<EventsService, 'capture'>;
  /** What a case holds, and who holds each code now (the events module). */
  readonly graph: Pick<EventGraphService, 'contents' | 'itemStates'>;
  /** Codes and batches in a recall's scope (the issuance module). */
  readonly codes: Pick<IssuanceService['registry'], 'codes' | 'batch' | 'codesInScope' | 'batchesInScope'>;
  /** The products recalled and their GTINs (the products module). */
  readonly products: Pick<ProductsService['registry'], 'byIds' | 'gtinsOf'>;
  /** The producer and the holders (the orgs module). */
  readonly orgs: Pick<OrgsDirectory, 'summaries'>;
  readonly ledger: LedgerAppend;
  readonly clock: () => Date;
  readonly publicUrl: string;
  /** Where notices are POSTed through: public addresses only, unless the operator allows a destination. */
  readonly outbound: Pick<OutboundGuard, 'check' | 'post'>;
}

/** Most codes one recall lists and follows (larger scopes are still recalled, and counted). */
const MAX_ITEMS = 200_000;

const SYSTEM: Actor = Object.freeze({ role: 'admin', regions: [], username: 'system' });

/** How much of a recall's progress a reader sees (see viewOf). */
type View = { readonly full: true } | { readonly full: false; readonly orgId: string | undefined };

export type RecallsService = ReturnType<typeof createRecallsService>;

export function createRecallsService(deps: RecallsDeps) {
  const { db, access, events, graph, codes, products, orgs: directory, ledger, clock, publicUrl, outbound } = deps;
  const repo = createRecallsRepo(db);
  // Told when a recall opens or closes (the scan page drops the facts it cached).
  const listeners: (() => void)[] = [];
  const changed = () => {
    for (const l of listeners) l();
  };

  async function ownerOf(orgId: string, entity: string, id: string) {
    const [org] = await directory.summaries([orgId]);
    if (!org) throw notFound(entity, id);
    return { id: org.id, regionCode: org.region_code, entity, entityId: id, name: org.name };
  }

  /** Affected items: scope codes, explicit codes, and everything packed inside those. */
  async function affected(r: RecallRow): Promise<string[]> {
    const scope = await codes.codesInScope(r, MAX_ITEMS);
    const inside = await graph.contents(r.code_keys);
    return [...new Set([...scope, ...r.code_keys, ...inside.map((c) => c.key)])].slice(0, MAX_ITEMS);
  }

  async function read(actor: Actor, id: string) {
    const r = await findOrFail(repo.find(id), 'recall', id);
    const owner = await ownerOf(r.org_id, 'recall', id);
    if (!(await access.inScope(actor, owner))) {
      // Holders that got a notice may read the recall too.
      const notified = actor.orgId ? (await repo.noticesOfRecall(id)).some((n) => n.org_id === actor.orgId) : false;
      if (!notified) throw notFound('recall', id);
    }
    await access.require(actor, 'recall:read');
    return { r, owner };
  }

  async function progress(r: RecallRow) {
    const items = await affected(r);
    const states = await graph.itemStates(items, r.org_id);
    const counts = { affected: items.length, returned: 0, destroyed: 0, inMarket: 0, sold: 0 };
    for (const s of states.values()) {
      if (s.goneAt && s.goneAt >= r.opened_at) counts.destroyed++;
      else if (s.returnedAt && s.returnedAt >= r.opened_at) counts.returned++;
      else {
        counts.inMarket++;
        if (s.state === 'sold') counts.sold++;
      }
    }
    const holders = new Map<string, number>();
    for (const s of states.values()) if (s.state !== 'gone' && !(s.returnedAt && s.returnedAt >= r.opened_at)) holders.set(s.holder, (holders.get(s.holder) ?? 0) + 1);
    return { counts, holders, items, states };
  }

  /**
   * Who sees a recall's progress and every holder's stock: its producer, regulators of the
   * producer's region, the admin (the regulator level of the recall). Anyone else who may read
   * it — a notified holder, an association of the producer — sees its own line only: holders
   * are each other's competitors, and one's stock is one's own data.
   */
  async function viewOf(actor: Actor, r: RecallRow): Promise<View> {
    const [org] = await directory.summaries([r.org_id]);
    const audiences = await audiencesOf(actor, { ownerOrgId: r.org_id, regionCode: org?.region_code ?? null });
    return audiences.sees('regulator') ? { full: true } : { full: false, orgId: actor.orgId };
  }

  /** The recall's goods `orgId` holds now (not returned or destroyed since it opened), by product and lot. */
  async function heldOf(r: RecallRow, orgId: string): Promise<Notice['stock']> {
    const p = await progress(r);
    const held = [...p.states.entries()].filter(([, s]) => s.holder === orgId && s.state === 'held' && !(s.returnedAt && s.returnedAt >= r.opened_at)).map(([k]) => k);
    const registered = await codes.codes(held);
    const lines = new Map<string, { productId: string; batchId: string | null; codes: string[] }>();
    for (const k of held) {
      const c = registered.get(k);
      if (!c) continue;
      const id = `${c.productId}/${c.batchId ?? ''}`;
      const line = lines.get(id) ?? { productId: c.productId, batchId: c.batchId, codes: [] };
      line.codes.push(k);
      lines.set(id, line);
    }
    const product = new Map((await products.byIds([...new Set([...lines.values()].map((l) => l.productId))])).map((x) => [x.id, x]));
    return Promise.all([...lines.values()].map(async (l) => {
      const b = l.batchId ? await codes.batch(l.batchId) : undefined;
      const x = product.get(l.productId);
      return { productId: l.productId, productName: x?.name ?? '', model: x?.model ?? '', batchId: l.batchId, lot: b?.lot ?? null, quantity: l.codes.length, codes: l.codes.sort().slice(0, 1000) };
    }));
  }

  /** A recall as listed. */
  function summary(r: RecallRow): Recall {
    return {
      id: r.id, orgId: r.org_id, status: r.status, reason: r.reason, instructions: r.instructions,
      scope: { productIds: r.product_ids, batchIds: r.batch_ids, productionFrom: r.production_from, productionTo: r.production_to, codes: r.code_keys },
      openedAt: r.opened_at.toISOString(), openedBy: r.opened_by, openedByRole: r.opened_by_role,
      closedAt: r.closed_at?.toISOString() ?? null, closeNote: r.close_note, eventId: r.event_id,
    };
  }

  /** A recall with its progress, holders and notices, as `view` lets the reader see them. */
  async function present(r: RecallRow, view: View): Promise<RecallDetail> {
    const base = summary(r);
    const p = await progress(r);
    const mine = (orgId: string) => view.full || orgId === view.orgId;
    const holderIds = [...p.holders.keys()].filter((h) => /^[0-9a-f-]{36}$/.test(h) && mine(h));
    const orgs = new Map((await directory.summaries(holderIds)).map((o) => [o.id, o.name]));
    const notices = (await repo.noticesOfRecall(r.id)).filter((n) => mine(n.org_id));
    return {
      ...base,
      ...(view.full && { progress: p.counts }),
      holders: [...p.holders.entries()].filter(([holder]) => mine(holder)).map(([holder, items]) => ({ holder, name: holder === 'consumer' ? null : (orgs.get(holder) ?? null), items })),
      notices: notices.map((n) => ({ orgId: n.org_id, name: orgs.get(n.org_id) ?? null, items: n.items, createdAt: n.created_at.toISOString(), readAt: n.read_at?.toISOString() ?? null, deliveredAt: n.delivered_at?.toISOString() ?? null })),
    };
  }

  return {
    /**
     * Opens a recall: checks the scope belongs to one producer in the caller's reach, records
     * the recall and its EPCIS event, and notifies current holders.
     */
    async open(actor: Actor, body: OpenRecallBody) {
      await access.require(actor, 'recall:manage');
      const errors: FieldError[] = [];
      const productIds = body.productIds ?? [];
      const batchIds = body.batchIds ?? [];
      // Products and batches outside the caller's scope are as unknown as missing ones (no existence oracle).
      const reach = new Map<string, boolean>();
      const reachable = async (orgId: string) => {
        if (!reach.has(orgId)) {
          const [org] = await directory.summaries([orgId]);
          reach.set(orgId, !!org && (await access.inScope(actor, { id: org.id, regionCode: org.region_code })));
        }
        return reach.get(orgId) === true;
      };
      const scoped = (await Promise.all((await products.byIds(productIds)).map(async (p) => ((await reachable(p.org_id)) ? p : undefined)))).filter((p) => !!p);
      productIds.forEach((id, i) => { if (!scoped.some((p) => p.id === id)) errors.push(fieldError(`productIds[${i}]`, 'not_found', 'field.not_found', { value: id })); });
      const batchRows = await Promise.all(batchIds.map(async (id) => {
        const b = await codes.batch(id);
        return b && (await reachable(b.org_id)) ? b : undefined;
      }));
      batchIds.forEach((id, i) => { if (!batchRows[i]) errors.push(fieldError(`batchIds[${i}]`, 'not_found', 'field.not_found', { value: id })); });
      const keys: string[] = [];
      (body.codes ?? []).forEach((c, i) => {
        const k = keyOfInput(c, publicUrl);
        if (k.ok) keys.push(k.key);
        else errors.push(fieldError(`codes[${i}]`, 'code_invalid', 'field.code_invalid', { reason: k.error }));
      });
      // A case or pallet (SSCC) is not a registered code: its contents say whose products it holds.
      const named = await codes.codes([...keys, ...(await graph.contents(keys)).map((c) => c.key)]);
      if (!productIds.length && !batchIds.length && !keys.length) errors.push(fieldError('productIds', 'required', 'field.recall_scope_required'));
      if ((body.productionFrom || body.productionTo) && !productIds.length) errors.push(fieldError('productIds', 'required', 'field.recall_dates_need_products'));
      if (errors.length) throw validationFailed(errors);
      const owners = new Set([...scoped.map((p) => p.org_id), ...batchRows.map((b) => b?.org_id).filter((x): x is string => !!x), ...[...named.values()].map((c) => c.orgId)]);
      // Containers (SSCCs) are not registered codes: they belong to whoever packed them.
      if (owners.size !== 1) throw validationFailed([fieldError('productIds', 'recall_one_producer', 'field.recall_one_producer', { count: owners.size })]);
      const orgId = [...owners][0] ?? '';
      const owner = await ownerOf(orgId, 'organisation', orgId);
      await access.require(actor, 'recall:manage', owner);

      const id = crypto.randomUUID();
      const now = clock();
      const row: Omit<RecallRow, 'closed_at' | 'close_note' | 'status'> = {
        id, org_id: orgId, opened_by: actor.username ?? actor.apiKeyId ?? actor.role, opened_by_role: actor.role,
        product_ids: productIds, batch_ids: batchIds, production_from: body.productionFrom ?? null, production_to: body.productionTo ?? null,
        code_keys: keys, reason: body.reason, instructions: body.instructions, event_id: null, opened_at: now,
      };
      // The recall as an EPCIS event of the producer: the batches in scope as classes, codes as EPCs.
      const batches = await codes.batchesInScope(row);
      const classes = (await Promise.all(batches.map(async (b) => batchClassKeys(b.id, b.lot, await products.gtinsOf(b.product_id))[0] ?? `urn:yima:batch:${b.id}`)));
      const event = {
        type: 'ObjectEvent', action: 'OBSERVE', eventTime: now.toISOString(), eventTimeZoneOffset: CST_OFFSET,
        epcList: keys.map((k) => eventUriOf(k, publicUrl)),
        ...(classes.length && { quantityList: classes.map((c) => ({ epcClass: c.startsWith('(01)') ? eventUriOf(c, 'https://id.gs1.org') : c })) }),
        bizStep: 'holding', disposition: 'recalled',
        'yima:recallId': id, 'yima:recallReason': body.reason,
      };
      const captured = await events.capture(SYSTEM, { events: [event], context: { yima: 'urn:yima:epcis:' }, behaviour: 'rollback', asOrgId: orgId });
      const eventId = captured.captured[0]?.eventId ?? null;
      await db.transaction().execute(async (trx) => {
        await createRecallsRepo(trx).insert({ ...row, event_id: eventId });
        await ledger(trx, [{ type: 'recall', subjectId: id, first: true, record: { id, orgId, openedBy: row.opened_by, openedByRole: row.opened_by_role, reason: body.reason, instructions: body.instructions, productIds, batchIds, productionFrom: row.production_from, productionTo: row.production_to, codes: keys, eventId, openedAt: now.toISOString() } }]);
      });
      changed();
      const r = await findOrFail(repo.find(id), 'recall', id);
      const p = await progress(r);
      await repo.insertNotices([...p.holders.entries()].filter(([h]) => /^[0-9a-f-]{36}$/.test(h) && h !== orgId).map(([h, items]) => ({ recall_id: id, org_id: h, items, created_at: now })));
      return present(r, await viewOf(actor, r));
    },

    async get(actor: Actor, id: string) {
      const { r } = await read(actor, id);
      return present(r, await viewOf(actor, r));
    },

    async list(actor: Actor, q: { status?: 'open' | 'closed' | undefined; limit?: number | undefined }) {
      await access.require(actor, 'recall:read');
      const limit = q.limit ?? 100;
      const rows = await repo.list({ scope: scopeOf(actor), status: q.status, limit });
      return rows.map(summary);
    },

    async close(actor: Actor, id: string, note: string) {
      const r = await findOrFail(repo.find(id), 'recall', id);
      await access.require(actor, 'recall:manage', await ownerOf(r.org_id, 'recall', id));
      if (r.status !== 'open') throw new AppError(409, 'recall_closed', 'problem.recall_closed.detail', { id });
      const now = clock();
      await db.transaction().execute(async (trx) => {
        await createRecallsRepo(trx).close(id, now, note);
        await ledger(trx, [{ type: 'recall', subjectId: id, record: { id, status: 'closed', closedAt: now.toISOString(), note, closedBy: actor.username ?? actor.apiKeyId ?? actor.role } }]);
      });
      changed();
      const closed = await findOrFail(repo.find(id), 'recall', id);
      return present(closed, await viewOf(actor, closed));
    },

    /** Called when a recall opens or closes (the scan page drops the facts it cached). */
    onChange: (listener: () => void) => void listeners.push(listener),

    /**
     * Open recalls covering a code, for 查验 and the scan page (no actor: facts are public).
     * `productionDate`: its batch's; `keys`: the code and what it travelled in (its upstream
     * walk, which the caller has).
     */
    async openFor(code: { orgId: string; productId: string; batchId: string | null; productionDate: string | null; keys: readonly string[] }) {
      const rows = await repo.openFor(code);
      return rows.map((r) => ({ id: r.id, reason: r.reason, instructions: r.instructions, openedAt: r.opened_at.toISOString() }));
    },

    async notices(actor: Actor): Promise<Notice[]> {
      await access.require(actor, 'recall:read');
      if (!actor.orgId) return [];
      const orgId = actor.orgId;
      const rows = await repo.noticesOf(orgId, 200);
      const stock = await Promise.all(rows.map(async (n) => {
        const r = await repo.find(n.recall_id);
        return r ? heldOf(r, orgId) : [];
      }));
      return rows.map((n, i) => ({
        recallId: n.recall_id, items: n.items, reason: n.reason, instructions: n.instructions, status: n.status, createdAt: n.created_at.toISOString(), readAt: n.read_at?.toISOString() ?? null,
        // How POSTing it to the organisation's webhook went: for the organisation that can fix its webhook.
        deliveredAt: n.delivered_at?.toISOString() ?? null, deliveryAttempts: n.attempts, lastDeliveryError: n.last_error,
        stock: stock[i] ?? [],
      }));
    },

    async markRead(actor: Actor, recallId: string) {
      await access.require(actor, 'recall:read');
      if (actor.orgId) await repo.markRead(recallId, actor.orgId, clock());
    },

    /**
     * Sets where the caller's organisation wants its notices POSTed. A url that is, or resolves
     * to, a loopback, private, link-local or metadata address is refused (400 url:
     * destination_internal) unless the operator allows it (issue 10: server-side request forgery).
     */
    async setWebhook(actor: Actor, body: { url: string; secret: string }) {
      await access.require(actor, 'recall:read');
      if (!actor.orgId) throw new AppError(403, 'forbidden', 'problem.forbidden.detail', { permission: 'notice:webhook' });
      const destination = await outbound.check(body.url);
      if (!destination.ok) throw validationFailed([destinationFieldError('url', destination)]);
      await repo.setWebhook({ org_id: actor.orgId, url: body.url, secret: body.secret, created_at: clock() });
    },

    /**
     * POSTs undelivered notices to their organisations' webhooks (HMAC-SHA256 of the body with
     * the organisation's secret in `Yima-Signature`) through the outbound guard, within 10 s,
     * following no redirect; a 2xx marks a notice delivered. Anything else — an answer that is not
     * 2xx, a network error, a destination the guard refuses (nothing is sent) — counts as a failed
     * attempt with its reason, retried by the next rounds up to 20 attempts.
     */
    async deliverNotices() {
      for (const n of await repo.undelivered(100)) {
        const r = await repo.find(n.recall_id);
        if (!r) continue;
        const body = JSON.stringify({ type: 'recall.notice', recallId: r.id, reason: r.reason, instructions: r.instructions, items: n.items, openedAt: r.opened_at.toISOString(), url: `${publicUrl}/api/v1/recalls/${r.id}` });
        const signature = `sha256=${crypto.createHmac('sha256', n.secret).update(body).digest('hex')}`;
        try {
          const { status } = await outbound.post(n.url, { body, headers: { 'content-type': 'application/json', 'yima-signature': signature }, signal: AbortSignal.timeout(10_000) });
          if (status >= 200 && status < 300) await repo.delivered(n.recall_id, n.org_id, clock());
          else await repo.failedDelivery(n.recall_id, n.org_id, `HTTP ${status}`);
        } catch (e) {
          await repo.failedDelivery(n.recall_id, n.org_id, e instanceof Error ? e.message : String(e));
        }
      }
    },
  };
}
