/**
 * The platform's own actions as EPCIS 2.0 events: inspection (检验合格证明), packing and
 * unpacking, shipping (流向), receiving (进货, after 查验), sale (销售), return and destruction.
 * Each form builds one standard event (CBV 2.0 bizStep and disposition, parties as the
 * platform's /id/uscc/ URLs, Yima extension fields in the `yima:` namespace) and captures it
 * through the same door as an EPCIS document, so data requirements and the ledger apply alike.
 */
import { formatIdUrl } from '../../shared/codes/id-url.ts';
import { CST_OFFSET, cstDateTime } from '../../shared/cst.ts';
import { type MessageKey, type Params, msg } from '../../shared/i18n/i18n.ts';
import { AppError, type FieldError, fieldError, notFound, validationFailed } from '../../server/errors.ts';
import type { Actor } from '../access/actor.ts';
import type { AccessService } from '../access/access.service.ts';
import type { IssuanceService } from '../issuance/issuance.service.ts';
import type { OrgsDirectory } from '../orgs/orgs.directory.ts';
import type { ProductsService } from '../products/products.service.ts';
import { batchClassKeys, eventUriOf, keyOfInput } from './code-key.ts';
import type { EventGraphService } from './event-graph.service.ts';
import { DENIAL_CODES, type EventError, type EventsService } from './events.service.ts';
import { YIMA_NS } from './requirements.ts';
import type { DestroyBody, InspectBody, PackBody, ReceiveBody, ReturnBody, SellBody, ShipBody, Stock, StockLine, StockQuery, UnpackBody } from './events.schemas.ts';

type Party = ShipBody['to'];

/**
 * The seller 查验 verdict on a code (the verify module's), as a purchase needs it: the port
 * app.ts wires to `verify.verify`, so that the events module does not depend on 查验, which
 * reads the events.
 */
export type VerifyCode = (actor: Actor, code: string) => Promise<{
  readonly verdict: 'pass' | 'warn' | 'fail';
  readonly reasons: readonly { readonly code: string; readonly severity: 'pass' | 'warn' | 'fail'; readonly key: MessageKey; readonly params: Params }[];
}>;

export interface PlatformEventsDeps {
  readonly access: AccessService;
  readonly events: Pick<EventsService, 'capture'>;
  readonly graph: Pick<EventGraphService, 'contents' | 'custody' | 'keysOfOrg'>;
  /** Registered codes and batches (the issuance module). */
  readonly codes: Pick<IssuanceService['registry'], 'codes' | 'batch'>;
  /** A product's GTINs (the products module): the class keys of a batch. */
  readonly products: Pick<ProductsService['registry'], 'gtinsOf' | 'byIds'>;
  /** Organisations by id (the orgs module): the parties' USCCs. */
  readonly orgs: Pick<OrgsDirectory, 'summaries'>;
  readonly verify: VerifyCode;
  readonly clock: () => Date;
  readonly publicUrl: string;
}

/** Most codes a stock answer folds. */
const STOCK_LIMIT = 100_000;

const CONTEXT = { yima: YIMA_NS };
const PACK_FIELDS = { parentID: 'parent', childEPCs: 'children' };

/** RFC 3339 in China Standard Time, the offset events carry by default. */
function cst(d: Date): { eventTime: string; eventTimeZoneOffset: string } {
  return { eventTime: cstDateTime(d), eventTimeZoneOffset: CST_OFFSET };
}

function when(time: string | undefined, now: Date) {
  if (!time) return cst(now);
  const offset = /([+-]\d{2}:\d{2})$/.exec(time)?.[1] ?? '+00:00';
  return { eventTime: time, eventTimeZoneOffset: offset };
}

export type PlatformEventsService = ReturnType<typeof createPlatformEventsService>;

export function createPlatformEventsService({ access, events, graph, codes, products, orgs, verify, clock, publicUrl }: PlatformEventsDeps) {
  function uris(field: string, codes: readonly string[], errors: FieldError[]): { uris: string[]; keys: string[] } {
    const out = { uris: [] as string[], keys: [] as string[] };
    codes.forEach((c, i) => {
      const k = keyOfInput(c, publicUrl);
      if (!k.ok) errors.push(fieldError(`${field}[${i}]`, 'code_invalid', 'field.code_invalid', { reason: k.error }, k.position === undefined ? {} : { position: k.position }));
      else if (out.keys.includes(k.key)) errors.push(fieldError(`${field}[${i}]`, 'duplicate', 'field.duplicate', { value: k.key }));
      else {
        out.keys.push(k.key);
        out.uris.push(eventUriOf(k.key, publicUrl));
      }
    });
    return out;
  }

  /** A party's URI: the platform's /id/uscc/ URL when the USCC is known, else a name URN. */
  async function partyUri(field: string, p: Party | undefined, errors: FieldError[]): Promise<string | undefined> {
    if (!p) return undefined;
    if (p.orgId) {
      const [org] = await orgs.summaries([p.orgId]);
      if (!org) {
        errors.push(fieldError(`${field}.orgId`, 'not_found', 'field.not_found', { value: p.orgId }));
        return undefined;
      }
      return usccUrl(org.uscc);
    }
    if (p.uscc) return usccUrl(p.uscc);
    if (p.name) return `urn:yima:party:${encodeURIComponent(p.name)}`;
    errors.push(fieldError(field, 'required', 'field.required'));
    return undefined;
  }

  const usccUrl = (uscc: string) => {
    const u = formatIdUrl(publicUrl, 'uscc', uscc);
    return u.ok ? u.value : `urn:yima:uscc:${uscc}`;
  };

  async function ownParty(actor: Actor): Promise<string | undefined> {
    if (!actor.orgId) return undefined;
    const [org] = await orgs.summaries([actor.orgId]);
    return org ? usccUrl(org.uscc) : undefined;
  }

  /**
   * Captures one event. Write-rule refusals become a 403, requirement errors a 400, each naming
   * the form's field (`fields` maps the event's lists back to it: epcList → codes).
   */
  async function record(actor: Actor, event: Record<string, unknown>, fields: Readonly<Record<string, string>> = { epcList: 'codes' }) {
    const r = await events.capture(actor, { events: [event], context: CONTEXT, behaviour: 'rollback' });
    const formField = (path: string) => {
      const m = /^eventList\[0\]\.(\w+)(.*)$/.exec(path);
      const form = m?.[1] && fields[m[1]];
      return form && m ? `${form}${m[2] ?? ''}` : path.replace(/^eventList\[0\]\.?/, 'event.');
    };
    const toField = (e: EventError) => fieldError(formField(e.path), e.code, 'field.message', { message: msg(e.key, e.params) }, e.expected ? { expected: e.expected } : {});
    const denied = r.errors.filter((e) => DENIAL_CODES.has(e.code));
    if (denied.length) throw new AppError(403, 'record_not_allowed', 'problem.record_not_allowed.detail', { count: denied.length }, denied.map(toField));
    if (r.errors.length) throw validationFailed(r.errors.map(toField));
    const c = r.captured[0];
    if (!c) throw new Error('capture stored nothing and reported nothing');
    return { eventId: c.eventId, ledgerIndex: c.ledgerIndex, event };
  }

  const bizTx = (list: ShipBody['bizTransactions']) => (list?.length ? { bizTransactionList: list.map((b) => ({ type: b.type, bizTransaction: b.id })) } : {});
  const place = (loc: string | undefined) => (loc ? { bizLocation: { id: loc } } : {});
  const check = (errors: FieldError[]) => {
    if (errors.length) throw validationFailed(errors);
  };

  return {
    /**
     * What an organisation holds now: every code its own events or the goods sent to it name
     * (and what is packed in those), folded to its holder and state (holdings.ts); those it holds
     * and has not sold, shipped on or destroyed, by product and lot.
     *
     * @example await platform.stock(actor, {}) // { orgId, lines: [{ productName, lot, quantity, codes }], cases: [], truncated: false }
     */
    async stock(actor: Actor, q: StockQuery): Promise<Stock> {
      await access.require(actor, 'event:read');
      const orgId = q.orgId ?? actor.orgId;
      if (!orgId) throw validationFailed([fieldError('orgId', 'required', 'field.required')]);
      const [org] = await orgs.summaries([orgId]);
      // Another's stock outside the caller's scope is as unknown as an organisation that does not exist.
      if (!org) throw notFound('organisation', orgId);
      await access.require(actor, 'event:read', { id: org.id, regionCode: org.region_code, entity: 'organisation', entityId: orgId });
      const named = await graph.keysOfOrg(orgId, STOCK_LIMIT + 1);
      const truncated = named.length > STOCK_LIMIT;
      const inside = await graph.contents(named.slice(0, STOCK_LIMIT));
      const keys = [...new Set([...named.slice(0, STOCK_LIMIT), ...inside.map((c) => c.key)])];
      const custody = await graph.custody(keys);
      const held = keys.filter((k) => custody.get(k)?.holder === orgId && custody.get(k)?.state === 'held');
      const registered = await codes.codes(held);
      const byLine = new Map<string, { productId: string; batchId: string | null; producer: string; codes: string[] }>();
      for (const k of held) {
        const c = registered.get(k);
        if (!c) continue;
        const id = `${c.productId}/${c.batchId ?? ''}`;
        const line = byLine.get(id) ?? { productId: c.productId, batchId: c.batchId, producer: c.orgId, codes: [] };
        line.codes.push(k);
        byLine.set(id, line);
      }
      const lines = [...byLine.values()];
      const [productRows, producerRows, batchRows] = await Promise.all([
        products.byIds([...new Set(lines.map((l) => l.productId))]),
        orgs.summaries([...new Set(lines.map((l) => l.producer))]),
        Promise.all([...new Set(lines.map((l) => l.batchId).filter((b): b is string => b !== null))].map((b) => codes.batch(b))),
      ]);
      const product = new Map(productRows.map((p) => [p.id, p]));
      const producer = new Map(producerRows.map((o) => [o.id, o.name]));
      const batch = new Map(batchRows.filter((b) => !!b).map((b) => [b.id, b]));
      const heldSet = new Set(held);
      const cases = held.filter((k) => !registered.has(k)).map((k) => ({ code: k, items: inside.filter((c) => c.parent === k && heldSet.has(c.key)).length }));
      return {
        orgId,
        lines: lines.map((l): StockLine => {
          const p = product.get(l.productId);
          const b = l.batchId ? batch.get(l.batchId) : undefined;
          return {
            productId: l.productId, productName: p?.name ?? '', model: p?.model ?? '', producer: { orgId: l.producer, name: producer.get(l.producer) ?? '' },
            batchId: l.batchId, lot: b?.lot ?? null, productionDate: b?.production_date ?? null, quantity: l.codes.length, codes: l.codes.sort().slice(0, 1000),
          };
        }).sort((a, b) => a.productName.localeCompare(b.productName, 'zh-CN') || (a.lot ?? '').localeCompare(b.lot ?? '')),
        cases,
        truncated,
      };
    },

    async ship(actor: Actor, b: ShipBody) {
      await access.require(actor, 'event:capture');
      const errors: FieldError[] = [];
      const { uris: epcs } = uris('codes', b.codes, errors);
      const to = await partyUri('to', b.to, errors);
      check(errors);
      const from = await ownParty(actor);
      return record(actor, {
        type: 'ObjectEvent', action: 'OBSERVE', ...when(b.time, clock()), epcList: epcs,
        bizStep: 'shipping', disposition: 'in_transit', ...place(b.location), ...bizTx(b.bizTransactions),
        ...(from && { sourceList: [{ type: 'owning_party', source: from }] }),
        destinationList: [{ type: 'owning_party', destination: to }],
        'yima:destinationRegion': b.destinationRegion,
      });
    },

    /**
     * Records a purchase (进货). Every code is verified first; a failing verdict refuses the
     * purchase unless the caller overrides it with a reason, which the event keeps.
     */
    async receive(actor: Actor, b: ReceiveBody) {
      await access.require(actor, 'event:capture');
      const errors: FieldError[] = [];
      const { uris: epcs, keys } = uris('codes', b.codes, errors);
      const fromUri = await partyUri('from', b.from, errors);
      check(errors);
      // A case or pallet (SSCC) is not a registered code: what is packed in it is verified.
      const registered = await codes.codes(keys);
      const toVerify: string[] = [];
      for (const k of keys) {
        if (registered.has(k)) {
          toVerify.push(k);
          continue;
        }
        const inside = await codes.codes((await graph.contents([k])).map((c) => c.key));
        toVerify.push(...(inside.size ? inside.keys() : [k]));
      }
      const verdicts = await Promise.all(toVerify.map(async (k) => ({ key: k, v: await verify(actor, k) })));
      const failed = verdicts.filter((x) => x.v.verdict === 'fail');
      if (failed.length && !b.override) {
        throw new AppError(409, 'verification_failed', 'problem.verification_failed.detail', { count: failed.length }, failed.slice(0, 50).map((f) => fieldError(keys.includes(f.key) ? `codes[${keys.indexOf(f.key)}]` : `codes (${f.key})`, f.v.reasons.find((r) => r.severity === 'fail')?.code ?? 'fail', 'field.message', { message: f.v.reasons.filter((r) => r.severity === 'fail').map((r) => msg(r.key, r.params)) })));
      }
      const me = await ownParty(actor);
      return record(actor, {
        type: 'ObjectEvent', action: 'OBSERVE', ...when(b.time, clock()), epcList: epcs,
        bizStep: 'receiving', disposition: 'in_progress', ...place(b.location), ...bizTx(b.bizTransactions),
        sourceList: [{ type: 'owning_party', source: fromUri }],
        ...(me && { destinationList: [{ type: 'owning_party', destination: me }] }),
        'yima:verification': {
          verdict: failed.length ? 'override' : verdicts.some((x) => x.v.verdict === 'warn') ? 'warn' : 'pass',
          checked: verdicts.length,
          ...(failed.length && { failed: failed.map((f) => ({ code: f.key, reasons: f.v.reasons.filter((r) => r.severity === 'fail').map((r) => r.code) })) }),
          ...(b.override && { overrideReason: b.override.reason }),
        },
      });
    },

    async sell(actor: Actor, b: SellBody) {
      await access.require(actor, 'event:capture');
      const errors: FieldError[] = [];
      const { uris: epcs } = uris('codes', b.codes, errors);
      const b2b = b.channel === 'b2b';
      const buyer = b2b ? await partyUri('buyer', b.buyer ?? {}, errors) : undefined;
      check(errors);
      const me = await ownParty(actor);
      // A retail buyer is a consumer: the event does not name them (sale.buyer is owner-only data).
      return record(actor, {
        type: 'ObjectEvent', action: 'OBSERVE', ...when(b.time, clock()), epcList: epcs,
        bizStep: 'retail_selling', disposition: b2b ? 'in_transit' : 'retail_sold', ...place(b.location), ...bizTx(b.bizTransactions),
        ...(me && { sourceList: [{ type: 'owning_party', source: me }] }),
        ...(buyer && { destinationList: [{ type: 'owning_party', destination: buyer }] }),
      });
    },

    async inspect(actor: Actor, b: InspectBody) {
      await access.require(actor, 'event:capture');
      const found = await codes.batch(b.batchId);
      // Another producer's batch is as unknown as a batch that does not exist (404, never 403).
      if (!found || (actor.role !== 'admin' && found.org_id !== actor.orgId)) throw notFound('batch', b.batchId);
      const batch = found;
      const classes = batchClassKeys(batch.id, batch.lot, await products.gtinsOf(batch.product_id));
      const cls = classes[0] ?? `urn:yima:batch:${batch.id}`;
      return record(actor, {
        type: 'ObjectEvent', action: 'OBSERVE', eventTime: `${b.date}T12:00:00.000${CST_OFFSET}`, eventTimeZoneOffset: CST_OFFSET,
        epcList: [],
        quantityList: [{ epcClass: cls.startsWith('(01)') ? eventUriOf(cls, 'https://id.gs1.org') : cls }],
        bizStep: 'inspecting', disposition: b.result === 'pass' ? 'conformant' : 'non_conformant',
        bizTransactionList: [{ type: 'testres', bizTransaction: `urn:yima:report:${encodeURIComponent(b.reportNumber)}` }],
        ...(b.body && { 'yima:inspectionBody': b.body }),
        ...(b.reportSha256 && { 'yima:reportSha256': b.reportSha256 }),
        ...(b.reportSm3 && { 'yima:reportSm3': b.reportSm3 }),
        'yima:batchId': batch.id,
      }, { quantityList: 'batchId' });
    },

    async pack(actor: Actor, b: PackBody) {
      await access.require(actor, 'event:capture');
      const errors: FieldError[] = [];
      const parent = uris('parent', [b.parent], errors).uris[0];
      const { uris: children } = uris('children', b.children, errors);
      check(errors);
      return record(actor, { type: 'AggregationEvent', action: 'ADD', ...when(b.time, clock()), parentID: parent, childEPCs: children, bizStep: 'packing', disposition: 'in_progress', ...place(b.location) }, PACK_FIELDS);
    },

    async unpack(actor: Actor, b: UnpackBody) {
      await access.require(actor, 'event:capture');
      const errors: FieldError[] = [];
      const parent = uris('parent', [b.parent], errors).uris[0];
      const { uris: children } = uris('children', b.children ?? [], errors);
      check(errors);
      return record(actor, { type: 'AggregationEvent', action: 'DELETE', ...when(b.time, clock()), parentID: parent, childEPCs: children, bizStep: 'unpacking', ...place(b.location) }, PACK_FIELDS);
    },

    async return(actor: Actor, b: ReturnBody) {
      await access.require(actor, 'event:capture');
      const errors: FieldError[] = [];
      const { uris: epcs } = uris('codes', b.codes, errors);
      const from = await partyUri('from', b.from, errors);
      check(errors);
      return record(actor, {
        type: 'ObjectEvent', action: 'OBSERVE', ...when(b.time, clock()), epcList: epcs, bizStep: 'receiving', disposition: 'returned', ...place(b.location),
        ...(from && { sourceList: [{ type: 'owning_party', source: from }] }),
        ...(b.reason && { 'yima:reason': b.reason }),
      });
    },

    async destroy(actor: Actor, b: DestroyBody) {
      await access.require(actor, 'event:capture');
      const errors: FieldError[] = [];
      const { uris: epcs } = uris('codes', b.codes, errors);
      check(errors);
      const decommission = b.kind === 'decommissioned';
      return record(actor, {
        type: 'ObjectEvent', action: decommission ? 'DELETE' : 'OBSERVE', ...when(b.time, clock()), epcList: epcs,
        bizStep: decommission ? 'decommissioning' : 'destroying', disposition: decommission ? 'inactive' : 'destroyed', ...place(b.location),
        ...(b.reason && { 'yima:reason': b.reason }),
      });
    },
  };
}
