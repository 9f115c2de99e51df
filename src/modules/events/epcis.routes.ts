/**
 * The EPCIS 2.0 REST binding under `/epcis` (GS1 openapi.yaml): capture jobs, single-event
 * capture, the event query with paging, the discovery resources, the GS1-* headers and the
 * binding's problem types.
 */
import type { FastifyRequest, FastifySchema } from 'fastify';
import type { SwaggerTransform } from '@fastify/swagger';
import { type TSchema, Type } from 'typebox';
import { type EpcisIssue, documentEvents, epcisIssueMessage, validateEpcisEnvelope, validateEpcisEvent } from '../../epcis/epcis-validate.ts';
import { type EpcisQuery } from '../../epcis/epcis-query.ts';
import { elementStringToDigitalLink } from '../../shared/codes/gs1/digital-link.ts';
import { AppError, type FieldError, fieldError, validationFailed } from '../../server/errors.ts';
import { localeOf } from '../../server/problem.ts';
import { type App } from '../../server/contract.ts';
import { type Locale, type Text, msg, t } from '../../shared/i18n/i18n.ts';
import type { CaptureJobs } from './capture-jobs.ts';
import { DENIAL_CODES, type EventError, type EventsService } from './events.service.ts';
import { EPCIS_CONTEXT, queryDocument } from './query-document.ts';
import { DEFAULT_EPCIS_LIMITS, EPC_FORMATS, type EpcisLimits, QUERY_DOCUMENT_RESPONSE, VERSION_HEADERS, asBuilt, createQueryAnswer, epcFormatOf } from './epcis-query-answer.ts';
import {
  CaptureJob, EpcisCaptureEvent, EpcisCaptureQuery, EpcisCollection, EpcisDocument, EpcisPageQuery, EpcisQueryDocument,
  EpcisQueryParameters, EpcisResource, EpcisTopLevelResources, NoBody,
} from './epcis.schemas.ts';

const tags = ['epcis'];

/**
 * Documents a request body the binding judges itself (openapi.json only): an EPCIS document is
 * checked against the official EPCIS 2.0 JSON Schema, with the binding's problem types and the
 * capture limit before any validation (gs1/EPCIS#140), so the route's own schema takes the body
 * as it comes.
 */
function documentedBody(body: TSchema): { swaggerTransform: SwaggerTransform } {
  return {
    swaggerTransform: ({ schema, url }: { schema: FastifySchema; url: string }) =>
      ({ schema: { ...schema, body: { content: { 'application/ld+json': { schema: body }, 'application/json': { schema: body } } } }, url }),
  };
}

/** Per-event errors as problem+json field errors in the caller's language. */
function eventFieldErrors(errors: readonly EventError[]): FieldError[] {
  return errors.map((e) => fieldError(e.path, e.code, 'field.message', { message: msg(e.key, e.params) }, e.expected ? { expected: e.expected } : {}));
}

function issueToEventError(i: EpcisIssue): EventError {
  const m = epcisIssueMessage(i);
  const params = { expected: i.expected, ...m.params };
  return { eventIndex: i.eventIndex ?? -1, path: i.path, code: i.code, expected: i.expected, key: m.key, params };
}

export async function epcisRoutes(app: App, opts: { events: EventsService; jobs: CaptureJobs; limits?: EpcisLimits; publicUrl: string }) {
  const { events, jobs } = opts;
  const limits = opts.limits ?? DEFAULT_EPCIS_LIMITS;

  await app.register(async (epcis: App) => {
    epcis.addHook('preSerialization', asBuilt);
    // JSON-LD is JSON.
    epcis.addContentTypeParser(['application/ld+json'], { parseAs: 'string', bodyLimit: limits.captureBytes }, (_req, body, done) => {
      try {
        done(null, JSON.parse(String(body)));
      } catch {
        done(new AppError(400, 'validation_failed', 'problem.validation_failed.detail', { count: 1 }, [fieldError('body', 'json', 'field.json')]), undefined);
      }
    });
    epcis.addHook('onSend', async (_req, reply) => {
      for (const [k, v] of Object.entries(VERSION_HEADERS)) if (v) void reply.header(k, v);
    });

    const options = (url: string, allow: string, extra: Record<string, string> = {}) =>
      epcis.options(url, { schema: { hide: true } }, async (_req, reply) => {
        void reply.header('allow', allow).header('GS1-EPC-Format', EPC_FORMATS.join(', '));
        for (const [k, v] of Object.entries(extra)) void reply.header(k, v);
        return reply.status(204).send();
      });

    const captureLimits = { 'GS1-EPCIS-Capture-Limit': String(limits.captureEvents), 'GS1-EPCIS-Capture-File-Size-Limit': String(limits.captureBytes), 'GS1-Capture-Error-Behaviour': 'rollback, proceed' };
    options('/', 'OPTIONS, GET');
    options('/capture', 'OPTIONS, GET, POST', captureLimits);
    options('/capture/:captureID', 'OPTIONS, GET');
    options('/events', 'OPTIONS, GET, POST', captureLimits);
    options('/events/:eventID', 'OPTIONS, GET');

    const topLevel: EpcisTopLevelResources = {
      '@context': EPCIS_CONTEXT, type: 'Collection',
      member: ['capture', 'events', 'eventTypes', 'epcs', 'bizSteps', 'bizLocations', 'readPoints', 'dispositions', 'queries'],
    };
    epcis.get('/', { schema: { operationId: 'epcis.listResources', tags, summary: 'EPCIS top-level resources', response: { 200: EpcisTopLevelResources } } }, async () => topLevel);

    epcis.post('/capture', {
      schema: {
        operationId: 'epcis.capture', tags, summary: 'Capture an EPCISDocument (asynchronous: 202 + Location of the capture job)',
        querystring: EpcisCaptureQuery,
        headers: Type.Object({ 'gs1-capture-error-behaviour': Type.Optional(Type.String({ description: 'rollback (default): one invalid event fails the whole document; proceed: the valid events are captured' })) }, { additionalProperties: true }),
        response: { 202: NoBody('Accepted: the capture job runs', { location: '/epcis/capture/{captureID}' }) },
      },
      config: documentedBody(EpcisDocument),
    }, async (req, reply) => {
      const behaviour = captureBehaviour(req);
      const doc = req.body;
      // Limits first, before the work of validating (gs1/EPCIS#140).
      const list = documentEvents(doc);
      if (list.length > limits.captureEvents) throw new AppError(413, 'epcis_capture_limit', 'problem.epcis_capture_limit.detail', { count: list.length, limit: limits.captureEvents });
      const envelope = validateEpcisEnvelope(doc);
      if (envelope.length) throw validationFailed(eventFieldErrors(envelope.map(issueToEventError)));
      const invalid = list.flatMap((e, i) => validateEpcisEvent(e, `epcisBody.eventList[${i}]`).map((x) => issueToEventError({ ...x, eventIndex: i })));
      if (invalid.length && behaviour === 'rollback') throw validationFailed(eventFieldErrors(invalid));
      const context = contextOf(doc);
      const id = await jobs.submit(req.actor, { events: list as Record<string, unknown>[], context, behaviour, invalid, asOrgId: asOrg(req.query.org) });
      return reply.status(202).header('location', `/epcis/capture/${id}`).send();
    });

    epcis.get('/capture', { schema: { operationId: 'epcis.listCaptureJobs', tags, summary: 'Capture jobs of the caller\'s organisation, newest first (the last 100)', response: { 200: Type.Array(CaptureJob) } } }, async (req) => {
      const orgId = await events.captureOrg(req.actor, undefined);
      const rows = await events.jobs.list(req.actor.role === 'admin' ? 'all' : orgId, null, 100);
      return rows.map((r) => presentJob(r, localeOf(req)));
    });

    epcis.get('/capture/:captureID', { schema: { operationId: 'epcis.getCaptureJob', tags, summary: 'One capture job: running, success, per-event errors', params: Type.Object({ captureID: Type.String() }), response: { 200: CaptureJob } } }, async (req) => {
      const { captureID } = req.params;
      const orgId = await events.captureOrg(req.actor, undefined);
      const job = /^[0-9a-f-]{36}$/.test(captureID) ? await events.jobs.find(captureID) : undefined;
      if (!job || (req.actor.role !== 'admin' && job.org_id !== orgId)) throw new AppError(404, 'not_found', 'problem.not_found.detail', { entity: 'capture', id: captureID });
      return presentJob(job, localeOf(req));
    });

    epcis.post('/events', {
      schema: {
        operationId: 'epcis.captureEvent', tags, summary: 'Capture one event synchronously (201 + Location; 409 if its eventID exists)',
        querystring: EpcisCaptureQuery,
        response: { 201: NoBody('Captured', { location: '/epcis/events/{eventID}' }) },
      },
      config: documentedBody(EpcisCaptureEvent),
    }, async (req, reply) => {
      const body = req.body;
      const invalid = validateEpcisEvent(body, 'event', { requireContext: true }).map((i) => issueToEventError({ ...i, eventIndex: 0 }));
      if (invalid.length) throw validationFailed(eventFieldErrors(invalid));
      // A valid event is a JSON object.
      const { '@context': ctx, ...event } = isJsonObject(body) ? body : {};
      const r = await events.capture(req.actor, { events: [event], context: contextOf({ '@context': ctx }), behaviour: 'rollback', asOrgId: asOrg(req.query.org) });
      const exists = r.errors.find((e) => e.code === 'event_exists');
      if (exists) throw new AppError(409, 'event_exists', 'problem.event_exists.detail', { eventId: exists.eventId ?? '' });
      // Refused by the write rules (not the caller's code to record): 403, SecurityException.
      if (r.errors.length && r.errors.every((e) => DENIAL_CODES.has(e.code))) {
        throw new AppError(403, 'record_not_allowed', 'problem.record_not_allowed.detail', { count: r.errors.length }, eventFieldErrors(r.errors));
      }
      if (r.errors.length) throw validationFailed(eventFieldErrors(r.errors));
      const captured = r.captured[0];
      return reply.status(201).header('location', `/epcis/events/${encodeURIComponent(captured?.eventId ?? '')}`).send();
    });

    const answer = createQueryAnswer(events, limits);

    epcis.get('/events', {
      schema: { operationId: 'epcis.queryEvents', tags, summary: 'Query events (EPCIS 2.0 query parameters; pipe-delimited multi-values; paged)', querystring: EpcisQueryParameters, response: { 200: QUERY_DOCUMENT_RESPONSE } },
    }, async (req, reply) => answer(req, reply, req.query));

    epcis.get('/events/:eventID', {
      schema: {
        operationId: 'epcis.getEvent', tags, summary: 'One event with its error declarations', params: Type.Object({ eventID: Type.String() }),
        response: { 200: { description: 'An EPCISQueryDocument of the event and the events declaring it erroneous', content: { 'application/ld+json': { schema: EpcisQueryDocument } } } },
      },
    }, async (req, reply) => {
      const { eventID } = req.params;
      const found = await events.byEventId(req.actor, eventID);
      const format = epcFormatOf(req);
      void reply.header('GS1-EPC-Format', format).type('application/ld+json; charset=utf-8');
      return queryDocument(found, format, 'SimpleEventQuery');
    });

    // Discovery: /eventTypes, /epcs, /bizSteps, /bizLocations, /readPoints, /dispositions, each
    // with /{id} (the member) and /{id}/events (its events); operations named after the member
    // (epcis.listBizSteps, epcis.getBizStep, epcis.listBizStepEvents).
    const DISCOVERY = [
      ['eventTypes', 'EventType', 'event_type', (v: string): Partial<EpcisQuery> => ({ eventTypes: [v] })],
      ['epcs', 'Epc', 'epc', (v: string): Partial<EpcisQuery> => ({ match: [{ field: 'anyEPC', values: [v] }] })],
      ['bizSteps', 'BizStep', 'biz_step', (v: string): Partial<EpcisQuery> => ({ eq: [{ field: 'bizStep', values: [v] }] })],
      ['bizLocations', 'BizLocation', 'biz_location', (v: string): Partial<EpcisQuery> => ({ eq: [{ field: 'bizLocation', values: [v] }] })],
      ['readPoints', 'ReadPoint', 'read_point', (v: string): Partial<EpcisQuery> => ({ eq: [{ field: 'readPoint', values: [v] }] })],
      ['dispositions', 'Disposition', 'disposition', (v: string): Partial<EpcisQuery> => ({ eq: [{ field: 'disposition', values: [v] }] })],
    ] as const;
    for (const [resource, one, column, filter] of DISCOVERY) {
      epcis.get(`/${resource}`, {
        schema: { operationId: `epcis.list${one}s`, tags, summary: `The ${resource} that occur in visible events (paged)`, querystring: EpcisPageQuery, response: { 200: EpcisCollection } },
      }, async (req, reply) => {
        const { perPage, nextPageToken } = req.query;
        const n = Math.min(Math.max(1, Number(perPage ?? limits.perPageDefault) || limits.perPageDefault), limits.perPageMax);
        const after = nextPageToken ? discoveryToken(nextPageToken) : null;
        const values = await events.distinct(req.actor, column, after, n + 1);
        // EPC keys go out as URIs (GS1 ones as Digital Links), which /epcs/{id}/events accepts back.
        const member = values.slice(0, n).map((v) => (column === 'epc' ? keyUri(v) : v));
        if (values.length > n) void reply.header('link', `</epcis/${resource}?perPage=${n}&nextPageToken=${Buffer.from(values[n - 1] ?? '').toString('base64url')}>; rel="next"`);
        return { '@context': EPCIS_CONTEXT, type: 'Collection' as const, member };
      });
      epcis.get(`/${resource}/:id`, {
        schema: { operationId: `epcis.get${one}`, tags, summary: `One of ${resource}: its sub-resources`, params: Type.Object({ id: Type.String() }), response: { 200: EpcisResource } },
      }, async (req) => {
        const { id } = req.params;
        return { '@context': EPCIS_CONTEXT, type: 'Collection' as const, member: ['events' as const], id };
      });
      epcis.get(`/${resource}/:id/events`, {
        schema: {
          operationId: `epcis.list${one}Events`, tags, summary: `Events of one of ${resource} (query parameters apply)`,
          params: Type.Object({ id: Type.String() }), querystring: EpcisQueryParameters, response: { 200: QUERY_DOCUMENT_RESPONSE },
        },
      }, async (req, reply) => {
        const { id } = req.params;
        return answer(req, reply, req.query, filter(id));
      });
    }

    epcis.delete('/nextPageToken/:token', { schema: { operationId: 'epcis.releasePageToken', tags, summary: 'Release a page token (tokens here are stateless: nothing to release)', response: { 204: NoBody('Released') } } }, async (_req, reply) => reply.status(204).send());
  }, { prefix: '/epcis' });
}

/** The last member a discovery page token names (400 for one no page gave: PostgreSQL text holds no NUL). */
function discoveryToken(token: string): string {
  const after = Buffer.from(token, 'base64url').toString('utf8');
  if (after.includes('\u0000')) throw new AppError(400, 'epcis_query_parameter', 'problem.epcis_query_parameter.detail', { param: 'nextPageToken', reason: msg('epcis.query_token') });
  return after;
}

/** A stored EPC key as a URI: element strings become Digital Links; URIs stay. */
function keyUri(key: string): string {
  if (!key.startsWith('(')) return key;
  const dl = elementStringToDigitalLink(key);
  return dl.ok ? dl.value : key;
}

function captureBehaviour(req: FastifyRequest): 'rollback' | 'proceed' {
  const h = req.headers['gs1-capture-error-behaviour'];
  if (h === undefined || h === 'rollback') return 'rollback';
  if (h === 'proceed') return 'proceed';
  throw validationFailed([fieldError('GS1-Capture-Error-Behaviour', 'enum', 'field.enum', { allowed: 'rollback | proceed' }, { expected: 'rollback | proceed' })]);
}

/** The admin captures as an organisation given by `?org=` (migrations); others as their own. */
function asOrg(org: string | undefined): string | undefined {
  return org !== undefined && /^[0-9a-f-]{36}$/.test(org) ? org : undefined;
}

const isJsonObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The prefix map of a document's @context (the object members; URLs of standard contexts aside). */
export function contextOf(doc: unknown): Record<string, unknown> | undefined {
  const ctx = (doc as { '@context'?: unknown } | null)?.['@context'];
  const parts = Array.isArray(ctx) ? ctx : [ctx];
  const out: Record<string, unknown> = {};
  for (const p of parts) if (p && typeof p === 'object') Object.assign(out, p);
  return Object.keys(out).length ? out : undefined;
}

function presentJob(r: { id: string; created_at: Date; finished_at: Date | null; running: boolean; success: boolean | null; behaviour: 'rollback' | 'proceed'; event_count: number; captured: number; errors: unknown }, locale: Locale): CaptureJob {
  // Jobs stored before messages were catalog keys keep their words in both languages.
  const errors = (Array.isArray(r.errors) ? r.errors : []) as (EventError | (Omit<EventError, 'key'> & { key?: undefined; message?: Text }))[];
  return {
    captureID: r.id,
    createdAt: r.created_at.toISOString(),
    ...(r.finished_at && { finishedAt: r.finished_at.toISOString() }),
    running: r.running,
    success: r.success ?? false,
    captureErrorBehaviour: r.behaviour,
    eventCount: r.event_count,
    capturedCount: r.captured,
    errors: errors.map((e) => ({
      type: e.code === 'event_exists' ? 'epcisException:ResourceAlreadyExistsException' : 'epcisException:ValidationException',
      title: e.code,
      status: e.code === 'event_exists' ? 409 : 400,
      detail: e.key ? t(locale, e.key, e.params) : ((locale === 'en' ? e.message?.en : e.message?.zh) ?? e.code),
      instance: e.path,
      ...(e.eventId && { eventID: e.eventId }),
      ...(e.eventIndex >= 0 && { eventIndex: e.eventIndex }),
    })),
  };
}
