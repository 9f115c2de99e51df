/** HTTP for products. */
import type { Actor } from '../access/actor.ts';
import { type Static, Type } from 'typebox';
import { ProofQuery, RecordProof } from '../ledger/ledger.schemas.ts';
import { localeOf } from '../../server/problem.ts';
import { type App, named } from '../../server/contract.ts';
import type { ProductsService } from './products.service.ts';
import { CreateProductBody, ListProductsQuery, Product, ProductParams } from './products.schemas.ts';

export async function productsRoutes(app: App, { products, proofOf }: { products: ProductsService; proofOf: (actor: Actor, id: string) => Promise<Static<typeof RecordProof>> }) {
  app.post('/api/v1/products', { schema: { operationId: 'products.create', tags: ['products'], summary: 'Register a product (型号)', body: CreateProductBody, response: { 201: Product } } },
    async (req, reply) => reply.status(201).send(await products.create(req.actor, req.body, localeOf(req))));

  app.get('/api/v1/products', { schema: { operationId: 'products.list', tags: ['products'], summary: 'Products in my scope', querystring: ListProductsQuery, response: { 200: Type.Array(Product) } } },
    async (req) => products.list(req.actor, req.query));

  app.get('/api/v1/products/:id', {
    schema: { operationId: 'products.get', tags: ['products'], summary: 'One product (with its ledger proof on request)', params: ProductParams, querystring: ProofQuery, response: { 200: named('ProductWithProof', Type.Object({ ...Product.properties, ledger: Type.Optional(RecordProof) })) } },
  }, async (req) => {
    const product = await products.get(req.actor, req.params.id);
    return req.query.proof ? { ...product, ledger: await proofOf(req.actor, product.id) } : product;
  });
}
