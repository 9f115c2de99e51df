/**
 * GS1 AI element data and its validation against the syntax dictionary: each value against its
 * AI's components and linters, then the message as a whole (repeated AIs, `ex=` invalid pairs,
 * `req=` mandatory associations, and the digital-signature serialisation rule).
 */
import { type MessageKey, type Param, msg } from '../../i18n/i18n.ts';
import { type CodeError, atPosition as at, codeIssue as issue } from '../code-result.ts';
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

function positionIn(el: LocatedGs1Element, offset: number): number | undefined {
  const positions = el.valuePositions;
  if (!positions || positions.length === 0) return el.aiPosition;
  const exact = positions[offset];
  if (exact !== undefined) return exact;
  const last = positions[positions.length - 1];
  return last === undefined ? undefined : last + 1;
}

const ORDINALS: readonly MessageKey[] = ['code.error.gs1_part_1', 'code.error.gs1_part_2', 'code.error.gs1_part_3', 'code.error.gs1_part_4', 'code.error.gs1_part_5', 'code.error.gs1_part_6'];

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
    return issue('gs1_unknown_ai', 'code.error.gs1_unknown_ai', { ai: el.ai, at: at(el.aiPosition) }, { position: el.aiPosition, ai: el.ai });
  }
  const ctx: LintContext = { now: options.now ?? new Date() };
  const v = el.value;
  const name = label(el.ai);
  if (v.length === 0) {
    return issue('gs1_empty_value', 'code.error.gs1_empty_value', { name, at: at(el.aiPosition) }, { position: el.aiPosition, ai: el.ai, expected: entry.spec });
  }
  const max = aiMaxLength(entry);
  const min = aiMinLength(entry);
  if (v.length > max) {
    const position = positionIn(el, max);
    const excess = position === undefined ? '' : msg('code.error.gs1_excess_at', { position });
    return issue('gs1_too_long', 'code.error.gs1_too_long', { name, spec: entry.spec, max, actual: v.length, excess }, { position, ai: el.ai, expected: entry.spec });
  }
  if (v.length < min) {
    const position = positionIn(el, v.length);
    const key = min === max ? 'code.error.gs1_too_short_exact' : 'code.error.gs1_too_short';
    return issue('gs1_too_short', key, { name, spec: entry.spec, min, actual: v.length, at: at(position) }, { position, ai: el.ai, expected: entry.spec });
  }
  let p = 0;
  for (const [k, comp] of entry.components.entries()) {
    const len = Math.min(v.length - p, comp.max);
    if (comp.optional && len === 0) continue;
    const part: Param = entry.components.length > 1 ? msg(ORDINALS[k] ?? 'code.error.gs1_part_n', { n: k + 1, spec: specOf(entry, k) }) : '';
    if (len < comp.min) {
      const position = positionIn(el, p);
      return issue('gs1_component_length', 'code.error.gs1_component_length', { name, part, min: comp.min, actual: len, at: at(position) }, { position, ai: el.ai, expected: entry.spec });
    }
    const data = v.slice(p, p + len);
    const linters = [{ name: comp.cset, run: CSET_LINTERS[comp.cset] }, ...comp.linters.map((n) => ({ name: n, run: GS1_LINTERS[n] }))];
    for (const linter of linters) {
      if (!linter.run) {
        return issue('gs1_unsupported_linter', 'code.error.gs1_unsupported_linter', { name, linter: linter.name }, { ai: el.ai });
      }
      const f = linter.run(data, ctx);
      if (f) {
        const position = positionIn(el, p + f.offset);
        return issue(`gs1_${f.code}`, 'code.error.gs1_lint', { name, part, problem: msg(f.key, f.params), at: at(position) }, { position, ai: el.ai, expected: f.expected, actual: f.actual });
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

/** `(01) with (21), (02) or (8006)`, in the reader's language. */
function describeGroups(groups: readonly (readonly Gs1AiPattern[])[]): Param {
  const join = (items: readonly Param[], key: MessageKey): Param => items.slice(1).reduce<Param>((a, b) => msg(key, { a, b }), items[0] ?? '');
  const texts = groups.map((g) => join(g.map(patternText), 'code.error.gs1_with'));
  if (texts.length <= 1) return texts[0] ?? '';
  return msg('code.error.gs1_or', { list: join(texts.slice(0, -1), 'code.error.gs1_comma'), last: texts[texts.length - 1] ?? '' });
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
  if (elements.length === 0) return issue('gs1_empty', 'code.error.gs1_empty');
  for (const el of elements) {
    const e = validateGs1Value(el, options);
    if (e) return e;
  }
  const first = new Map<string, LocatedGs1Element>();
  for (const el of elements) {
    const prev = first.get(el.ai);
    if (prev === undefined) first.set(el.ai, el);
    else if (prev.value !== el.value) {
      return issue('gs1_duplicate_ai', 'code.error.gs1_duplicate_ai', { name: label(el.ai), at: at(el.aiPosition) }, { position: el.aiPosition, ai: el.ai });
    }
  }
  for (const el of elements) {
    const entry = gs1AiEntry(el.ai);
    for (const pattern of entry?.ex ?? []) {
      const other = elements.find((o) => o.ai !== el.ai && aiMatchesPattern(o.ai, pattern));
      if (other) {
        const later = (other.aiPosition ?? 0) > (el.aiPosition ?? 0) ? other : el;
        return issue('gs1_invalid_pair', 'code.error.gs1_invalid_pair', { name: label(el.ai), other: label(other.ai), at: at(later.aiPosition) }, { position: later.aiPosition, ai: el.ai, actual: other.ai });
      }
    }
  }
  const present = (pattern: Gs1AiPattern, self: string) => elements.some((o) => o.ai !== self && aiMatchesPattern(o.ai, pattern));
  for (const el of elements) {
    const entry = gs1AiEntry(el.ai);
    for (const groups of entry?.req ?? []) {
      if (groups.some((group) => group.every((p) => present(p, el.ai)))) continue;
      const wanted = describeGroups(groups);
      return issue('gs1_missing_required', 'code.error.gs1_missing_required', { name: label(el.ai), wanted, at: at(el.aiPosition) }, {
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
        return issue('gs1_serial_required', 'code.error.gs1_serial_required', { name: label(el.ai), at: at(el.aiPosition) }, { position: el.aiPosition, ai: el.ai });
      }
    }
  }
  return undefined;
}
