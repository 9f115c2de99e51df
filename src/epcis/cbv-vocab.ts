/**
 * CBV 2.0 standard vocabularies (GS1 Core Business Vocabulary 2.0, ISO/IEC 19988) and the three
 * spellings a standard value can take:
 *
 * | spelling | example | where |
 * |---|---|---|
 * | bare word | `shipping` | EPCIS 2.0 JSON/JSON-LD (expanded through the EPCIS `@context`) |
 * | Web URI   | `https://ref.gs1.org/cbv/BizStep-shipping` | CBV 2.0 §6 canonical form |
 * | URN       | `urn:epcglobal:cbv:bizstep:shipping` | EPCIS 1.x / 2.0 XML |
 *
 * The CURIE `cbv:BizStep-shipping` (the `cbv` prefix of the EPCIS JSON-LD context) is read as the
 * Web URI. Custom values (any other URI or CURIE, e.g. `cn:ccc_certified`) are allowed everywhere a
 * standard value is (EPCIS 2.0 §7.3.5, "vocab-other-uri" in the JSON schema) and pass through
 * unchanged. The lists below are the enums of `JSON-Schema/schemas/*-JSON-Schema.json` (gs1/EPCIS).
 */

/** CBV 2.0 §7.1 business steps (41). */
export const BIZ_STEPS = [
  'accepting', 'arriving', 'assembling', 'collecting', 'commissioning', 'consigning', 'creating_class_instance',
  'cycle_counting', 'decommissioning', 'departing', 'destroying', 'disassembling', 'dispensing', 'encoding',
  'entering_exiting', 'holding', 'inspecting', 'installing', 'killing', 'loading', 'other', 'packing', 'picking',
  'receiving', 'removing', 'repackaging', 'repairing', 'replacing', 'reserving', 'retail_selling', 'shipping',
  'staging_outbound', 'stock_taking', 'stocking', 'storing', 'transporting', 'unloading', 'unpacking',
  'void_shipping', 'sensor_reporting', 'sampling',
] as const;

/** CBV 2.0 §7.2 dispositions (33). */
export const DISPOSITIONS = [
  'active', 'container_closed', 'damaged', 'destroyed', 'dispensed', 'disposed', 'encoded', 'expired',
  'in_progress', 'in_transit', 'inactive', 'no_pedigree_match', 'non_sellable_other', 'partially_dispensed',
  'recalled', 'reserved', 'retail_sold', 'returned', 'sellable_accessible', 'sellable_not_accessible', 'stolen',
  'unknown', 'available', 'completeness_verified', 'completeness_inferred', 'conformant', 'container_open',
  'mismatch_instance', 'mismatch_class', 'mismatch_quantity', 'needs_replacement', 'non_conformant', 'unavailable',
] as const;

/** CBV 2.0 §7.3 business transaction types (13). */
export const BIZ_TRANSACTION_TYPES = [
  'bol', 'cert', 'desadv', 'inv', 'pedigree', 'po', 'poc', 'prodorder', 'recadv', 'rma', 'testprd', 'testres', 'upevt',
] as const;

/** CBV 2.0 §7.4 source/destination types (3). */
export const SOURCE_DESTINATION_TYPES = ['owning_party', 'possessing_party', 'location'] as const;

/** CBV 2.0 §7.5 error reasons (2). */
export const ERROR_REASONS = ['did_not_occur', 'incorrect_data'] as const;

/** CBV 2.0 §7.6 sensor-report components (14); Web URI `https://ref.gs1.org/cbv/Comp-{word}`. */
export const SENSOR_COMPONENTS = [
  'x', 'y', 'z', 'axial_distance', 'azimuth', 'height', 'spherical_radius', 'polar_angle', 'elevation_angle',
  'easting', 'northing', 'latitude', 'longitude', 'altitude',
] as const;

/** EPCIS 2.0 §7.3.8 sensor-report exceptions; GS1 Web Vocabulary terms (`gs1:ALARM_CONDITION`). */
export const SENSOR_ALERT_TYPES = ['ALARM_CONDITION', 'ERROR_CONDITION'] as const;

/** EPCIS 2.0 §7.3.8 sensor measurement types (72); GS1 Web Vocabulary terms (`gs1:Temperature`). */
export const MEASUREMENT_TYPES = [
  'AbsoluteHumidity', 'AbsorbedDose', 'AbsorbedDoseRate', 'Acceleration', 'Radioactivity', 'Altitude',
  'AmountOfSubstance', 'AmountOfSubstancePerUnitVolume', 'Angle', 'AngularAcceleration', 'AngularMomentum',
  'AngularVelocity', 'Area', 'Capacitance', 'Conductance', 'Conductivity', 'Count', 'Density', 'Dimensionless',
  'DoseEquivalent', 'DoseEquivalentRate', 'DynamicViscosity', 'ElectricCharge', 'ElectricCurrent',
  'ElectricCurrentDensity', 'ElectricFieldStrength', 'Energy', 'Exposure', 'Force', 'Frequency', 'Illuminance',
  'Inductance', 'Irradiance', 'KinematicViscosity', 'Length', 'LinearMomentum', 'Luminance', 'LuminousFlux',
  'LuminousIntensity', 'MagneticFlux', 'MagneticFluxDensity', 'MagneticVectorPotential', 'Mass',
  'MassConcentration', 'MassFlowRate', 'MassPerAreaTime', 'MemoryCapacity', 'MolalityOfSolute', 'MolarEnergy',
  'MolarMass', 'MolarVolume', 'Power', 'Pressure', 'RadiantFlux', 'RadiantIntensity', 'RelativeHumidity',
  'Resistance', 'Resistivity', 'SolidAngle', 'SpecificVolume', 'Speed', 'SurfaceDensity', 'SurfaceTension',
  'Temperature', 'Time', 'Torque', 'Voltage', 'Volume', 'VolumeFlowRate', 'VolumeFraction', 'VolumetricFlux',
  'Wavenumber',
] as const;

export type BizStep = (typeof BIZ_STEPS)[number];
export type Disposition = (typeof DISPOSITIONS)[number];
export type BizTransactionType = (typeof BIZ_TRANSACTION_TYPES)[number];
export type SourceDestinationType = (typeof SOURCE_DESTINATION_TYPES)[number];
export type ErrorReason = (typeof ERROR_REASONS)[number];

/** The CBV vocabularies whose values have URN and Web URI spellings. */
export type VocabKind = 'bizStep' | 'disposition' | 'bizTransactionType' | 'sourceDestType' | 'errorReason';

/** Base of CBV 2.0 Web URIs (CBV 2.0 §6.4). */
export const CBV_WEB_BASE = 'https://ref.gs1.org/cbv/';

interface VocabSpec {
  readonly values: ReadonlySet<string>;
  /** `https://ref.gs1.org/cbv/BizStep-` */
  readonly web: string;
  /** `urn:epcglobal:cbv:bizstep:` */
  readonly urn: string;
  /** `cbv:BizStep-` */
  readonly curie: string;
}

function spec(values: readonly string[], webTerm: string, urnTerm: string): VocabSpec {
  return Object.freeze({
    values: new Set(values),
    web: `${CBV_WEB_BASE}${webTerm}-`,
    urn: `urn:epcglobal:cbv:${urnTerm}:`,
    curie: `cbv:${webTerm}-`,
  });
}

// CBV 2.0 §6.4 (Web URI term prefixes) and §6.3 / CBV 1.2 (URN namespaces).
const SPECS: Readonly<Record<VocabKind, VocabSpec>> = Object.freeze({
  bizStep: spec(BIZ_STEPS, 'BizStep', 'bizstep'),
  disposition: spec(DISPOSITIONS, 'Disp', 'disp'),
  bizTransactionType: spec(BIZ_TRANSACTION_TYPES, 'BTT', 'btt'),
  sourceDestType: spec(SOURCE_DESTINATION_TYPES, 'SDT', 'sdt'),
  errorReason: spec(ERROR_REASONS, 'ER', 'er'),
});

/**
 * The standard values of a vocabulary, in CBV order.
 *
 * @example vocabValues('sourceDestType') // → ['owning_party', 'possessing_party', 'location']
 */
export function vocabValues(kind: VocabKind): readonly string[] {
  return [...SPECS[kind].values];
}

/**
 * Whether `word` is a standard bare value of the vocabulary (case-sensitive, as in the JSON schema).
 *
 * @example isStandardVocab('disposition', 'recalled') // → true
 * @example isStandardVocab('disposition', 'Recalled') // → false
 */
export function isStandardVocab(kind: VocabKind, word: string): boolean {
  return SPECS[kind].values.has(word);
}

/** The bare word a spelling stands for, or undefined if it is not a spelling of a standard value. */
function standardWord(kind: VocabKind, value: string): string | undefined {
  const s = SPECS[kind];
  if (s.values.has(value)) return value;
  for (const prefix of [s.web, s.urn, s.curie]) {
    if (value.startsWith(prefix)) {
      const word = value.slice(prefix.length);
      return s.values.has(word) ? word : undefined;
    }
  }
  return undefined;
}

/**
 * Maps any spelling of a standard CBV value (bare word, Web URI, URN, or `cbv:` CURIE) to the bare
 * word used in EPCIS 2.0 JSON; anything else (custom URIs and CURIEs, unknown words) is returned
 * unchanged, so the result can be compared and stored as one canonical string.
 *
 * @example normaliseVocab('bizStep', 'urn:epcglobal:cbv:bizstep:shipping') // → 'shipping'
 * @example normaliseVocab('bizStep', 'https://ref.gs1.org/cbv/BizStep-shipping') // → 'shipping'
 * @example normaliseVocab('disposition', 'urn:epcglobal:cbv:disp:in_transit') // → 'in_transit'
 * @example normaliseVocab('bizStep', 'https://example.cn/steps/ccc_certified') // → unchanged
 */
export function normaliseVocab(kind: VocabKind, value: string): string {
  return standardWord(kind, value) ?? value;
}

/**
 * The URI of a CBV value in the requested style: `web` (`https://ref.gs1.org/cbv/…`, CBV 2.0 and
 * the JSON-LD expansion) or `urn` (`urn:epcglobal:cbv:…`, EPCIS XML). Accepts any spelling of a
 * standard value; custom values are returned unchanged.
 *
 * @example vocabUri('bizStep', 'shipping', 'web') // → 'https://ref.gs1.org/cbv/BizStep-shipping'
 * @example vocabUri('sourceDestType', 'https://ref.gs1.org/cbv/SDT-owning_party', 'urn') // → 'urn:epcglobal:cbv:sdt:owning_party'
 * @example vocabUri('bizTransactionType', 'urn:example:btt:contract', 'web') // → 'urn:example:btt:contract'
 */
export function vocabUri(kind: VocabKind, value: string, style: 'web' | 'urn'): string {
  const word = standardWord(kind, value);
  if (word === undefined) return value;
  const s = SPECS[kind];
  return (style === 'web' ? s.web : s.urn) + word;
}

/**
 * The Web URI prefix and URN prefix of a vocabulary, for code that builds or recognises spellings
 * itself (e.g. the event hash, which expands every bare word a field holds).
 *
 * @example vocabPrefixes('disposition') // → { web: 'https://ref.gs1.org/cbv/Disp-', urn: 'urn:epcglobal:cbv:disp:' }
 */
export function vocabPrefixes(kind: VocabKind): { readonly web: string; readonly urn: string } {
  const { web, urn } = SPECS[kind];
  return { web, urn };
}
