/**
 * The worker that delivers EPCIS 2.0 webhook subscriptions (subscriptions.service.ts stores them).
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
import { epcisExceptionType } from '../../epcis/epcis-exceptions.ts';
import type { EpcisQuery } from '../../epcis/epcis-query.ts';
import { AppError } from '../../server/errors.ts';
import { t } from '../../shared/i18n/i18n.ts';
import type { Actor } from '../access/actor.ts';
import { eventHorizon } from '../events/event-horizon.ts';
import type { EventsService, StoredEvent } from '../events/events.service.ts';
import { queryDocument } from '../events/query-document.ts';
import type { OutboundGuard } from '../../server/outbound-guard.ts';
import { postCallback } from './callback.ts';
import { DEFAULT_SCHEDULE_OFFSET_MINUTES, nextRunOf } from './query-schedule.ts';
import { parseStored, queryError } from './stored-query.ts';
import { type DueRow, type SubscriptionRow, createSubscriptionsRepo } from './subscriptions.repo.ts';
import type { EpcFormat } from './subscriptions.schemas.ts';

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
  scheduleOffsetMinutes: DEFAULT_SCHEDULE_OFFSET_MINUTES,
});

export interface SubscriptionDeliveryDeps {
  readonly db: Db;
  readonly events: Pick<EventsService, 'query' | 'onCaptured' | 'horizonProbe'>;
  /** Where callbacks go through: public addresses only, judged again at connect time. */
  readonly outbound: Pick<OutboundGuard, 'post'>;
  readonly clock: () => Date;
  readonly delivery?: Partial<DeliveryOptions>;
}

// A lease outlives one POST and its commit by far; it is renewed at each commit.
const leaseMs = (o: DeliveryOptions) => Math.max(60_000, 3 * o.timeoutMs);

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

export type SubscriptionDelivery = ReturnType<typeof createSubscriptionDelivery>;

/**
 * Creates the worker. It runs once `start()` is called (app.ts does; `stop()` on close);
 * `deliverDue()` runs one round of deliveries on demand, which is how tests drive it.
 *
 * @example
 * const delivery = createSubscriptionDelivery({ db, events, clock: () => new Date() });
 * delivery.start({ onError: (e) => log.error(e) });
 */
export function createSubscriptionDelivery(deps: SubscriptionDeliveryDeps) {
  const { db, events, outbound, clock } = deps;
  const options: DeliveryOptions = Object.freeze({ ...DEFAULT_DELIVERY, ...deps.delivery });
  const repo = createSubscriptionsRepo(db);

  const workerId = crypto.randomUUID();
  let onError: (e: unknown) => void = () => undefined;
  let timer: NodeJS.Timeout | undefined;
  let listening = false;
  let shutdown = new AbortController();

  // Deliveries go only up to the events' horizon (events/event-horizon.ts): an event still being
  // captured below it would otherwise be skipped by a cursor moved past it.
  const horizon = eventHorizon(() => events.horizonProbe());
  const advanceHorizon = () => horizon.advance();

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

  const nextRun = (schedule: Readonly<Record<string, string>> | null, after: Date) => nextRunOf(schedule, after, options.scheduleOffsetMinutes);

  /** POSTs an EPCISQueryDocument of `list`, signed when the subscriber gave a token. */
  function post(row: DueRow, list: readonly StoredEvent[]) {
    const doc = queryDocument(list, row.epc_format as EpcFormat, row.query_name, row.id);
    return postCallback(outbound, {
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
    await postCallback(outbound, { dest: row.dest, body: new TextEncoder().encode(JSON.stringify(problem)), contentType: 'application/problem+json', signatureToken: row.signature_token, timeoutMs: options.timeoutMs, signal: shutdown.signal });
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
