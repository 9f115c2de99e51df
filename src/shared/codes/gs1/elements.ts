/**
 * GS1 AI element data and its validation against the syntax dictionary: each value against its
 * AI's components and linters, then the message as a whole (repeated AIs, `ex=` invalid pairs,
 * `req=` mandatory associations, and the digital-signature serialisation rule).
 */
import { type CodeError, codeError as error } from '../code-result.ts';
import type { Gs1AiEntry, Gs1AiPattern } from './ai-entry.ts';
import { aiMatchesPattern, aiMaxLength, aiMinLength, gs1AiEntry } from './ai-table.ts';
import { CSET_LINTERS, GS1_LINTERS, type LintContext } from './linters.ts';

/** One AI and its value, e.g. `{ ai: '01', value: '06901234567892' }`. */
export interface Gs1Element {
  readonly ai: string;
  readonly value: string;
}

/** An element with where it came from in the input, for error positions (1-based). */
export interface LocatedGs1Element extends Gs1Element {
  readonly aiPosition?: number;
  /** Input position of each character of `value` (a percent-escape maps to its `%`). */
  readonly valuePositions?: readonly number[];
}

export interface Gs1Options {
  /** Today, for the two-digit-year century rule (GS1 General Specifications §7.12). Default: now. */
  readonly now?: Date;
}

/**
 * The dictionary title of an AI, e.g. `GTIN` for 01; the AI itself when unknown or untitled
 * (the dictionary gives 8110 and 8112 no title).
 *
 * @example gs1AiTitle('10') // → 'BATCH/LOT'
 */
export function gs1AiTitle(ai: string): string {
  return gs1AiEntry(ai)?.title || ai;
}

const label = (ai: string): string => {
  const entry = gs1AiEntry(ai);
  return entry?.title ? `AI (${ai}) ${entry.title}` : `AI (${ai})`;
};

const at = (position: number | undefined): string => (position === undefined ? '' : ` (position ${position})`);

function positionIn(el: LocatedGs1Element, offset: number): number | undefined {
  const positions = el.valuePositions;
  if (!positions || positions.length === 0) return el.aiPosition;
  const exact = positions[offset];
  if (exact !== undefined) return exact;
  const last = positions[positions.length - 1];
  return last === undefined ? undefined : last + 1;
}

const ORDINALS = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth'];

/**
 * Checks one AI value against its dictionary entry: length, then each component's character set and
 * linters in order (syntax dictionary header: "Each component of the format specification is
 * applied to the given data, consuming prefixes of the prescribed length").
 *
 * @example validateGs1Value({ ai: '01', value: '06901234567893' }) // → { code: 'gs1_check_digit', expected: '2', … }
 * @example validateGs1Value({ ai: '01', value: '06901234567892' }) // → undefined
 */
export function validateGs1Value(el: LocatedGs1Element, options: Gs1Options = {}): CodeError | undefined {
  const entry = gs1AiEntry(el.ai);
  if (!entry) {
    return error({ code: 'gs1_unknown_ai', message: `(${el.ai}) is not a GS1 Application Identifier${at(el.aiPosition)}`, position: el.aiPosition, ai: el.ai });
  }
  const ctx: LintContext = { now: options.now ?? new Date() };
  const v = el.value;
  const name = label(el.ai);
  if (v.length === 0) {
    return error({ code: 'gs1_empty_value', message: `${name} has no value${at(el.aiPosition)}`, position: el.aiPosition, ai: el.ai, expected: entry.spec });
  }
  const max = aiMaxLength(entry);
  const min = aiMinLength(entry);
  if (v.length > max) {
    const position = positionIn(el, max);
    return error({
      code: 'gs1_too_long',
      message: `${name} is ${entry.spec}: at most ${max} characters, found ${v.length}${position === undefined ? '' : `; the excess starts at position ${position}`}`,
      position,
      ai: el.ai,
      expected: entry.spec,
    });
  }
  if (v.length < min) {
    const position = positionIn(el, v.length);
    const size = min === max ? `exactly ${min}` : `at least ${min}`;
    return error({
      code: 'gs1_too_short',
      message: `${name} is ${entry.spec}: ${size} characters, found ${v.length}${at(position)}`,
      position,
      ai: el.ai,
      expected: entry.spec,
    });
  }
  let p = 0;
  for (const [k, comp] of entry.components.entries()) {
    const len = Math.min(v.length - p, comp.max);
    if (comp.optional && len === 0) continue;
    const part = entry.components.length > 1 ? ` (${ORDINALS[k] ?? `part ${k + 1}`} part, ${specOf(entry, k)})` : '';
    if (len < comp.min) {
      const position = positionIn(el, p);
      return error({
        code: 'gs1_component_length',
        message: `${name}${part}: needs ${comp.min} characters, found ${len}${at(position)}`,
        position,
        ai: el.ai,
        expected: entry.spec,
      });
    }
    const data = v.slice(p, p + len);
    const linters = [{ name: comp.cset, run: CSET_LINTERS[comp.cset] }, ...comp.linters.map((n) => ({ name: n, run: GS1_LINTERS[n] }))];
    for (const linter of linters) {
      if (!linter.run) {
        return error({ code: 'gs1_unsupported_linter', message: `${name}: the dictionary's linter ${linter.name} is not implemented`, ai: el.ai });
      }
      const f = linter.run(data, ctx);
      if (f) {
        const position = positionIn(el, p + f.offset);
        return error({
          code: `gs1_${f.code}`,
          message: `${name}${part}: ${f.message}${at(position)}`,
          position,
          ai: el.ai,
          expected: f.expected,
          actual: f.actual,
        });
      }
    }
    p += len;
  }
  return undefined;
}

function specOf(entry: Gs1AiEntry, k: number): string {
  return entry.spec.split(' ')[k] ?? entry.spec;
}

const patternText = (p: Gs1AiPattern): string => `(${p})`;

function describeGroups(groups: readonly (readonly Gs1AiPattern[])[]): string {
  const texts = groups.map((g) => g.map(patternText).join(' with '));
  if (texts.length <= 1) return texts.join('');
  return `${texts.slice(0, -1).join(', ')} or ${texts[texts.length - 1] ?? ''}`;
}

/**
 * Validates a whole GS1 message: every value (`validateGs1Value`), then the rules between AIs,
 * evaluated over all the AIs present (syntax dictionary header, `req=` and `ex=`):
 * - an AI repeated with a different value is an error (GS1 General Specifications §4.14);
 * - `ex=`: an AI must not appear with another AI matching one of its patterns (not itself);
 * - `req=`: an AI needs, for each of its `req=` attributes, one group of AIs all present;
 * - a digital signature (8030) needs 253, 255 and 8003 to carry their serial component.
 *
 * @example validateGs1Elements([{ ai: '21', value: '123' }])?.code // → 'gs1_missing_required'
 */
export function validateGs1Elements(elements: readonly LocatedGs1Element[], options: Gs1Options = {}): CodeError | undefined {
  if (elements.length === 0) return error({ code: 'gs1_empty', message: 'no GS1 Application Identifiers found' });
  for (const el of elements) {
    const e = validateGs1Value(el, options);
    if (e) return e;
  }
  const first = new Map<string, LocatedGs1Element>();
  for (const el of elements) {
    const prev = first.get(el.ai);
    if (prev === undefined) first.set(el.ai, el);
    else if (prev.value !== el.value) {
      return error({
        code: 'gs1_duplicate_ai',
        message: `${label(el.ai)} appears twice with different values${at(el.aiPosition)}`,
        position: el.aiPosition,
        ai: el.ai,
      });
    }
  }
  for (const el of elements) {
    const entry = gs1AiEntry(el.ai);
    for (const pattern of entry?.ex ?? []) {
      const other = elements.find((o) => o.ai !== el.ai && aiMatchesPattern(o.ai, pattern));
      if (other) {
        const later = (other.aiPosition ?? 0) > (el.aiPosition ?? 0) ? other : el;
        return error({
          code: 'gs1_invalid_pair',
          message: `${label(el.ai)} must not be used together with ${label(other.ai)}${at(later.aiPosition)}`,
          position: later.aiPosition,
          ai: el.ai,
          actual: other.ai,
        });
      }
    }
  }
  const present = (pattern: Gs1AiPattern, self: string) => elements.some((o) => o.ai !== self && aiMatchesPattern(o.ai, pattern));
  for (const el of elements) {
    const entry = gs1AiEntry(el.ai);
    for (const groups of entry?.req ?? []) {
      if (groups.some((group) => group.every((p) => present(p, el.ai)))) continue;
      const wanted = describeGroups(groups);
      return error({
        code: 'gs1_missing_required',
        message: `${label(el.ai)} requires AI ${wanted}${at(el.aiPosition)}`,
        position: el.aiPosition,
        ai: el.ai,
        expected: groups.map((g) => g.join('+')).join(','),
      });
    }
  }
  // GS1 General Specifications §3.9.14: with a digital signature (8030) the key must be serialised.
  if (elements.some((el) => el.ai === '8030')) {
    for (const el of elements) {
      const entry = gs1AiEntry(el.ai);
      if (entry && ['253', '255', '8003'].includes(el.ai) && el.value.length === aiMinLength(entry)) {
        return error({
          code: 'gs1_serial_required',
          message: `${label(el.ai)} needs its serial component when used with AI (8030) DIGSIG${at(el.aiPosition)}`,
          position: el.aiPosition,
          ai: el.ai,
        });
      }
    }
  }
  return undefined;
}

