/**
 * The scan: from whatever a phone read (a GS1 Digital Link, an /id/ URL, a pasted code) to the
 * public facts about it — the scan page's view of the code (scan-view.ts: product, producer,
 * batch, inspection, certificates, the public journey, recalls, links, its record in the ledger),
 * cached, with its scans and whether the code looks cloned; the page's proof; problem reports.
 * Scans are recorded in the background (a page never waits for that write).
 */
import crypto from 'node:crypto';
import type { Db } from '../../db/database.ts';
import { isParseCodeError, parseCode } from '../../shared/codes/parse-code.ts';
import { t } from '../../shared/i18n/i18n.ts';
import { AppError, fieldError, validationFailed } from '../../server/errors.ts';
import type { AccessService } from '../access/access.service.ts';
import { type Actor, PUBLIC_ACTOR } from '../access/actor.ts';
import { audiencesOf } from '../access/audiences.ts';
import type { EventGraphService } from '../events/event-graph.service.ts';
import type { LedgerReader } from '../ledger/ledger.reader.ts';
import type { LedgerService } from '../ledger/ledger.service.ts';
import type { VerifyService } from '../verify/verify.service.ts';
import { type CloneRules, cloneSigns } from './clone.ts';
import type { IpRegions } from './ip-region.ts';
import { createResolverRepo } from './resolver.repo.ts';
import type { ScanFacts } from './scan-facts.ts';
import { STEP_OF, type ScanView, bilingual } from './scan-view.ts';

/**
 * On facts from the cache: an id shared by every answer built from one cached entry (the page
 * renderer reuses its rendering). A symbol, so it never appears in the JSON.
 */
export const STATIC_KEY: unique symbol = Symbol('staticKey');
export type ResolvedFacts = ScanFacts & { readonly [STATIC_KEY]?: string };

export interface ResolverDeps {
  readonly db: Db;
  readonly access: AccessService;
  readonly verify: Pick<VerifyService, 'facts'>;
  /** What the scan page shows of a registered code (scan-view.ts). */
  readonly view: Pick<ScanView, 'registeredFacts'>;
  /** The events of a code's journey, for the page's proof (the events module). */
  readonly graph: Pick<EventGraphService, 'journey'>;
  readonly ledger: Pick<LedgerService, 'inclusion' | 'latestCosignedCheckpoint' | 'leaf' | 'keys' | 'latestLeafOf'>;
  /** What the public sees of a leaf (its public members' disclosures). */
  readonly ledgerReader: Pick<LedgerReader, 'shown'>;
  readonly clock: () => Date;
  readonly publicUrl: string;
  readonly rules: CloneRules;
  readonly ipRegions: IpRegions;
  /**
   * How long a code's facts are kept (default a minute). Only other processes' changes need it:
   * this process drops them on every capture, recall and link change — so with the embedded
   * database, which one process owns, it can be long.
   */
  readonly cacheMs?: number;
  /**
   * Subscriptions to what changes a code's page: captures, recalls opening or closing, links
   * (the cached facts of codes are dropped on each).
   */
  readonly invalidatedBy?: readonly ((listener: () => void) => void)[];
  readonly onError?: (e: unknown) => void;
}

export interface Client {
  readonly ip: string;
  readonly userAgent: string | undefined;
  readonly device: 'mobile' | 'desktop' | 'wechat' | 'other';
}

/** A pseudonym of a client address: counts distinct scanners without keeping addresses. */
/**
 * Disclosure level of a reporter's contact: the page promises it is seen only by the regulator.
 * A report belongs to nobody on the platform (a consumer wrote it); its producer is a party to it
 * (chain level: the category and the message), the regulators of the producer's region read all.
 */
const REPORT_CONTACT_LEVEL = 'regulator';

const clientId = (ip: string, salt: string) => crypto.createHash('sha256').update(`${salt}\n${ip}`).digest('base64url').slice(0, 16);

export type ResolverService = ReturnType<typeof createResolverService>;

export function createResolverService(deps: ResolverDeps) {
  const { db, access, verify, view, graph, ledger, ledgerReader, clock, publicUrl, rules } = deps;
  const repo = createResolverRepo(db);

  // Scans wait here a moment and are written in batches: the page never waits for them.
  let pending: { id: string; code_key: string; scanned_at: Date; ip_region: string | null; client: string; device: Client['device'] }[] = [];
  let flushing: Promise<void> = Promise.resolve();
  const flush = async () => {
    await flushing;
    const rows = pending;
    pending = [];
    if (!rows.length) return;
    flushing = repo.insertScans(rows).catch((e: unknown) => deps.onError?.(e));
    await flushing;
  };
  // Small batches often: the embedded database runs on this thread, so a big insert would hold up
  // every page being served meanwhile.
  const timer = setInterval(() => void flush(), 50);
  timer.unref();

  // A code's scan summary, read at most every SUMMARY_MS; this process's scans since are added
  // to it (a scan opens a session when its scanner has not scanned the code within the session
  // gap), so the count stays exact here and other processes' scans show within ten seconds.
  const SUMMARY_MS = 10_000;
  const GAP_MS = rules.sessionMinutes * 60_000;
  type Summary = Awaited<ReturnType<typeof repo.scanSummary>>;
  const summaries = new Map<string, { at: number; sum: Summary; soldAt: number | null; added: number; addedSessions: number; firstLocal: Date | null }>();

  const refreshing = new Set<string>();
  async function readSummary(key: string, soldAt: Date | null) {
    const entry = { at: Date.now(), sum: await repo.scanSummary(key, soldAt, clock(), rules.sessionMinutes), soldAt: soldAt?.getTime() ?? null, added: 0, addedSessions: 0, firstLocal: null };
    if (summaries.size > 100_000) summaries.clear();
    summaries.set(key, entry);
    return entry;
  }

  async function scanStats(key: string, soldAt: Date | null): Promise<ScanFacts['scans']> {
    let entry = summaries.get(key);
    if (!entry || entry.soldAt !== (soldAt?.getTime() ?? null)) {
      entry = await readSummary(key, soldAt);
    } else if (Date.now() - entry.at > SUMMARY_MS && refreshing.size < 2) {
      // Stale: answer from it (with this process's scans added) and read it again meanwhile, a
      // couple at a time, so that scans never queue behind the database (the embedded one has
      // one connection) when many codes go stale at once.
      refreshing.add(key);
      void readSummary(key, soldAt).catch((e: unknown) => deps.onError?.(e)).finally(() => refreshing.delete(key));
    }
    const { sum } = entry;
    const count = sum.count + entry.added;
    const sessions = sum.sessions + entry.addedSessions;
    const firstAt = sum.firstAt ?? entry.firstLocal;
    const c = cloneSigns({ sessions, provinces: sum.provinces, located: sum.located, clientsAfterSale: sum.clientsAfterSale }, rules);
    return {
      count,
      sessions,
      firstAt: firstAt ? new Date(firstAt).toISOString() : null,
      firstPlace: bilingual(sum.firstRegion),
      places: c.places,
      afterSale: sum.clientsAfterSale,
      cloneSuspected: c.suspected,
      reasons: c.reasons,
    };
  }

  /** Queues a scan for the background write, and counts it (and the session it opens, if any) in the code's summary at once. */
  function recordScan(scanId: string, key: string, client: Client) {
    const at = clock();
    const scanner = clientId(client.ip, publicUrl);
    pending.push({ id: scanId, code_key: key, scanned_at: at, ip_region: deps.ipRegions(client.ip), client: scanner, device: client.device });
    const entry = summaries.get(key);
    if (entry) {
      entry.added++;
      const last = entry.sum.recent.get(scanner);
      if (last === undefined || at.getTime() - last >= GAP_MS) entry.addedSessions++;
      entry.sum.recent.set(scanner, at.getTime());
      entry.firstLocal ??= at;
    }
  }

  // What a code's page says changes only with events (recalls and their closing, links): keep it
  // a minute, and forget everything when this process captures or a recall or link changes.
  // Another process's changes show within CACHE_MS (and the background read that follows).
  const CACHE_MS = deps.cacheMs ?? 60_000;
  type Cached = { id: string; at: number; verified: Awaited<ReturnType<VerifyService['facts']>>; facts?: Omit<ScanFacts, 'query' | 'status' | 'invalid' | 'scanId' | 'scans'> };
  const cache = new Map<string, Cached>();
  for (const on of deps.invalidatedBy ?? []) on(() => cache.clear());
  // Past CACHE_MS an entry is still served while it is read again in the background (a few at a
  // time): entries of many codes expiring together never make scans queue behind the database.
  // Past CACHE_MAX_MS it is not served any more.
  const CACHE_MAX_MS = Math.max(5 * 60_000, 2 * CACHE_MS);
  const refreshingFacts = new Set<string>();
  async function cachedFacts(input: string): Promise<Cached> {
    const hit = cache.get(input);
    const age = hit ? clockMs() - hit.at : Infinity;
    if (hit && age < CACHE_MS) return hit;
    if (hit && age < CACHE_MAX_MS) {
      if (refreshingFacts.size < 2 && !refreshingFacts.has(input)) {
        refreshingFacts.add(input);
        void readFacts(input).catch((e: unknown) => deps.onError?.(e)).finally(() => refreshingFacts.delete(input));
      }
      return hit;
    }
    return readFacts(input);
  }
  async function readFacts(input: string): Promise<Cached> {
    if (cache.size > 50_000) cache.clear();
    const verified = await verify.facts(input);
    const entry: Cached = { id: crypto.randomUUID(), at: clockMs(), verified };
    if (verified.ok && verified.registered) {
      const placeholder: ScanFacts['scans'] = { count: 0, sessions: 0, firstAt: null, firstPlace: null, places: 0, afterSale: 0, cloneSuspected: false, reasons: [] };
      const { scans: _scans, ...rest } = await view.registeredFacts(verified, placeholder);
      entry.facts = rest;
    }
    cache.set(input, entry);
    return entry;
  }
  const clockMs = () => Date.now();

  return {
    flush,
    /** Forgets the cached facts. */
    forget: () => cache.clear(),
    stop: async () => {
      clearInterval(timer);
      await flush();
    },

    /**
     * The facts of a scan. `record` adds this scan (in the background) and gives its id.
     *
     * @example await resolver.facts('https://trace.example.cn/01/06901234567892/21/A1', client, { record: true })
     */
    async facts(input: string, client: Client | null, opts: { record: boolean }): Promise<ResolvedFacts> {
      const parsed = parseCode(input, { digitalLinkBase: publicUrl });
      const query: ScanFacts['query'] = isParseCodeError(parsed)
        ? { input, key: null, scheme: null, elements: [], digitalLink: null }
        : { input, key: parsed.canonical, scheme: parsed.scheme, elements: parsed.elements.map((e) => ({ ...(e.ai && { ai: e.ai }), name: e.name, value: e.value })), digitalLink: parsed.digitalLink ?? null };
      const empty = { product: null, producer: null, batch: null, inspection: null, ccc: null, licence: null, journey: [], recalls: [], ledger: null, links: [] };
      const noScans: ScanFacts['scans'] = { count: 0, sessions: 0, firstAt: null, firstPlace: null, places: 0, afterSale: 0, cloneSuspected: false, reasons: [] };
      const { verified: f, facts: known, id: staticKey } = await cachedFacts(input);
      if (!f.ok) {
        const error = isParseCodeError(parsed) ? parsed : { error: t('en', f.error.key, f.error.params), reason: f.error, position: f.position };
        return { query, status: 'invalid', invalid: { error: error.error, reason: error.reason, ...(error.position !== undefined && { position: error.position }) }, ...empty, scans: noScans, scanId: null };
      }
      const scanId = opts.record && client ? crypto.randomUUID() : null;
      const record = () => {
        if (scanId && client) recordScan(scanId, f.key, client);
      };
      if (!f.registered || !known) {
        record();
        return { query: { ...query, key: f.key }, status: 'unknown', invalid: null, ...empty, scans: noScans, scanId };
      }
      const stats = await scanStats(f.key, f.soldAt);
      record();
      return { query: { ...query, key: f.key }, status: 'registered', invalid: null, ...known, scans: stats, scanId, [STATIC_KEY]: staticKey };
    },

    /** What the page's script verifies: the code's registration leaf and its events' leaves, with inclusion proofs against the latest signed checkpoint. */
    async proof(input: string) {
      const f = await verify.facts(input);
      if (!f.ok || !f.registered) throw new AppError(404, 'not_found', 'problem.not_found.detail', { entity: 'code', id: input });
      const cp = await ledger.latestCosignedCheckpoint();
      if (!cp) throw new AppError(404, 'not_found', 'problem.not_found.detail', { entity: 'checkpoint', id: 'latest' });
      const registration = await ledger.latestLeafOf(f.row.issuance_id ?? f.row.binding_id ?? '');
      const events = (await graph.journey(f.upKeys)).slice(-10);
      const wanted = [
        ...(registration === undefined ? [] : [{ index: Number(registration), label: 'registration' }]),
        ...events.map((e) => ({ index: e.ledger_index, label: STEP_OF(e) ?? e.biz_step ?? 'event' })),
      ].filter((w) => w.index >= 0 && w.index < cp.size);
      const leaves = await Promise.all(wanted.map(async (w) => {
        const [leaf, inc] = await Promise.all([ledger.leaf(w.index), ledger.inclusion(w.index, cp.size)]);
        // The public sees a leaf's public members only: a v2 leaf with those disclosures, a v1 leaf
        // holding anything else by its hash alone (the inclusion proof still verifies).
        const shown = await ledgerReader.shown(PUBLIC_ACTOR, leaf.record, leaf.opened, false);
        if (!shown?.record) return { index: w.index, type: leaf.type, leafHash: leaf.leafHash, path: inc.path, label: w.label };
        // The leaf data is {record, type, v}: the record alone is what the leaf hash commits to with its type and version.
        const data = JSON.parse(shown.record) as { record: Record<string, unknown>; type: string; v: number };
        return { index: w.index, type: data.type, v: data.v, record: data.record, ...(data.v === 2 && { disclosures: [...shown.disclosures] }), path: inc.path, label: w.label };
      }));
      return { checkpoint: cp.note, size: cp.size, keys: ledger.keys.verifierKeys.map((k) => k.vkey), leaves };
    },

    async addLocation(scanId: string, latitude: number, longitude: number) {
      if (pending.some((p) => p.id === scanId)) await flush();
      summaries.clear(); // a shared place can make a code look cloned: read the summaries again
      // Rounded to about 10 km: enough to tell cities apart, not to find a home.
      await repo.addLocation({ scan_id: scanId, latitude: Math.round(latitude * 10) / 10, longitude: Math.round(longitude * 10) / 10, added_at: clock() });
    },

    /** A problem reported by anyone; it reaches the regulators of the producer's region. */
    async report(body: { code: string; category: 'counterfeit' | 'quality' | 'label' | 'other'; message: string; contact?: string | undefined }, client: Client) {
      if (!body.message.trim()) throw validationFailed([fieldError('message', 'required', 'field.required')]);
      const f = await verify.facts(body.code);
      const registered = f.ok && f.registered ? f : undefined;
      const id = crypto.randomUUID();
      await repo.insertReport({
        id, code_input: body.code.slice(0, 2000), code_key: f.ok ? f.key : null, org_id: registered?.row.org_id ?? null, region_code: registered?.row.region_code ?? null,
        category: body.category, message: body.message.slice(0, 5000), contact: body.contact?.slice(0, 200) ?? null, client: clientId(client.ip, publicUrl), created_at: clock(),
      });
      return { id };
    },

    /** Reports in the caller's scope: regulators by the producer's region, organisations about their products. */
    async reports(actor: Actor) {
      await access.require(actor, 'report:read');
      const rows = actor.role === 'admin' ? await repo.reports({ limit: 500 })
        : actor.role === 'regulator' ? await repo.reports({ regionPrefixes: actor.regions, limit: 500 })
        : await repo.reports({ orgIds: actor.orgId ? [actor.orgId] : [], limit: 500 });
      return Promise.all(rows.map(async (r) => {
        const audiences = await audiencesOf(actor, { ownerOrgId: null, regionCode: r.region_code, chainOrgIds: r.org_id ? [r.org_id] : [] });
        const contact = audiences.sees(REPORT_CONTACT_LEVEL) ? r.contact : null;
        return { id: r.id, code: r.code_input, codeKey: r.code_key, orgId: r.org_id, regionCode: r.region_code, category: r.category, message: r.message, contact, createdAt: r.created_at.toISOString() };
      }));
    },
  };
}
