/** Contracts of the resolver and the scan. */
import { type Static, Type } from 'typebox';

export const ScanQuery = Type.Object({
  code: Type.Optional(Type.String({ maxLength: 4000, description: 'for /scan: the pasted or scanned string' })),
  linkType: Type.Optional(Type.String({ maxLength: 200, description: 'all | linkset: the RFC 9264 linkset; a GS1 link type (gs1:pip, gs1:certificationInfo, …): a 307 to that link' })),
  lang: Type.Optional(Type.String({ maxLength: 10, description: 'zh | en: the page language, over Accept-Language' })),
}, { additionalProperties: true, description: 'numeric keys are Digital Link data attributes (e.g. 17=261231)' });
export type ScanQuery = Static<typeof ScanQuery>;

export const ProofQuery = Type.Object({ code: Type.String({ minLength: 1, maxLength: 4000 }) }, { additionalProperties: false });
export type ProofQuery = Static<typeof ProofQuery>;

export const LocationBody = Type.Object({
  latitude: Type.Number({ minimum: -90, maximum: 90 }),
  longitude: Type.Number({ minimum: -180, maximum: 180 }),
}, { additionalProperties: false });
export type LocationBody = Static<typeof LocationBody>;

export const ReportBody = Type.Object({
  code: Type.String({ minLength: 1, maxLength: 4000 }),
  category: Type.Union([Type.Literal('counterfeit'), Type.Literal('quality'), Type.Literal('label'), Type.Literal('other')]),
  message: Type.String({ minLength: 1, maxLength: 5000 }),
  contact: Type.Optional(Type.String({ maxLength: 200 })),
}, { additionalProperties: false });
export type ReportBody = Static<typeof ReportBody>;
