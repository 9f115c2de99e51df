/** HTTP for custom-product (定制产品) ledgers and contracts. */
import type { Actor } from '../access/actor.ts';
import { type Static, Type } from 'typebox';
import { type App, named } from '../../server/contract.ts';
import { AppError } from '../../server/errors.ts';
import { localeOf } from '../../server/problem.ts';
import { t } from '../../shared/i18n/i18n.ts';
import { ProofQuery, RecordProof } from '../ledger/ledger.schemas.ts';
import type { CustomRecordsService } from './custom-records.service.ts';
import {
  CorrectionBody, CreateRecordBody, CustomRecord, DeleteBody, DeletionResult, ListRecordsQuery, MAX_UPLOAD_BYTES, RecordList, RecordParams, UploadQuery,
} from './custom-records.schemas.ts';

export async function customRecordsRoutes(
  app: App,
  { customRecords, proofOf }: { customRecords: CustomRecordsService; proofOf: (actor: Actor, id: string) => Promise<Static<typeof RecordProof>> },
) {
  // Uploads are hashed as they stream in (the service never holds the file); this parser, scoped
  // to this plugin, hands the raw stream over instead of buffering it.
  app.addContentTypeParser('application/octet-stream', (_req, payload, done) => done(null, payload));

  app.post('/api/v1/custom-records', {
    schema: {
      operationId: 'customRecords.create', tags: ['custom products'], summary: 'Record a ledger entry (台账) or contract (合同) of a custom product (定制产品)',
      description: 'Kept at least the retention period (YIMA_CUSTOM_RECORD_RETENTION_YEARS, 3 years by default). Documents are recorded by their hashes; the ledger records the hashes of the content.',
      body: CreateRecordBody, response: { 201: CustomRecord },
    },
  }, async (req, reply) => reply.status(201).send(await customRecords.create(req.actor, req.body)));

  app.get('/api/v1/custom-records', {
    schema: { operationId: 'customRecords.list', tags: ['custom products'], summary: 'Custom-product records in my scope, newest first (current versions unless includeSuperseded)', querystring: ListRecordsQuery, response: { 200: RecordList } },
  }, async (req) => customRecords.list(req.actor, req.query));

  app.get('/api/v1/custom-records/:id', {
    schema: {
      operationId: 'customRecords.get', tags: ['custom products'], summary: 'One record (with its ledger proof on request)',
      description: 'A deleted record answers 410 record_deleted with its `deletedAt`.',
      params: RecordParams, querystring: ProofQuery, response: { 200: named('CustomRecordWithProof', Type.Object({ ...CustomRecord.properties, ledger: Type.Optional(RecordProof) })) },
    },
  }, async (req) => {
    const record = await customRecords.get(req.actor, req.params.id);
    return req.query.proof ? { ...record, ledger: await proofOf(req.actor, record.id) } : record;
  });

  app.post('/api/v1/custom-records/:id/corrections', {
    schema: {
      operationId: 'customRecords.correct', tags: ['custom products'], summary: 'Correct a record: a new record that supersedes it (the old one stays, with supersededBy)',
      description: 'Only the latest version can be corrected: 409 record_superseded otherwise.',
      params: RecordParams, body: CorrectionBody, response: { 201: CustomRecord },
    },
  }, async (req, reply) => reply.status(201).send(await customRecords.correct(req.actor, req.params.id, req.body)));

  app.delete('/api/v1/custom-records/:id', {
    schema: {
      operationId: 'customRecords.delete', tags: ['custom products'], summary: 'Delete a record after its retention period, with a reason',
      description: 'Before `retainUntil`: 409 retention_period, whose `retainUntil` member is the first day deletion is allowed. After: the business data is cleared; the ledger keeps the hashes of the record and adds the deletion.',
      params: RecordParams, body: DeleteBody, response: { 200: DeletionResult },
    },
  }, async (req) => {
    const r = await customRecords.delete(req.actor, req.params.id, req.body.reason);
    return { ...r, note: t(localeOf(req), 'custom.deleted_note', { leaves: r.ledger.map((l) => l.index).join(', ') }) };
  });

  app.post('/api/v1/custom-records/:id/documents', {
    schema: {
      operationId: 'customRecords.attachDocument', tags: ['custom products'], summary: 'Attach a document: the file is hashed (SHA-256 and SM3) and not kept',
      description: `The body is the file (application/octet-stream, up to ${MAX_UPLOAD_BYTES} bytes; larger: 413 payload_too_large). 201 when attached, 200 when the same file was already attached under that name.`,
      // Only documents the body (any value passes, since the body is a stream): OpenAPI 3.1 says so with contentMediaType.
      body: { content: { 'application/octet-stream': { schema: Type.Unsafe<unknown>({ description: 'the file', contentMediaType: 'application/octet-stream' }) } } },
      params: RecordParams, querystring: UploadQuery, response: { 200: CustomRecord, 201: CustomRecord },
    },
  }, async (req, reply) => {
    // Other parsers (JSON, text) would hand over a parsed body: refuse rather than record an empty file.
    const type = req.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
    if (type !== 'application/octet-stream') {
      throw new AppError(415, 'unsupported_media_type', 'problem.unsupported_media_type.detail', { expected: 'application/octet-stream', actual: type ?? '-' });
    }
    const length = Number(req.headers['content-length']);
    const r = await customRecords.attachDocument(req.actor, req.params.id, {
      name: req.query.name, mediaType: req.query.mediaType, declaredSize: Number.isFinite(length) ? length : undefined, bytes: isAsyncIterable(req.body) ? req.body : noBytes(),
    });
    return reply.status(r.attached ? 201 : 200).send(r.record);
  });
}

function isAsyncIterable(v: unknown): v is AsyncIterable<Uint8Array> {
  return typeof v === 'object' && v !== null && Symbol.asyncIterator in v;
}

// An application/octet-stream request with no bytes may reach us without a stream: an empty file.
async function* noBytes(): AsyncGenerator<Uint8Array> {}
