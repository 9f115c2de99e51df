/** Contracts of seller 查验. */
import { type Static, type TSchema, Type } from 'typebox';
import { named } from '../../server/contract.ts';
import { OpenRecall } from '../recalls/recalls.schemas.ts';

export const VerifyBody = named('VerifyBody', Type.Object({
  code: Type.String({ minLength: 1, maxLength: 2000, description: 'the scanned code in any form' }),
}, { additionalProperties: false }));
export type VerifyBody = Static<typeof VerifyBody>;

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const VerdictLevel = Type.Union([Type.Literal('pass'), Type.Literal('warn'), Type.Literal('fail')]);

/** One reason of a verdict, in the reader's language (Accept-Language). */
export const VerdictReason = named('VerdictReason', Type.Object({
  code: Type.String({ description: 'stable reason code: ok, not_registered, ccc_not_valid, licence_expired, recalled, already_sold, decommissioned, shipped_to_other, no_shipment, held_by_other' }),
  severity: VerdictLevel,
  message: Type.String(),
}));

/** The 查验 answer: a verdict with every reason; for a registered code, its facts too. */
export const Verdict = named('Verdict', Type.Object({
  code: Type.String({ description: 'the code, as a key' }),
  registered: Type.Boolean(),
  verdict: VerdictLevel,
  reasons: Type.Array(VerdictReason),
  product: Type.Optional(Type.Object({ id: Type.String(), name: Type.String(), model: Type.String(), brand: Nullable(Type.String()), categoryCode: Type.String() })),
  batch: Type.Optional(Nullable(Type.Object({ id: Type.String(), lot: Nullable(Type.String()), productionDate: Nullable(Type.String()) }))),
  producer: Type.Optional(Type.Object({ orgId: Type.String(), name: Type.String(), uscc: Type.String(), address: Type.String() })),
  licence: Type.Optional(Nullable(Type.Object({ number: Type.String(), validTo: Nullable(Type.String()) }))),
  ccc: Type.Optional(Nullable(Type.Object({ number: Type.String(), status: Nullable(Type.String()), validFrom: Nullable(Type.String()), validTo: Nullable(Type.String()) }))),
  recalled: Type.Optional(Type.Boolean()),
  recalls: Type.Optional(Type.Array(OpenRecall)),
  state: Type.Optional(Type.String({ description: 'held, in_transit, sold, gone, …' })),
  shippedTo: Type.Optional(Nullable(Type.Object({
    orgId: Nullable(Type.String()),
    name: Nullable(Type.String()),
    id: Nullable(Type.String()),
  }, { description: 'where the goods are in transit to: named to the producer, the consignee and regulators covering the producer; nulls to anyone else' }))),
}));
export type Verdict = Static<typeof Verdict>;
