/** HTTP for trace: backward from a code, forward from a batch or a code. */
import type { App } from '../../server/contract.ts';
import type { TraceService } from './trace.service.ts';
import { BackwardQuery, BackwardTrace, ForwardQuery, ForwardTrace } from './trace.schemas.ts';

export async function traceRoutes(app: App, { trace }: { trace: TraceService }) {
  app.get('/api/v1/trace/backward', {
    schema: { operationId: 'trace.backward', tags: ['trace'], summary: 'Backward trace of a code: containers, inputs, batch, producer, inspections, events', querystring: BackwardQuery, response: { 200: BackwardTrace } },
  }, async (req) => trace.backward(req.actor, req.query.code));

  app.get('/api/v1/trace/forward', {
    schema: { operationId: 'trace.forward', tags: ['trace'], summary: 'Forward trace of a batch or a code: parties and places reached, current holders, events', querystring: ForwardQuery, response: { 200: ForwardTrace } },
  }, async (req) => trace.forward(req.actor, req.query));
}
