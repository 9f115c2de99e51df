/** HTTP for the key-product catalogue and data-requirements profiles. */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { CatalogService } from './catalog.service.ts';
import { AtQuery, DataProfile, KeyProductList, LoadedVersion, VersionParams } from './catalog.schemas.ts';

const WithDocument = (doc: typeof KeyProductList | typeof DataProfile) => Type.Object({ ...LoadedVersion.properties, document: doc });
const Loaded = Type.Object({ version: LoadedVersion, created: Type.Boolean() });

export async function catalogRoutes(app: FastifyInstance, { catalog }: { catalog: CatalogService }) {
  app.get('/api/v1/catalog', {
    schema: {
      tags: ['catalogue'], summary: 'The key-product list and profiles in force (today, or ?at=YYYY-MM-DD)', querystring: AtQuery,
      response: { 200: Type.Object({ day: Type.String(), list: WithDocument(KeyProductList), profiles: Type.Array(WithDocument(DataProfile)) }) },
    },
  }, async (req) => catalog.current(req.actor, (req.query as { at?: string }).at));

  app.get('/api/v1/catalog/versions', { schema: { tags: ['catalogue'], summary: 'Every loaded version', response: { 200: Type.Array(LoadedVersion) } } },
    async (req) => catalog.versions(req.actor));

  app.get('/api/v1/catalog/lists/:docId/:version', { schema: { tags: ['catalogue'], summary: 'One key-product list version', params: VersionParams, response: { 200: WithDocument(KeyProductList) } } },
    async (req) => {
      const { docId, version } = req.params as { docId: string; version: string };
      return catalog.get(req.actor, 'list', docId, version);
    });

  app.get('/api/v1/catalog/profiles/:docId/:version', { schema: { tags: ['catalogue'], summary: 'One data-requirements profile version', params: VersionParams, response: { 200: WithDocument(DataProfile) } } },
    async (req) => {
      const { docId, version } = req.params as { docId: string; version: string };
      return catalog.get(req.actor, 'profile', docId, version);
    });

  // The body is checked whole by the service (shape and internal rules), so the route takes any JSON.
  app.post('/api/v1/catalog/lists', {
    schema: { tags: ['catalogue'], summary: 'Load a key-product list version (admin)', body: Type.Unknown({ description: 'A key-product-list document (see the KeyProductList schema)' }), response: { 201: Loaded, 200: Loaded } },
  }, async (req, reply) => {
    const r = await catalog.load(req.actor, req.body, 'list');
    return reply.status(r.created ? 201 : 200).send(r);
  });

  app.post('/api/v1/catalog/profiles', {
    schema: { tags: ['catalogue'], summary: 'Load a data-requirements profile version (admin)', body: Type.Unknown({ description: 'A data-profile document' }), response: { 201: Loaded, 200: Loaded } },
  }, async (req, reply) => {
    const r = await catalog.load(req.actor, req.body, 'profile');
    return reply.status(r.created ? 201 : 200).send(r);
  });
}
