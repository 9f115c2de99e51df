/**
 * The event model: EPCIS 2.0 events captured (from the REST binding, the plain API, or the
 * platform's own actions), checked against the data requirements of their products' profile,
 * stored append-only with one ledger leaf each, and queried with the EPCIS query language under
 * the caller's visibility.
 */
import crypto from 'node:crypto';
import type { Db } from '../../db/database.ts';
import { canonicalize } from '../../ledger/canonical-json.ts';
import { contextPrefixes, eventHash } from '../../epcis/event-hash.ts';
import type { EpcisQuery } from '../../epcis/epcis-query.ts';
import { parseIdUrl } from '../../shared/codes/id-url.ts';
import { AppError, notFound } from '../../server/errors.ts';
import type { MessageKey, Params } from '../../shared/i18n/i18n.ts';
import type { AccessService } from '../access/access.service.ts';
import type { Actor } from '../access/actor.ts';
import { scopeOf } from '../access/scope.ts';
import { audiencesOf } from '../access/audiences.ts';
import { normaliseVocab } from '../../epcis/cbv-vocab.ts';
import type { CatalogService } from '../catalog/catalog.service.ts';
import type { IssuanceService } from '../issuance/issuance.service.ts';
import type { OrgsDirectory } from '../orgs/orgs.directory.ts';
import type { ProductsService } from '../products/products.service.ts';
import type { DataProfile } from '../catalog/catalog.schemas.ts';
import { eventVisibility, redactEventDocument } from './event-disclosure.ts';
import type { LedgerAppend } from '../ledger/ledger.service.ts';
import { type EventFacts, type EventJson, eventFacts } from './event-facts.ts';
import { type Visibility, eventCondition, visible } from './event-query.repo.ts';
import { type EventsRepo, type NewEvent, createEventsRepo } from './events.repo.ts';
import { ENTITY_OF_STEP, fieldHint, missingFields } from './requirements.ts';
import { type Custody, type DenialReason, actOf, eventDenials } from '../access/write-rules.ts';
import { type CustodyBook, type StoredCustody, createCustodyBook } from './custody-book.ts';

/** The organisation whose right to record is judged; null: not judged (the platform admin). */
interface Writer {
  readonly orgId: string | null;
}

interface Books {
  book(keys: readonly string[]): Promise<CustodyBook>;
}

const NO_CUSTODY: Custody = Object.freeze({ producer: null, holder: null, state: 'new', soldBy: null });

/** One event's problem in a capture: which event, which field, what rule. */
export interface EventError {
  readonly eventIndex: number;
  readonly eventId?: string;
  readonly path: string;
  readonly code: string;
  /** The problem in words: `t(locale, key, params)` where the reader's language is known. */
  readonly key: MessageKey;
  readonly params: Params;
  readonly expected?: string;
}

export interface CaptureInput {
  readonly events: readonly EventJson[];
  /** Prefix → IRI of the document's @context (CURIEs in the events need them). */
  readonly context?: Readonly<Record<string, unknown>> | undefined;
  readonly behaviour: 'rollback' | 'proceed';
  /** Events already known to be invalid (schema), by index: proceed skips them, rollback fails. */
  readonly invalid?: readonly EventError[];
  readonly captureId?: string;
  /** For the platform admin: the organisation to capture as (migrations). */
  readonly asOrgId?: string | undefined;
}

export interface CaptureResult {
  readonly captured: readonly { readonly index: number; readonly eventId: string; readonly ledgerIndex: number }[];
  readonly errors: readonly EventError[];
}

/** A stored event as the query layer returns it. */
/** One event of the feed read models follow (`feed`). */
export type FeedEvent = Awaited<ReturnType<EventsRepo['feed']>>[number];

export interface StoredEvent {
  readonly id: number;
  readonly eventId: string;
  readonly orgId: string | null;
  readonly recordTime: Date;
  readonly eventTime: Date;
  readonly errorDeclared: boolean;
  readonly ledgerIndex: number;
  /** The event as accepted, with recordTime — as the reader may see it (event-disclosure.ts). */
  readonly event: Record<string, unknown>;
  readonly context: Record<string, unknown> | null;
  /**
   * True when the reader may not see the event's time (a profile field of its step, and EPCIS
   * requires eventTime): `event` is then empty and answers leave the event out. Queries still
   * return it, so that paging and subscription cursors move past it.
   */
  readonly hidden: boolean;
}

export interface EventsDeps {
  readonly db: Db;
  readonly access: AccessService;
  readonly catalog: Pick<CatalogService, 'profileById' | 'categoryOf' | 'profileByRef' | 'profileInForce'>;
  readonly ledger: LedgerAppend;
  readonly clock: () => Date;
  /** The stored custody of codes (the event graph service): what the write rules judge an event by. */
  readonly custody: (keys: readonly string[]) => Promise<StoredCustody>;
  /** The register of codes and batches (the issuance module): what events name, and where commissioning registers codes. */
  readonly codes: Pick<IssuanceService['registry'], 'codes' | 'batchesByLots' | 'insertBound'>;
  /** Products by id and GTIN (the products module): the profile an event is checked against, the product a commissioned GTIN is. */
  readonly products: Pick<ProductsService['registry'], 'byIds' | 'byGtins'>;
  /** Organisations by USCC and id (the orgs module): parties of events, the regions of their owners. */
  readonly orgs: Pick<OrgsDirectory, 'byUscc' | 'summaries'>;
}

/** Error codes of events refused by the write rules (access/write-rules.ts), not by their content. */
export const DENIAL_CODES: ReadonlySet<string> = new Set(['not_producer', 'not_holder', 'not_addressee', 'not_capturer']);

const DENIAL_MESSAGES: Record<DenialReason | 'not_capturer', MessageKey> = {
  not_producer: 'event.error.not_producer',
  not_holder: 'event.error.not_holder',
  not_addressee: 'event.error.not_addressee',
  not_capturer: 'event.error.not_capturer',
};

/** Where a role's identifiers are in an event (EPCIS 2.0 JSON binding field names). */
const FIELD_OF_ROLE: Record<string, string> = {
  epc: 'epcList', child: 'childEPCs', input: 'inputEPCList', output: 'outputEPCList', parent: 'parentID',
  class: 'quantityList', child_class: 'childQuantityList', input_class: 'inputQuantityList', output_class: 'outputQuantityList',
};

/** RFC 3339 with milliseconds in UTC: the recordTime we give back. */
const iso = (d: Date) => d.toISOString();

export type EventsService = ReturnType<typeof createEventsService>;

export function createEventsService(deps: EventsDeps) {
  const { db, access, catalog, ledger, clock } = deps;
  const repo = createEventsRepo(db);
  const listeners: ((captured: number) => void)[] = [];

  /** The organisation an actor captures as. */
  async function captureOrg(actor: Actor, asOrgId: string | undefined): Promise<string | null> {
    await access.require(actor, 'event:capture');
    if (actor.role === 'admin') return asOrgId ?? null;
    if (!actor.orgId) throw new AppError(403, 'forbidden', 'problem.forbidden.detail', { permission: 'event:capture' });
    return actor.orgId;
  }

  /** What the actor may see. */
  async function visibilityOf(actor: Actor): Promise<Visibility> {
    await access.require(actor, 'event:read');
    return scopeOf(actor);
  }

  type Prepared = {
    readonly input: CaptureInput;
    readonly errors: EventError[];
    readonly toStore: { index: number; event: Record<string, unknown>; facts: EventFacts; eventId: string; profileVersion: string | null }[];
    readonly codes: ReadonlyMap<string, unknown>;
    readonly orgOfParty: ReadonlyMap<string, string>;
    /** Every identifier the document's events name, stored or refused. */
    readonly named: readonly string[];
  };

  /**
   * Everything about a document that needs no lock: facts, eventIDs, duplicates (within the
   * document, against `seen` — earlier documents of the same batch — and against the store),
   * data requirements, parties. Nothing is written.
   */
  async function prepare(input: CaptureInput, seen: Set<string>, who: Writer, books: Books): Promise<Prepared> {
    const errors: EventError[] = [...(input.invalid ?? [])];
    const bad = new Set(errors.map((e) => e.eventIndex));

    // Facts and identity of every schema-valid event.
    const prepared: { index: number; event: Record<string, unknown>; facts: EventFacts; eventId: string }[] = [];
    const prefixes = contextPrefixes(input.context ?? {});
    input.events.forEach((raw, index) => {
      if (bad.has(index)) return;
      const event: Record<string, unknown> = { ...raw };
      delete event.recordTime; // set by the repository (EPCIS 2.0 §7.4.1)
      let facts: EventFacts;
      try {
        facts = eventFacts(event);
      } catch (e) {
        errors.push({ eventIndex: index, path: `eventList[${index}]`, code: 'bad_identifier', key: 'event.error.bad_identifier', params: { reason: String(e) } });
        return;
      }
      const eventId = typeof event.eventID === 'string' ? event.eventID : eventHash(event, prefixes);
      event.eventID = eventId;
      if (!facts.errorDeclaration) {
        if (seen.has(eventId)) {
          errors.push({ eventIndex: index, eventId, path: `eventList[${index}].eventID`, code: 'duplicate_event_id', key: 'event.error.duplicate_event_id', params: { eventId } });
          return;
        }
        seen.add(eventId);
      }
      prepared.push({ index, event, facts, eventId });
    });

    const instanceKeys = [...new Set(prepared.flatMap((p) => p.facts.epcs.filter((e) => !e.role.endsWith('class')).map((e) => e.key)))];
    const [existing, codes] = await Promise.all([
      repo.existingEventIds(prepared.filter((p) => !p.facts.errorDeclaration).map((p) => p.eventId)),
      deps.codes.codes(instanceKeys),
    ]);
    const products = new Map((await deps.products.byIds([...new Set([...codes.values()].map((c) => c.productId))])).map((p) => [p.id, p]));
    // Parties named by the platform's identity URLs (/id/uscc/<uscc>) are organisations on it.
    const partyUscc = new Map<string, string>();
    for (const p of prepared) for (const l of p.facts.links) {
      const id = l.kind !== 'bizTransaction' ? parseIdUrl(l.value) : undefined;
      if (id?.scheme === 'uscc') partyUscc.set(l.value, id.value);
    }
    const orgOfUscc = new Map((await deps.orgs.byUscc([...new Set(partyUscc.values())])).map((o) => [o.uscc, o.id]));
    const orgOfParty = new Map([...partyUscc].flatMap(([value, uscc]) => {
      const org = orgOfUscc.get(uscc);
      return org ? [[value, org] as const] : [];
    }));

    // Who may record what (access/write-rules.ts): judged on the custody before each event.
    const book = who.orgId === null ? undefined : await books.book(prepared.flatMap((p) => p.facts.epcs.map((e) => e.key)));
    const capturers = who.orgId === null ? new Map<string, string | null>() : await repo.capturersOf(prepared.filter((p) => p.facts.errorDeclaration).map((p) => p.eventId));
    const denialsOf = (p: (typeof prepared)[number], orgId: string): EventError[] => {
      const at = `eventList[${p.index}]`;
      if (p.facts.errorDeclaration) {
        const by = capturers.get(p.eventId);
        return by === undefined || by === orgId ? [] : [{ eventIndex: p.index, eventId: p.eventId, path: `${at}.eventID`, code: 'not_capturer', key: DENIAL_MESSAGES.not_capturer, params: { code: p.eventId } }];
      }
      const position = new Map<string, number>();
      const touches = p.facts.epcs.map((e) => {
        const i = position.get(e.role) ?? 0;
        position.set(e.role, i + 1);
        return { key: e.key, role: e.role, custody: book?.get(e.key) ?? NO_CUSTODY, path: e.role === 'parent' ? `${at}.parentID` : `${at}.${FIELD_OF_ROLE[e.role] ?? 'epcList'}[${i}]` };
      });
      return eventDenials(orgId, actOf(p.facts), touches).map((d) => ({
        eventIndex: p.index, eventId: p.eventId, path: touches.find((t) => t.key === d.key)?.path ?? at, code: d.reason, key: DENIAL_MESSAGES[d.reason], params: { code: d.key },
      }));
    };

    const accepted: Prepared['toStore'] = [];
    for (const p of prepared) {
      const at = `eventList[${p.index}]`;
      if (existing.has(p.eventId)) {
        errors.push({ eventIndex: p.index, eventId: p.eventId, path: `${at}.eventID`, code: 'event_exists', key: 'event.error.event_exists', params: { eventId: p.eventId } });
        continue;
      }
      if (who.orgId !== null) {
        const denied = denialsOf(p, who.orgId);
        if (denied.length) {
          errors.push(...denied);
          continue;
        }
      }
      // Data requirements of the products this event is about (their profile version, their category).
      let profileVersion: string | null = null;
      const productIds = [...new Set(p.facts.epcs.map((e) => codes.get(e.key)?.productId).filter((x): x is string => !!x))];
      const missing: string[] = [];
      if (ENTITY_OF_STEP[p.facts.bizStep ?? ''] !== undefined) {
        for (const pid of productIds) {
          const product = products.get(pid);
          if (!product) continue;
          const profile = await catalog.profileById(product.profile_version_id);
          const category = await catalog.categoryOf(product.list_version_id, product.category_code);
          if (!category) continue;
          profileVersion = `${profile.id}@${profile.version}`;
          for (const f of missingFields(p.event, p.facts, profile.fields, category)) {
            if (!missing.includes(f.key)) {
              missing.push(f.key);
              errors.push({
                eventIndex: p.index, eventId: p.eventId, path: `${at}.${fieldHint(f.key)}`, code: 'required_field_missing', expected: fieldHint(f.key),
                key: 'event.error.required_field_missing',
                params: { label: f.label, key: f.key, category: category.name, step: p.facts.bizStep ?? '', profile: `${profile.id}@${profile.version}`, where: fieldHint(f.key) },
              });
            }
          }
        }
      }
      if (missing.length) continue;
      accepted.push({ ...p, profileVersion });
      if (book && who.orgId !== null && !p.facts.errorDeclaration) {
        const to = p.facts.links.find((l) => l.kind === 'destination' && (l.type === 'owning_party' || l.type === 'possessing_party'));
        book.apply(p.facts, who.orgId, to && (orgOfParty.get(to.value) ?? to.value));
      }
    }
    const failedIndexes = new Set(errors.map((e) => e.eventIndex));
    errors.sort((a, b) => a.eventIndex - b.eventIndex);
    // Rollback: a document with any error stores nothing.
    const toStore = input.behaviour === 'rollback' && errors.length ? [] : accepted.filter((a) => !failedIndexes.has(a.index));
    return { input, errors, toStore, codes, orgOfParty, named: prepared.flatMap((p) => p.facts.epcs.map((e) => e.key)) };
  }

  /** Stores prepared documents in one transaction: one ledger leaf per event, then the rows. */
  async function commit(orgId: string | null, docs: readonly Prepared[]) {
    const all = docs.flatMap((d) => d.toStore.map((a) => ({ ...a, doc: d })));
    if (!all.length) return docs.map(() => []);
    const now = clock();
    // Commissioning registers codes the platform has not seen, to the capturing organisation,
    // when one of its products carries the GTIN (as binding does): read before the transaction,
    // written in it.
    const commissioned = orgId ? await Promise.all(docs.map((d) => commissionedCodes(orgId, d.toStore.filter((a) => a.facts.bizStep === 'commissioning' && a.facts.action === 'ADD'), d.codes))) : [];
    const leaves = await db.transaction().execute(async (trx) => {
      for (const rows of commissioned) if (rows.length) await deps.codes.insertBound(trx, rows);
      const appended = await ledger(trx, all.map((a) => ({
        type: 'event',
        subjectId: a.eventId,
        first: !a.facts.errorDeclaration,
        record: {
          eventId: a.eventId,
          eventType: a.facts.type,
          orgId,
          recordTime: iso(now),
          errorDeclaration: a.facts.errorDeclaration !== null,
          // The event itself is committed by the SHA-256 of its RFC 8785 canonical JSON.
          sha256: crypto.createHash('sha256').update(canonicalize(a.event)).digest('hex'),
        },
      })));
      const rows: NewEvent[] = all.map((a, i) => ({
        event_id: a.eventId,
        event_type: a.facts.type,
        action: a.facts.action,
        event_time: a.facts.eventTime,
        record_time: now,
        biz_step: a.facts.bizStep,
        disposition: a.facts.disposition,
        read_point: a.facts.readPoint,
        biz_location: a.facts.bizLocation,
        transformation_id: a.facts.transformationId,
        error_declared: a.facts.errorDeclaration !== null,
        error_time: a.facts.errorDeclaration?.time ?? null,
        error_reason: a.facts.errorDeclaration?.reason ?? null,
        org_id: orgId,
        capture_id: a.doc.input.captureId ?? null,
        profile_version: a.profileVersion,
        ledger_index: appended[i]?.index ?? -1,
        doc: JSON.stringify(a.event),
        context: a.doc.input.context ? JSON.stringify(a.doc.input.context) : null,
        epcs: a.facts.epcs,
        links: a.facts.links.map((l) => ({ ...l, orgId: a.doc.orgOfParty.get(l.value) ?? null })),
      }));
      await createEventsRepo(trx).insertEvents(rows);
      return appended;
    }).catch((e: unknown) => {
      // Two captures racing with one eventID: the unique index decides, the loser reports it.
      if (e instanceof Error && /events_event_id/.test(e.message)) throw new AppError(409, 'event_exists', 'problem.event_exists.detail', { eventId: '' });
      throw e;
    });
    let i = 0;
    const out = docs.map((d) => d.toStore.map((a) => ({ index: a.index, eventId: a.eventId, ledgerIndex: leaves[i++]?.index ?? -1 })));
    for (const l of listeners) l(all.length);
    return out;
  }

  /**
   * Checks and stores events in one transaction. Rollback: any error stores nothing. Proceed:
   * the good events are stored, the bad ones reported.
   */
  async function capture(actor: Actor, input: CaptureInput): Promise<CaptureResult> {
    const orgId = await captureOrg(actor, input.asOrgId);
    const p = await prepare(input, new Set(), writer(actor, orgId), books());
    const [captured = []] = await commit(orgId, [p]);
    return { captured, errors: p.errors };
  }

  /**
   * Several documents of one actor in one transaction (capture jobs queued together): each is
   * judged on its own, as if captured one after another; what they store commits at once.
   */
  async function captureMany(actor: Actor, inputs: readonly CaptureInput[]): Promise<CaptureResult[]> {
    return (await prepareMany(actor, inputs)).commit();
  }

  /**
   * The first half of {@link captureMany}: everything but the transaction. Capture jobs prepare
   * the next batch while the previous one commits; an eventID the previous batch is storing meanwhile
   * is caught by the unique index at commit (the caller then retries job by job).
   */
  async function prepareMany(actor: Actor, inputs: readonly CaptureInput[]) {
    const orgId = await captureOrg(actor, inputs[0]?.asOrgId);
    const seen = new Set<string>();
    const prepared: Prepared[] = [];
    const shared = books();
    for (const input of inputs) prepared.push(await prepare(input, seen, writer(actor, orgId), shared));
    return {
      /** Every identifier these documents are about: a batch prepared beside them that names one must be judged after they commit. */
      keys: new Set(prepared.flatMap((p) => p.named)),
      commit: async (): Promise<CaptureResult[]> => {
        const captured = await commit(orgId, prepared);
        return prepared.map((p, i) => ({ captured: captured[i] ?? [], errors: p.errors }));
      },
    };
  }

  /** The organisation the write rules judge: none for the platform admin (migrations replay others' records). */
  function writer(actor: Actor, orgId: string | null): Writer {
    return { orgId: actor.role === 'admin' ? null : orgId };
  }

  /** One custody book for documents judged together, loaded with every key they name. */
  function books(): Books {
    // Documents judged together share what the earlier ones did; a new key's stored custody joins the book.
    const book = createCustodyBook();
    const loaded = new Set<string>();
    return {
      async book(keys) {
        const fresh = [...new Set(keys)].filter((k) => !loaded.has(k));
        if (fresh.length) book.load(await deps.custody(fresh));
        for (const k of fresh) loaded.add(k);
        return book;
      },
    };
  }

  /** The codes commissioning events of `orgId` register: fresh GS1 codes whose GTIN is one of its products'. */
  async function commissionedCodes(orgId: string, events: readonly { facts: EventFacts; event: Record<string, unknown> }[], known: ReadonlyMap<string, unknown>) {
    const fresh = events.flatMap((e) => e.facts.epcs.filter((x) => x.role === 'epc' && !known.has(x.key)).map((x) => ({ key: x.key, lot: lotOf(e.event) })));
    if (!fresh.length) return [];
    const gtinOf = (key: string) => /^\(01\)(\d{14})\(21\)/.exec(key)?.[1];
    const byGtin = new Map((await deps.products.byGtins([...new Set(fresh.map((f) => gtinOf(f.key)).filter((g): g is string => !!g))]))
      .filter((p) => p.org_id === orgId).map((p) => [p.gtin, p.id]));
    const lots = [...new Set(fresh.map((f) => f.lot).filter((l): l is string => !!l))];
    const batches = await deps.codes.batchesByLots([...byGtin.values()], lots);
    return fresh.flatMap((f) => {
      const productId = byGtin.get(gtinOf(f.key) ?? '');
      if (!productId) return [];
      const batch = batches.find((b) => b.product_id === productId && b.lot === f.lot);
      return [{ key: f.key, code: f.key, scheme: 'gs1', org_id: orgId, product_id: productId, batch_id: batch?.id ?? null, binding_id: crypto.randomUUID() }];
    });
  }

  /**
   * Reads rows into stored events as `actor` may see them: recordTime added to the document, and
   * the parts that are profile fields (the buyer of a sale, the consignee of a shipment, …)
   * shown only to the audiences their disclosure level allows — the event's owner is the
   * organisation that captured it, its supply-chain parties the organisations it names, its
   * regulators those of the owner's region (as visibility goes).
   */
  async function present(actor: Actor, rows: Awaited<ReturnType<typeof repo.byEventId>>): Promise<StoredEvent[]> {
    const ids = rows.map((r) => Number(r.id));
    const [parties, owners] = await Promise.all([
      repo.partyOrgsOf(ids),
      deps.orgs.summaries([...new Set(rows.map((r) => r.org_id).filter((x): x is string => !!x))]),
    ]);
    const regionOf = new Map(owners.map((o) => [o.id, o.region_code]));
    const partiesOf = new Map<number, string[]>();
    for (const p of parties) if (p.org_id) partiesOf.set(Number(p.event), [...(partiesOf.get(Number(p.event)) ?? []), p.org_id]);
    const inForce = await catalog.profileInForce();
    const profiles = new Map<string, DataProfile | undefined>();
    const profileOf = async (ref: string | null) => {
      if (!ref) return inForce;
      if (!profiles.has(ref)) profiles.set(ref, await catalog.profileByRef(ref));
      return profiles.get(ref);
    };
    return Promise.all(rows.map(async (r) => {
      const audiences = await audiencesOf(actor, { ownerOrgId: r.org_id, regionCode: r.org_id ? (regionOf.get(r.org_id) ?? null) : null, chainOrgIds: partiesOf.get(Number(r.id)) ?? [] });
      const step = typeof r.doc.bizStep === 'string' ? normaliseVocab('bizStep', r.doc.bizStep) : null;
      const disposition = typeof r.doc.disposition === 'string' ? normaliseVocab('disposition', r.doc.disposition) : null;
      const shown = redactEventDocument({ ...r.doc, recordTime: iso(r.record_time) }, eventVisibility(await profileOf(r.profile_version), step, disposition, audiences.sees));
      return { ...stored(r), event: shown ?? {}, hidden: shown === undefined };
    }));
  }

  /** A row as a stored event, whole (before disclosure). */
  function stored(r: Awaited<ReturnType<typeof repo.byEventId>>[number]): Omit<StoredEvent, 'hidden'> {
    return {
      id: Number(r.id),
      eventId: r.event_id,
      orgId: r.org_id,
      recordTime: r.record_time,
      eventTime: r.event_time,
      errorDeclared: r.error_declared,
      ledgerIndex: Number(r.ledger_index),
      event: { ...r.doc, recordTime: iso(r.record_time) },
      context: r.context,
    };
  }

  return {
    capture,
    captureMany,
    prepareMany,
    visibilityOf,
    /**
     * The highest event record id a snapshot sees and the transactions then writing events: what
     * a subscription's delivery horizon is computed from (subscriptions.service.ts).
     */
    horizonProbe: () => repo.horizonProbe(),

    /**
     * For read models that follow the record order (supervision): events after record id
     * `after` up to `upTo` (the horizon, events/event-horizon.ts), with the instance keys they
     * name and the organisations they name as source or destination. No actor: the caller
     * authorises what it shows.
     */
    feed: (after: number, upTo: number, limit: number) => repo.feed(after, upTo, limit),

    /** Called after each capture that stored events (subscriptions stream from here). */
    onCaptured: (listener: (captured: number) => void) => void listeners.push(listener),

    /**
     * A page of events matching an EPCIS query, visible to the actor. `after` is the keyset of
     * the previous page's last event.
     */
    async query(actor: Actor, q: EpcisQuery, page: { limit: number; after?: { value: string; id: number } | undefined }) {
      const v = await visibilityOf(actor);
      const column = q.orderBy === 'eventTime' ? 'event_time' : q.orderBy === 'recordTime' ? 'record_time' : 'id';
      const direction = q.orderBy ? (q.orderDirection === 'ASC' ? 'asc' : 'desc') : 'asc';
      if (q.maxEventCount !== undefined) {
        const n = await repo.count((eb) => eventCondition(eb, q, v), q.maxEventCount + 1);
        if (n > q.maxEventCount) throw new AppError(413, 'epcis_query_too_large', 'problem.epcis_query_too_large.detail', { max: q.maxEventCount });
      }
      const after = page.after;
      const rows = await repo.page((eb) => {
        const base = eventCondition(eb, q, v);
        if (!after) return base;
        const cmp = direction === 'asc' ? '>' : '<';
        if (column === 'id') return eb.and([base, eb('events.id', cmp, after.id)]);
        const col = column === 'event_time' ? 'events.event_time' : 'events.record_time';
        return eb.and([base, eb.or([eb(col, cmp, new Date(after.value)), eb.and([eb(col, '=', new Date(after.value)), eb('events.id', cmp, after.id)])])]);
      }, { column, direction }, page.limit + 1);
      const more = rows.length > page.limit;
      const events = await present(actor, rows.slice(0, page.limit));
      const last = events.at(-1);
      const next = more && last ? { value: column === 'event_time' ? iso(last.eventTime) : iso(last.recordTime), id: last.id } : undefined;
      return { events, next };
    },

    /** The event and its error declarations, if visible. */
    async byEventId(actor: Actor, eventId: string) {
      const v = await visibilityOf(actor);
      const rows = await repo.idsOf(eventId, (eb) => visible(eb, v));
      if (!rows.length) throw notFound('event', eventId);
      const found = (await present(actor, await repo.byEventId(eventId))).filter((e) => !e.hidden);
      if (!found.length) throw notFound('event', eventId);
      return found;
    },

    /** Distinct values for the discovery resources (`/eventTypes`, `/bizSteps`, …, `/epcs`). */
    async distinct(actor: Actor, what: 'event_type' | 'biz_step' | 'disposition' | 'read_point' | 'biz_location' | 'epc', after: string | null, limit: number) {
      const v = await visibilityOf(actor);
      return what === 'epc' ? repo.distinctEpcs((eb) => visible(eb, v), after, limit) : repo.distinct(what, (eb) => visible(eb, v), after, limit);
    },

    jobs: {
      create: (row: Parameters<typeof repo.insertJob>[0]) => repo.insertJob(row),
      finish: repo.finishJob,
      find: repo.findJob,
      list: repo.listJobs,
      failRunning: () => repo.failRunningJobs(clock()),
    },
    captureOrg,
  };
}

/** The lot of a commissioning event's ILMD (`cbvmda:lotNumber`), if any. */
function lotOf(event: Record<string, unknown>): string | undefined {
  const ilmd = event.ilmd;
  if (!ilmd || typeof ilmd !== 'object') return undefined;
  const lot = (ilmd as Record<string, unknown>)['cbvmda:lotNumber'];
  return typeof lot === 'string' ? lot : undefined;
}
