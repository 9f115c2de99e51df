/** Contracts of seller 查验. */
import { type Static, Type } from 'typebox';

export const VerifyBody = Type.Object({
  code: Type.String({ minLength: 1, maxLength: 2000, description: 'the scanned code in any form' }),
}, { additionalProperties: false });
export type VerifyBody = Static<typeof VerifyBody>;
