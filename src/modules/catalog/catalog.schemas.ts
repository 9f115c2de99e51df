/** The catalogue documents an admin loads: key-product lists and data-requirements profiles. */
import { type Static, Type } from 'typebox';
import { named } from '../../server/contract.ts';

const Text = Type.Object({ zh: Type.String({ minLength: 1 }), en: Type.String({ minLength: 1 }) }, { additionalProperties: false });
// Where a document comes from, in both languages; one string in documents loaded before notes were bilingual (2024.1 as first shipped).
const Note = Type.Union([Text, Type.String()]);
const Code = Type.String({ pattern: '^[a-z0-9][a-z0-9.-]{0,63}$' });
const Version = Type.String({ pattern: '^[0-9A-Za-z][0-9A-Za-z._-]{0,31}$', description: 'e.g. 2024.1' });
const Day = Type.String({ format: 'date' });
export const Regime = Type.Union([Type.Literal('licence'), Type.Literal('ccc'), Type.Literal('mandatory-standard')]);
export type Regime = Static<typeof Regime>;

export const Category = named('KeyProductCategory', Type.Object(
  {
    code: Code,
    name: Text,
    status: Type.Union([Type.Literal('known'), Type.Literal('unknown')], { description: 'unknown: listed but not published; products cannot use it yet' }),
    basis: Type.Union([Type.Literal('list'), Type.Literal('rule')], { description: 'named in a list, or brought in by a staged rule' }),
    rule: Type.Optional(Text),
    stage: Type.String({ pattern: '^[0-9]{4}$' }),
    inScopeFrom: Day,
    regimes: Type.Array(Regime, { uniqueItems: true, description: 'any one of these is required of a product in the category' }),
    profile: Code,
    items: Type.Array(Type.Object({ code: Code, name: Text }, { additionalProperties: false })),
  },
  { additionalProperties: false },
));
export type Category = Static<typeof Category>;

export const KeyProductList = named('KeyProductListDocument', Type.Object(
  {
    kind: Type.Literal('key-product-list'),
    id: Code,
    version: Version,
    effectiveFrom: Day,
    title: Text,
    source: Type.Optional(Note),
    categories: Type.Array(Category, { minItems: 1, maxItems: 2000 }),
  },
  { additionalProperties: false },
));
export type KeyProductList = Static<typeof KeyProductList>;

export const FieldType = Type.Union([Type.Literal('string'), Type.Literal('date'), Type.Literal('integer'), Type.Literal('number'), Type.Literal('boolean'), Type.Literal('enum')]);
export const Disclosure = Type.Union([Type.Literal('public'), Type.Literal('chain'), Type.Literal('regulator'), Type.Literal('owner')]);
export type Disclosure = Static<typeof Disclosure>;

export const ProfileField = named('ProfileField', Type.Object(
  {
    key: Type.String({ pattern: '^[a-z][A-Za-z0-9]*(\\.[a-z][A-Za-z0-9]*)+$', description: 'entity.name, e.g. product.ratedVoltage' }),
    group: Code,
    entity: Type.Union([
      Type.Literal('organisation'), Type.Literal('product'), Type.Literal('batch'), Type.Literal('inspection'),
      Type.Literal('shipment'), Type.Literal('purchase'), Type.Literal('sale'),
    ]),
    label: Text,
    type: FieldType,
    options: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { minItems: 1, uniqueItems: true })),
    requiredFor: Type.Array(Type.String({ minLength: 1 }), { description: '"*", category codes, or "regime:<licence|ccc|mandatory-standard>"' }),
    codingRoute: Type.Array(Code, { minItems: 1, uniqueItems: true }),
    disclosure: Disclosure,
    source: Type.Optional(Note),
  },
  { additionalProperties: false },
));
export type ProfileField = Static<typeof ProfileField>;

const Named = Type.Object({ code: Code, name: Text }, { additionalProperties: false });

export const DataProfile = named('DataProfileDocument', Type.Object(
  {
    kind: Type.Literal('data-profile'),
    id: Code,
    version: Version,
    effectiveFrom: Day,
    title: Text,
    source: Type.Optional(Note),
    groups: Type.Array(Named, { minItems: 1 }),
    codingRoutes: Type.Array(Named, { minItems: 1 }),
    disclosureLevels: Type.Array(Named, { minItems: 1 }),
    fields: Type.Array(ProfileField, { minItems: 1, maxItems: 5000 }),
  },
  { additionalProperties: false },
));
export type DataProfile = Static<typeof DataProfile>;

export const CatalogDocument = Type.Union([KeyProductList, DataProfile]);

export const LoadedVersion = named('CatalogVersion', Type.Object({
  id: Type.String(),
  kind: Type.Union([Type.Literal('list'), Type.Literal('profile')]),
  docId: Type.String(),
  version: Type.String(),
  effectiveFrom: Type.String(),
  sha256: Type.String({ description: 'SHA-256 of the canonical JSON of the document as loaded' }),
  loadedAt: Type.String(),
}));

/** A loaded version with its document, as the catalogue answers it. */
export const KeyProductListVersion = named('KeyProductListVersion', Type.Object({ ...LoadedVersion.properties, document: KeyProductList }));
export const DataProfileVersion = named('DataProfileVersion', Type.Object({ ...LoadedVersion.properties, document: DataProfile }));
export const CatalogInForce = named('CatalogInForce', Type.Object({ day: Type.String(), list: KeyProductListVersion, profiles: Type.Array(DataProfileVersion) }));
export const CatalogLoadResult = named('CatalogLoadResult', Type.Object({ version: LoadedVersion, created: Type.Boolean({ description: 'false: this version was loaded before with the same content' }) }));

export const VersionParams = Type.Object({ docId: Code, version: Version });
export const AtQuery = Type.Object({ at: Type.Optional(Type.String({ format: 'date', description: 'the day to look at; today by default' })) }, { additionalProperties: false });
