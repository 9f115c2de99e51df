/** HTTP for producer links (GS1 link types per GTIN or lot), which the resolver publishes. */
import { Type } from 'typebox';
import type { App } from '../../server/contract.ts';
import type { LinksService } from './links.service.ts';
import { CreateLinkBody, Link, LinkList, LinkParams, LinkTypeList, ListLinksQuery, MAX_LINKS_PER_ANCHOR } from './links.schemas.ts';

export async function linksRoutes(app: App, { links }: { links: LinksService }) {
  app.post('/api/v1/links', {
    schema: {
      operationId: 'links.create', tags: ['links'], summary: 'Attach a link to a GTIN of one of your products, or to one lot of it',
      description: 'The resolver publishes it in the linkset of the GTIN (or lot) and redirects `?linkType=…` requests to it (GS1-Conformant Resolver 1.2). ' +
        'A GTIN that is not registered, or is another organisation\'s, answers 404 not_found. ' +
        `At most ${MAX_LINKS_PER_ANCHOR} links per GTIN or lot: 409 too_many_links beyond.`,
      body: CreateLinkBody, response: { 201: Link },
    },
  }, async (req, reply) => reply.status(201).send(await links.create(req.actor, req.body)));

  app.get('/api/v1/links', {
    schema: { operationId: 'links.list', tags: ['links'], summary: 'Links in my scope, by GTIN, lot, link type or organisation', querystring: ListLinksQuery, response: { 200: LinkList } },
  }, async (req) => links.list(req.actor, req.query));

  app.get('/api/v1/link-types', {
    schema: {
      operationId: 'links.listTypes', tags: ['links'], summary: 'The GS1 link types a producer may attach, in the order a form lists them, titled in Chinese and English',
      response: { 200: LinkTypeList },
    },
  }, async (req) => links.types(req.actor));

  app.delete('/api/v1/links/:id', {
    schema: { operationId: 'links.delete', tags: ['links'], summary: 'Remove a link (the ledger keeps what it said)', params: LinkParams, response: { 204: Type.Null() } },
  }, async (req, reply) => {
    await links.delete(req.actor, req.params.id);
    return reply.status(204).send(null);
  });
}
