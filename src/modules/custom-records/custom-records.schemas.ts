import { type Static, type TSchema, Type } from 'typebox';
import { named } from '../../server/contract.ts';

const Str = (max: number, description?: string) => Type.String({ minLength: 1, maxLength: max, ...(description && { description }) });
const Day = (description: string) => Type.String({ format: 'date', description: `${description}, YYYY-MM-DD` });
const Hex64 = (description: string) => Type.String({ pattern: '^[0-9a-fA-F]{64}$', description: `${description}, 64 hex digits` });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

/** The most documents one record carries. */
export const MAX_DOCUMENTS = 50;
/** The largest file `POST /custom-records/{id}/documents` hashes. */
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

const Kind = Type.Union([Type.Literal('ledger'), Type.Literal('contract')], { description: 'ledger 台账 · contract 合同' });
// Named in bodies and answers; a query parameter's schema is rewritten into the parameter (its description moves out), so it takes the unnamed one.
export const RecordKind = named('CustomRecordKind', Kind);
export type RecordKind = Static<typeof RecordKind>;

export const DocumentRef = named('CustomRecordDocument', Type.Object(
  {
    name: Str(200, 'file name, e.g. 合同扫描件.pdf'),
    mediaType: Type.String({ pattern: '^[\\w.+-]+/[\\w.+-]+$', maxLength: 100, description: 'e.g. application/pdf' }),
    sha256: Hex64('SHA-256 of the file'),
    sm3: Type.Optional(Hex64('SM3 (GB/T 32905) of the file')),
    size: Type.Integer({ minimum: 0, maximum: 2 ** 40, description: 'bytes' }),
  },
  { additionalProperties: false, description: 'A document kept by the producer: the platform stores its hashes, not the file' },
));
export type DocumentRef = Static<typeof DocumentRef>;

const Buyer = named('CustomRecordBuyer', Type.Object(
  {
    name: Str(200, '买方名称'),
    uscc: Type.Optional(Type.String({ minLength: 1, maxLength: 30, description: "the buyer's 统一社会信用代码 (GB 32100), checked when given" })),
    address: Type.Optional(Str(300)),
    contact: Type.Optional(Str(200, 'contact person and phone')),
  },
  { additionalProperties: false },
));

const ProductInput = named('CustomRecordProductInput', Type.Object(
  {
    name: Str(200, '产品名称, as made to order'),
    model: Type.Optional(Str(200, '规格型号')),
    productId: Type.Optional(Type.String({ format: 'uuid', description: "a product of the same organisation's catalogue, when the custom product is a variant of one" })),
    categoryCode: Type.Optional(Str(64, 'key-product category code from the list in force (defaults to the catalogued product\'s)')),
  },
  { additionalProperties: false },
));

/** The fields of a record, shared by creation and correction. */
const recordFields = {
  kind: RecordKind,
  contractNumber: Type.Optional(Str(100, '合同编号; required for contracts')),
  buyer: Buyer,
  product: ProductInput,
  quantity: Type.Number({ exclusiveMinimum: 0, maximum: 1e12 }),
  unit: Str(20, 'e.g. 台, 套, 吨, m'),
  contractDate: Type.Optional(Day('合同签订日期')),
  deliveryDate: Type.Optional(Day('交货日期')),
  notes: Type.Optional(Str(2000)),
  documents: Type.Optional(Type.Array(DocumentRef, { maxItems: MAX_DOCUMENTS })),
};

export const CreateRecordBody = named('CreateCustomRecordBody', Type.Object(
  { orgId: Type.String({ format: 'uuid', description: 'the producing organisation, which owns the record' }), ...recordFields },
  { additionalProperties: false },
));
export type CreateRecordBody = Static<typeof CreateRecordBody>;

export const CorrectionBody = named('CustomRecordCorrectionBody', Type.Object(
  { ...recordFields, reason: Type.Optional(Str(500, 'why the record is corrected (更正原因)')) },
  { additionalProperties: false, description: 'The whole corrected record; it replaces the old one, which stays as it was' },
));
export type CorrectionBody = Static<typeof CorrectionBody>;

export const DeleteBody = named('DeleteCustomRecordBody', Type.Object({ reason: Str(500, 'why the record is deleted after its retention period') }, { additionalProperties: false }));
export type DeleteBody = Static<typeof DeleteBody>;

export const CustomRecord = named('CustomRecord', Type.Object({
  id: Type.String(),
  orgId: Type.String(),
  orgName: Type.String(),
  kind: RecordKind,
  contractNumber: Nullable(Type.String()),
  buyer: Type.Object({ name: Type.String(), uscc: Nullable(Type.String()), address: Nullable(Type.String()), contact: Nullable(Type.String()) }),
  product: Type.Object({ name: Type.String(), model: Nullable(Type.String()), productId: Nullable(Type.String()), categoryCode: Nullable(Type.String()) }),
  quantity: Type.Number(),
  unit: Type.String(),
  contractDate: Nullable(Type.String()),
  deliveryDate: Nullable(Type.String()),
  notes: Nullable(Type.String()),
  correctionReason: Nullable(Type.String()),
  documents: Type.Array(DocumentRef),
  supersedes: Nullable(Type.String({ description: 'the record this one corrects' })),
  supersededBy: Nullable(Type.String({ description: 'the correction that replaced this record' })),
  contentHash: Type.Object(
    { sm3: Type.String(), sha256: Type.String() },
    { description: 'hex hashes of the RFC 8785 canonical JSON of {kind, contractNumber, buyer, product, quantity, unit, contractDate, deliveryDate, notes, correctionReason, documents} exactly as shown here: the ledger records these, not the data' },
  ),
  retainUntil: Type.String({ description: 'the first day the record may be deleted: its delivery date, else contract date, else the day it was recorded, plus the retention period' }),
  createdAt: Type.String(),
}));

export const RecordList = named('CustomRecordList', Type.Object({
  items: Type.Array(CustomRecord),
  nextCursor: Nullable(Type.String({ description: 'pass as `cursor` for the next page; null on the last page' })),
}));

export const ListRecordsQuery = Type.Object(
  {
    orgId: Type.Optional(Type.String({ format: 'uuid' })),
    from: Type.Optional(Day('records dated on or after this day (contract date, else delivery date, else the day recorded)')),
    to: Type.Optional(Day('records dated on or before this day')),
    contractNumber: Type.Optional(Str(100, 'exact contract number')),
    kind: Type.Optional(Kind),
    includeSuperseded: Type.Optional(Type.Boolean({ default: false, description: 'also list records replaced by a correction' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
    cursor: Type.Optional(Type.String({ maxLength: 200, description: 'nextCursor of the previous page' })),
  },
  { additionalProperties: false },
);
export type ListRecordsQuery = Static<typeof ListRecordsQuery>;

export const RecordParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

export const UploadQuery = Type.Object(
  {
    name: Str(200, 'the file name to record'),
    mediaType: Type.Optional(Type.String({ pattern: '^[\\w.+-]+/[\\w.+-]+$', maxLength: 100, description: "the file's media type; guessed from the name's extension when absent" })),
  },
  { additionalProperties: false },
);
export type UploadQuery = Static<typeof UploadQuery>;

export const DeletionResult = named('CustomRecordDeletion', Type.Object({
  id: Type.String(),
  deletedAt: Type.String(),
  reason: Type.String(),
  ledger: Type.Array(Type.Object({ index: Type.Integer(), type: Type.String(), leafHash: Type.String({ description: 'base64' }) }), { description: "the record's ledger leaves, which stay: the deletion is the last" }),
  note: Type.String({ description: 'what was deleted and what the ledger keeps, in the language asked for' }),
}));
