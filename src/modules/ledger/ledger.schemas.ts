import { Type } from 'typebox';

const B64 = (description: string) => Type.String({ description: `${description} (standard base64)` });

export const LedgerKey = Type.Object({
  name: Type.String({ description: 'key name: the log origin' }),
  algorithm: Type.Union([Type.Literal('ed25519'), Type.Literal('sm2')]),
  vkey: Type.String({ description: 'C2SP verifier key text' }),
  publicKey: B64('raw public key: Ed25519 32 bytes, SM2 65 bytes 04||x||y'),
  status: Type.Union([Type.Literal('active'), Type.Literal('retired')]),
});

export const Leaf = Type.Object({
  index: Type.Integer(),
  leafHash: B64('RFC 6962 leaf hash H(0x00 || record)'),
  record: Type.String({ description: 'the leaf data: RFC 8785 canonical JSON of {"record","type","v"}' }),
  type: Type.String(),
  subjectId: Type.String(),
  appendedAt: Type.String(),
});

export const InclusionProof = Type.Object({
  index: Type.Integer(),
  size: Type.Integer(),
  leafHash: B64('leaf hash'),
  rootHash: B64('root of the tree of `size` leaves'),
  path: Type.Array(Type.String(), { description: 'inclusion path, leaf sibling first (base64)' }),
  checkpoint: Type.String({ description: 'the signed checkpoint the proof is against' }),
  tlogProof: Type.String({ description: 'the same proof as a C2SP tlog-proof file' }),
});

export const ConsistencyProof = Type.Object({
  from: Type.Integer(), to: Type.Integer(), fromRoot: Type.String(), toRoot: Type.String(), path: Type.Array(Type.String()),
});

export const InclusionQuery = Type.Object(
  {
    index: Type.Optional(Type.Integer({ minimum: 0 })),
    recordId: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'id of a record (organisation, product, …): proves its latest leaf' })),
    size: Type.Optional(Type.Integer({ minimum: 1, description: 'a checkpointed tree size; the latest checkpoint by default' })),
    format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('tlog-proof')])),
  },
  { additionalProperties: false },
);

export const ConsistencyQuery = Type.Object({ from: Type.Integer({ minimum: 0 }), to: Type.Integer({ minimum: 0 }) }, { additionalProperties: false });

/** A record's proof, attached to API answers on request (`?proof=true`). */
export const RecordProof = Type.Object({
  index: Type.Integer(),
  leafHash: Type.String(),
  record: Type.String({ description: 'the leaf data (canonical JSON); hashing it gives leafHash' }),
  size: Type.Integer(),
  rootHash: Type.String(),
  path: Type.Array(Type.String()),
  checkpoint: Type.String(),
}, { description: 'inclusion of the latest ledger record of this object in a signed checkpoint' });

export const ProofQuery = Type.Object({ proof: Type.Optional(Type.Boolean({ description: 'attach the ledger proof of this record' })) }, { additionalProperties: false });
