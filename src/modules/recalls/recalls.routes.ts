/** HTTP for recalls and the notices holders receive. */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { RecallsService } from './recalls.service.ts';
import { CloseRecallBody, ListRecallsQuery, NoticeWebhookBody, OpenRecallBody } from './recalls.schemas.ts';

const tags = ['recalls'];
const Id = Type.Object({ id: Type.String({ format: 'uuid' }) });

export async function recallsRoutes(app: FastifyInstance, { recalls }: { recalls: RecallsService }) {
  app.post('/api/v1/recalls', { schema: { tags, summary: 'Open a recall (producer: its products; regulator: producers in its region)', body: OpenRecallBody, response: { 201: Type.Unknown() } } },
    async (req, reply) => reply.status(201).send(await recalls.open(req.actor, req.body as OpenRecallBody)));
  app.get('/api/v1/recalls', { schema: { tags, summary: 'Recalls in the caller\'s scope', querystring: ListRecallsQuery, response: { 200: Type.Unknown() } } },
    async (req) => recalls.list(req.actor, req.query as ListRecallsQuery));
  app.get('/api/v1/recalls/:id', { schema: { tags, summary: 'A recall with its progress (returned / destroyed / in the market), holders and notices', params: Id, response: { 200: Type.Unknown() } } },
    async (req) => recalls.get(req.actor, (req.params as { id: string }).id));
  app.post('/api/v1/recalls/:id/close', { schema: { tags, summary: 'Close a recall', params: Id, body: CloseRecallBody, response: { 200: Type.Unknown() } } },
    async (req) => recalls.close(req.actor, (req.params as { id: string }).id, (req.body as CloseRecallBody).note));
  app.get('/api/v1/notices', { schema: { tags, summary: 'Recall notices to the caller\'s organisation', response: { 200: Type.Unknown() } } },
    async (req) => recalls.notices(req.actor));
  app.post('/api/v1/notices/:id/read', { schema: { tags, summary: 'Mark a recall notice read', params: Id, response: { 204: Type.Null() } } },
    async (req, reply) => { await recalls.markRead(req.actor, (req.params as { id: string }).id); return reply.status(204).send(); });
  app.put('/api/v1/notices/webhook', { schema: { tags, summary: 'Where to POST the organisation\'s notices (signed: Yima-Signature: sha256=<HMAC of the body>)', body: NoticeWebhookBody, response: { 204: Type.Null() } } },
    async (req, reply) => { await recalls.setWebhook(req.actor, req.body as NoticeWebhookBody); return reply.status(204).send(); });
}
