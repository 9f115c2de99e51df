/**
 * HTTP for named EPCIS queries and webhook subscriptions under `/epcis` (EPCIS 2.0 REST binding,
 * openapi.yaml `/queries`, `/queries/{queryName}`, `…/events`, `…/subscriptions`,
 * `…/subscriptions/{subscriptionID}`). WebSocket subscriptions (a MAY) are not offered.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { DEFAULT_EPCIS_LIMITS, type EpcisLimits, VERSION_HEADERS, createQueryAnswer, epcFormatOf } from '../events/epcis.routes.ts';
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
export async function subscriptionsRoutes(app: FastifyInstance, opts: { subscriptions: SubscriptionsService; events: EventsService; limits?: EpcisLimits }) {
  const { subscriptions } = opts;
  // The same answer as /events and the discovery resources: paging, Link, GS1-EPC-Format.
  const answer = createQueryAnswer(opts.events, opts.limits ?? DEFAULT_EPCIS_LIMITS);

  await app.register(async (epcis) => {
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
        tags, summary: 'Create a named query (201 + Location; 409 if the name is taken in your organisation)',
        description: 'The query is checked as GET /events checks its parameters (400 QueryParameterException, 501 for standard parameters not evaluated here).',
        body: CreateQueryBody, response: { 201: NamedQuery },
      },
    }, async (req, reply) => {
      const created = await subscriptions.createQuery(req.actor, req.body as CreateQueryBody);
      return reply.status(201).header('location', `/epcis/queries/${created.name}`).send(created);
    });

    epcis.get('/queries', {
      schema: { tags, summary: 'Your named queries, by name (paged: perPage, nextPageToken, Link rel="next")', querystring: PageQuery, response: { 200: Type.Array(NamedQuery) } },
    }, async (req, reply) => {
      const q = req.query as PageQuery;
      return paged(req, reply, await subscriptions.listQueries(req.actor, q), q.perPage);
    });

    epcis.get('/queries/:queryName', {
      schema: { tags, summary: 'A named query\'s definition', params: QueryParams, response: { 200: NamedQuery } },
    }, async (req) => subscriptions.getQuery(req.actor, (req.params as QueryParams).queryName));

    epcis.delete('/queries/:queryName', {
      schema: { tags, summary: 'Delete a named query and all its subscriptions', params: QueryParams, response: { 204: Type.Null() } },
    }, async (req, reply) => {
      await subscriptions.deleteQuery(req.actor, (req.params as QueryParams).queryName);
      return reply.status(204).send();
    });

    epcis.get('/queries/:queryName/events', {
      schema: {
        tags, summary: 'Run a named query (an EPCISQueryDocument, paged like /events, with your own visibility)',
        params: QueryParams, querystring: PageQuery, response: { 200: Type.Unknown() },
      },
    }, async (req, reply) => {
      const { queryName } = req.params as QueryParams;
      const fixed = await subscriptions.parsedQuery(req.actor, queryName);
      const { perPage, nextPageToken } = req.query as PageQuery;
      const paging = { ...(perPage !== undefined && { perPage: String(perPage) }), ...(nextPageToken !== undefined && { nextPageToken }) };
      return answer(req, reply, paging, fixed, queryName);
    });

    epcis.post('/queries/:queryName/subscriptions', {
      schema: {
        tags, summary: 'Subscribe a webhook to a named query: stream: true, or a schedule (201 + Location)',
        description: 'Callbacks POST an EPCISQueryDocument (application/ld+json) to dest with GS1-Signature: sha256=<hex HMAC-SHA256 of the body keyed by signatureToken>. '
          + 'Neither or both of stream and schedule, or a bad schedule: 400 SubscriptionControlsException. dest: https to a public internet address; a loopback, private, link-local or metadata address (literal or resolved) is refused with 400 (dest: destination_internal) unless the operator allows it (YIMA_OUTBOUND_ALLOW), and plain http goes only to such allowed destinations. '
          + 'The GS1-EPC-Format request header sets the identifier format of the callbacks. Delivery is exactly once while the service runs, at least once across crashes: de-duplicate by eventID.',
        params: QueryParams, body: CreateSubscriptionBody, response: { 201: Subscription },
      },
    }, async (req, reply) => {
      const { queryName } = req.params as QueryParams;
      const created = await subscriptions.createSubscription(req.actor, queryName, req.body as CreateSubscriptionBody, epcFormatOf(req));
      return reply.status(201).header('location', `/epcis/queries/${queryName}/subscriptions/${created.subscriptionID}`).send(created);
    });

    epcis.get('/queries/:queryName/subscriptions', {
      schema: { tags, summary: 'The subscriptions of a named query (paged)', params: QueryParams, querystring: PageQuery, response: { 200: Type.Array(Subscription) } },
    }, async (req, reply) => {
      const q = req.query as PageQuery;
      return paged(req, reply, await subscriptions.listSubscriptions(req.actor, (req.params as QueryParams).queryName, q), q.perPage);
    });

    epcis.get('/queries/:queryName/subscriptions/:subscriptionID', {
      schema: { tags, summary: 'One subscription: its controls and delivery state (never its signatureToken)', params: SubscriptionParams, response: { 200: Subscription } },
    }, async (req) => {
      const { queryName, subscriptionID } = req.params as SubscriptionParams;
      return subscriptions.getSubscription(req.actor, queryName, subscriptionID);
    });

    epcis.delete('/queries/:queryName/subscriptions/:subscriptionID', {
      schema: { tags, summary: 'Unsubscribe', params: SubscriptionParams, response: { 204: Type.Null() } },
    }, async (req, reply) => {
      const { queryName, subscriptionID } = req.params as SubscriptionParams;
      await subscriptions.deleteSubscription(req.actor, queryName, subscriptionID);
      return reply.status(204).send();
    });
  }, { prefix: '/epcis' });
}
