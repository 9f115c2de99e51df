/**
 * The event graph as other modules read it (trace, 查验, recalls, the scan page): walks over
 * packing and transformations, the events and parties over a set of keys, a code's public
 * journey and latest inspection; and what the events leave of each code — its holding (who
 * holds it, in what state, since when: holdings.ts) and its custody for the write rules
 * (access/write-rules.ts), which the events module judges every business event by.
 */
import type { Db } from '../../db/database.ts';
import type { Custody } from '../access/write-rules.ts';
import type { IssuanceService, RecordedInspection } from '../issuance/issuance.service.ts';
import type { ProductsService } from '../products/products.service.ts';
import { type TraceEventRow, type WalkRow, createEventGraphRepo } from './event-graph.repo.ts';
import { closure, foldStates, push } from './holdings.ts';

export type { TraceEventRow, TraceLinkRow, WalkRow } from './event-graph.repo.ts';

export interface EventGraphDeps {
  readonly db: Db;
  /** Registered codes and batches (the issuance module): the producer of a code or of a batch URN. */
  readonly codes: Pick<IssuanceService['registry'], 'codes' | 'batch'>;
  /** The product carrying a GTIN (the products module): the producer of a key no code registers. */
  readonly products: Pick<ProductsService['registry'], 'byGtins'>;
}

export type EventGraphService = ReturnType<typeof createEventGraphService>;

/** How the inspect action names a report in the event (platform-events.service.ts). */
const REPORT_URN = 'urn:yima:report:';

/**
 * @example const graph = createEventGraphService({ db, codes: issuance.registry, products: products.registry }); await graph.itemStates([key], producerId)
 */
export function createEventGraphService(deps: EventGraphDeps) {
  const repo = createEventGraphRepo(deps.db);

  /**
   * Each seed's state now (held, in transit, sold, gone) and holder (an organisation id, a party
   * URI, or `consumer`), from the events over the seed and the containers it went into; plus
   * when it was returned or left the market, for recall progress.
   */
  async function itemStates(seeds: readonly string[], owner: string, down?: readonly WalkRow[], known?: readonly TraceEventRow[]) {
    const walk = down ?? (await repo.downstream(seeds));
    const events = known ?? (await repo.eventsOf([...new Set(walk.map((d) => d.key))], 50_000));
    return foldStates(seeds, () => owner, walk, events, await repo.linksOf(events.map((e) => e.id)));
  }

  /**
   * The custody of each key for the write rules (access/write-rules.ts): its producer (the
   * code's registration, else the product carrying its GTIN, else the batch of a batch URN), its
   * holder and state from every stored event over it and the containers it was packed into, and
   * the containers themselves (an event of the same document on a container moves its contents).
   */
  async function custody(keys: readonly string[]): Promise<Map<string, Custody & { readonly containers: readonly string[] }>> {
    const out = new Map<string, Custody & { containers: string[] }>();
    if (!keys.length) return out;
    const codes = await deps.codes.codes(keys);
    const gtinOf = (k: string) => /^\(01\)(\d{14})/.exec(k)?.[1];
    const gtins = [...new Set(keys.filter((k) => !codes.has(k)).map(gtinOf).filter((g): g is string => !!g))];
    const byGtin = new Map((await deps.products.byGtins(gtins)).map((p) => [p.gtin, p.org_id]));
    const batchIds = [...new Set(keys.map((k) => /^urn:yima:batch:([0-9a-f-]{36})$/.exec(k)?.[1]).filter((b): b is string => !!b))];
    const byBatch = new Map((await Promise.all(batchIds.map((id) => deps.codes.batch(id)))).filter((b) => !!b).map((b) => [b.id, b.org_id]));
    const producerOf = (k: string): string | null =>
      codes.get(k)?.orgId ?? byGtin.get(gtinOf(k) ?? '') ?? byBatch.get(/^urn:yima:batch:(.+)$/.exec(k)?.[1] ?? '') ?? null;
    // Containment only: what an item was transformed into does not carry it. Keys no event names
    // (fresh codes, the bulk of a capture) have no history to walk.
    const named = await repo.namedKeys(keys);
    const walk = (await repo.downstream(named)).filter((w) => w.how !== 'transformed');
    const events = await repo.eventsOf([...new Set(walk.map((d) => d.key))], 10_000_000);
    const states = foldStates(keys, (k) => producerOf(k) ?? '', walk, events, await repo.linksOf(events.map((e) => e.id)));
    const containersOf = new Map<string, string[]>();
    for (const w of walk) if (w.via) push(containersOf, w.via, w.key);
    for (const k of keys) {
      const st = states.get(k);
      const producer = producerOf(k);
      const unknown = !st || st.holder === '';
      out.set(k, {
        producer,
        holder: unknown ? null : st.holder,
        state: unknown ? 'new' : (st.state as Custody['state']),
        soldBy: st?.soldBy ?? null,
        containers: closure(k, containersOf),
      });
    }
    return out;
  }

  /**
   * The latest inspection (检验合格证明) the inspect action recorded for each of these batches, by
   * batch id: what the event says, for the issuance module's batch views (which disclose it).
   */
  async function batchInspections(batchIds: readonly string[]): Promise<Map<string, RecordedInspection>> {
    const out = new Map<string, RecordedInspection>();
    for (const r of await repo.batchInspections(batchIds)) {
      const text = (k: string) => (typeof r.doc[`yima:${k}`] === 'string' ? (r.doc[`yima:${k}`] as string) : null);
      const tx = Array.isArray(r.doc.bizTransactionList) ? (r.doc.bizTransactionList as { type?: string; bizTransaction?: string }[]) : [];
      const report = tx.find((t) => t.type === 'testres' || t.type === 'cert')?.bizTransaction ?? '';
      out.set(r.batch_id, {
        eventId: r.event_id,
        result: r.disposition === 'conformant' ? 'pass' : 'fail',
        reportNumber: report.startsWith(REPORT_URN) ? decodeURIComponent(report.slice(REPORT_URN.length)) : report,
        body: text('inspectionBody'),
        date: typeof r.doc.eventTime === 'string' ? r.doc.eventTime.slice(0, 10) : r.event_time.toISOString().slice(0, 10),
        reportSha256: text('reportSha256'),
        reportSm3: text('reportSm3'),
      });
    }
    return out;
  }

  return {
    downstream: repo.downstream,
    upstream: repo.upstream,
    contents: repo.contents,
    keysOfOrg: repo.keysOfOrg,
    eventsOf: repo.eventsOf,
    linksOf: repo.linksOf,
    journey: repo.journey,
    inspection: repo.inspection,
    batchInspections,
    itemStates,
    custody,
  };
}
