/** HTTP for binding existing codes to products. */
import type { App } from '../../server/contract.ts';
import { localeOf } from '../../server/problem.ts';
import { t } from '../../shared/i18n/i18n.ts';
import type { BindingService } from './binding.service.ts';
import { BindBody, BindResult } from './binding.schemas.ts';

export async function bindingRoutes(app: App, { bindings }: { bindings: BindingService }) {
  app.post('/api/v1/bindings', {
    schema: { operationId: 'bindings.create', tags: ['codes'], summary: 'Bind codes printed elsewhere to a product (all or nothing unless partial)', body: BindBody, response: { 201: BindResult } },
  }, async (req, reply) => {
    const r = await bindings.bind(req.actor, req.body);
    const locale = localeOf(req);
    return reply.status(201).send({
      bindingId: r.bindingId,
      bound: r.bound,
      rejected: r.rejected.map((x) => ({ index: x.index, code: x.code, message: t(locale, x.key, { field: `codes[${x.index}]`, ...x.params }) })),
    });
  });
}
