import type { Readable } from 'node:stream';
import { type Static, Type } from 'typebox';
import { named } from '../../server/contract.ts';

export const IssueBody = named('IssueBody', Type.Object(
  {
    productId: Type.String({ format: 'uuid' }),
    lot: Type.String({ minLength: 1, maxLength: 20, pattern: '^[!"%&\'()*+,./0-9:;<=>?A-Z_a-z-]+$', description: 'batch/lot number (GS1 AI 10: up to 20 characters of CSET 82)' }),
    productionDate: Type.String({ format: 'date', description: '生产日期 YYYY-MM-DD' }),
    quantity: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
    scheme: Type.Union([Type.Literal('gs1'), Type.Literal('yima')], { description: 'gs1: GTIN + serial (AI 21); yima: Yima 数字身份码' }),
    gtin: Type.Optional(Type.String({ description: "for gs1: one of the product's GTINs (default: its first)" })),
    requestId: Type.String({ minLength: 1, maxLength: 100, description: 'client request id: repeating a request returns the first result' }),
  },
  { additionalProperties: false },
));
export type IssueBody = Static<typeof IssueBody>;

export const Issuance = named('Issuance', Type.Object({
  id: Type.String(),
  orgId: Type.String(),
  productId: Type.String(),
  batchId: Type.String(),
  requestId: Type.String(),
  scheme: Type.String(),
  gtin: Type.Union([Type.String(), Type.Null()]),
  quantity: Type.Optional(Type.Integer({ description: 'batch.quantity: to the audiences its profile level allows (by default supply-chain parties and above)' })),
  issued: Type.Optional(Type.Integer()),
  percent: Type.Number(),
  status: Type.Union([Type.Literal('running'), Type.Literal('done'), Type.Literal('failed')]),
  error: Type.Union([Type.String(), Type.Null()]),
  digest: Type.Union([Type.String(), Type.Null()], { description: 'SM3 over the codes in order (one per line), recorded in the ledger when done' }),
  createdAt: Type.String(),
  finishedAt: Type.Union([Type.String(), Type.Null()]),
  codesUrl: Type.String({ description: 'CSV export of the codes' }),
}));

export const IssuanceParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

/** The issued codes as CSV, streamed (seq,code,serial,digital_link,lot,production_date). */
export const CodesCsv = Type.Unsafe<Readable>({ type: 'string', description: 'CSV with a header line, one code a line' });

const Lot = Type.String({ minLength: 1, maxLength: 20, pattern: '^[!"%&\'()*+,./0-9:;<=>?A-Z_a-z-]+$', description: 'batch/lot number (GS1 AI 10: up to 20 characters of CSET 82)' });

export const BatchBody = named('BatchBody', Type.Object(
  {
    productId: Type.String({ format: 'uuid' }),
    lot: Lot,
    productionDate: Type.String({ format: 'date', description: '生产日期 YYYY-MM-DD' }),
  },
  { additionalProperties: false },
));
export type BatchBody = Static<typeof BatchBody>;

export const BatchInspection = named('BatchInspection', Type.Object({
  eventId: Type.String({ description: 'the inspection event (its eventID)' }),
  result: Type.Optional(Type.Union([Type.Literal('pass'), Type.Literal('fail')])),
  reportNumber: Type.Optional(Type.String()),
  body: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  date: Type.Optional(Type.String()),
  reportSha256: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  reportSm3: Type.Optional(Type.Union([Type.String(), Type.Null()])),
}, { description: "the batch's latest 检验合格证明, each member to the audiences its inspection.* profile field allows" }));

export const Batch = named('Batch', Type.Object({
  id: Type.String(),
  orgId: Type.String(),
  productId: Type.String(),
  lot: Type.String(),
  productionDate: Type.String(),
  quantity: Type.Optional(Type.Integer({ description: 'codes issued for the batch (batch.quantity: to the audiences its profile level allows)' })),
  inspection: Type.Union([BatchInspection, Type.Null()], { description: 'null: no inspection recorded' }),
  createdAt: Type.String(),
}));

export const ListBatchesQuery = Type.Object({
  orgId: Type.Optional(Type.String({ format: 'uuid' })),
  productId: Type.Optional(Type.String({ format: 'uuid' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
}, { additionalProperties: false });
export type ListBatchesQuery = Static<typeof ListBatchesQuery>;

export const BatchParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
