/** HTTP for the key-product catalogue and data-requirements profiles. */
import { Type } from 'typebox';
import type { App } from '../../server/contract.ts';
import type { CatalogService } from './catalog.service.ts';
import {
  AtQuery, CatalogInForce, CatalogLoadResult, DataProfile, DataProfileVersion, KeyProductList, KeyProductListVersion, LoadedVersion, VersionParams,
} from './catalog.schemas.ts';

// A load's body is the document, checked whole by the service against this same schema, after
// the admin check and with its own rules, every problem named `document.<field>`. The route's
// schema describes it (openapi.json, the client's types) but does not check it first: the
// framework's errors would name the fields otherwise and answer a non-admin 400 instead of 403.
const checkedByTheService = () => () => true;

export async function catalogRoutes(app: App, { catalog }: { catalog: CatalogService }) {
  app.get('/api/v1/catalog', {
    schema: {
      operationId: 'catalog.getInForce', tags: ['catalogue'], summary: 'The key-product list and profiles in force (today, or ?at=YYYY-MM-DD)', querystring: AtQuery,
      response: { 200: CatalogInForce },
    },
  }, async (req) => catalog.current(req.actor, req.query.at));

  app.get('/api/v1/catalog/versions', { schema: { operationId: 'catalog.listVersions', tags: ['catalogue'], summary: 'Every loaded version', response: { 200: Type.Array(LoadedVersion) } } },
    async (req) => catalog.versions(req.actor));

  app.get('/api/v1/catalog/lists/:docId/:version', { schema: { operationId: 'catalog.getList', tags: ['catalogue'], summary: 'One key-product list version', params: VersionParams, response: { 200: KeyProductListVersion } } },
    async (req) => catalog.get(req.actor, 'list', req.params.docId, req.params.version));

  app.get('/api/v1/catalog/profiles/:docId/:version', { schema: { operationId: 'catalog.getProfile', tags: ['catalogue'], summary: 'One data-requirements profile version', params: VersionParams, response: { 200: DataProfileVersion } } },
    async (req) => catalog.get(req.actor, 'profile', req.params.docId, req.params.version));

  app.post('/api/v1/catalog/lists', {
    schema: { operationId: 'catalog.loadList', tags: ['catalogue'], summary: 'Load a key-product list version (admin)', body: KeyProductList, response: { 201: CatalogLoadResult, 200: CatalogLoadResult } },
    validatorCompiler: checkedByTheService,
  }, async (req, reply) => {
    const r = await catalog.load(req.actor, req.body, 'list');
    return reply.status(r.created ? 201 : 200).send(r);
  });

  app.post('/api/v1/catalog/profiles', {
    schema: { operationId: 'catalog.loadProfile', tags: ['catalogue'], summary: 'Load a data-requirements profile version (admin)', body: DataProfile, response: { 201: CatalogLoadResult, 200: CatalogLoadResult } },
    validatorCompiler: checkedByTheService,
  }, async (req, reply) => {
    const r = await catalog.load(req.actor, req.body, 'profile');
    return reply.status(r.created ? 201 : 200).send(r);
  });
}
