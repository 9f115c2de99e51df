/** Contracts of the trace API. */
import { type Static, Type } from 'typebox';

export const BackwardQuery = Type.Object({
  code: Type.String({ minLength: 1, maxLength: 2000, description: 'the code in any form: element string, Digital Link, EPC URN, Yima code' }),
}, { additionalProperties: false });
export type BackwardQuery = Static<typeof BackwardQuery>;

export const ForwardQuery = Type.Object({
  batchId: Type.Optional(Type.String({ format: 'uuid' })),
  code: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
}, { additionalProperties: false, description: 'one of batchId or code' });
export type ForwardQuery = Static<typeof ForwardQuery>;
