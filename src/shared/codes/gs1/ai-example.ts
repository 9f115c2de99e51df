/**
 * Valid example values for any AI of the syntax dictionary, built from its components and
 * linters, and example messages that satisfy its `req=`/`ex=` rules. For placeholders and help
 * texts in the UI, and for tests that must cover every AI.
 */
import { CSET39, CSET64, CSET82, ISO3166_ALPHA2, ISO3166_NUMERIC, ISO4217_NUMERIC, PACKAGE_TYPES } from './code-lists.ts';
import type { Gs1AiComponent, Gs1AiEntry } from './ai-entry.ts';
import { aiMatchesPattern, gs1AiEntry } from './ai-table.ts';
import { GS1_AI_TABLE } from './ai-table.generated.ts';
import type { Gs1Element } from './elements.ts';
import { gs1CheckCharacterPair } from './linters.ts';
import { gs1CheckDigit } from '../gtin.ts';
import { type RandomSource, randomBelow, randomString, seededRandomSource } from '../random-source.ts';

const DIGITS = '0123456789';
const CSETS: Readonly<Record<Gs1AiComponent['cset'], string>> = { N: DIGITS, X: CSET82, Y: CSET39, Z: CSET64 };

// Values the linters below cannot build character by character.
const FIXED_SAMPLES: Readonly<Record<string, string>> = {
  iban: 'GB82WEST12345698765432',
  couponcode: '006141412345615110123',
  couponposoffer: '000614141234560123456',
};

// Examples need variety, not uniformity: two random bytes index lists longer than 256.
const pick = (random: RandomSource, values: ReadonlySet<string> | readonly string[]): string => {
  const list = [...values];
  return list[(randomBelow(random, 256) * 256 + randomBelow(random, 256)) % list.length] ?? '';
};

const two = (n: number): string => String(n).padStart(2, '0');

function date(random: RandomSource, fullYear: boolean, zeroDay: boolean): string {
  const year = fullYear ? String(2000 + randomBelow(random, 60)) : two(randomBelow(random, 100));
  const day = zeroDay && randomBelow(random, 4) === 0 ? '00' : two(1 + randomBelow(random, 28));
  return year + two(1 + randomBelow(random, 12)) + day;
}

function componentValue(comp: Gs1AiComponent, random: RandomSource, length: number): string {
  const linters = comp.linters;
  const fixedSample = linters.map((l) => FIXED_SAMPLES[l]).find((s) => s !== undefined);
  if (fixedSample !== undefined) return fixedSample;
  const chars = [...randomString(random, CSETS[comp.cset], length)];
  const set = (i: number, s: string) => [...s].forEach((c, k) => (chars[i + k] = c));
  for (const l of linters) {
    switch (l) {
      case 'yymmd0':
      case 'yymmdd':
        set(0, date(random, false, l === 'yymmd0'));
        break;
      case 'yyyymmd0':
      case 'yyyymmdd':
        set(0, date(random, true, l === 'yyyymmd0'));
        break;
      case 'hh':
        set(0, two(randomBelow(random, 24)));
        break;
      case 'mi':
      case 'mm':
      case 'ss':
        set(0, two(randomBelow(random, 60)));
        break;
      case 'hhmi':
      case 'hhmm':
        set(0, two(randomBelow(random, 24)) + two(randomBelow(random, 60)));
        break;
      case 'iso3166':
      case 'iso3166999':
        set(0, pick(random, ISO3166_NUMERIC));
        break;
      case 'iso3166alpha2':
        set(0, pick(random, ISO3166_ALPHA2));
        break;
      case 'iso4217':
        set(0, pick(random, ISO4217_NUMERIC));
        break;
      case 'iso5218':
        set(0, pick(random, ['0', '1', '2', '9']));
        break;
      case 'latitude':
        set(0, String(randomBelow(random, 180)).padStart(3, '0') + '0000000');
        break;
      case 'longitude':
        set(0, String(randomBelow(random, 256)).padStart(3, '0') + '0000000');
        break;
      case 'mediatype':
        set(0, two(1 + randomBelow(random, 10)));
        break;
      case 'nonzero':
      case 'nozeroprefix':
        set(0, String(1 + randomBelow(random, 9)));
        break;
      case 'packagetype': {
        const fitting = [...PACKAGE_TYPES].filter((p) => p.length >= comp.min && p.length <= comp.max);
        return pick(random, fitting);
      }
      case 'pcenc':
        for (let i = 0; i < chars.length; i++) if (chars[i] === '%') chars[i] = 'A';
        if (chars.length >= 3 && randomBelow(random, 2) === 0) set(0, '%2F');
        break;
      case 'pieceoftotal': {
        const half = chars.length / 2;
        const total = 1 + randomBelow(random, 9);
        set(0, String(1 + randomBelow(random, total)).padStart(half, '0') + String(total).padStart(half, '0'));
        break;
      }
      case 'posinseqslash': {
        const total = 1 + randomBelow(random, 9);
        return `${1 + randomBelow(random, total)}/${total}`;
      }
      case 'winding':
        set(0, pick(random, ['0', '1', '9']));
        break;
      case 'yesno':
        set(0, pick(random, ['0', '1']));
        break;
      case 'zero':
        set(0, '0'.repeat(chars.length));
        break;
      case 'hyphen':
        set(0, '-'.repeat(chars.length));
        break;
      case 'importeridx':
        set(0, pick(random, [...CSET64]));
        break;
      case 'gcppos1':
      case 'key':
        set(0, randomString(random, DIGITS, 4));
        break;
      case 'gcppos2':
      case 'keyoff1':
        set(1, randomString(random, DIGITS, 4));
        break;
      case 'hasnondigit':
        set(Math.min(4, chars.length - 3), 'A');
        break;
      default:
        break;
    }
  }
  let value = chars.join('');
  if (linters.includes('csum')) value = value.slice(0, -1) + gs1CheckDigit(value.slice(0, -1));
  if (linters.includes('csumalpha')) value = value.slice(0, -2) + gs1CheckCharacterPair(value.slice(0, -2));
  return value;
}

function componentLength(comp: Gs1AiComponent, random: RandomSource): number {
  let min = comp.min;
  if (comp.linters.includes('gcppos1') || comp.linters.includes('key')) min = Math.max(min, 4);
  if (comp.linters.includes('gcppos2') || comp.linters.includes('keyoff1')) min = Math.max(min, 5);
  if (comp.linters.includes('csumalpha')) min = Math.max(min, comp.linters.includes('hasnondigit') ? 7 : 6);
  if (comp.linters.includes('pieceoftotal')) return comp.max;
  return min + randomBelow(random, comp.max - min + 1);
}

function seedOf(ai: string): number {
  let h = 2166136261;
  for (const ch of ai) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  return h;
}

/**
 * A valid value for an AI: each component built to satisfy its character set and linters;
 * optional components included at random. Deterministic per AI unless a random source is given.
 *
 * @example gs1ExampleValue('01') // → a 14-digit GTIN with a correct check digit
 * @example gs1ExampleValue('17') // → a YYMMDD date, e.g. '350412'
 */
export function gs1ExampleValue(ai: string, random: RandomSource = seededRandomSource(seedOf(ai))): string | undefined {
  const entry = gs1AiEntry(ai);
  if (!entry) return undefined;
  let value = '';
  for (const comp of entry.components) {
    if (comp.optional && randomBelow(random, 2) === 0) break;
    value += componentValue(comp, random, componentLength(comp, random));
  }
  return value;
}

function concreteAi(pattern: string): string | undefined {
  return GS1_AI_TABLE.find((e) => aiMatchesPattern(e.ai, pattern))?.ai;
}

function conflicts(ais: readonly string[]): boolean {
  return ais.some((ai) => (gs1AiEntry(ai)?.ex ?? []).some((p) => ais.some((o) => o !== ai && aiMatchesPattern(o, p))));
}

function unsatisfied(ais: readonly string[]): { ai: string; groups: readonly (readonly string[])[] } | undefined {
  for (const ai of ais) {
    for (const groups of gs1AiEntry(ai)?.req ?? []) {
      if (!groups.some((g) => g.every((p) => ais.some((o) => o !== ai && aiMatchesPattern(o, p))))) return { ai, groups };
    }
  }
  return undefined;
}

function complete(ais: readonly string[], depth: number): readonly string[] | undefined {
  if (conflicts(ais)) return undefined;
  const need = unsatisfied(ais);
  if (!need) return ais;
  if (depth > 6) return undefined;
  for (const group of need.groups) {
    const added = group.map(concreteAi);
    if (added.some((a) => a === undefined)) continue;
    const next = [...ais];
    for (const a of added) if (a !== undefined && !next.includes(a)) next.push(a);
    const done = complete(next, depth + 1);
    if (done) return done;
  }
  return undefined;
}

/**
 * The AIs a message needs so that `ai` is valid in it: `ai` first, then the AIs its `req=` rules
 * call for (recursively), avoiding `ex=` conflicts.
 *
 * @example gs1ExampleAis('21') // → ['21', '01']
 * @example gs1ExampleAis('02') // → ['02', '37', '00']
 */
export function gs1ExampleAis(ai: string): readonly string[] | undefined {
  return gs1AiEntry(ai) ? complete([ai], 0) : undefined;
}

/**
 * A valid GS1 message around an AI: its example value plus the AIs it requires, with theirs.
 *
 * @example gs1ExampleElements('21') // → [{ ai: '21', value: … }, { ai: '01', value: … }]
 */
export function gs1ExampleElements(ai: string, random?: RandomSource): readonly Gs1Element[] | undefined {
  const ais = gs1ExampleAis(ai);
  if (!ais) return undefined;
  const out: Gs1Element[] = [];
  for (const a of ais) {
    const value = gs1ExampleValue(a, random);
    if (value === undefined) return undefined;
    out.push({ ai: a, value });
  }
  return out;
}

/**
 * Every AI of the dictionary, for tests and pickers.
 *
 * @example gs1AllAis().length // → 541
 */
export function gs1AllAis(): readonly Gs1AiEntry[] {
  return GS1_AI_TABLE;
}
