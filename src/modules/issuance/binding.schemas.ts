import { type Static, Type } from 'typebox';
import { named } from '../../server/contract.ts';

export const BindBody = named('BindBody', Type.Object(
  {
    productId: Type.String({ format: 'uuid' }),
    lot: Type.Optional(Type.String({ minLength: 1, maxLength: 20, description: 'a batch already registered for the product' })),
    codes: Type.Array(Type.String({ minLength: 1, maxLength: 2000 }), { minItems: 1, maxItems: 10_000, description: 'codes as scanned or printed: GS1 element strings (brackets or FNC1/GS), Digital Links, Ecode, CCC trace QR URLs, any other system\'s codes' }),
    namespace: Type.Optional(Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-z0-9][a-z0-9.-]*$', description: 'the issuing system of codes no standard recognises (opaque codes), e.g. erp.example-factory' })),
    partial: Type.Optional(Type.Boolean({ description: 'bind the valid, free codes and report the others, instead of all or nothing' })),
  },
  { additionalProperties: false },
));
export type BindBody = Static<typeof BindBody>;

export const BindResult = named('BindResult', Type.Object({
  bindingId: Type.String(),
  bound: Type.Array(Type.Object({ index: Type.Integer(), scheme: Type.String(), canonical: Type.String(), digitalLink: Type.Optional(Type.String()) })),
  rejected: Type.Array(Type.Object({ index: Type.Integer(), code: Type.String(), message: Type.String() })),
}));
