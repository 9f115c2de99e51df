/** HTTP for issuance jobs and their CSV export (their labels: labels/labels.routes.ts). */
import { Readable } from 'node:stream';
import type { App } from '../../server/contract.ts';
import type { IssuanceService } from './issuance.service.ts';
import { presentIssuance } from './issuance.service.ts';
import { Type } from 'typebox';
import { Batch, BatchBody, BatchParams, CodesCsv, IssueBody, Issuance, IssuanceParams, ListBatchesQuery } from './issuance.schemas.ts';

export async function issuanceRoutes(app: App, { issuance, publicUrl, toDigitalLink }: { issuance: IssuanceService; publicUrl: string; toDigitalLink: (code: string) => string }) {
  app.post('/api/v1/batches', {
    schema: { operationId: 'batches.create', tags: ['codes'], summary: 'Register a batch (批次) of a product before issuing codes for it', body: BatchBody, response: { 201: Batch } },
  }, async (req, reply) => reply.status(201).send(await issuance.createBatch(req.actor, req.body)));

  app.get('/api/v1/batches', { schema: { operationId: 'batches.list', tags: ['codes'], summary: 'Batches in my scope, newest first, with their latest inspection', querystring: ListBatchesQuery, response: { 200: Type.Array(Batch) } } },
    async (req) => issuance.listBatches(req.actor, req.query));

  app.get('/api/v1/batches/:id', { schema: { operationId: 'batches.get', tags: ['codes'], summary: 'One batch, with its latest inspection', params: BatchParams, response: { 200: Batch } } },
    async (req) => issuance.getBatch(req.actor, req.params.id));

  app.post('/api/v1/issuances', {
    schema: { operationId: 'issuances.create', tags: ['codes'], summary: 'Issue codes for a batch (源头赋码): 202 with the job; the same requestId again returns it (200)', body: IssueBody, response: { 202: Issuance, 200: Issuance } },
  }, async (req, reply) => {
    const { job, created } = await issuance.issue(req.actor, req.body);
    return reply.status(created ? 202 : 200).header('location', `/api/v1/issuances/${job.id}`).send(presentIssuance(job, publicUrl));
  });

  app.get('/api/v1/issuances/:id', { schema: { operationId: 'issuances.get', tags: ['codes'], summary: 'An issuance job and its progress', params: IssuanceParams, response: { 200: Issuance } } },
    async (req) => {
      const { job, quantity } = await issuance.get(req.actor, req.params.id);
      return presentIssuance(job, publicUrl, { quantity });
    });

  app.get('/api/v1/issuances/:id/codes.csv', {
    schema: {
      operationId: 'issuances.exportCodes', tags: ['codes'], summary: 'The issued codes as CSV, streamed', params: IssuanceParams,
      response: { 200: { description: 'seq,code,digital_link,… one code a line', content: { 'text/csv': { schema: CodesCsv } } } },
    },
  }, async (req, reply) => {
    const id = req.params.id;
    const lines = issuance.csv(req.actor, id, toDigitalLink);
    // Authorize before the first byte: a refused request must get a problem, not a half CSV.
    const first = await lines.next();
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="codes-${id}.csv"`)
      .send(Readable.from((async function* () {
        if (!first.done) yield first.value;
        yield* lines;
      })()));
  });
}
