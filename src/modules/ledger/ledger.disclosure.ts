/**
 * What a reader is shown of a ledger leaf. A version 2 leaf commits to each member of its record
 * separately (src/ledger/selective-disclosure.ts): the leaf data holds only digests, so it is
 * served whole to everyone who may read the leaf, with the disclosures of the members that
 * reader's audience may see — the reader re-hashes the leaf, checks the inclusion proof, and
 * checks each disclosure against a digest (SD-JWT, RFC 9901 §7.1). A version 1 leaf (written
 * before per-field commitments) holds its values in clear: it is served only to readers who may
 * see every member, and otherwise withheld (leaf hash and proof only), since any edit of it would
 * break its hash.
 */
import type { JsonValue } from '../../ledger/canonical-json.ts';
import type { LogHash } from '../../ledger/hash.ts';
import { decodeLeaf } from '../../ledger/leaf-data.ts';
import { CLEAR_MEMBERS, type RevealedMember, revealAll } from '../../ledger/selective-disclosure.ts';
import type { Disclosure } from '../access/audiences.ts';

type Record_ = { readonly [key: string]: JsonValue | undefined };

/** A stored leaf opened with all its disclosures (what the platform itself knows). */
export interface OpenedLeaf {
  readonly type: string;
  readonly v: 1 | 2;
  /** The record with every value in place (v1: the record itself). */
  readonly fields: { readonly [key: string]: JsonValue };
  /** Every member that can be disclosed or withheld, with its path. */
  readonly members: readonly Omit<RevealedMember, 'disclosure'>[];
  /** v2: each member's disclosure, by the member's path joined with U+0000. */
  readonly disclosureOf: ReadonlyMap<string, string>;
}

const isPlain = (v: unknown): v is Record_ => typeof v === 'object' && v !== null && !Array.isArray(v);
const key = (path: readonly string[]) => path.join('\u0000');

/** The members of a v1 record, walked as a v2 commitment would split them. */
function v1Members(record: Record_, path: readonly string[] = []): Omit<RevealedMember, 'disclosure'>[] {
  return Object.entries(record).flatMap(([name, value]) => {
    if (value === undefined || (path.length === 0 && CLEAR_MEMBERS.includes(name))) return [];
    return isPlain(value) ? v1Members(value, [...path, name]) : [{ path: [...path, name], value }];
  });
}

/**
 * Opens a stored leaf: decodes its data, and for v2 checks every stored disclosure against the
 * committed digests (throws a DisclosureError or TypeError when they do not match).
 */
export function openStoredLeaf(hash: LogHash, row: { record_json: string; disclosures: string | null }): OpenedLeaf {
  const leaf = decodeLeaf(row.record_json);
  if (leaf.v !== 2) {
    const fields = JSON.parse(JSON.stringify(leaf.record)) as { [key: string]: JsonValue };
    return { type: leaf.type, v: 1, fields, members: v1Members(leaf.record), disclosureOf: new Map() };
  }
  const disclosures = row.disclosures === null ? [] : (JSON.parse(row.disclosures) as string[]);
  const opened = revealAll(hash, leaf.record, disclosures);
  return {
    type: leaf.type,
    v: 2,
    fields: opened.record,
    members: opened.revealed.map(({ path, value }) => ({ path, value })),
    disclosureOf: new Map(opened.revealed.map((m) => [key(m.path), m.disclosure])),
  };
}

/**
 * {@link openStoredLeaf}, or undefined when the stored leaf does not open (it was altered in the
 * database: `ledger audit` names it). Readers are then served the stored data as it is, which
 * their own check of the leaf hash will refuse, rather than an error.
 */
export function tryOpenStoredLeaf(hash: LogHash, row: { record_json: string; disclosures: string | null }): OpenedLeaf | undefined {
  try {
    return openStoredLeaf(hash, row);
  } catch {
    return undefined;
  }
}

/** The disclosure level a record's member needs, by its path (`['attributes', 'product.colour']`). */
export type MemberLevel = (path: readonly string[]) => Disclosure;

/**
 * Which level each member of a record type needs, decided by the module that owns the type (from
 * its data-requirements profile). Types without a policy show every member to whoever may read
 * the leaf.
 */
export type LedgerDisclosurePolicy = (fields: OpenedLeaf['fields']) => Promise<MemberLevel>;

/** A leaf as one reader may see it. */
export interface ShownLeaf {
  /** v2: the disclosures of the members the reader may see (all of them for v1 leaves shown). */
  readonly disclosures: readonly string[];
  /** The leaf data to serve, or undefined when a v1 leaf holds values the reader may not see. */
  readonly record: string | undefined;
  /** How many members are not shown. */
  readonly hidden: number;
}

/**
 * The part of a leaf a reader sees, given which levels it reads.
 *
 * @example
 * showLeaf(row.record_json, opened, levelOf, (d) => levels.has(d)) // { record, disclosures: [...], hidden: 2 }
 */
export function showLeaf(recordJson: string, opened: OpenedLeaf, levelOf: MemberLevel, sees: (level: Disclosure) => boolean): ShownLeaf {
  const visible = opened.members.filter((m) => sees(levelOf(m.path)));
  const hidden = opened.members.length - visible.length;
  if (opened.v === 1) return hidden ? { record: undefined, disclosures: [], hidden } : { record: recordJson, disclosures: [], hidden: 0 };
  const disclosures = visible.map((m) => opened.disclosureOf.get(key(m.path))).filter((d): d is string => d !== undefined);
  return { record: recordJson, disclosures, hidden };
}
