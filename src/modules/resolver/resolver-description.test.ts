import fs from 'node:fs';
import { Ajv } from 'ajv';
import ajvFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { GS1_AI_TABLE } from '../../shared/codes/gs1/ai-table.generated.ts';
import { isDigitalLinkPrimaryKey } from '../../shared/codes/gs1/ai-table.ts';
import { DIGITAL_LINK_PRIMARY_KEYS, RESOLVER_DESCRIPTION_PATH, resolverDescription } from './resolver-description.ts';

type AjvPlugin = (ajv: Ajv) => Ajv;
// ajv-formats is CommonJS: its default export is the module object, whose `default` is the plugin.
const addFormats: AjvPlugin = (ajvFormats as unknown as { default: AjvPlugin }).default ?? (ajvFormats as unknown as AjvPlugin);

const schema = JSON.parse(fs.readFileSync(new URL('../../../test/fixtures/resolver/description-file-schema-1.2.0.json', import.meta.url), 'utf8')) as {
  properties: { supportedPrimaryKeys: { items: { enum: string[] } } };
};
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
const validate = ajv.compile(schema);

describe('the resolver description file (/.well-known/gs1resolver)', () => {
  it('validates against GS1\'s description-file schema 1.2.0', () => {
    const doc = resolverDescription({ publicUrl: 'https://yima.example/', name: 'Yima 一码' });
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
    expect(RESOLVER_DESCRIPTION_PATH).toBe('/.well-known/gs1resolver');
    expect(doc).toEqual({
      name: 'Yima 一码',
      resolverRoot: 'https://yima.example',
      supportedPrimaryKeys: DIGITAL_LINK_PRIMARY_KEYS,
      supportedLinkType: [{ namespace: 'https://ref.gs1.org/voc/', prefix: 'gs1:' }],
      linkTypeDefaultCanBeLinkset: false,
      jsonLdContextLocation: 'https://ref.gs1.org/standards/resolver/linkset-context',
    });
    const local = resolverDescription({ publicUrl: 'http://localhost:8080', name: 'dev', contact: { fn: '一码平台运维', hasTelephone: 'tel:+86-571-00000000' } });
    expect(validate(local), JSON.stringify(validate.errors)).toBe(true);
    expect(local).toMatchObject({ resolverRoot: 'http://localhost:8080', contact: { fn: '一码平台运维', hasTelephone: 'tel:+86-571-00000000' } });
    expect(resolverDescription({ publicUrl: 'https://gov.example/yima/', name: 'x' }).resolverRoot).toBe('https://gov.example/yima');
  });

  it('declares every AI the syntax dictionary makes a Digital Link primary key, each one the schema knows', () => {
    const fromTable = GS1_AI_TABLE.filter((e) => isDigitalLinkPrimaryKey(e.ai)).map((e) => e.ai);
    expect(DIGITAL_LINK_PRIMARY_KEYS).toEqual(fromTable);
    expect([...DIGITAL_LINK_PRIMARY_KEYS].sort()).toEqual(['00', '01', '253', '255', '401', '402', '414', '415', '417', '8003', '8004', '8006', '8010', '8013', '8017', '8018']);
    const allowed = schema.properties.supportedPrimaryKeys.items.enum;
    for (const ai of DIGITAL_LINK_PRIMARY_KEYS) expect(allowed, ai).toContain(ai);
  });

  it('is checked by a schema that refuses a key that is not a primary key, a missing root and a bad prefix', () => {
    const good = resolverDescription({ publicUrl: 'https://yima.example', name: 'x' });
    expect(validate({ ...good, supportedPrimaryKeys: ['10'] })).toBe(false);
    const { resolverRoot: _root, ...noRoot } = good;
    expect(validate(noRoot)).toBe(false);
    expect(validate({ ...good, supportedLinkType: [{ namespace: 'https://ref.gs1.org/voc/', prefix: 'gs1' }] })).toBe(false);
  });
});
