import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  aiMatchesPattern,
  aiMaxLength,
  aiMinLength,
  digitalLinkQualifierSequences,
  gs1AiAt,
  gs1AiEntry,
  isDigitalLinkPrimaryKey,
  isValidDigitalLinkPath,
} from './ai-table.ts';
import { GS1_AI_TABLE, GS1_SYNTAX_DICTIONARY_SHA256 } from './ai-table.generated.ts';
import { GS1_LINTERS } from './linters.ts';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../../../..');

describe('the generated AI table', () => {
  it('is exactly what scripts/gen-gs1-ai-table.mjs makes of the vendored dictionary', () => {
    const generated = execFileSync(process.execPath, [resolve(root, 'scripts/gen-gs1-ai-table.mjs'), '--stdout'], { encoding: 'utf8' });
    const committed = readFileSync(resolve(here, 'ai-table.generated.ts'), 'utf8');
    expect(generated === committed, 'ai-table.generated.ts is stale: run node scripts/gen-gs1-ai-table.mjs').toBe(true);
  });

  it('records the hash of the dictionary it came from', () => {
    const dictionary = readFileSync(resolve(here, 'data/gs1-syntax-dictionary.txt'));
    expect(createHash('sha256').update(dictionary).digest('hex')).toBe(GS1_SYNTAX_DICTIONARY_SHA256);
  });

  it('expands ranges and keeps every dictionary line', () => {
    const dictionary = readFileSync(resolve(here, 'data/gs1-syntax-dictionary.txt'), 'utf8');
    const lines = dictionary.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#'));
    let expected = 0;
    for (const line of lines) {
      const [first = '', last = first] = (line.split(/\s+/)[0] ?? '').split('-');
      expected += Number(last) - Number(first) + 1;
    }
    expect(GS1_AI_TABLE).toHaveLength(expected);
    expect(GS1_AI_TABLE.map((e) => e.ai)).toEqual(expect.arrayContaining(['3100', '3105', '3695', '91', '99', '7039']));
    expect(gs1AiEntry('3106')).toBeUndefined();
  });

  it('has a linter implementation for every linter the dictionary names', () => {
    const used = new Set(GS1_AI_TABLE.flatMap((e) => e.components.flatMap((c) => c.linters)));
    expect(used.size).toBeGreaterThan(30);
    for (const name of used) expect(GS1_LINTERS[name], name).toBeTypeOf('function');
  });

  it('reads flags, components, req, ex and dlpkey', () => {
    expect(gs1AiEntry('01')).toEqual({
      ai: '01',
      title: 'GTIN',
      fixed: true,
      dlAttr: true,
      spec: 'N14,csum,gcppos2',
      components: [{ cset: 'N', min: 14, max: 14, optional: false, linters: ['csum', 'gcppos2'] }],
      req: [],
      ex: ['255', '37'],
      dlpkey: [['22', '10', '21'], ['235']],
    });
    expect(gs1AiEntry('21')).toMatchObject({ fixed: false, dlAttr: false, req: [[['01'], ['03'], ['8006']]], ex: ['235'] });
    expect(gs1AiEntry('250')?.req).toEqual([[['01', '21'], ['03', '21'], ['8006', '21']]]);
    expect(gs1AiEntry('3103')).toMatchObject({ title: 'NET WEIGHT (kg)', fixed: true, ex: ['310n'] });
    expect(gs1AiEntry('253')?.components).toEqual([
      { cset: 'N', min: 13, max: 13, optional: false, linters: ['csum', 'gcppos1'] },
      { cset: 'X', min: 1, max: 17, optional: true, linters: [] },
    ]);
    expect(gs1AiEntry('00')?.dlpkey).toEqual([[]]);
    expect(gs1AiEntry('8010')?.components[0]?.cset).toBe('Y');
    expect(gs1AiEntry('8030')?.components[0]?.cset).toBe('Z');
  });

  it('finds the AI at a position of raw data (AIs are prefix-free)', () => {
    expect(gs1AiAt('0106901234567892', 0)?.ai).toBe('01');
    expect(gs1AiAt('xx3103000195', 2)?.ai).toBe('3103');
    expect(gs1AiAt('8013AB', 0)?.ai).toBe('8013');
    expect(gs1AiAt('8913AB', 0)).toBeUndefined();
    const ais = new Set(GS1_AI_TABLE.map((e) => e.ai));
    for (const ai of ais) for (let l = 2; l < ai.length; l++) expect(ais.has(ai.slice(0, l)), `${ai.slice(0, l)} prefixes ${ai}`).toBe(false);
  });

  it('computes lengths and matches n-patterns', () => {
    const gdti = gs1AiEntry('253');
    if (!gdti) throw new Error('AI 253 missing');
    expect([aiMinLength(gdti), aiMaxLength(gdti)]).toEqual([13, 30]);
    expect(aiMatchesPattern('3103', '310n')).toBe(true);
    expect(aiMatchesPattern('3213', '31nn')).toBe(false);
    expect(aiMatchesPattern('310', '310n')).toBe(false);
  });

  it('lists Digital Link key-qualifier sequences in dlpkey order', () => {
    const gtin = digitalLinkQualifierSequences('01');
    expect(gtin.map((q) => q.join(' ')).sort()).toEqual(['', '10', '10 21', '21', '22', '22 10', '22 10 21', '22 21', '235']);
    expect(gtin.map((q) => q.length)).toEqual([...gtin.map((q) => q.length)].sort((a, b) => b - a));
    expect(digitalLinkQualifierSequences('414')).toEqual([['254'], ['7040'], []]);
    expect(isDigitalLinkPrimaryKey('8006')).toBe(true);
    expect(isDigitalLinkPrimaryKey('10')).toBe(false);
    expect(isValidDigitalLinkPath(['01', '22', '21'])).toBe(true);
    expect(isValidDigitalLinkPath(['01', '10', '22'])).toBe(false);
    expect(isValidDigitalLinkPath(['01', '10', '235'])).toBe(false);
    expect(isValidDigitalLinkPath(['00', '10'])).toBe(false);
  });
});
