/**
 * Trace (追溯): backward — from an item through the cases and pallets it travelled in and the
 * inputs it was made from, to its batch, producer and inspection — and forward — from a batch or
 * an item to every party and place it reached and who holds it now. A graph: nodes (codes,
 * containers, batches, parties) and edges (packed in, made from, moved by an event).
 *
 * Who sees what: the producer, and regulators and associations whose scope covers the producer,
 * see the whole trace; any other organisation sees only the events it may see (its own, or
 * those naming it as a party). Within each event, the parts that are profile fields (the buyer of
 * a sale, the consignee and date of a shipment, …, see events/event-disclosure.ts) are shown
 * only to the audiences their level allows: the event's owner is the organisation that recorded
 * it; its parties and the goods' producer are its supply chain; its regulators are those of the
 * owner's region, and — in a trace — those whose scope covers the producer.
 */
import { AppError, fieldError, findOrFail, notFound, validationFailed } from '../../server/errors.ts';
import type { AccessService } from '../access/access.service.ts';
import type { Actor } from '../access/actor.ts';
import { type Audience, audiencesFrom, audiencesOf } from '../access/audiences.ts';
import { disclosureOf } from '../catalog/profile-rules.ts';
import type { DataProfile } from '../catalog/catalog.schemas.ts';
import { eventVisibility, isPartyType, isReportType } from '../events/event-disclosure.ts';
import { batchClassKeys, keyOfInput } from '../events/code-key.ts';
import type { EventGraphService, TraceEventRow, TraceLinkRow } from '../events/event-graph.service.ts';
import { push } from '../events/holdings.ts';
import type { IssuanceService } from '../issuance/issuance.service.ts';
import type { OrgsDirectory } from '../orgs/orgs.directory.ts';
import type { ProductsService } from '../products/products.service.ts';
import type { BackwardTrace, ForwardTrace, TraceNode } from './trace.schemas.ts';

export interface TraceDeps {
  readonly access: AccessService;
  /** Walks, events and holdings (the events module). */
  readonly graph: Pick<EventGraphService, 'upstream' | 'downstream' | 'eventsOf' | 'linksOf' | 'itemStates'>;
  /** Registered codes and batches (the issuance module). */
  readonly codes: Pick<IssuanceService['registry'], 'codes' | 'batch' | 'batchCodes'>;
  /** Products' names and GTINs (the products module). */
  readonly products: Pick<ProductsService['registry'], 'byIds' | 'gtinsOf'>;
  /** Organisations named in a trace (the orgs module). */
  readonly orgs: Pick<OrgsDirectory, 'summaries'>;
  readonly publicUrl: string;
  /** The profile a product was checked against (its fields' disclosure levels); none: deny by default. */
  readonly profileOf?: (productId: string) => Promise<DataProfile | undefined>;
}

/** Whose goods a trace follows, and what that means for the reader. */
interface TraceContext {
  readonly producerId: string;
  /** The reader sees every event (the producer, or a regulator or association covering it). */
  readonly full: boolean;
  readonly profile: DataProfile | undefined;
}

/** One node per key (the walk has one row per edge), at its least depth. */
function nodesOf(walk: readonly { key: string; how: string; depth: number }[], made: 'input' | 'output'): TraceNode[] {
  const nodes = new Map<string, TraceNode>();
  for (const w of walk) {
    const kind = w.how === 'seed' ? 'item' : w.how === 'packed' ? 'container' : made;
    const cur = nodes.get(w.key);
    if (!cur || w.depth < cur.depth) nodes.set(w.key, { key: w.key, depth: w.depth, kind });
  }
  return [...nodes.values()];
}

export type TraceService = ReturnType<typeof createTraceService>;

export function createTraceService({ access, graph, codes, products, orgs: directory, publicUrl, profileOf = async () => undefined }: TraceDeps) {
  /** A batch with its product's name and model. */
  async function batchOf(batchId: string) {
    const b = await codes.batch(batchId);
    const [p] = b ? await products.byIds([b.product_id]) : [];
    return b && p && { ...b, product_name: p.name, model: p.model };
  }

  /** The subject's producer, the check, and whether the actor sees every event. */
  async function authorise(actor: Actor, ownerOrgId: string, entity: string, id: string): Promise<boolean> {
    await access.require(actor, 'trace:read');
    const [org] = await directory.summaries([ownerOrgId]);
    if (!org) throw notFound(entity, id);
    if (await access.inScope(actor, { id: org.id, regionCode: org.region_code })) return true;
    if (actor.role === 'public') throw new AppError(401, 'authentication_required', 'problem.authentication_required.detail');
    return false;
  }

  async function visibleFilter(actor: Actor, full: boolean, events: TraceEventRow[]): Promise<TraceEventRow[]> {
    if (full || !actor.orgId) return full ? events : [];
    const links = await graph.linksOf(events.map((e) => e.id));
    const named = new Set(links.filter((l) => l.org_id === actor.orgId).map((l) => l.event));
    return events.filter((e) => e.org_id === actor.orgId || named.has(e.id));
  }

  /** Events with their parties, orgs named, each part shown only to the audiences its profile field allows. */
  async function present(actor: Actor, events: TraceEventRow[], ctx: TraceContext) {
    const links = await graph.linksOf(events.map((e) => e.id));
    const orgIds = [...new Set([...events.map((e) => e.org_id), ...links.map((l) => l.org_id), ctx.producerId].filter((x): x is string => !!x))];
    const orgs = new Map((await directory.summaries(orgIds)).map((o) => [o.id, o]));
    const byEvent = new Map<number, TraceLinkRow[]>();
    for (const l of links) push(byEvent, l.event, l);
    const party = (l: TraceLinkRow) => ({ type: l.type, id: l.value, ...(l.org_id && { orgId: l.org_id, name: orgs.get(l.org_id)?.name, regionCode: orgs.get(l.org_id)?.region_code }) });
    // A regulator whose scope covers the producer follows the producer's goods at regulator level.
    const traceRegulator = ctx.full && actor.role === 'regulator';
    const shown = await Promise.all(events.map(async (e) => {
      const own = byEvent.get(e.id) ?? [];
      const base = await audiencesOf(actor, {
        ownerOrgId: e.org_id,
        regionCode: e.org_id ? (orgs.get(e.org_id)?.region_code ?? null) : null,
        chainOrgIds: [ctx.producerId, ...own.map((l) => l.org_id).filter((x): x is string => !!x)],
      });
      const audiences = traceRegulator ? audiencesFrom(new Set<Audience>([...base.audiences, 'regulator'])) : base;
      const v = eventVisibility(ctx.profile, e.biz_step, e.disposition, audiences.sees);
      // Who recorded it: the producer is public (producer.name); another organisation is where the
      // goods went, which is the supply chain's business (chain level, as flow.consignee) — in
      // capturedBy and where the event names it as its own party.
      const recorderShown = !e.org_id || e.org_id === ctx.producerId || audiences.sees('chain');
      const partyShown = (l: TraceLinkRow, byStep: boolean) => (l.org_id !== null && l.org_id === e.org_id ? recorderShown && byStep : byStep);
      return {
        eventId: e.event_id,
        eventType: e.event_type,
        action: e.action,
        eventTime: v.time ? e.event_time.toISOString() : null,
        bizStep: e.biz_step,
        disposition: v.disposition ? e.disposition : null,
        readPoint: e.read_point,
        bizLocation: e.biz_location,
        capturedBy: e.org_id && recorderShown ? { orgId: e.org_id, name: orgs.get(e.org_id)?.name ?? null } : null,
        keys: [...new Set(e.keys)],
        sources: own.filter((l) => l.kind === 'source' && (isPartyType(l.type) ? partyShown(l, v.sourceParty) : true)).map(party),
        destinations: own.filter((l) => l.kind === 'destination' && (isPartyType(l.type) ? partyShown(l, v.destinationParty) : l.type === 'location' ? v.destinationLocation : true)).map(party),
        bizTransactions: own.filter((l) => l.kind === 'bizTransaction' && (v.reportTransaction || !isReportType(l.type))).map((l) => ({ type: l.type, id: l.value })),
      };
    }));
    return { orgs, events: shown };
  }

  /**
   * Who holds the goods now is where the shipments went (flow.consignee, supply-chain level):
   * readers below that level of the producer's goods see their own stock, consumers and counts.
   */
  async function holderShown(actor: Actor, ctx: TraceContext, regionCode: string | null) {
    const goods = await audiencesOf(actor, { ownerOrgId: ctx.producerId, regionCode });
    const level = ctx.profile ? disclosureOf(ctx.profile, 'flow.consignee') : 'owner';
    return (holder: string) => goods.sees(level) || holder === 'consumer' || holder === actor.orgId;
  }

  async function codeOf(input: string) {
    const k = keyOfInput(input, publicUrl);
    if (!k.ok) throw validationFailed([fieldError('code', 'code_invalid', 'field.code_invalid', { reason: k.error }, k.position === undefined ? {} : { position: k.position })]);
    const code = (await codes.codes([k.key])).get(k.key);
    return { key: k.key, code };
  }

  return {
    /**
     * Backward trace of one code: containers, inputs, batch, producer, inspections, events.
     *
     * @example await trace.backward(actor, 'https://id.gs1.org/01/06901234567892/21/A1')
     */
    async backward(actor: Actor, input: string): Promise<BackwardTrace> {
      const { key, code } = await codeOf(input);
      if (!code) throw notFound('code', input);
      const full = await authorise(actor, code.orgId, 'code', input);
      const up = await graph.upstream([key]);
      // Inputs that are codes of the platform bring their batches in.
      const upCodes = await codes.codes(up.map((u) => u.key));
      const batchIds = [...new Set([code.batchId, ...[...upCodes.values()].map((c) => c.batchId)].filter((x): x is string => !!x))];
      const batches = (await Promise.all(batchIds.map(async (id) => {
        const b = await batchOf(id);
        return b && { ...b, classKeys: batchClassKeys(b.id, b.lot, await products.gtinsOf(b.product_id)) };
      }))).filter((b): b is NonNullable<typeof b> => !!b);
      const keys = [...up.map((u) => u.key), ...batches.flatMap((b) => b.classKeys)];
      const events = await visibleFilter(actor, full, await graph.eventsOf([...new Set(keys)], 5000));
      const shown = await present(actor, events, { producerId: code.orgId, full, profile: await profileOf(code.productId) });
      const [producer] = await directory.summaries([code.orgId]);
      return {
        code: key,
        producer: producer && { orgId: producer.id, name: producer.name, uscc: producer.uscc, regionCode: producer.region_code, address: producer.address },
        batches: batches.map((b) => ({ batchId: b.id, lot: b.lot, productionDate: b.production_date, productId: b.product_id, productName: b.product_name, model: b.model, keys: b.classKeys })),
        inspections: shown.events.filter((e) => e.bizStep === 'inspecting'),
        nodes: nodesOf(up, 'input'),
        edges: up.flatMap((u) => (u.via ? [{ from: u.via, to: u.key, kind: u.how === 'packed' ? 'packed_in' : 'made_from' }] : [])),
        events: shown.events,
        complete: full,
      };
    },

    /**
     * Forward trace of a batch or a code: every party and place reached, and who holds what now.
     *
     * @example await trace.forward(actor, { batchId })
     */
    async forward(actor: Actor, subject: { batchId?: string | undefined; code?: string | undefined }): Promise<ForwardTrace> {
      let seeds: string[];
      let owner: string;
      let productId: string;
      let classKeys: string[] = [];
      if (subject.batchId) {
        const b = await findOrFail(batchOf(subject.batchId), 'batch', subject.batchId);
        owner = b.org_id;
        productId = b.product_id;
        classKeys = batchClassKeys(b.id, b.lot, await products.gtinsOf(b.product_id));
        seeds = await codes.batchCodes(b.id, 1_000_000);
      } else if (subject.code) {
        const { key, code } = await codeOf(subject.code);
        if (!code) throw notFound('code', subject.code);
        owner = code.orgId;
        productId = code.productId;
        seeds = [key];
      } else {
        throw validationFailed([fieldError('batchId', 'required', 'field.required')]);
      }
      const full = await authorise(actor, owner, subject.batchId ? 'batch' : 'code', subject.batchId ?? subject.code ?? '');
      const down = await graph.downstream([...seeds, ...classKeys]);
      const events = await visibleFilter(actor, full, await graph.eventsOf([...new Set(down.map((d) => d.key))], 20_000));
      const ctx: TraceContext = { producerId: owner, full, profile: await profileOf(productId) };
      const shown = await present(actor, events, ctx);

      const states = await graph.itemStates(seeds, owner, down, events);
      const mayName = await holderShown(actor, ctx, shown.orgs.get(owner)?.region_code ?? null);
      const holders = new Map<string, { holder: string | null; state: string; count: number }>();
      for (const st of states.values()) {
        const holder = mayName(st.holder) ? st.holder : null;
        const k = `${holder ?? ''}|${st.state}`;
        const h = holders.get(k);
        if (h) h.count++;
        else holders.set(k, { holder, state: st.state, count: 1 });
      }
      const parties = new Map<string, { orgId?: string; id: string; name?: string | undefined; regionCode?: string | undefined; events: number }>();
      for (const e of shown.events) {
        for (const p of [...e.destinations, ...(e.capturedBy ? [{ id: e.capturedBy.orgId, orgId: e.capturedBy.orgId, name: e.capturedBy.name ?? undefined }] : [])]) {
          const id = p.orgId ?? p.id;
          const cur = parties.get(id) ?? { id, ...(p.orgId && { orgId: p.orgId }), name: 'name' in p ? (p.name ?? undefined) : undefined, regionCode: 'regionCode' in p ? (p.regionCode ?? undefined) : undefined, events: 0 };
          cur.events++;
          parties.set(id, cur);
        }
      }
      return {
        seeds: seeds.length,
        parties: [...parties.values()],
        places: [...new Set(shown.events.flatMap((e) => [e.bizLocation, e.readPoint]).filter((x): x is string => !!x))],
        holders: [...holders.values()].map((h) => ({ ...h, name: h.holder === null || h.holder === 'consumer' ? null : (shown.orgs.get(h.holder)?.name ?? null) })),
        nodes: nodesOf(down, 'output'),
        edges: down.flatMap((d) => (d.via ? [{ from: d.via, to: d.key, kind: d.how === 'packed' ? 'packed_in' : 'made_into' }] : [])),
        events: shown.events,
        complete: full,
      };
    },
  };
}
