/**
 * Look-ups over the generated GS1 AI table: entries by AI, AI at a position of raw data, lengths,
 * `req`/`ex` pattern matching and Digital Link key-qualifier sequences.
 */
import type { Gs1AiEntry, Gs1AiPattern } from './ai-entry.ts';
import { GS1_AI_TABLE } from './ai-table.generated.ts';

const BY_AI: ReadonlyMap<string, Gs1AiEntry> = new Map(GS1_AI_TABLE.map((e) => [e.ai, e]));

/**
 * The dictionary entry of an AI, or undefined for an AI the dictionary does not define.
 *
 * @example gs1AiEntry('01')?.title // → 'GTIN'
 * @example gs1AiEntry('89') // → undefined
 */
export function gs1AiEntry(ai: string): Gs1AiEntry | undefined {
  return BY_AI.get(ai);
}

/**
 * The AI that starts at `index` of unbracketed data. GS1 General Specifications §3.2: AIs are
 * prefix-free, so at most one of the 2-, 3- and 4-digit prefixes is an AI.
 *
 * @example gs1AiAt('0106901234567892', 0)?.ai // → '01'
 * @example gs1AiAt('x3103000195', 1)?.ai // → '3103'
 */
export function gs1AiAt(data: string, index: number): Gs1AiEntry | undefined {
  for (let len = 2; len <= 4; len++) {
    const candidate = data.slice(index, index + len);
    if (candidate.length < len || !/^\d+$/.test(candidate)) return undefined;
    const entry = BY_AI.get(candidate);
    if (entry) return entry;
  }
  return undefined;
}

/**
 * Shortest value an AI accepts: the sum of its mandatory components' minimum lengths.
 *
 * @example aiMinLength(entryOf253) // → 13 (N13,csum,gcppos1 [X..17])
 */
export function aiMinLength(entry: Gs1AiEntry): number {
  return entry.components.reduce((n, c) => n + (c.optional ? 0 : c.min), 0);
}

/**
 * Longest value an AI accepts: the sum of its components' maximum lengths.
 *
 * @example aiMaxLength(entryOf253) // → 30 (N13,csum,gcppos1 [X..17])
 */
export function aiMaxLength(entry: Gs1AiEntry): number {
  return entry.components.reduce((n, c) => n + c.max, 0);
}

/**
 * Whether an AI matches a dictionary pattern, where `n` stands for any digit.
 *
 * @example aiMatchesPattern('3103', '310n') // → true
 * @example aiMatchesPattern('3103', '31nn') // → true
 * @example aiMatchesPattern('3103', '311n') // → false
 */
export function aiMatchesPattern(ai: string, pattern: Gs1AiPattern): boolean {
  if (ai.length !== pattern.length) return false;
  for (let i = 0; i < ai.length; i++) {
    const p = pattern.charAt(i);
    if (p !== 'n' && p !== ai.charAt(i)) return false;
  }
  return true;
}

/**
 * Whether the AI is a GS1 Digital Link primary key (`dlpkey` in the dictionary).
 *
 * @example isDigitalLinkPrimaryKey('01') // → true
 * @example isDigitalLinkPrimaryKey('10') // → false
 */
export function isDigitalLinkPrimaryKey(ai: string): boolean {
  return BY_AI.get(ai)?.dlpkey !== undefined;
}

const SEQUENCES = new Map<string, readonly (readonly string[])[]>();

/**
 * Every qualifier sequence a primary key accepts in a Digital Link path, longest first: each
 * alternative of its `dlpkey` with any of its qualifiers left out, order kept (syntax dictionary
 * header: `dlpkey=22,10,21|235`). Includes the empty sequence (the key alone).
 *
 * @example digitalLinkQualifierSequences('414') // → [['254'], ['7040'], []]
 */
export function digitalLinkQualifierSequences(key: string): readonly (readonly string[])[] {
  const cached = SEQUENCES.get(key);
  if (cached) return cached;
  const alternatives = BY_AI.get(key)?.dlpkey ?? [];
  const out: string[][] = [];
  const seen = new Set<string>();
  for (const alt of alternatives) {
    for (let mask = (1 << alt.length) - 1; mask >= 0; mask--) {
      const seq = alt.filter((_, i) => (mask & (1 << i)) !== 0);
      const id = seq.join(' ');
      if (!seen.has(id)) {
        seen.add(id);
        out.push(seq);
      }
    }
  }
  out.sort((a, b) => b.length - a.length);
  SEQUENCES.set(key, out);
  return out;
}

/**
 * Whether `[key, ...qualifiers]` is a valid Digital Link path AI sequence.
 *
 * @example isValidDigitalLinkPath(['01', '10', '21']) // → true
 * @example isValidDigitalLinkPath(['01', '21', '10']) // → false (bad order)
 */
export function isValidDigitalLinkPath(ais: readonly string[]): boolean {
  const [key, ...qualifiers] = ais;
  if (key === undefined || !isDigitalLinkPrimaryKey(key)) return false;
  const id = qualifiers.join(' ');
  return digitalLinkQualifierSequences(key).some((seq) => seq.join(' ') === id);
}
