/** HTTP for seller 查验. */
import type { App } from '../../server/contract.ts';
import { localeOf } from '../../server/problem.ts';
import { t } from '../../shared/i18n/i18n.ts';
import type { VerifyService } from './verify.service.ts';
import { Verdict, VerifyBody } from './verify.schemas.ts';

export async function verifyRoutes(app: App, { verify }: { verify: VerifyService }) {
  app.post('/api/v1/verify', {
    schema: { operationId: 'verify.check', tags: ['codes'], summary: 'Seller 查验: verdict (pass / warn / fail) with reasons before taking goods in', body: VerifyBody, response: { 200: Verdict } },
  }, async (req) => {
    const v = await verify.verify(req.actor, req.body.code);
    const locale = localeOf(req);
    return { ...v, reasons: v.reasons.map((x) => ({ code: x.code, severity: x.severity, message: t(locale, x.key, x.params) })) };
  });
}
