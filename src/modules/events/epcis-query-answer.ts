/**
 * The EPCIS 2.0 REST binding's shared HTTP pieces: its limits and version headers, the
 * GS1-EPC-Format a request asks for, answers sent as built, and the event-query answer (one
 * EPCISQueryDocument page with `Link: rel="next"`) that the `/epcis` routes and the named queries
 * (subscriptions module) both give. Kept out of the routes files: no module imports another's routes.
 */
import crypto from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type EpcisQuery, parseEpcisQuery } from '../../epcis/epcis-query.ts';
import { AppError, fieldError, validationFailed } from '../../server/errors.ts';
import { msg } from '../../shared/i18n/i18n.ts';
import type { EventsService } from './events.service.ts';
import { queryDocument } from './query-document.ts';
import { EpcisQueryDocument } from './epcis.schemas.ts';

export const EPC_FORMATS = ['No_Preference', 'Always_GS1_Digital_Link', 'Always_EPC_URN', 'Never_Translates'] as const;
type EpcFormat = (typeof EPC_FORMATS)[number];

export interface EpcisLimits {
  /** Events per capture request (GS1-EPCIS-Capture-Limit). */
  readonly captureEvents: number;
  /** Bytes per capture request (GS1-EPCIS-Capture-File-Size-Limit). */
  readonly captureBytes: number;
  readonly perPageDefault: number;
  readonly perPageMax: number;
}

export const DEFAULT_EPCIS_LIMITS: EpcisLimits = { captureEvents: 10_000, captureBytes: 50 * 1024 * 1024, perPageDefault: 30, perPageMax: 1000 };

/** The version headers every EPCIS response carries. */
export const VERSION_HEADERS = {
  'GS1-EPCIS-Version': '2.0.0', 'GS1-EPCIS-Min': '2.0.0', 'GS1-EPCIS-Max': '2.0.0',
  'GS1-CBV-Version': '2.0.0', 'GS1-CBV-Min': '2.0.0', 'GS1-CBV-Max': '2.0.0',
  'GS1-Vendor-Version': 'yima-0.1',
  'GS1-Extensions': '',
};

/**
 * A preSerialization hook: a success is answered as built, `JSON.stringify`, not by the
 * schema-driven serialiser, which writes an object's declared members first and drops undeclared
 * ones; an event keeps the order of its members as captured and every extension member. The
 * response schemas describe these answers (openapi.json, the handlers' types) without rewriting
 * them; problems are serialised by their own schema as everywhere.
 */
export async function asBuilt(_req: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
  if (reply.statusCode < 300) void reply.serializer(JSON.stringify);
  return payload;
}

/** An EPCIS query document answer (200, application/ld+json), one page of it. */
export const QUERY_DOCUMENT_RESPONSE = {
  description: 'An EPCISQueryDocument: one page of events; Link: <…>; rel="next" while more remain',
  headers: {
    link: { type: 'string', description: '<…?perPage=…&nextPageToken=…>; rel="next" while more events remain' },
    'GS1-EPC-Format': { type: 'string', description: 'the identifier format of the events' },
  },
  content: { 'application/ld+json': { schema: EpcisQueryDocument } },
} as const;

/** The GS1-EPC-Format a request asks for (400 if it is not one of the four). */
export function epcFormatOf(req: FastifyRequest): EpcFormat {
  const h = req.headers['gs1-epc-format'];
  if (h === undefined) return 'Always_GS1_Digital_Link'; // the binding's default when absent
  const v = String(h);
  if ((EPC_FORMATS as readonly string[]).includes(v)) return v as EpcFormat;
  throw validationFailed([fieldError('GS1-EPC-Format', 'enum', 'field.enum', { allowed: EPC_FORMATS.join(' | ') }, { expected: EPC_FORMATS.join(' | ') })]);
}

/** Paging tokens: the keyset of the last event, bound to the query they page. */
function encodeToken(queryKey: string, after: { value: string; id: number }): string {
  return Buffer.from(JSON.stringify({ q: queryKey, ...after })).toString('base64url');
}
function decodeToken(token: string, queryKey: string): { value: string; id: number } {
  try {
    const v = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { q?: unknown; value?: unknown; id?: unknown };
    if (v.q === queryKey && typeof v.value === 'string' && typeof v.id === 'number') return { value: v.value, id: v.id };
  } catch { /* fall through */ }
  throw new AppError(400, 'epcis_query_parameter', 'problem.epcis_query_parameter.detail', { param: 'nextPageToken', reason: msg('epcis.query_token') });
}

/**
 * The answer of an event-query resource: parses the URL parameters, adds the `fixed` part of the
 * query (a discovery resource's filter, a named query's stored query), runs it with the caller's
 * visibility and answers one EPCISQueryDocument page with `Link: rel="next"`. Exported for the
 * named queries (`/queries/{queryName}/events`, subscriptions module).
 *
 * @example const answer = createQueryAnswer(events, DEFAULT_EPCIS_LIMITS); return answer(req, reply, { perPage: '50' }, storedQuery, 'myQuery');
 */
export function createQueryAnswer(events: EventsService, limits: EpcisLimits) {
  return async function answer(req: FastifyRequest, reply: FastifyReply, params: Record<string, unknown>, fixed: Partial<EpcisQuery> = {}, queryName = 'SimpleEventQuery') {
    const parsed = parseEpcisQuery(params, 'url');
    if (!parsed.ok) {
      const unsupported = parsed.errors.find((e) => e.code === 'unsupported_parameter');
      if (unsupported) throw new AppError(501, 'epcis_unsupported_parameter', 'problem.epcis_unsupported_parameter.detail', { param: unsupported.param });
      throw new AppError(400, 'epcis_query_parameter', 'problem.epcis_query_parameter.detail', { param: parsed.errors.map((e) => e.param).join(', '), reason: parsed.errors.map((e) => e.expected).join('; ') },
        parsed.errors.map((e) => fieldError(e.param, e.code, 'field.message', { message: e.expected }, { expected: e.expected })));
    }
    const q: EpcisQuery = { ...parsed.query, ...fixed, eq: [...parsed.query.eq, ...(fixed.eq ?? [])], match: [...parsed.query.match, ...(fixed.match ?? [])] };
    const format = epcFormatOf(req);
    const perPage = Math.min(q.perPage ?? limits.perPageDefault, limits.perPageMax);
    const queryKey = crypto.createHash('sha256').update(JSON.stringify({ url: req.routeOptions.url, name: queryName, params: Object.entries(params).filter(([k]) => k !== 'nextPageToken' && k !== 'perPage').sort() })).digest('base64url').slice(0, 16);
    const after = q.nextPageToken ? decodeToken(q.nextPageToken, queryKey) : undefined;
    const limit = q.eventCountLimit !== undefined ? Math.min(perPage, q.eventCountLimit) : perPage;
    const page = await events.query(req.actor, q, { limit, after });
    if (page.next && q.eventCountLimit === undefined) {
      const search = new URLSearchParams(Object.entries(params).filter(([k]) => k !== 'nextPageToken').map(([k, v]) => [k, String(v)]));
      search.set('perPage', String(perPage));
      search.set('nextPageToken', encodeToken(queryKey, page.next));
      void reply.header('link', `<${req.url.split('?')[0]}?${search.toString()}>; rel="next"`);
    }
    void reply.header('GS1-EPC-Format', format).type('application/ld+json; charset=utf-8');
    return queryDocument(page.events, format, queryName);
  };
}
