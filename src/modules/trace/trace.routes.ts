/** HTTP for trace: backward from a code, forward from a batch or a code. */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { TraceService } from './trace.service.ts';
import { BackwardQuery, ForwardQuery } from './trace.schemas.ts';

export async function traceRoutes(app: FastifyInstance, { trace }: { trace: TraceService }) {
  app.get('/api/v1/trace/backward', {
    schema: { tags: ['trace'], summary: 'Backward trace of a code: containers, inputs, batch, producer, inspections, events', querystring: BackwardQuery, response: { 200: Type.Unknown() } },
  }, async (req) => trace.backward(req.actor, (req.query as BackwardQuery).code));

  app.get('/api/v1/trace/forward', {
    schema: { tags: ['trace'], summary: 'Forward trace of a batch or a code: parties and places reached, current holders, events', querystring: ForwardQuery, response: { 200: Type.Unknown() } },
  }, async (req) => trace.forward(req.actor, req.query as ForwardQuery));
}
