/** HTTP for recalls and the notices holders receive. */
import { Type } from 'typebox';
import type { App } from '../../server/contract.ts';
import type { RecallsService } from './recalls.service.ts';
import { CloseRecallBody, ListRecallsQuery, Notice, NoticeWebhookBody, OpenRecallBody, Recall, RecallDetail, RecallParams } from './recalls.schemas.ts';

const tags = ['recalls'];

export async function recallsRoutes(app: App, { recalls }: { recalls: RecallsService }) {
  app.post('/api/v1/recalls', { schema: { operationId: 'recalls.open', tags, summary: 'Open a recall (producer: its products; regulator: producers in its region)', body: OpenRecallBody, response: { 201: RecallDetail } } },
    async (req, reply) => reply.status(201).send(await recalls.open(req.actor, req.body)));
  app.get('/api/v1/recalls', { schema: { operationId: 'recalls.list', tags, summary: 'Recalls in the caller\'s scope', querystring: ListRecallsQuery, response: { 200: Type.Array(Recall) } } },
    async (req) => recalls.list(req.actor, req.query));
  app.get('/api/v1/recalls/:id', { schema: { operationId: 'recalls.get', tags, summary: 'A recall with its progress (returned / destroyed / in the market), holders and notices', params: RecallParams, response: { 200: RecallDetail } } },
    async (req) => recalls.get(req.actor, req.params.id));
  app.post('/api/v1/recalls/:id/close', { schema: { operationId: 'recalls.close', tags, summary: 'Close a recall', params: RecallParams, body: CloseRecallBody, response: { 200: RecallDetail } } },
    async (req) => recalls.close(req.actor, req.params.id, req.body.note));
  app.get('/api/v1/notices', { schema: { operationId: 'recalls.listNotices', tags, summary: 'Recall notices to the caller\'s organisation', response: { 200: Type.Array(Notice) } } },
    async (req) => recalls.notices(req.actor));
  app.post('/api/v1/notices/:id/read', { schema: { operationId: 'recalls.markNoticeRead', tags, summary: 'Mark a recall notice read', params: RecallParams, response: { 204: Type.Null() } } },
    async (req, reply) => { await recalls.markRead(req.actor, req.params.id); return reply.status(204).send(null); });
  app.put('/api/v1/notices/webhook', { schema: { operationId: 'recalls.setNoticeWebhook', tags, summary: 'Where to POST the organisation\'s notices (signed: Yima-Signature: sha256=<HMAC of the body>)', body: NoticeWebhookBody, response: { 204: Type.Null() } } },
    async (req, reply) => { await recalls.setWebhook(req.actor, req.body); return reply.status(204).send(null); });
}
