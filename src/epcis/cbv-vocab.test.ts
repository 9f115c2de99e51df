import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  BIZ_STEPS,
  BIZ_TRANSACTION_TYPES,
  DISPOSITIONS,
  ERROR_REASONS,
  isStandardVocab,
  MEASUREMENT_TYPES,
  normaliseVocab,
  SENSOR_ALERT_TYPES,
  SENSOR_COMPONENTS,
  SOURCE_DESTINATION_TYPES,
  type VocabKind,
  vocabPrefixes,
  vocabUri,
  vocabValues,
} from './cbv-vocab.ts';

// The vendored EPCIS 2.0 JSON schema (gs1/EPCIS), whose vocabulary definitions carry the CBV enums.
const schemaFile = fileURLToPath(new URL('./schema/EPCIS-JSON-Schema.json', import.meta.url));
const schema = JSON.parse(readFileSync(schemaFile, 'utf8')) as { definitions: Record<string, { anyOf?: { enum?: string[] }[] }> };

/** The enum of a vocabulary definition of the EPCIS JSON schema. */
function schemaEnum(definition: string): string[] {
  const values = schema.definitions[definition]?.anyOf?.find((alt) => alt.enum)?.enum;
  if (!values) throw new Error(`${definition}: no enum`);
  return values;
}

describe('CBV 2.0 vocabulary lists', () => {
  it.each([
    ['bizStep', BIZ_STEPS, 41],
    ['disposition', DISPOSITIONS, 33],
    ['bizTransaction-type', BIZ_TRANSACTION_TYPES, 13],
    ['source-dest-type', SOURCE_DESTINATION_TYPES, 3],
    ['error-reason', ERROR_REASONS, 2],
    ['component', SENSOR_COMPONENTS, 14],
    ['sensorAlertType', SENSOR_ALERT_TYPES, 2],
    ['measurementType', MEASUREMENT_TYPES, 72],
  ] as const)('lists the %s values of the EPCIS JSON schema', (definition, list, count) => {
    expect(list).toHaveLength(count);
    expect([...list].sort()).toEqual(schemaEnum(definition).sort());
  });

  it('vocabValues returns the list of a kind', () => {
    expect(vocabValues('sourceDestType')).toEqual(['owning_party', 'possessing_party', 'location']);
    expect(vocabValues('bizStep')).toHaveLength(41);
  });
});

const SPELLINGS: readonly (readonly [VocabKind, string, string, string])[] = [
  ['bizStep', 'shipping', 'urn:epcglobal:cbv:bizstep:shipping', 'https://ref.gs1.org/cbv/BizStep-shipping'],
  ['disposition', 'in_transit', 'urn:epcglobal:cbv:disp:in_transit', 'https://ref.gs1.org/cbv/Disp-in_transit'],
  ['bizTransactionType', 'po', 'urn:epcglobal:cbv:btt:po', 'https://ref.gs1.org/cbv/BTT-po'],
  ['sourceDestType', 'owning_party', 'urn:epcglobal:cbv:sdt:owning_party', 'https://ref.gs1.org/cbv/SDT-owning_party'],
  ['errorReason', 'did_not_occur', 'urn:epcglobal:cbv:er:did_not_occur', 'https://ref.gs1.org/cbv/ER-did_not_occur'],
];

describe('normaliseVocab', () => {
  it.each(SPELLINGS)('maps the three spellings of a standard %s to the bare word %s', (kind, word, urn, web) => {
    expect(normaliseVocab(kind, word)).toBe(word);
    expect(normaliseVocab(kind, urn)).toBe(word);
    expect(normaliseVocab(kind, web)).toBe(word);
    expect(normaliseVocab(kind, web.replace('https://ref.gs1.org/cbv/', 'cbv:'))).toBe(word);
  });

  it('maps every standard value of every kind, both ways', () => {
    for (const [kind] of SPELLINGS) {
      for (const word of vocabValues(kind)) {
        expect(normaliseVocab(kind, vocabUri(kind, word, 'urn'))).toBe(word);
        expect(normaliseVocab(kind, vocabUri(kind, word, 'web'))).toBe(word);
      }
    }
  });

  it('leaves custom URIs, CURIEs, unknown words and other vocabularies unchanged', () => {
    expect(normaliseVocab('bizStep', 'https://example.cn/steps/ccc_certified')).toBe('https://example.cn/steps/ccc_certified');
    expect(normaliseVocab('bizStep', 'cn:ccc_certified')).toBe('cn:ccc_certified');
    expect(normaliseVocab('bizStep', 'urn:epcglobal:cbv:bizstep:not_a_step')).toBe('urn:epcglobal:cbv:bizstep:not_a_step');
    expect(normaliseVocab('bizStep', 'Shipping')).toBe('Shipping');
    // A disposition URI is not a business step.
    expect(normaliseVocab('bizStep', 'urn:epcglobal:cbv:disp:in_transit')).toBe('urn:epcglobal:cbv:disp:in_transit');
  });
});

describe('vocabUri', () => {
  it.each(SPELLINGS)('writes a standard %s as URN or Web URI from any spelling', (kind, word, urn, web) => {
    for (const input of [word, urn, web]) {
      expect(vocabUri(kind, input, 'urn')).toBe(urn);
      expect(vocabUri(kind, input, 'web')).toBe(web);
    }
  });

  it('returns custom values unchanged', () => {
    expect(vocabUri('bizTransactionType', 'urn:example:btt:contract', 'web')).toBe('urn:example:btt:contract');
    expect(vocabUri('disposition', 'cn:quarantined', 'urn')).toBe('cn:quarantined');
  });
});

describe('isStandardVocab / vocabPrefixes', () => {
  it('is case-sensitive, like the JSON schema enums', () => {
    expect(isStandardVocab('disposition', 'recalled')).toBe(true);
    expect(isStandardVocab('disposition', 'Recalled')).toBe(false);
    expect(isStandardVocab('disposition', 'urn:epcglobal:cbv:disp:recalled')).toBe(false);
  });

  it('exposes the prefixes', () => {
    expect(vocabPrefixes('disposition')).toEqual({ web: 'https://ref.gs1.org/cbv/Disp-', urn: 'urn:epcglobal:cbv:disp:' });
  });
});
