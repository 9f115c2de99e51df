import { type Static, Type } from 'typebox';
import { named } from '../../server/contract.ts';

const B64 = (description: string) => Type.String({ description: `${description} (standard base64)` });

export const LedgerKey = named('LedgerKey', Type.Object({
  name: Type.String({ description: 'key name: the log origin' }),
  algorithm: Type.Union([Type.Literal('ed25519'), Type.Literal('sm2')]),
  vkey: Type.String({ description: 'C2SP verifier key text' }),
  publicKey: B64('raw public key: Ed25519 32 bytes, SM2 65 bytes 04||x||y'),
  status: Type.Union([Type.Literal('active'), Type.Literal('retired')]),
}));

const LeafRecord = Type.String({ description: 'the leaf data: RFC 8785 canonical JSON of {"record","type","v"}; for v 2 the record holds a salted digest per member (`_sd`), not the values' });
const Disclosures = Type.Array(Type.String(), {
  description: 'v 2 leaves: the disclosures of the members you may see — base64url of the JSON [salt, name, value], each hashing (base64url of the log hash of its ASCII text) to a digest in the record\'s `_sd` (the SD-JWT technique, RFC 9901 §4.2); members you may not see are digests only',
});
const Withheld = Type.Literal(true, { description: 'a version 1 leaf (values in clear) holds members you may not see: only its hash and proof are given' });

export const Leaf = named('LedgerLeaf', Type.Object({
  index: Type.Integer(),
  leafHash: B64('RFC 6962 leaf hash H(0x00 || record)'),
  record: Type.Optional(LeafRecord),
  disclosures: Type.Optional(Disclosures),
  withheld: Type.Optional(Withheld),
  type: Type.String(),
  subjectId: Type.String(),
  appendedAt: Type.String(),
}));

export const InclusionProof = named('InclusionProof', Type.Object({
  index: Type.Integer(),
  size: Type.Integer(),
  leafHash: B64('leaf hash'),
  rootHash: B64('root of the tree of `size` leaves'),
  path: Type.Array(Type.String(), { description: 'inclusion path, leaf sibling first (base64)' }),
  checkpoint: Type.String({ description: 'the signed checkpoint the proof is against' }),
  tlogProof: Type.String({ description: 'the same proof as a C2SP tlog-proof file' }),
}));

export const ConsistencyProof = named('ConsistencyProof', Type.Object({
  from: Type.Integer(), to: Type.Integer(), fromRoot: Type.String(), toRoot: Type.String(), path: Type.Array(Type.String()),
}));

export const InclusionQuery = Type.Object(
  {
    index: Type.Optional(Type.Integer({ minimum: 0 })),
    recordId: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'id of a record (organisation, product, …): proves its latest leaf' })),
    size: Type.Optional(Type.Integer({ minimum: 1, description: 'a checkpointed tree size; the latest checkpoint by default' })),
    format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('tlog-proof')])),
  },
  { additionalProperties: false },
);

export type InclusionQuery = Static<typeof InclusionQuery>;

export const ConsistencyQuery = Type.Object({ from: Type.Integer({ minimum: 0 }), to: Type.Integer({ minimum: 0 }) }, { additionalProperties: false });

export const LeafParams = Type.Object({ index: Type.Integer({ minimum: 0 }) });

/** A C2SP signed note (the checkpoint), or a C2SP tlog-proof file: text, as sent. */
export const SignedNote = Type.String({ description: 'C2SP signed-note text' });
export const TlogProofText = Type.String({ description: 'the inclusion proof as a C2SP tlog-proof file' });

/** A record's proof, attached to API answers on request (`?proof=true`). */
export const RecordProof = named('RecordProof', Type.Object({
  index: Type.Integer(),
  leafHash: Type.String(),
  record: Type.Optional(LeafRecord),
  disclosures: Type.Optional(Disclosures),
  withheld: Type.Optional(Withheld),
  size: Type.Integer(),
  rootHash: Type.String(),
  path: Type.Array(Type.String()),
  checkpoint: Type.String(),
}, { description: 'inclusion of the latest ledger record of this object in a signed checkpoint' }));

export const ProofQuery = Type.Object({ proof: Type.Optional(Type.Boolean({ description: 'attach the ledger proof of this record' })) }, { additionalProperties: false });
