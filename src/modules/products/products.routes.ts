/** HTTP for products. */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { localeOf } from '../../server/problem.ts';
import type { ProductsService } from './products.service.ts';
import { CreateProductBody, ListProductsQuery, Product, ProductParams } from './products.schemas.ts';

export async function productsRoutes(app: FastifyInstance, { products }: { products: ProductsService }) {
  app.post('/api/v1/products', { schema: { tags: ['products'], summary: 'Register a product (型号)', body: CreateProductBody, response: { 201: Product } } },
    async (req, reply) => reply.status(201).send(await products.create(req.actor, req.body as CreateProductBody, localeOf(req))));

  app.get('/api/v1/products', { schema: { tags: ['products'], summary: 'Products in my scope', querystring: ListProductsQuery, response: { 200: Type.Array(Product) } } },
    async (req) => products.list(req.actor, req.query as ListProductsQuery));

  app.get('/api/v1/products/:id', { schema: { tags: ['products'], summary: 'One product', params: ProductParams, response: { 200: Product } } },
    async (req) => products.get(req.actor, (req.params as { id: string }).id));
}
