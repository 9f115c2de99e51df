/**
 * EPCIS 2.0 named queries and webhook subscriptions (REST binding `/queries…`), and the worker
 * that delivers them.
 *
 * Delivery is exactly once while processes stay up, at least once across crashes: each
 * subscription keeps a cursor, the record id (`events.id`) of the last event its receiver
 * acknowledged with a 2xx, and moves it (with `minRecordTime`) only after that answer
 * (JaewookByun/epcis#65: advancing on send resends nothing but loses what failed). A failure or
 * timeout keeps the cursor and retries after a capped exponential backoff. A crash between the
 * receiver's 2xx and our commit, or a 2xx that comes after our timeout, sends that batch again:
 * receivers de-duplicate by `eventID`, which names one event for good.
 */
import crypto from 'node:crypto';
import type { Db } from '../../db/database.ts';
import type { Role } from '../../db/schema.ts';
import { epcisExceptionType } from '../../epcis/epcis-exceptions.ts';
import { type EpcisQuery, type EpcisQueryError, type EpcisQueryParamValue, parseEpcisQuery } from '../../epcis/epcis-query.ts';
import { AppError, type FieldError, conflict, fieldError, forbidden, notFound, validationFailed } from '../../server/errors.ts';
import { t } from '../../shared/i18n/i18n.ts';
import type { AccessService } from '../access/access.service.ts';
import type { Actor } from '../access/actor.ts';
import type { EventsService, StoredEvent } from '../events/events.service.ts';
import { queryDocument } from '../events/epcis.routes.ts';
import { postCallback } from './callback.ts';
import { compileSchedule, nextQueryTime } from './query-schedule.ts';
import { type DueRow, type QueryRow, type SubscriptionRow, createSubscriptionsRepo } from './subscriptions.repo.ts';
import type { CreateQueryBody, CreateSubscriptionBody, EpcFormat, NamedQuery, PageQuery, Subscription } from './subscriptions.schemas.ts';

/** How the worker delivers; every value has a default. */
export interface DeliveryOptions {
  /** How long a receiver may take to answer one POST. */
  readonly timeoutMs: number;
  /** Events per POST (callbacks are not paged: the binding asks for batches). */
  readonly batchSize: number;
  /** POSTs per subscription per run, so that one long backlog does not hold up the others. */
  readonly maxBatchesPerRun: number;
  /** Wait after the first failure; doubled after each further one… */
  readonly backoffBaseMs: number;
  /** …up to this. */
  readonly backoffMaxMs: number;
  /** How often the worker looks for due schedules and retries (captures also wake it). */
  readonly intervalMs: number;
  /** Subscriptions delivered at the same time. */
  readonly concurrency: number;
  /** Time zone of schedules, minutes east of UTC: China Standard Time (EPCIS leaves it to the service). */
  readonly scheduleOffsetMinutes: number;
}

/** Delivery defaults: 10 s per POST, 100 events per POST, retries from 5 s doubling to 1 h. */
export const DEFAULT_DELIVERY: DeliveryOptions = Object.freeze({
  timeoutMs: 10_000,
  batchSize: 100,
  maxBatchesPerRun: 20,
  backoffBaseMs: 5_000,
  backoffMaxMs: 3_600_000,
  intervalMs: 1_000,
  concurrency: 4,
  scheduleOffsetMinutes: 480,
});

export interface SubscriptionsDeps {
  readonly db: Db;
  readonly access: AccessService;
  readonly events: Pick<EventsService, 'query' | 'onCaptured'>;
  readonly clock: () => Date;
  readonly delivery?: Partial<DeliveryOptions>;
}

/** A page of a listing and the token of the next one. */
export interface Page<T> {
  readonly items: T[];
  readonly nextPageToken?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const PER_PAGE = 30;
// A lease outlives one POST and its commit by far; it is renewed at each commit.
const leaseMs = (o: DeliveryOptions) => Math.max(60_000, 3 * o.timeoutMs);

/** The owner of an actor's named queries: their organisation, or themselves when they have none. */
function ownerOf(actor: Actor): string {
  if (actor.orgId) return `org:${actor.orgId}`;
  if (actor.userId) return `user:${actor.userId}`;
  throw forbidden('event:subscribe');
}

const noSuchName = (name: string) => new AppError(404, 'epcis_no_such_name', 'problem.epcis_no_such_name.detail', { name });

/** The binding's answer to a bad stored query: 501 for what we do not evaluate, 400 otherwise. */
function queryError(errors: readonly EpcisQueryError[]): AppError {
  const unsupported = errors.find((e) => e.code === 'unsupported_parameter');
  if (unsupported) return new AppError(501, 'epcis_unsupported_parameter', 'problem.epcis_unsupported_parameter.detail', { param: unsupported.param });
  return new AppError(400, 'epcis_query_parameter', 'problem.epcis_query_parameter.detail',
    { param: errors.map((e) => e.param).join(', '), reason: errors.map((e) => e.expected).join('; ') },
    errors.map((e) => fieldError(`query.${e.param}`, e.code, 'field.message', { message: e.expected }, { expected: e.expected })));
}

/** Parses a stored (JSON-form) query; the body schema admitted only JSON scalars and arrays. */
function parseStored(query: Readonly<Record<string, unknown>>) {
  return parseEpcisQuery(query as Readonly<Record<string, EpcisQueryParamValue>>, 'json');
}

const controlsError = (errors: readonly FieldError[]) =>
  new AppError(400, 'epcis_subscription_controls', 'problem.epcis_subscription_controls.detail', {}, errors);

/**
 * https anywhere; plain http only to this machine (a receiver under development, a local
 * bridge), where nothing crosses a network in clear. No credentials in the URL: a secret
 * belongs in signatureToken.
 */
function callbackUrlOk(dest: string): boolean {
  let u: URL;
  try {
    u = new URL(dest);
  } catch {
    return false;
  }
  if (u.username || u.password) return false;
  if (u.protocol === 'https:') return true;
  return u.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname);
}

const tokenOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
function untoken<T>(token: string | undefined, check: (v: unknown) => v is T): T | null {
  if (token === undefined) return null;
  try {
    const v: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (check(v)) return v;
  } catch { /* fall through */ }
  throw validationFailed([fieldError('nextPageToken', 'invalid', 'field.page_token')]);
}

function presentQuery(r: QueryRow): NamedQuery {
  return { name: r.name, query: r.query, createdAt: r.created_at.toISOString() };
}

function presentSubscription(r: SubscriptionRow, queryName: string): Subscription {
  return {
    subscriptionID: r.id,
    queryName,
    dest: r.dest,
    createdAt: r.created_at.toISOString(),
    lastNotifiedAt: r.last_notified_at?.toISOString() ?? null,
    initialRecordTime: r.initial_record_time.toISOString(),
    minRecordTime: r.min_record_time.toISOString(),
    epcFormat: r.epc_format as EpcFormat,
    ...(r.stream ? { stream: true as const } : { schedule: r.schedule ?? {}, ...(r.next_run_at && { nextRunAt: r.next_run_at.toISOString() }) }),
    reportIfEmpty: r.report_if_empty,
    signed: r.signature_token !== null,
    failures: r.failures,
    lastError: r.last_error,
    retryAt: r.retry_at?.toISOString() ?? null,
  };
}

/** The identity a subscription runs with: its creator's, as it was when they subscribed. */
function actorOf(r: SubscriptionRow): Actor {
  return Object.freeze({
    role: r.actor_role,
    regions: r.actor_regions,
    ...(r.actor_org_id && { orgId: r.actor_org_id }),
    ...(r.actor_user_id && { userId: r.actor_user_id }),
    ...(r.actor_api_key_id && { apiKeyId: r.actor_api_key_id }),
    ...(r.actor_name && { username: r.actor_name }),
  });
}

export type SubscriptionsService = ReturnType<typeof createSubscriptionsService>;

/**
 * Creates the service. Its worker runs once `start()` is called (app.ts does; `stop()` on close);
 * `deliverDue()` runs one round of deliveries on demand, which is how tests drive it.
 *
 * @example
 * const subscriptions = createSubscriptionsService({ db, access, events, clock: () => new Date() });
 * await subscriptions.createQuery(actor, { name: 'shipped', query: { EQ_bizStep: ['shipping'] } });
 * await subscriptions.createSubscription(actor, 'shipped', { dest: 'https://erp.example.cn/epcis', stream: true, signatureToken: 's3cret' });
 * subscriptions.start({ onError: (e) => log.error(e) });
 */
export function createSubscriptionsService(deps: SubscriptionsDeps) {
  const { db, access, events, clock } = deps;
  const options: DeliveryOptions = Object.freeze({ ...DEFAULT_DELIVERY, ...deps.delivery });
  const repo = createSubscriptionsRepo(db);

  async function queryOf(actor: Actor, name: string): Promise<QueryRow> {
    await access.require(actor, 'event:subscribe');
    const row = await repo.findQuery(ownerOf(actor), name);
    if (!row) throw noSuchName(name);
    return row;
  }

  async function subscriptionOf(actor: Actor, name: string, id: string): Promise<{ query: QueryRow; row: SubscriptionRow }> {
    const query = await queryOf(actor, name);
    const row = UUID.test(id) ? await repo.findSubscription(query.id, id) : undefined;
    if (!row) throw notFound('subscription', id);
    return { query, row };
  }

  // ---- the worker ----------------------------------------------------------------------------

  const workerId = crypto.randomUUID();
  let onError: (e: unknown) => void = () => undefined;
  let timer: NodeJS.Timeout | undefined;
  let listening = false;
  let shutdown = new AbortController();

  /*
   * The delivery horizon: the highest record id below which no event can still appear. Record
   * ids come from a sequence when a row is inserted, but transactions commit in any order: on a
   * PostgreSQL server, event 11 may be visible while event 10 is still being captured, and a
   * cursor moved past 10 would lose it. So the worker delivers only up to the horizon. A probe
   * reads the highest visible id, then which transactions hold the lock an INSERT into events
   * takes before it draws an id: if none, every id up to the highest is committed or never
   * will be; else that id becomes the horizon once those transactions (not later ones) have
   * ended. No lock is taken, and unrelated transactions do not hold deliveries back. (PGlite
   * has one connection: nobody else is ever writing, the horizon is the last id.)
   */
  let horizon = 0;
  let candidate: { maxEventId: number; writers: ReadonlySet<string> } | undefined;
  async function advanceHorizon(): Promise<number> {
    const probe = await repo.horizonProbe();
    const writing = new Set(probe.writers);
    if (candidate && ![...candidate.writers].some((w) => writing.has(w))) {
      horizon = Math.max(horizon, candidate.maxEventId);
      candidate = undefined;
    }
    if (writing.size === 0) {
      horizon = Math.max(horizon, probe.maxEventId);
      candidate = undefined;
    } else {
      candidate ??= { maxEventId: probe.maxEventId, writers: writing };
    }
    return horizon;
  }

  /** The query a subscription runs: its named query, in record order, from initialRecordTime. */
  function subscriptionQuery(row: DueRow): EpcisQuery | AppError {
    const parsed = parseStored(row.query_json);
    if (!parsed.ok) return queryError(parsed.errors);
    const q = parsed.query;
    // Record order is the cursor's order; the named query's ordering and counting limits shape
    // its /events pages, not a feed of new events.
    return {
      ...q,
      times: [...q.times, { field: 'recordTime', op: 'GE', value: row.initial_record_time }],
      orderBy: undefined, orderDirection: 'ASC', eventCountLimit: undefined, maxEventCount: undefined,
    };
  }

  function nextRun(schedule: Readonly<Record<string, string>> | null, after: Date): Date | undefined {
    const s = compileSchedule(schedule ?? {});
    return s.ok ? nextQueryTime(s.schedule, after, options.scheduleOffsetMinutes) : undefined;
  }

  /** POSTs an EPCISQueryDocument of `list`, signed when the subscriber gave a token. */
  function post(row: DueRow, list: readonly StoredEvent[]) {
    const doc = queryDocument(list, row.epc_format as EpcFormat, row.query_name, row.id);
    return postCallback({
      dest: row.dest, body: new TextEncoder().encode(JSON.stringify(doc)), contentType: 'application/ld+json', signatureToken: row.signature_token,
      timeoutMs: options.timeoutMs, signal: shutdown.signal,
      headers: { 'GS1-EPCIS-Version': '2.0.0', 'GS1-CBV-Version': '2.0.0', 'GS1-EPC-Format': row.epc_format },
    });
  }

  /** Keeps the cursor, notes the error, and sets the next attempt after the capped backoff. */
  async function recordFailure(row: DueRow, error: string, failuresBefore = row.failures) {
    const now = clock();
    const failures = failuresBefore + 1;
    const delay = Math.min(options.backoffBaseMs * 2 ** Math.min(failures - 1, 30), options.backoffMaxMs);
    await repo.recordFailure(row.id, workerId, { failures, error, at: now, retryAt: new Date(now.getTime() + delay) });
  }

  /**
   * The query cannot run (its stored parameters no longer parse, its creator lost the right to
   * read events): the binding wants the error sent to `dest` as an RFC 7807 body; it is
   * recorded, and retried with backoff in case it was passing.
   */
  async function reportQueryError(row: DueRow, e: AppError) {
    const detail = t('en', e.key, e.params);
    const problem = { type: epcisExceptionType(e.status, e.code), title: e.code, status: e.status, detail, instance: `/epcis/queries/${row.query_name}/subscriptions/${row.id}` };
    await postCallback({ dest: row.dest, body: new TextEncoder().encode(JSON.stringify(problem)), contentType: 'application/problem+json', signatureToken: row.signature_token, timeoutMs: options.timeoutMs, signal: shutdown.signal });
    await recordFailure(row, `${e.code}: ${detail}`);
  }

  /** Delivers what is due of one claimed subscription, batch by batch, committing after each 2xx. */
  async function deliverClaimed(row: DueRow, upTo: number) {
    const q = subscriptionQuery(row);
    if (q instanceof AppError) return reportQueryError(row, q);
    const actor = actorOf(row);
    const scheduled = !row.stream;
    let cursor = row.cursor_id;
    let failures = row.failures;
    for (let batch = 0; batch < options.maxBatchesPerRun; batch++) {
      let page: Awaited<ReturnType<typeof events.query>>;
      try {
        page = await events.query(actor, q, { limit: options.batchSize, after: { value: '', id: cursor } });
      } catch (e) {
        if (e instanceof AppError) return reportQueryError(row, e);
        throw e;
      }
      const ready = page.events.filter((e) => e.id <= upTo);
      // Caught up: every matching event up to the horizon is in this batch.
      const caughtUp = ready.length < page.events.length || page.next === undefined;
      const nextRunAt = scheduled && caughtUp ? nextRun(row.schedule, clock()) : undefined;
      const last = ready.at(-1);
      if (!last && !(scheduled && row.report_if_empty && batch === 0)) {
        // Nothing matched up to the horizon: move past it without a POST.
        await repo.commit(row.id, workerId, { cursorId: Math.max(cursor, upTo), ...(nextRunAt && { nextRunAt }) }, new Date(clock().getTime() + leaseMs(options)));
        return;
      }
      const outcome = await post(row, ready);
      if (shutdown.signal.aborted) return; // stopping: not the receiver's failure; the cursor stays
      if (!outcome.ok) return recordFailure(row, outcome.error, failures);
      failures = 0;
      const now = clock();
      cursor = caughtUp ? Math.max(cursor, upTo) : (last?.id ?? cursor);
      const kept = await repo.commit(row.id, workerId, {
        cursorId: cursor, lastNotifiedAt: now, ...(last && { minRecordTime: last.recordTime }), ...(nextRunAt && { nextRunAt }),
      }, new Date(now.getTime() + leaseMs(options)));
      if (!kept || caughtUp) return; // deleted meanwhile, or done
    }
  }

  async function deliverOne(row: DueRow, upTo: number) {
    const now = clock();
    if (!(await repo.claim(row.id, workerId, now, new Date(now.getTime() + leaseMs(options))))) return;
    try {
      await deliverClaimed(row, upTo);
    } finally {
      await repo.release(row.id, workerId);
    }
  }

  async function runOnce(): Promise<void> {
    const upTo = await advanceHorizon();
    const due = await repo.due(clock(), upTo, 500);
    let next = 0;
    const failures: unknown[] = [];
    // A few subscriptions at a time: a slow receiver delays only its own subscription.
    await Promise.all(Array.from({ length: Math.min(options.concurrency, due.length) }, async () => {
      for (let row = due[next++]; row; row = due[next++]) {
        try {
          await deliverOne(row, upTo);
        } catch (e) {
          failures.push(e);
        }
      }
    }));
    if (failures.length) throw failures[0];
  }

  // Rounds never overlap; a request for a round while one runs is served by the next one, and
  // requests while that one waits share it.
  let tail: Promise<void> = Promise.resolve();
  let queued: Promise<void> | undefined;
  function deliverDue(): Promise<void> {
    if (queued) return queued;
    const run = tail.then(() => {
      queued = undefined;
      return runOnce();
    });
    queued = run;
    tail = run.catch(() => undefined);
    return run;
  }
  const wake = () => void deliverDue().catch((e: unknown) => onError(e));

  return {
    /**
     * Stores a named query after checking it as `POST /queries` must (query-schema.json).
     *
     * @example await subscriptions.createQuery(actor, { name: 'myQuery', query: { eventType: ['ObjectEvent'], EQ_bizStep: ['shipping', 'receiving'] } })
     */
    async createQuery(actor: Actor, body: CreateQueryBody): Promise<NamedQuery> {
      await access.require(actor, 'event:subscribe');
      const owner = ownerOf(actor);
      const parsed = parseStored(body.query);
      if (!parsed.ok) throw queryError(parsed.errors);
      const row = { id: crypto.randomUUID(), owner, name: body.name, query: body.query, created_by: actor.username ?? actor.apiKeyId ?? actor.role, created_at: clock() };
      if (!(await repo.insertQuery(row))) throw conflict('query_exists', 'problem.query_exists.detail', { name: body.name });
      return presentQuery({ ...row });
    },

    /** The caller's named queries by name, `perPage` at a time. */
    async listQueries(actor: Actor, page: PageQuery): Promise<Page<NamedQuery>> {
      await access.require(actor, 'event:subscribe');
      const perPage = page.perPage ?? PER_PAGE;
      const after = untoken(page.nextPageToken, (v): v is string => typeof v === 'string');
      const rows = await repo.listQueries(ownerOf(actor), after, perPage + 1);
      const items = rows.slice(0, perPage);
      const last = items.at(-1);
      return { items: items.map(presentQuery), ...(rows.length > perPage && last && { nextPageToken: tokenOf(last.name) }) };
    },

    getQuery: async (actor: Actor, name: string): Promise<NamedQuery> => presentQuery(await queryOf(actor, name)),

    /** Deletes a named query and, forcibly, its subscriptions (the binding's DELETE /queries/{name}). */
    async deleteQuery(actor: Actor, name: string): Promise<void> {
      await access.require(actor, 'event:subscribe');
      if (!(await repo.deleteQuery(ownerOf(actor), name))) throw noSuchName(name);
    },

    /**
     * The stored query, parsed, for `GET /queries/{name}/events` (run with the caller's own
     * visibility, like `/events`).
     */
    async parsedQuery(actor: Actor, name: string): Promise<EpcisQuery> {
      const row = await queryOf(actor, name);
      const parsed = parseStored(row.query);
      if (!parsed.ok) throw queryError(parsed.errors);
      return parsed.query;
    },

    /**
     * Subscribes `dest` to a named query: `stream: true` (each new matching event) or a
     * `schedule` (at its query times, what was recorded since the last report). The
     * subscription runs with the caller's identity as it is now.
     *
     * @example await subscriptions.createSubscription(actor, 'myQuery', { dest: 'https://client.example.com/cb', schedule: { hour: '1', minute: '5' }, reportIfEmpty: true }, 'Always_EPC_URN')
     */
    async createSubscription(actor: Actor, name: string, body: CreateSubscriptionBody, epcFormat: EpcFormat = 'Always_GS1_Digital_Link'): Promise<Subscription> {
      const query = await queryOf(actor, name);
      if (actor.role === 'public') throw forbidden('event:subscribe');
      // EPCIS 2.0 §8.2.5.3 / binding: exactly one of stream and schedule (SubscriptionControlsException).
      const stream = body.stream === true;
      if (stream && body.schedule) throw controlsError([fieldError('stream', 'exclusive', 'field.subscription_exclusive')]);
      if (!stream && !body.schedule) throw controlsError([fieldError('stream', 'missing', 'field.subscription_missing')]);
      let schedule: Record<string, string> | null = null;
      if (body.schedule) {
        const compiled = compileSchedule(body.schedule);
        if (!compiled.ok) throw controlsError(compiled.problems.map((p) => fieldError(p.field, 'schedule', 'field.message', { message: p.text }, { expected: p.reason })));
        schedule = Object.fromEntries(Object.entries(body.schedule).filter((e): e is [string, string] => typeof e[1] === 'string'));
      }
      if (!callbackUrlOk(body.dest)) throw validationFailed([fieldError('dest', 'callback_url', 'field.callback_url')]);
      const now = clock();
      const role: Role = actor.role;
      const row = await repo.insertSubscription({
        id: crypto.randomUUID(),
        query_id: query.id,
        dest: body.dest,
        signature_token: body.signatureToken ?? null,
        stream,
        schedule,
        report_if_empty: !stream && body.reportIfEmpty === true,
        epc_format: epcFormat,
        actor_role: role,
        actor_org_id: actor.orgId ?? null,
        actor_regions: actor.regions,
        actor_user_id: actor.userId ?? null,
        actor_api_key_id: actor.apiKeyId ?? null,
        actor_name: actor.username ?? null,
        // The binding: "If omitted, the default value is the current time."
        initial_record_time: body.initialRecordTime ? new Date(body.initialRecordTime) : now,
        next_run_at: schedule ? (nextRun(schedule, now) ?? null) : null,
        created_at: now,
      });
      return presentSubscription(row, query.name);
    },

    /** The subscriptions of a named query, oldest first, `perPage` at a time. */
    async listSubscriptions(actor: Actor, name: string, page: PageQuery): Promise<Page<Subscription>> {
      const query = await queryOf(actor, name);
      const perPage = page.perPage ?? PER_PAGE;
      const after = untoken(page.nextPageToken, (v): v is [string, string] => Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string' && UUID.test(v[1]));
      const rows = await repo.listSubscriptions(query.id, after && { createdAt: new Date(after[0]), id: after[1] }, perPage + 1);
      const items = rows.slice(0, perPage);
      const last = items.at(-1);
      return {
        items: items.map((r) => presentSubscription(r, query.name)),
        ...(rows.length > perPage && last && { nextPageToken: tokenOf([last.created_at.toISOString(), last.id]) }),
      };
    },

    async getSubscription(actor: Actor, name: string, id: string): Promise<Subscription> {
      const { query, row } = await subscriptionOf(actor, name, id);
      return presentSubscription(row, query.name);
    },

    /** Unsubscribes: nothing more is sent (a POST already on its way may still arrive). */
    async deleteSubscription(actor: Actor, name: string, id: string): Promise<void> {
      const { query } = await subscriptionOf(actor, name, id);
      if (!(await repo.deleteSubscription(query.id, id))) throw notFound('subscription', id);
    },

    /**
     * One round of deliveries: every stream subscription with new matching events, every
     * schedule whose query time has come, every retry whose backoff is over. Resolves when the
     * round is over; rejects with the first unexpected error (a receiver's failure is not one:
     * it is recorded on the subscription).
     *
     * @example await ctx.services.events.capture(actor, doc); await subscriptions.deliverDue();
     */
    deliverDue,

    /** Starts the worker: a round after each capture and every `intervalMs`. */
    start(opts: { onError?: (e: unknown) => void } = {}) {
      if (timer) return;
      onError = opts.onError ?? onError;
      shutdown = new AbortController();
      if (!listening) {
        listening = true;
        events.onCaptured(() => {
          if (timer) wake();
        });
      }
      timer = setInterval(wake, options.intervalMs);
      timer.unref();
    },

    /** Stops the worker; a POST in flight is abandoned (its batch is sent again later) and the round ends. */
    async stop(): Promise<void> {
      clearInterval(timer);
      timer = undefined;
      shutdown.abort();
      await tail;
      shutdown = new AbortController();
    },
  };
}
