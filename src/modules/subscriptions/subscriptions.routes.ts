/**
 * HTTP for named EPCIS queries and webhook subscriptions under `/epcis` (EPCIS 2.0 REST binding,
 * openapi.yaml `/queries`, `/queries/{queryName}`, `…/events`, `…/subscriptions`,
 * `…/subscriptions/{subscriptionID}`). WebSocket subscriptions (a MAY) are not offered.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { type App } from '../../server/contract.ts';
import { DEFAULT_EPCIS_LIMITS, type EpcisLimits, QUERY_DOCUMENT_RESPONSE, VERSION_HEADERS, asBuilt, createQueryAnswer, epcFormatOf } from '../events/epcis-query-answer.ts';
import { NoBody } from '../events/epcis.schemas.ts';
import type { EventsService } from '../events/events.service.ts';
import type { Page, SubscriptionsService } from './subscriptions.service.ts';
import {
  CreateQueryBody, CreateSubscriptionBody, NamedQuery, PageQuery, QueryParams, Subscription, SubscriptionParams,
} from './subscriptions.schemas.ts';

const tags = ['epcis'];

/** A listing page as the binding pages: the array, and `Link: <…>; rel="next"` while more remain. */
function paged<T>(req: FastifyRequest, reply: FastifyReply, page: Page<T>, perPage: number | undefined): T[] {
  if (page.nextPageToken) {
    const search = new URLSearchParams({ perPage: String(perPage ?? 30), nextPageToken: page.nextPageToken });
    void reply.header('link', `<${req.url.split('?')[0]}?${search.toString()}>; rel="next"`);
  }
  return page.items;
}

/**
 * Registers the named-query and subscription routes under `/epcis` (permission event:subscribe).
 *
 * @example await app.register(subscriptionsRoutes, { subscriptions: services.subscriptions, events: services.events });
 */
export async function subscriptionsRoutes(app: App, opts: { subscriptions: SubscriptionsService; events: EventsService; limits?: EpcisLimits }) {
  const { subscriptions } = opts;
  // The same answer as /events and the discovery resources: paging, Link, GS1-EPC-Format.
  const answer = createQueryAnswer(opts.events, opts.limits ?? DEFAULT_EPCIS_LIMITS);

  await app.register(async (epcis: App) => {
    epcis.addHook('onSend', async (_req, reply) => {
      for (const [k, v] of Object.entries(VERSION_HEADERS)) if (v) void reply.header(k, v);
    });
    for (const [url, allow] of [
      ['/queries', 'OPTIONS, GET, POST'],
      ['/queries/:queryName', 'OPTIONS, GET, DELETE'],
      ['/queries/:queryName/events', 'OPTIONS, GET'],
      ['/queries/:queryName/subscriptions', 'OPTIONS, GET, POST'],
      ['/queries/:queryName/subscriptions/:subscriptionID', 'OPTIONS, GET, DELETE'],
    ] as const) {
      epcis.options(url, { schema: { hide: true } }, async (_req, reply) => reply.status(204).header('allow', allow).send());
    }

    epcis.post('/queries', {
      schema: {
        operationId: 'epcis.createQuery', tags, summary: 'Create a named query (201 + Location; 409 if the name is taken in your organisation)',
        description: 'The query is checked as GET /events checks its parameters (400 QueryParameterException, 501 for standard parameters not evaluated here).',
        body: CreateQueryBody, response: { 201: NamedQuery },
      },
    }, async (req, reply) => {
      const created = await subscriptions.createQuery(req.actor, req.body);
      return reply.status(201).header('location', `/epcis/queries/${created.name}`).send(created);
    });

    epcis.get('/queries', {
      schema: { operationId: 'epcis.listQueries', tags, summary: 'Your named queries, by name (paged: perPage, nextPageToken, Link rel="next")', querystring: PageQuery, response: { 200: Type.Array(NamedQuery) } },
    }, async (req, reply) => paged(req, reply, await subscriptions.listQueries(req.actor, req.query), req.query.perPage));

    epcis.get('/queries/:queryName', {
      schema: { operationId: 'epcis.getQuery', tags, summary: 'A named query\'s definition', params: QueryParams, response: { 200: NamedQuery } },
    }, async (req) => subscriptions.getQuery(req.actor, req.params.queryName));

    epcis.delete('/queries/:queryName', {
      schema: { operationId: 'epcis.deleteQuery', tags, summary: 'Delete a named query and all its subscriptions', params: QueryParams, response: { 204: NoBody('Deleted') } },
    }, async (req, reply) => {
      await subscriptions.deleteQuery(req.actor, req.params.queryName);
      return reply.status(204).send();
    });

    epcis.get('/queries/:queryName/events', {
      schema: {
        operationId: 'epcis.listQueryEvents', tags, summary: 'Run a named query (an EPCISQueryDocument, paged like /events, with your own visibility)',
        params: QueryParams, querystring: PageQuery, response: { 200: QUERY_DOCUMENT_RESPONSE },
      },
      // The events as captured, as /epcis/events answers them.
      preSerialization: asBuilt,
    }, async (req, reply) => {
      const { queryName } = req.params;
      const fixed = await subscriptions.parsedQuery(req.actor, queryName);
      const { perPage, nextPageToken } = req.query;
      const paging = { ...(perPage !== undefined && { perPage: String(perPage) }), ...(nextPageToken !== undefined && { nextPageToken }) };
      return answer(req, reply, paging, fixed, queryName);
    });

    epcis.post('/queries/:queryName/subscriptions', {
      schema: {
        operationId: 'epcis.createSubscription', tags, summary: 'Subscribe a webhook to a named query: stream: true, or a schedule (201 + Location)',
        description: 'Callbacks POST an EPCISQueryDocument (application/ld+json) to dest with GS1-Signature: sha256=<hex HMAC-SHA256 of the body keyed by signatureToken>. ' +
          'Neither or both of stream and schedule, or a bad schedule: 400 SubscriptionControlsException. dest: https to a public internet address; a loopback, private, link-local or metadata address (literal or resolved) is refused with 400 (dest: destination_internal) unless the operator allows it (YIMA_OUTBOUND_ALLOW), and plain http goes only to such allowed destinations. ' +
          'The GS1-EPC-Format request header sets the identifier format of the callbacks. Delivery is exactly once while the service runs, at least once across crashes: de-duplicate by eventID.',
        params: QueryParams, body: CreateSubscriptionBody, response: { 201: Subscription },
      },
    }, async (req, reply) => {
      const { queryName } = req.params;
      const created = await subscriptions.createSubscription(req.actor, queryName, req.body, epcFormatOf(req));
      return reply.status(201).header('location', `/epcis/queries/${queryName}/subscriptions/${created.subscriptionID}`).send(created);
    });

    epcis.get('/queries/:queryName/subscriptions', {
      schema: { operationId: 'epcis.listSubscriptions', tags, summary: 'The subscriptions of a named query (paged)', params: QueryParams, querystring: PageQuery, response: { 200: Type.Array(Subscription) } },
    }, async (req, reply) => paged(req, reply, await subscriptions.listSubscriptions(req.actor, req.params.queryName, req.query), req.query.perPage));

    epcis.get('/queries/:queryName/subscriptions/:subscriptionID', {
      schema: { operationId: 'epcis.getSubscription', tags, summary: 'One subscription: its controls and delivery state (never its signatureToken)', params: SubscriptionParams, response: { 200: Subscription } },
    }, async (req) => {
      const { queryName, subscriptionID } = req.params;
      return subscriptions.getSubscription(req.actor, queryName, subscriptionID);
    });

    epcis.delete('/queries/:queryName/subscriptions/:subscriptionID', {
      schema: { operationId: 'epcis.deleteSubscription', tags, summary: 'Unsubscribe', params: SubscriptionParams, response: { 204: NoBody('Unsubscribed') } },
    }, async (req, reply) => {
      const { queryName, subscriptionID } = req.params;
      await subscriptions.deleteSubscription(req.actor, queryName, subscriptionID);
      return reply.status(204).send();
    });
  }, { prefix: '/epcis' });
}
