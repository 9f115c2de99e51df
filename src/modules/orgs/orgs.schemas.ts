import { type Static, Type } from 'typebox';
import { named } from '../../server/contract.ts';

const Str = (max: number, extra: object = {}) => Type.String({ minLength: 1, maxLength: max, ...extra });
const DateStr = Type.String({ format: 'date', description: 'YYYY-MM-DD' });

export const Contact = named('OrgContact', Type.Object(
  {
    name: Str(100),
    title: Type.Optional(Str(100)),
    phone: Type.Optional(Type.String({ pattern: '^\\+?[0-9 ()-]{5,30}$' })),
    email: Type.Optional(Type.String({ format: 'email', maxLength: 200 })),
  },
  { additionalProperties: false },
));

export const CccStatus = named('CccStatus', Type.Union(
  [Type.Literal('valid'), Type.Literal('suspended'), Type.Literal('withdrawn'), Type.Literal('cancelled'), Type.Literal('expired')],
  { description: 'valid 有效 · suspended 暂停 · withdrawn 撤销 · cancelled 注销 · expired 过期' },
));
export type CccStatus = Static<typeof CccStatus>;

export const LicenceInput = named('LicenceInput', Type.Object(
  {
    number: Str(40, { description: '生产许可证编号 XK##-###-#####, optionally (省)XK…' }),
    product: Str(200, { description: 'Product (unit) the licence covers' }),
    validFrom: Type.Optional(DateStr),
    validTo: Type.Optional(DateStr),
  },
  { additionalProperties: false },
));
export type LicenceInput = Static<typeof LicenceInput>;

export const CccInput = named('CccInput', Type.Object(
  {
    number: Str(16, { description: 'CCC certificate number, 16 digits' }),
    product: Str(200),
    status: CccStatus,
    validFrom: Type.Optional(DateStr),
    validTo: Type.Optional(DateStr),
  },
  { additionalProperties: false },
));
export type CccInput = Static<typeof CccInput>;

export const OrgRole = Type.Union([Type.Literal('producer'), Type.Literal('seller')]);

export const OrgInput = named('OrgInput', Type.Object(
  {
    name: Str(200),
    uscc: Type.String({ minLength: 1, maxLength: 30, description: '统一社会信用代码 (GB 32100), 18 characters' }),
    address: Str(300),
    regionCode: Type.Optional(Type.String({ description: 'GB/T 2260 code; defaults to USCC characters 3–8' })),
    roles: Type.Array(OrgRole, { minItems: 1, maxItems: 2, uniqueItems: true }),
    contacts: Type.Array(Contact, { minItems: 1, maxItems: 20 }),
    licences: Type.Optional(Type.Array(LicenceInput, { maxItems: 200 })),
    cccCertificates: Type.Optional(Type.Array(CccInput, { maxItems: 1000 })),
  },
  { additionalProperties: false },
));
export type OrgInput = Static<typeof OrgInput>;

export const CreateOrgBody = named('CreateOrgBody', Type.Object(
  { ...OrgInput.properties, kind: Type.Optional(Type.Union([Type.Literal('enterprise'), Type.Literal('association')])) },
  { additionalProperties: false },
));
export type CreateOrgBody = Static<typeof CreateOrgBody>;

export const UpdateOrgBody = named('UpdateOrgBody', Type.Object(
  {
    name: Type.Optional(Str(200)),
    address: Type.Optional(Str(300)),
    regionCode: Type.Optional(Type.String()),
    roles: Type.Optional(OrgInput.properties.roles),
    contacts: Type.Optional(OrgInput.properties.contacts),
  },
  { additionalProperties: false, minProperties: 1 },
));
export type UpdateOrgBody = Static<typeof UpdateOrgBody>;

export const RegistrationBody = named('RegistrationBody', Type.Object(
  {
    organisation: OrgInput,
    admin: Type.Object(
      { username: Str(64), password: Type.String({ minLength: 1, maxLength: 1024 }), displayName: Type.Optional(Str(100)) },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
));
export type RegistrationBody = Static<typeof RegistrationBody>;

export const RejectBody = named('RejectOrgBody', Type.Object({ reason: Str(1000) }, { additionalProperties: false }));
export const UpdateCccBody = named('UpdateCccBody', Type.Object(
  { status: Type.Optional(CccStatus), validTo: Type.Optional(DateStr) },
  { additionalProperties: false, minProperties: 1 },
));
export type UpdateCccBody = Static<typeof UpdateCccBody>;
export const MemberBody = named('OrgMemberBody', Type.Object({ memberId: Type.String({ format: 'uuid' }) }, { additionalProperties: false }));

export const Licence = named('Licence', Type.Object({
  id: Type.String(), number: Type.String(), product: Type.String(), validFrom: Type.Union([Type.String(), Type.Null()]), validTo: Type.Union([Type.String(), Type.Null()]),
}));
export const CccCertificate = named('CccCertificate', Type.Object({
  id: Type.String(), number: Type.String(), product: Type.String(), status: CccStatus,
  effectiveStatus: Type.Union([CccStatus], { description: 'status, or expired once validTo has passed' }),
  validFrom: Type.Union([Type.String(), Type.Null()]), validTo: Type.Union([Type.String(), Type.Null()]),
}));
export const Organisation = named('Organisation', Type.Object({
  id: Type.String({ format: 'uuid' }),
  kind: Type.Union([Type.Literal('enterprise'), Type.Literal('association')]),
  name: Type.String(),
  uscc: Type.String(),
  address: Type.String(),
  regionCode: Type.String(),
  regionSource: Type.Union([Type.Literal('uscc'), Type.Literal('declared')]),
  roles: Type.Array(Type.String()),
  contacts: Type.Optional(Type.Array(Contact, { description: 'only to the audiences the profile\'s producer.contact level allows (by default: the organisation itself, regulators of its region)' })),
  status: Type.Union([Type.Literal('pending'), Type.Literal('approved'), Type.Literal('rejected')]),
  statusReason: Type.Union([Type.String(), Type.Null()]),
  decidedAt: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  licences: Type.Array(Licence),
  cccCertificates: Type.Array(CccCertificate),
}));
export const OrgSummary = named('OrgSummary', Type.Object({
  id: Type.String(), kind: Type.String(), name: Type.String(), uscc: Type.String(), regionCode: Type.String(),
  roles: Type.Array(Type.String()), status: Type.String(), createdAt: Type.String(),
}));
export const ListOrgsQuery = Type.Object(
  {
    status: Type.Optional(Type.Union([Type.Literal('pending'), Type.Literal('approved'), Type.Literal('rejected')])),
    region: Type.Optional(Type.String({ pattern: '^[0-9]{2,6}$' })),
    q: Type.Optional(Type.String({ maxLength: 100 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
  },
  { additionalProperties: false },
);
export type ListOrgsQuery = Static<typeof ListOrgsQuery>;
/** The partner directory a ship (or receive) form searches: a name fragment or a USCC, at least two characters. */
export const PartnersQuery = Type.Object(
  {
    q: Type.String({ minLength: 2, maxLength: 100, description: 'part of the name, or the whole 统一社会信用代码' }),
    role: Type.Optional(Type.Union([OrgRole], { default: 'seller', description: 'the business role the partner must have (default seller)' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 20 })),
  },
  { additionalProperties: false },
);
export type PartnersQuery = Static<typeof PartnersQuery>;
/** What a ship form needs of a partner, and no more: who it is and where. */
export const Partner = named('Partner', Type.Object({
  id: Type.String({ format: 'uuid' }), name: Type.String(), uscc: Type.String(), regionCode: Type.String({ description: 'GB/T 2260 code of its registered region' }),
}));
export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
export const CertParams = Type.Object({ id: Type.String({ format: 'uuid' }), certId: Type.String({ format: 'uuid' }) });
