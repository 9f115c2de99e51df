import { type Static, Type } from 'typebox';
import { named } from '../../server/contract.ts';

const Str = (max: number, description?: string) => Type.String({ minLength: 1, maxLength: max, ...(description && { description }) });
const AttrValue = Type.Union([Type.String({ maxLength: 2000 }), Type.Number(), Type.Boolean()]);

export const CreateProductBody = named('CreateProductBody', Type.Object(
  {
    orgId: Type.String({ format: 'uuid', description: 'The producer that owns the product' }),
    categoryCode: Str(64, 'A category code from the key-product list in force'),
    itemCode: Type.Optional(Str(64, 'The item within the category, where the category lists items (e.g. 燃气器具 → household-gas-cooker)')),
    name: Str(200, '产品名称'),
    brand: Type.Optional(Str(100, '商标（品牌）')),
    model: Str(200, '规格型号'),
    standard: Str(200, '执行标准, e.g. GB 16410-2020'),
    gtins: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 14 }), { maxItems: 100, description: 'GTIN-8/12/13/14; stored as 14 digits' })),
    licenceNumber: Type.Optional(Str(40, '生产许可证编号 of the owner, for licence products')),
    cccCertificateNumber: Type.Optional(Str(16, 'CCC certificate number of the owner, for CCC products')),
    // Values are checked against the profile's field types by the service: schema coercion
    // would silently turn "123" into 123 or 4.2 into "4.2".
    attributes: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: 'Further fields of the data-requirements profile, by field key (e.g. "product.ratedVoltage"): string, number or boolean as the profile says' })),
  },
  { additionalProperties: false },
));
export type CreateProductBody = Static<typeof CreateProductBody>;

export const Product = named('Product', Type.Object({
  id: Type.String(),
  orgId: Type.String(),
  orgName: Type.String(),
  categoryCode: Type.String(),
  itemCode: Type.Union([Type.String(), Type.Null()]),
  listVersion: Type.String({ description: 'The key-product list version the product was checked against' }),
  profileVersion: Type.String({ description: 'The data-requirements profile version it was checked against' }),
  name: Type.String(),
  brand: Type.Union([Type.String(), Type.Null()]),
  model: Type.String(),
  standard: Type.String(),
  gtins: Type.Array(Type.String()),
  licenceNumber: Type.Union([Type.String(), Type.Null()]),
  cccCertificateNumber: Type.Union([Type.String(), Type.Null()]),
  attributes: Type.Record(Type.String(), AttrValue),
  createdAt: Type.String(),
}));

export const ListProductsQuery = Type.Object(
  {
    orgId: Type.Optional(Type.String({ format: 'uuid' })),
    categoryCode: Type.Optional(Type.String({ maxLength: 64 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
  },
  { additionalProperties: false },
);
export type ListProductsQuery = Static<typeof ListProductsQuery>;
export const ProductParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
