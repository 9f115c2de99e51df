/**
 * EPCIS 2.0 named queries and webhook subscriptions (REST binding `/queries…`): what is stored
 * and who may see it. The worker that delivers them is subscription-delivery.service.ts.
 */
import crypto from 'node:crypto';
import type { Db } from '../../db/database.ts';
import type { Role } from '../../db/schema.ts';
import type { EpcisQuery } from '../../epcis/epcis-query.ts';
import { AppError, type FieldError, conflict, fieldError, forbidden, notFound, validationFailed } from '../../server/errors.ts';
import { type OutboundGuard, destinationFieldError } from '../../server/outbound-guard.ts';
import type { AccessService } from '../access/access.service.ts';
import type { Actor } from '../access/actor.ts';
import { DEFAULT_SCHEDULE_OFFSET_MINUTES, compileSchedule, nextRunOf } from './query-schedule.ts';
import { parseStored, queryError } from './stored-query.ts';
import { type QueryRow, type SubscriptionRow, createSubscriptionsRepo } from './subscriptions.repo.ts';
import type { CreateQueryBody, CreateSubscriptionBody, EpcFormat, NamedQuery, PageQuery, Subscription } from './subscriptions.schemas.ts';

export interface SubscriptionsDeps {
  readonly db: Db;
  readonly access: AccessService;
  /** Judges callback destinations: public addresses only, unless the operator allows one. */
  readonly outbound: Pick<OutboundGuard, 'check'>;
  readonly clock: () => Date;
  /** Time zone of schedules, minutes east of UTC (default China Standard Time, as the worker's). */
  readonly scheduleOffsetMinutes?: number;
}

/** A page of a listing and the token of the next one. */
export interface Page<T> {
  readonly items: T[];
  readonly nextPageToken?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const PER_PAGE = 30;

/** The owner of an actor's named queries: their organisation, or themselves when they have none. */
function ownerOf(actor: Actor): string {
  if (actor.orgId) return `org:${actor.orgId}`;
  if (actor.userId) return `user:${actor.userId}`;
  throw forbidden('event:subscribe');
}

const noSuchName = (name: string) => new AppError(404, 'epcis_no_such_name', 'problem.epcis_no_such_name.detail', { name });

const controlsError = (errors: readonly FieldError[]) =>
  new AppError(400, 'epcis_subscription_controls', 'problem.epcis_subscription_controls.detail', {}, errors);

const callbackUrlError = () => fieldError('dest', 'callback_url', 'field.callback_url');

/**
 * What is wrong with a callback URL, if anything. https to a public address, or to an internal
 * one the operator allows; plain http only to a destination the operator allows (a receiver on
 * this machine or the company network: the operator vouches for the path). No credentials in
 * the URL: a secret belongs in signatureToken. Loopback, private, link-local and metadata
 * addresses, literal or resolved, are refused (issue 10: server-side request forgery).
 */
async function callbackUrlProblem(outbound: Pick<OutboundGuard, 'check'>, dest: string): Promise<FieldError | undefined> {
  let u: URL;
  try {
    u = new URL(dest);
  } catch {
    return callbackUrlError();
  }
  if (u.username || u.password || (u.protocol !== 'https:' && u.protocol !== 'http:')) return callbackUrlError();
  const d = await outbound.check(dest);
  if (!d.ok) return destinationFieldError('dest', d);
  if (u.protocol === 'http:' && !d.allowed) return callbackUrlError();
  return undefined;
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

export type SubscriptionsService = ReturnType<typeof createSubscriptionsService>;

/**
 * Creates the service of named queries and subscriptions.
 *
 * @example
 * const subscriptions = createSubscriptionsService({ db, access, outbound: createOutboundGuard({ allow: [] }), clock: () => new Date() });
 * await subscriptions.createQuery(actor, { name: 'shipped', query: { EQ_bizStep: ['shipping'] } });
 * await subscriptions.createSubscription(actor, 'shipped', { dest: 'https://erp.example.cn/epcis', stream: true, signatureToken: 's3cret' });
 */
export function createSubscriptionsService(deps: SubscriptionsDeps) {
  const { db, access, outbound, clock } = deps;
  const offsetMinutes = deps.scheduleOffsetMinutes ?? DEFAULT_SCHEDULE_OFFSET_MINUTES;
  const repo = createSubscriptionsRepo(db);
  const nextRun = (schedule: Readonly<Record<string, string>> | null, after: Date) => nextRunOf(schedule, after, offsetMinutes);

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
      const destProblem = await callbackUrlProblem(outbound, body.dest);
      if (destProblem) throw validationFailed([destProblem]);
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
  };
}
