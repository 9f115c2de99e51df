/** HTTP for products. */
import type { FastifyInstance } from 'fastify';
import type { Actor } from '../access/actor.ts';
import { type Static, Type } from 'typebox';
import { ProofQuery, RecordProof } from '../ledger/ledger.schemas.ts';
import { localeOf } from '../../server/problem.ts';
import type { ProductsService } from './products.service.ts';
import { CreateProductBody, ListProductsQuery, Product, ProductParams } from './products.schemas.ts';

export async function productsRoutes(app: FastifyInstance, { products, proofOf }: { products: ProductsService; proofOf: (actor: Actor, id: string) => Promise<Static<typeof RecordProof>> }) {
  app.post('/api/v1/products', { schema: { tags: ['products'], summary: 'Register a product (型号)', body: CreateProductBody, response: { 201: Product } } },
    async (req, reply) => reply.status(201).send(await products.create(req.actor, req.body as CreateProductBody, localeOf(req))));

  app.get('/api/v1/products', { schema: { tags: ['products'], summary: 'Products in my scope', querystring: ListProductsQuery, response: { 200: Type.Array(Product) } } },
    async (req) => products.list(req.actor, req.query as ListProductsQuery));

  app.get('/api/v1/products/:id', {
    schema: { tags: ['products'], summary: 'One product (with its ledger proof on request)', params: ProductParams, querystring: ProofQuery, response: { 200: Type.Object({ ...Product.properties, ledger: Type.Optional(RecordProof) }) } },
  }, async (req) => {
    const product = await products.get(req.actor, (req.params as { id: string }).id);
    return (req.query as { proof?: boolean }).proof ? { ...product, ledger: await proofOf(req.actor, product.id) } : product;
  });
}
