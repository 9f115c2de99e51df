/**
 * Digital supervision (../shared/reference/supervision.md): indicators kept as read models and
 * alerts raised as records arrive. A worker follows the events in record order (up to the
 * events' horizon, events/event-horizon.ts) from its cursor and folds each page in one
 * transaction: counts added, alerts raised (each a ledger record), cursor moved — so a crash
 * folds a page again or not at all, never twice, and several nodes never fold the same page.
 * The definitions (indicators, alert kinds and thresholds, the score) are versioned data an
 * admin loads, like the catalogue.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import { Value } from 'typebox/value';
import type { Db } from '../../db/database.ts';
import { canonicalize } from '../../ledger/canonical-json.ts';
import { asset } from '../../paths.ts';
import { conflict, fieldError, notFound, validationFailed, AppError } from '../../server/errors.ts';
import { fromAjv } from '../../server/problem.ts';
import { cstDate } from '../../shared/cst.ts';
import { type Locale, t } from '../../shared/i18n/i18n.ts';
import type { AccessService } from '../access/access.service.ts';
import type { Actor } from '../access/actor.ts';
import { scopeOf } from '../access/scope.ts';
import { eventHorizon } from '../events/event-horizon.ts';
import type { EventsService, FeedEvent } from '../events/events.service.ts';
import type { IssuanceService } from '../issuance/issuance.service.ts';
import type { LedgerAppend } from '../ledger/ledger.service.ts';
import type { OrgsDirectory } from '../orgs/orgs.directory.ts';
import type { ProductsService } from '../products/products.service.ts';
import type { RecallsService } from '../recalls/recalls.service.ts';
import { type AlertCandidate, type FoldContext, foldEvents } from './fold.ts';
import { type Alert, type IndicatorQuery, SupervisionDefinitions } from './supervision.schemas.ts';
import { type CountDelta, createSupervisionRepo } from './supervision.repo.ts';

const BUILT_IN = asset('src/modules/supervision/data/supervision-2026.1.json');
const FEED = 'events';
const PAGE = 500;

export interface SupervisionDeps {
  readonly db: Db;
  readonly access: AccessService;
  readonly ledger: LedgerAppend;
  readonly clock: () => Date;
  readonly events: Pick<EventsService, 'feed' | 'horizonProbe' | 'onCaptured'>;
  readonly codes: Pick<IssuanceService['registry'], 'codes' | 'batch'>;
  readonly products: Pick<ProductsService['registry'], 'byIds'>;
  readonly orgs: Pick<OrgsDirectory, 'summaries' | 'cccByIds' | 'licencesByIds'>;
  readonly recalls: Pick<RecallsService, 'openFor'>;
}

export type SupervisionService = ReturnType<typeof createSupervisionService>;

export function createSupervisionService(deps: SupervisionDeps) {
  const { db, access, ledger, clock } = deps;
  const repo = createSupervisionRepo(db);
  const horizon = eventHorizon(() => deps.events.horizonProbe());
  const definitionsCache = new Map<string, SupervisionDefinitions>();

  async function definitionsInForce(day = cstDate(clock())): Promise<{ id: string; version: string; doc: SupervisionDefinitions }> {
    const row = await repo.definitionsInForce(day);
    if (!row) throw new AppError(409, 'supervision_definitions_missing', 'problem.supervision_definitions_missing.detail', { date: day });
    let doc = definitionsCache.get(row.id);
    if (!doc) {
      doc = row.content as SupervisionDefinitions;
      definitionsCache.set(row.id, doc);
    }
    return { id: row.id, version: row.version, doc };
  }

  async function store(doc: unknown, loadedBy: string | null) {
    const shape = fromAjv([...Value.Errors(SupervisionDefinitions, doc)], 'document');
    if (shape.length) throw validationFailed(shape);
    const d = doc as SupervisionDefinitions;
    const errors = [];
    const seen = new Set<string>();
    for (const [i, ind] of d.indicators.entries()) {
      if (seen.has(ind.id)) errors.push(fieldError(`document.indicators[${i}].id`, 'supervision_invalid', 'field.supervision_duplicate', { id: ind.id }));
      seen.add(ind.id);
    }
    const kinds = new Set<string>();
    for (const [i, a] of d.alerts.entries()) {
      if (kinds.has(a.kind)) errors.push(fieldError(`document.alerts[${i}].kind`, 'supervision_invalid', 'field.supervision_duplicate', { id: a.kind }));
      kinds.add(a.kind);
    }
    d.score.factors.forEach((f, i) => {
      if (!seen.has(f.indicator)) errors.push(fieldError(`document.score.factors[${i}].indicator`, 'supervision_invalid', 'field.supervision_factor_unknown', { id: f.indicator }));
    });
    const total = d.score.factors.reduce((n, f) => n + f.weight, 0);
    if (Math.abs(total - 1) > 1e-9) errors.push(fieldError('document.score.factors', 'supervision_invalid', 'field.supervision_weights', { total: Math.round(total * 1000) / 1000 }));
    if (errors.length) throw validationFailed(errors);
    const sha256 = crypto.createHash('sha256').update(canonicalize(d)).digest('hex');
    const existing = await repo.definitionsByVersion(d.version);
    if (existing) {
      if (existing.sha256 === sha256) return { row: existing, created: false };
      throw conflict('supervision_version_exists', 'problem.supervision_version_exists.detail', { version: d.version });
    }
    const id = crypto.randomUUID();
    await db.transaction().execute(async (trx) => {
      const r = createSupervisionRepo(trx);
      if (!(await r.insertDefinitions({ id, version: d.version, effective_from: d.effectiveFrom, content: JSON.stringify(d), sha256, loaded_by: loadedBy }))) {
        throw conflict('supervision_version_exists', 'problem.supervision_version_exists.detail', { version: d.version });
      }
      await ledger(trx, [{ type: 'supervision.definitions', subjectId: id, first: true, record: { id, version: d.version, effectiveFrom: d.effectiveFrom, sha256 } }]);
    });
    const row = await repo.definitionsByVersion(d.version);
    if (!row) throw new Error(`supervision definitions ${d.version} vanished`);
    return { row, created: true };
  }

  const presentVersion = (r: { id: string; version: string; effective_from: string | Date; sha256: string; loaded_at: Date }) => ({
    id: r.id, version: r.version, effectiveFrom: typeof r.effective_from === 'string' ? r.effective_from : cstDate(r.effective_from), sha256: r.sha256, loadedAt: new Date(r.loaded_at).toISOString(),
  });

  /** What the fold needs to know about the events of a page, asked once per page. */
  async function contextOf(page: readonly FeedEvent[]): Promise<FoldContext> {
    const codes = await deps.codes.codes([...new Set(page.flatMap((e) => e.keys))]);
    const productIds = [...new Set([...codes.values()].map((c) => c.productId))];
    const productRows = await deps.products.byIds(productIds);
    const products = new Map(productRows.map((p) => [p.id, { category: p.category_code }]));
    const day = (d: string | Date | null) => (d === null ? null : typeof d === 'string' ? d : cstDate(new Date(d)));
    const cccs = new Map((await deps.orgs.cccByIds(productRows.flatMap((p) => (p.ccc_certificate_id ? [p.ccc_certificate_id] : [])))).map((c) => [c.id, { number: c.number, status: c.status, validTo: day(c.valid_to) }]));
    const licences = new Map((await deps.orgs.licencesByIds(productRows.flatMap((p) => (p.licence_id ? [p.licence_id] : [])))).map((l) => [l.id, { number: l.number, validTo: day(l.valid_to) }]));
    const certificates = new Map(productRows.map((p) => [p.id, {
      ccc: (p.ccc_certificate_id && cccs.get(p.ccc_certificate_id)) || null,
      licence: (p.licence_id && licences.get(p.licence_id)) || null,
    }]));
    const batchIds = [...new Set([...codes.values()].flatMap((c) => (c.batchId ? [c.batchId] : [])))];
    const batches = new Map<string, { productionDate: string }>();
    for (const id of batchIds) {
      const b = await deps.codes.batch(id);
      if (b) batches.set(id, { productionDate: typeof b.production_date === 'string' ? b.production_date : cstDate(new Date(b.production_date)) });
    }
    const orgIds = [...new Set([...page.flatMap((e) => (e.orgId ? [e.orgId, ...e.destinations] : e.destinations)), ...[...codes.values()].map((c) => c.orgId)])];
    // One query for every organisation of the page, not one per organisation.
    const regions = new Map((await deps.orgs.summaries(orgIds)).map((o) => [o.id, o.region_code]));
    // Open recalls over the codes that moved, asked per batch (a recall's scope is products, batches, production dates or codes).
    const recalls = new Map<string, { id: string; openedAt: string; reason: string }[]>();
    const byBatch = new Map<string, { orgId: string; productId: string; batchId: string | null; keys: string[] }>();
    for (const e of page) {
      if (!MOVES.has(e.bizStep ?? '')) continue;
      for (const k of e.keys) {
        const c = codes.get(k);
        if (!c) continue;
        const g = `${c.productId}/${c.batchId ?? ''}`;
        const entry = byBatch.get(g) ?? { orgId: c.orgId, productId: c.productId, batchId: c.batchId, keys: [] };
        entry.keys.push(k);
        byBatch.set(g, entry);
      }
    }
    for (const b of byBatch.values()) {
      const productionDate = b.batchId ? (batches.get(b.batchId)?.productionDate ?? null) : null;
      const open = await deps.recalls.openFor({ orgId: b.orgId, productId: b.productId, batchId: b.batchId, productionDate, keys: b.keys });
      if (!open.length) continue;
      // openFor answers for the group: a recall naming codes covers only those; the rest of its scope covers all.
      for (const k of b.keys) recalls.set(k, open.map((r) => ({ id: r.id, openedAt: r.openedAt, reason: r.reason })));
    }
    return { codes, products, certificates, batches, regions, recalls };
  }

  /** Folds one page of the feed after the cursor; false when there was nothing to fold. */
  async function foldPage(upTo: number): Promise<boolean> {
    const cursor = await repo.cursor(FEED);
    if (cursor >= upTo) return false;
    const page = await deps.events.feed(cursor, upTo, PAGE);
    const last = page.at(-1);
    if (!last) return false;
    const defs = await repo.definitionsInForce(cstDate(clock())).then((row) => row && definitionsInForce());
    // Nothing to fold with until definitions are loaded: the cursor waits.
    if (!defs) return false;
    const ctx = await contextOf(page);
    const { counts, alerts } = foldEvents(page, ctx, defs.doc);
    return db.transaction().execute(async (trx) => {
      const r = createSupervisionRepo(trx);
      // Another node folded this page meanwhile: leave it.
      if ((await r.lockCursor(FEED)) !== cursor) return true;
      await r.addCounts(counts);
      await raise(trx, [...alerts, ...(await lateData(r, page, counts, defs.doc))]);
      await r.moveCursor(FEED, last.id);
      return true;
    });
  }

  /**
   * Late data: an enterprise whose timeliness over a month (with at least `minEvents` events)
   * falls below `minRate`, once per enterprise and month; the evidence is the enterprise's events of
   * that month that brought it there (late ones first, up to 20).
   */
  async function lateData(r: ReturnType<typeof createSupervisionRepo>, page: readonly FeedEvent[], counts: readonly CountDelta[], defs: SupervisionDefinitions): Promise<AlertCandidate[]> {
    const def = defs.alerts.find((a) => a.kind === 'late_data');
    if (!def) return [];
    const minRate = def.params?.minRate ?? 0.9;
    const minEvents = def.params?.minEvents ?? 20;
    const touched = new Map<string, { orgId: string; month: string; region: string }>();
    for (const c of counts) if (c.indicator === 'timeliness') touched.set(`${c.org_id}/${c.day.slice(0, 7)}`, { orgId: c.org_id, month: c.day.slice(0, 7), region: c.region_code });
    const totals = await r.monthTotals('timeliness', [...touched.values()]);
    const limitMs = (defs.indicators.find((i) => i.id === 'timeliness')?.params?.limitHours ?? 24) * 3_600_000;
    return totals.filter((x) => x.denominator >= minEvents && x.numerator / x.denominator < minRate).map((x) => {
      const isLate = (e: FeedEvent) => e.recordTime.getTime() - e.eventTime.getTime() > limitMs;
      const late = page.filter((e) => e.orgId === x.orgId && cstDate(e.eventTime).startsWith(x.month)).sort((a, b) => Number(isLate(b)) - Number(isLate(a))).slice(0, 20);
      return {
        kind: 'late_data', severity: def.severity, evidenceKey: `${x.orgId}/${x.month}`, subject: null, orgId: x.orgId, region: touched.get(`${x.orgId}/${x.month}`)?.region ?? '',
        evidence: late.map((e) => ({ eventId: e.eventId, ledgerIndex: e.ledgerIndex })), parties: [x.orgId],
        facts: { why: 'late', month: x.month, numerator: x.numerator, denominator: x.denominator, percent: Math.round((x.numerator / x.denominator) * 1000) / 10, minPercent: Math.round(minRate * 1000) / 10 },
      };
    });
  }

  /** Raises the alerts whose evidence raised none of their kind before, each a ledger record. */
  async function raise(trx: Db, candidates: readonly AlertCandidate[]) {
    const r = createSupervisionRepo(trx);
    const unique = [...new Map(candidates.map((c) => [`${c.kind} ${c.evidenceKey}`, c])).values()];
    const raised = await r.raisedKeys(unique.map((c) => ({ kind: c.kind, evidence_key: c.evidenceKey })));
    const fresh = unique.filter((c) => !raised.has(`${c.kind} ${c.evidenceKey}`));
    if (!fresh.length) return;
    const at = clock();
    const rows = fresh.map((c) => ({ ...c, id: crypto.randomUUID() }));
    const appended = await ledger(trx, rows.map((c) => ({
      type: 'supervision.alert', subjectId: c.id, first: true,
      record: { id: c.id, kind: c.kind, severity: c.severity, regionCode: c.region, subject: c.subject, evidence: c.evidence.map((e) => ({ ...e })), parties: [...c.parties], facts: { ...c.facts }, raisedAt: at.toISOString() },
    })));
    await r.insertAlerts(rows.map((c, i) => ({
      id: c.id, kind: c.kind, severity: c.severity, evidence_key: c.evidenceKey, subject: c.subject, org_id: c.orgId, region_code: c.region,
      evidence: JSON.stringify(c.evidence), parties: c.parties, facts: JSON.stringify(c.facts), raised_at: at, ledger_index: appended[i]?.index ?? 0,
    })));
  }

  let running: Promise<void> | undefined;
  let again = false;
  /** Folds everything up to the horizon (one run at a time; a call during a run asks for another). */
  function catchUp(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        const upTo = await horizon.advance();
        while (await foldPage(upTo));
      } while (again);
    })().finally(() => {
      running = undefined;
    });
    return running;
  }

  let timer: NodeJS.Timeout | undefined;

  async function presentAlerts(rows: Awaited<ReturnType<typeof repo.alerts>>, locale: Locale): Promise<Alert[]> {
    const defs = await definitionsInForce();
    const steps = await repo.stepsOf(rows.map((r) => r.id));
    const parties = new Map((await deps.orgs.summaries([...new Set(rows.flatMap((r) => r.parties))])).map((o) => [o.id, o.name]));
    return rows.map((r) => {
      const def = defs.doc.alerts.find((a) => a.kind === r.kind);
      const facts = r.facts as Record<string, string | number>;
      return {
        id: r.id, kind: r.kind, name: def?.name ?? { zh: r.kind, en: r.kind }, severity: r.severity, state: r.state, subject: r.subject, region: r.region_code,
        why: t(locale, `alert.why.${String(facts.why)}` as Parameters<typeof t>[1], facts),
        evidence: r.evidence as Alert['evidence'],
        parties: r.parties.map((id) => ({ id, name: parties.get(id) ?? id })),
        raisedAt: r.raised_at.toISOString(), updatedAt: r.updated_at.toISOString(), ledgerIndex: Number(r.ledger_index),
        steps: steps.filter((s) => s.alert_id === r.id).map((s) => ({ state: s.state, reason: s.reason, by: s.by_name, at: s.at.toISOString(), ledgerIndex: Number(s.ledger_index) })),
      };
    });
  }

  return {
    catchUp,
    /** Follows captures as they happen (and every few seconds, for other nodes' captures). */
    start(onError: (e: unknown) => void) {
      const run = () => void catchUp().catch(onError);
      deps.events.onCaptured(run);
      timer = setInterval(run, 5_000);
      timer.unref();
      run();
    },
    async stop() {
      clearInterval(timer);
      await running?.catch(() => undefined);
    },

    /** Loads the built-in definitions unless that version is there (start-up). */
    async loadBuiltIns() {
      return (await store(JSON.parse(fs.readFileSync(BUILT_IN, 'utf8')), null)).created;
    },
    async load(actor: Actor, doc: unknown) {
      await access.require(actor, 'supervision:load');
      const { row, created } = await store(doc, actor.userId ?? null);
      return { created, version: presentVersion(row) };
    },
    async versions(actor: Actor) {
      await access.require(actor, 'indicator:read');
      return (await repo.definitionVersions()).map(presentVersion);
    },
    async definitions(actor: Actor, version?: string) {
      await access.require(actor, 'indicator:read');
      if (version === undefined) return (await definitionsInForce()).doc;
      const row = await repo.definitionsByVersion(version);
      if (!row) throw notFound('supervision_definitions', version);
      return row.content as SupervisionDefinitions;
    },

    /** An indicator's values with numerator and denominator, within the actor's scope. */
    async indicator(actor: Actor, q: IndicatorQuery) {
      await access.require(actor, 'indicator:read');
      if (q.from > q.to) throw validationFailed([fieldError('to', 'invalid_range', 'field.indicator_range', { from: q.from })]);
      const defs = await definitionsInForce();
      const def = defs.doc.indicators.find((i) => i.id === q.indicator);
      if (!def) throw notFound('indicator', q.indicator);
      const groupBy = q.groupBy ?? [];
      const rows = await repo.indicator({ scope: scopeOf(actor), indicator: q.indicator, from: q.from, to: q.to, region: q.region, orgId: q.orgId, category: q.category, groupBy, period: q.period ?? 'month', regionLevel: q.regionLevel ?? 2 });
      const names = new Map((await deps.orgs.summaries([...new Set(rows.flatMap((r) => (r.orgId ? [r.orgId] : [])))])).map((o) => [o.id, o.name]));
      return {
        indicator: def.id, name: def.name, numerator: def.numerator, denominator: def.denominator, definitions: defs.version,
        rows: rows.map((r) => ({
          ...(r.orgId !== null && { enterprise: { id: r.orgId, name: names.get(r.orgId) ?? r.orgId } }),
          ...(r.category !== null && { category: r.category }),
          ...(r.region !== null && { region: r.region }),
          ...(r.period !== null && { period: r.period }),
          numerator: r.numerator, denominator: r.denominator, value: r.denominator === 0 ? null : r.numerator / r.denominator,
        })),
      };
    },

    async alerts(actor: Actor, q: { state?: string | undefined; kind?: string | undefined; limit?: number | undefined }, locale: Locale) {
      await access.require(actor, 'alert:read');
      return presentAlerts(await repo.alerts({ scope: scopeOf(actor), state: q.state, kind: q.kind, limit: q.limit ?? 100 }), locale);
    },
    async alert(actor: Actor, id: string, locale: Locale) {
      await access.require(actor, 'alert:read');
      const [a] = await presentAlerts(await repo.alerts({ scope: scopeOf(actor), id, limit: 1 }), locale);
      if (!a) throw notFound('alert', id);
      return a;
    },

    /**
     * A step of an alert's lifecycle (new → acknowledged → resolved / dismissed; new may be
     * resolved or dismissed at once), with its reason, as a ledger record.
     */
    async step(actor: Actor, id: string, body: { state: 'acknowledged' | 'resolved' | 'dismissed'; reason: string }, locale: Locale) {
      await access.require(actor, 'alert:manage');
      const [seen] = await repo.alerts({ scope: scopeOf(actor), id, limit: 1 });
      if (!seen) throw notFound('alert', id);
      const at = clock();
      await db.transaction().execute(async (trx) => {
        const r = createSupervisionRepo(trx);
        const now = await r.lockAlert(id);
        if (!now) throw notFound('alert', id);
        const allowed = now.state === 'new' || (now.state === 'acknowledged' && body.state !== 'acknowledged');
        if (!allowed) throw conflict('alert_closed', 'problem.alert_closed.detail', { state: now.state, next: body.state });
        const by = actor.username ?? actor.apiKeyId ?? actor.role;
        const [appended] = await ledger(trx, [{ type: 'supervision.alert', subjectId: id, record: { id, regionCode: seen.region_code, state: body.state, reason: body.reason, by, at: at.toISOString() } }]);
        await r.addStep({ alert_id: id, seq: now.seq + 1, state: body.state, reason: body.reason, user_id: actor.userId ?? null, by_name: by, at, ledger_index: appended?.index ?? 0 });
      });
      const [a] = await presentAlerts(await repo.alerts({ scope: scopeOf(actor), id, limit: 1 }), locale);
      if (!a) throw notFound('alert', id);
      return a;
    },
  };
}

/** Business steps that move goods between holders or to the consumer. */
const MOVES = new Set(['shipping', 'receiving', 'retail_selling', 'accepting', 'arriving']);
export type { CountDelta };
