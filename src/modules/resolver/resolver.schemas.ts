/** Contracts of the resolver and the scan. */
import { type Static, type TSchema, Type } from 'typebox';
import { named } from '../../server/contract.ts';
import type { MessageRef } from '../../shared/i18n/i18n.ts';
import { OpenRecall } from '../recalls/recalls.schemas.ts';

export const ScanQuery = Type.Object({
  code: Type.Optional(Type.String({ maxLength: 4000, description: 'for /scan: the pasted or scanned string' })),
  linkType: Type.Optional(Type.String({ maxLength: 200, description: 'all | linkset: the RFC 9264 linkset; a GS1 link type (gs1:pip, gs1:certificationInfo, …): a 307 to that link' })),
  lang: Type.Optional(Type.String({ maxLength: 10, description: 'zh | en: the page language, over Accept-Language' })),
}, { additionalProperties: true, description: 'numeric keys are Digital Link data attributes (e.g. 17=261231)' });
export type ScanQuery = Static<typeof ScanQuery>;

export const ProofQuery = Type.Object({ code: Type.String({ minLength: 1, maxLength: 4000 }) }, { additionalProperties: false });
export type ProofQuery = Static<typeof ProofQuery>;

export const LocationBody = named('ScanLocationBody', Type.Object({
  latitude: Type.Number({ minimum: -90, maximum: 90 }),
  longitude: Type.Number({ minimum: -180, maximum: 180 }),
}, { additionalProperties: false }));
export type LocationBody = Static<typeof LocationBody>;

export const ReportBody = named('ScanReportBody', Type.Object({
  code: Type.String({ minLength: 1, maxLength: 4000 }),
  category: Type.Union([Type.Literal('counterfeit'), Type.Literal('quality'), Type.Literal('label'), Type.Literal('other')]),
  message: Type.String({ minLength: 1, maxLength: 5000 }),
  contact: Type.Optional(Type.String({ maxLength: 200 })),
}, { additionalProperties: false }));
export type ReportBody = Static<typeof ReportBody>;

/** The report form's page language (zh | en), for the thanks page; not validated, as before. */
export const ReportQuery = Type.Object({ lang: Type.Optional(Type.Unknown({ description: 'zh | en: the language of the thanks page' })) });

export const ScanParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
export const IdSchemeParams = Type.Object({ scheme: Type.String(), value: Type.String() });

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

/** Text that is bilingual by nature: a region, a category, a label. */
const Bilingual = Type.Object({ zh: Type.String(), en: Type.String() });

/** A message not yet put into words (a catalog key and its parameters), nested as deep as it goes. */
const NestedMessage = Type.Object({ key: Type.String(), params: Type.Optional(Type.Record(Type.String(), Type.Unknown())) });
const MessageParam = Type.Union([Type.String(), Type.Number(), Bilingual, NestedMessage, Type.Array(NestedMessage)]);
/** Typed as the i18n MessageRef (its key one of the catalog's): the page puts it into words. */
const Message = Type.Unsafe<MessageRef>(Type.Object({ key: Type.String({ description: 'an i18n catalog key' }), params: Type.Optional(Type.Record(Type.String(), MessageParam)) }));

export const JourneyStep = Type.Union([
  Type.Literal('produced'), Type.Literal('inspected'), Type.Literal('packed'), Type.Literal('shipped'), Type.Literal('received'),
  Type.Literal('sold'), Type.Literal('returned'), Type.Literal('recalled'), Type.Literal('destroyed'),
]);

/**
 * What a scan shows: the public facts about one code, the same for the HTML page and the JSON
 * answer. Only fields whose disclosure level is `public` ever get here.
 */
export const ScanFacts = named('ScanFacts', Type.Object({
  query: Type.Object({
    input: Type.String({ description: 'what was scanned, as given' }),
    key: Nullable(Type.String({ description: "the code's canonical form (element string, Yima code, …), when it parsed" })),
    scheme: Nullable(Type.String({ description: 'gs1 | ecode | ccc | yima | opaque | uscc | licence, when it parsed' })),
    elements: Type.Array(Type.Object({ ai: Type.Optional(Type.String()), name: Type.String(), value: Type.String() })),
    digitalLink: Nullable(Type.String()),
  }),
  status: Type.Union([Type.Literal('registered'), Type.Literal('unknown'), Type.Literal('invalid')], { description: 'registered: on the platform; unknown: valid but not registered; invalid: not a code' }),
  invalid: Nullable(Type.Object({
    error: Type.String({ description: 'what is wrong, in English' }),
    reason: Type.Optional(Message),
    position: Type.Optional(Type.Integer()),
  })),
  product: Nullable(Type.Object({
    name: Type.String(),
    model: Type.String(),
    brand: Nullable(Type.String()),
    standard: Type.String(),
    category: Type.Object({ code: Type.String(), name: Bilingual }),
    gtin: Nullable(Type.String()),
    attributes: Type.Array(Type.Object({ key: Type.String(), label: Bilingual, value: Type.String() }), { description: "public attributes of the product's profile, labelled" }),
  })),
  producer: Nullable(Type.Object({ name: Type.String(), address: Type.String(), uscc: Type.String(), region: Nullable(Bilingual) })),
  batch: Nullable(Type.Object({ lot: Type.String(), productionDate: Type.String() })),
  inspection: Nullable(Type.Object({ result: Type.Union([Type.Literal('pass'), Type.Literal('fail')]), reportNumber: Type.String(), body: Nullable(Type.String()), date: Type.String() })),
  ccc: Nullable(Type.Object({ number: Type.String(), status: Type.String(), validFrom: Nullable(Type.String()), validTo: Nullable(Type.String()) })),
  licence: Nullable(Type.Object({ number: Type.String(), validTo: Nullable(Type.String()) })),
  journey: Type.Array(Type.Object({ date: Nullable(Type.String()), step: JourneyStep, region: Nullable(Bilingual) }), {
    description: 'the public part of the journey: steps with a date (null where the profile keeps it from the public) and the city',
  }),
  recalls: Type.Array(OpenRecall),
  scans: Type.Object({
    count: Type.Integer(),
    sessions: Type.Integer({ description: 'sessions: scans of one scanner (keyed address hash) less than YIMA_CLONE_SESSION_MINUTES apart count once' }),
    firstAt: Nullable(Type.String()),
    firstPlace: Nullable(Bilingual),
    places: Type.Integer(),
    afterSale: Type.Integer(),
    cloneSuspected: Type.Boolean(),
    reasons: Type.Array(Type.String(), { description: 'why it looks cloned: many_sessions | distant_places | scanned_after_sale' }),
  }, { description: 'scans of this code so far (before this one) and what they suggest' }),
  ledger: Nullable(Type.Object({
    leafIndex: Type.Integer(),
    checkpointSize: Type.Integer(),
    proofUrl: Type.String({ description: 'where the browser fetches what it needs to verify the record (proof, checkpoint, keys)' }),
  }, { description: "the code's registration record in the ledger" })),
  links: Type.Array(Type.Object({
    linkType: Type.String(),
    href: Type.String(),
    title: Type.String(),
    hreflang: Type.Optional(Type.Immutable(Type.Array(Type.String()))),
    mediaType: Type.Optional(Type.String()),
    isDefault: Type.Optional(Type.Boolean()),
  }), { description: "links the producer attached (GS1 link types) and the platform's own" }),
  scanId: Nullable(Type.String({ description: "id of this scan's record, for the location the page may add" })),
}));
export type ScanFacts = Static<typeof ScanFacts>;

/** One target of a relation (RFC 9264 §4.2.4). */
const LinkTarget = Type.Object({
  href: Type.String(),
  title: Type.String(),
  type: Type.Optional(Type.String({ description: "the target's media type" })),
  hreflang: Type.Optional(Type.Immutable(Type.Array(Type.String()))),
});

/** An RFC 9264 linkset in the shape GS1-Conformant Resolver 1.2 §2.10 prescribes. */
export const Linkset = named('Linkset', Type.Object({
  linkset: Type.Immutable(Type.Array(Type.Object({
    anchor: Type.String(),
    itemDescription: Type.String(),
  }, { additionalProperties: Type.Array(LinkTarget), description: 'a link context object: its anchor, a description, and the targets of each relation type (GS1 Web Vocabulary IRIs, e.g. https://ref.gs1.org/voc/pip, and https://ref.gs1.org/voc/defaultLink)' }))),
}));

/** The GS1-Conformant Resolver 1.2 description file (§3). */
export const ResolverDescription = named('ResolverDescription', Type.Object({
  name: Type.String(),
  resolverRoot: Type.String(),
  supportedPrimaryKeys: Type.Immutable(Type.Array(Type.String())),
  supportedLinkType: Type.Immutable(Type.Array(Type.Object({ namespace: Type.String(), prefix: Type.String() }))),
  linkTypeDefaultCanBeLinkset: Type.Boolean(),
  jsonLdContextLocation: Type.String(),
  contact: Type.Optional(Type.Object({ fn: Type.String(), hasTelephone: Type.Optional(Type.String()) })),
}));

/** A leaf the scan page verifies: its record as the public sees it, or its hash alone. */
export const ScanProofLeaf = named('ScanProofLeaf', Type.Object({
  index: Type.Integer(),
  type: Type.String(),
  label: Type.String({ description: 'registration, or the journey step of the event' }),
  path: Type.Array(Type.String(), { description: 'inclusion path against the checkpoint (base64)' }),
  leafHash: Type.Optional(Type.String({ description: 'a leaf holding members the public may not see: its hash alone' })),
  v: Type.Optional(Type.Integer({ description: 'leaf version: 1 values in clear, 2 salted digests (`_sd`)' })),
  record: Type.Optional(Type.Object({}, { additionalProperties: true, description: 'the leaf record: for v 2, clear members and `_sd` digests of the others' })),
  disclosures: Type.Optional(Type.Array(Type.String(), { description: 'v 2: the disclosures of the public members (base64url of [salt, name, value])' })),
}));

export const ScanProof = named('ScanProof', Type.Object({
  checkpoint: Type.String({ description: 'the latest signed checkpoint (C2SP signed note) with its cosignatures' }),
  size: Type.Integer(),
  keys: Type.Array(Type.String(), { description: 'C2SP verifier keys of the log' }),
  leaves: Type.Array(ScanProofLeaf),
}));

export const ScanReportCreated = named('ScanReportCreated', Type.Object({ id: Type.String() }));

/** A problem the public reported: its contact only to the regulators of the producer's region. */
export const ScanReport = named('ScanReport', Type.Object({
  id: Type.String(),
  code: Type.String({ description: 'the code as given' }),
  codeKey: Nullable(Type.String()),
  orgId: Nullable(Type.String()),
  regionCode: Nullable(Type.String()),
  category: Type.Union([Type.Literal('counterfeit'), Type.Literal('quality'), Type.Literal('label'), Type.Literal('other')]),
  message: Type.String(),
  contact: Nullable(Type.String()),
  createdAt: Type.String(),
}));
