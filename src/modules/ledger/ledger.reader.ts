/**
 * Ledger leaves and record proofs as each reader may see them (see ledger.disclosure.ts): who may
 * read a leaf at all (those who may read the organisation it belongs to; catalogue versions are
 * public), and which of its members, by the owning module's disclosure policy and the reader's
 * audiences (access/audiences.ts).
 */
import { notFound } from '../../server/errors.ts';
import type { AccessService } from '../access/access.service.ts';
import type { Actor } from '../access/actor.ts';
import { audiencesOf } from '../access/audiences.ts';
import { type LedgerDisclosurePolicy, type MemberLevel, type OpenedLeaf, type ShownLeaf, showLeaf } from './ledger.disclosure.ts';
import type { LedgerService } from './ledger.service.ts';

export interface LedgerReaderDeps {
  readonly ledger: Pick<LedgerService, 'leaf' | 'proofOf'>;
  readonly access: Pick<AccessService, 'inScope'>;
  /** The organisation a record belongs to (owned by the orgs module). */
  readonly ownerOf: (orgId: string) => Promise<{ id: string; regionCode: string } | undefined>;
  readonly isAssociationMember: (associationId: string, memberId: string) => Promise<boolean>;
  /** Per record type: the level each member needs. Types without one show every member to whoever may read the leaf. */
  readonly policies: Readonly<Record<string, LedgerDisclosurePolicy>>;
}

const everyone: MemberLevel = () => 'public';

/** What a stored leaf says in clear of its type and owner, even when it does not open. */
function clearPartsOf(recordJson: string): { type: string; fields: { readonly [key: string]: unknown } } {
  try {
    const parsed = JSON.parse(recordJson) as { type?: unknown; record?: unknown };
    const fields = typeof parsed.record === 'object' && parsed.record !== null ? (parsed.record as { [key: string]: unknown }) : {};
    return { type: typeof parsed.type === 'string' ? parsed.type : '', fields };
  } catch {
    return { type: '', fields: {} };
  }
}

/** The organisation a record belongs to: an organisation's own id, else its `orgId`. */
function ownerIdOf(type: string, fields: { readonly [key: string]: unknown }): string | null {
  const id = type === 'organisation' ? fields.id : fields.orgId;
  return typeof id === 'string' ? id : null;
}

/**
 * A record about a region rather than an organisation (a supervision alert and its steps carry
 * `regionCode` and no `orgId`): read by the regulators of that region and the admin, owned by no
 * organisation — the enterprises it names are parties, not owners, and do not read it.
 */
function regionOf(fields: { readonly [key: string]: unknown }): { id: string; regionCode: string } | undefined {
  return typeof fields.regionCode === 'string' && /^\d{6}$/.test(fields.regionCode) ? { id: NO_ORGANISATION, regionCode: fields.regionCode } : undefined;
}
const NO_ORGANISATION = '00000000-0000-0000-0000-000000000000';

export type LedgerReader = ReturnType<typeof createLedgerReader>;

export function createLedgerReader({ ledger, access, ownerOf, isAssociationMember, policies }: LedgerReaderDeps) {
  /**
   * What `actor` sees of a leaf; undefined when it may not read the leaf at all. `scoped: false`
   * skips the scope check, for leaves shown to anyone (the scan page's proof of a code's
   * registration and journey), whose members are still filtered.
   */
  async function shown(actor: Actor, recordJson: string, opened: OpenedLeaf | undefined, scoped = true): Promise<ShownLeaf | undefined> {
    const clear = opened ?? clearPartsOf(recordJson);
    const ownerId = ownerIdOf(clear.type, clear.fields);
    const owner = ownerId === null ? regionOf(clear.fields) : await ownerOf(ownerId);
    if (scoped && !clear.type.startsWith('catalog.') && !(owner && (await access.inScope(actor, owner)))) return undefined;
    // Altered in the database: served as stored, so that the reader's own check fails loudly.
    if (!opened) return { record: recordJson, disclosures: [], hidden: 0 };
    const audiences = await audiencesOf(actor, { ownerOrgId: owner?.id ?? null, regionCode: owner?.regionCode ?? null }, isAssociationMember);
    const policy = policies[opened.type];
    const levelOf = policy ? await policy(opened.fields) : everyone;
    return showLeaf(recordJson, opened, levelOf, audiences.sees);
  }

  return {
    shown,

    /** `GET /api/v1/ledger/leaves/{i}`: 404 unless the actor may read the leaf's organisation. */
    async leaf(actor: Actor, index: number) {
      const l = await ledger.leaf(index);
      const s = await shown(actor, l.record, l.opened);
      if (!s) throw notFound('ledger_leaf', String(l.index));
      return { index: l.index, leafHash: l.leafHash, ...served(l.opened, s), type: l.type, subjectId: l.subjectId, appendedAt: l.appendedAt };
    },

    /** A record's proof for `?proof=true` answers: the caller already may read the record. */
    async proofOf(actor: Actor, subjectId: string) {
      const { opened, record, ...proof } = await ledger.proofOf(subjectId);
      const s = (await shown(actor, record, opened, false)) ?? { record: undefined, disclosures: [], hidden: 0 };
      return { index: proof.index, leafHash: proof.leafHash, ...served(opened, s), size: proof.size, rootHash: proof.rootHash, path: proof.path, checkpoint: proof.checkpoint };
    },
  };
}

/** The served form: v2 with the reader's disclosures; v1 as it always was, or withheld. */
function served(opened: OpenedLeaf | undefined, s: ShownLeaf): { record: string; disclosures?: string[] } | { withheld: true } {
  if (s.record === undefined) return { withheld: true };
  return opened?.v === 1 ? { record: s.record } : { record: s.record, disclosures: [...s.disclosures] };
}
