/**
 * Which audiences an actor belongs to for one record, and so which disclosure levels of the
 * data-requirements profile (public / chain / regulator / owner, DESIGN.md principle 4) it reads.
 * Every presenter that filters fields by the profile asks this one function.
 *
 * | audience      | who                                                          | reads levels                      |
 * |---------------|--------------------------------------------------------------|-----------------------------------|
 * | `owner`       | users and API keys of the organisation the record belongs to | public, chain, regulator, owner   |
 * | `regulator`   | a regulator whose regions cover the owner's region            | public, chain, regulator          |
 * | `chain`       | an organisation that is a supply-chain party of the record    | public, chain                     |
 * | `association` | an industry association the owner is a member of              | public                            |
 * | `public`      | everyone, signed in or not                                   | public                            |
 *
 * The platform admin belongs to every audience. The profile has no association level: an
 * association sees its members' records as the public does (its use is the indicators computed
 * from them, analytics). Whether the actor may read the record at all is the scope check's
 * business (access.service.ts); this only says which of its fields.
 */
import { regionInScope } from '../../shared/codes/region.ts';
import type { Actor } from './actor.ts';

/**
 * The disclosure levels of the data-requirements profile, least restricted first. They belong
 * here, with the audiences that read them; the catalogue's profile schema gives each field one
 * (`Disclosure` in catalog.schemas.ts, checked equal to this in catalog/profile-rules.ts).
 */
export const DISCLOSURE_LEVELS = ['public', 'chain', 'regulator', 'owner'] as const;
/** One of {@link DISCLOSURE_LEVELS}. */
export type Disclosure = (typeof DISCLOSURE_LEVELS)[number];

export type Audience = 'owner' | 'regulator' | 'chain' | 'association' | 'public';

/** The disclosure levels each audience reads. */
export const LEVELS_OF_AUDIENCE: Readonly<Record<Audience, readonly Disclosure[]>> = Object.freeze({
  owner: ['public', 'chain', 'regulator', 'owner'],
  regulator: ['public', 'chain', 'regulator'],
  chain: ['public', 'chain'],
  association: ['public'],
  public: ['public'],
});

/** The record as the audience question needs it. */
export interface AudienceSubject {
  /** The organisation the record belongs to (null: nobody on the platform, e.g. a consumer's report). */
  readonly ownerOrgId: string | null;
  /** The owner's GB/T 2260 region (for regulators), or the region the record concerns. */
  readonly regionCode: string | null;
  /** Organisations that are supply-chain parties of the record (named in an event, holding the goods, the goods' producer). */
  readonly chainOrgIds?: readonly string[];
}

/** An actor's audiences for one record, and the levels they read. */
export interface Audiences {
  readonly audiences: ReadonlySet<Audience>;
  readonly levels: ReadonlySet<Disclosure>;
  /** True when a field of this disclosure level may be shown. */
  sees(level: Disclosure): boolean;
}

const ALL: readonly Audience[] = ['owner', 'regulator', 'chain', 'association', 'public'];

/**
 * The audiences `actor` belongs to for `subject`. `isAssociationMember` is asked only for
 * association users.
 *
 * @example
 * const a = await audiencesOf(actor, { ownerOrgId: event.orgId, regionCode, chainOrgIds: [producerId] }, orgs.isAssociationMember);
 * if (!a.sees('owner')) delete shown.buyer;
 */
export async function audiencesOf(
  actor: Actor,
  subject: AudienceSubject,
  isAssociationMember?: (associationId: string, memberId: string) => Promise<boolean>,
): Promise<Audiences> {
  const audiences = new Set<Audience>(['public']);
  if (actor.role === 'admin') for (const a of ALL) audiences.add(a);
  const own = actor.orgId !== undefined && subject.ownerOrgId !== null && actor.orgId === subject.ownerOrgId;
  if (own && actor.role !== 'regulator') audiences.add('owner');
  if (actor.role === 'regulator' && subject.regionCode !== null && regionInScope(subject.regionCode, actor.regions)) audiences.add('regulator');
  if (actor.orgId !== undefined && actor.role !== 'regulator' && subject.chainOrgIds?.includes(actor.orgId)) audiences.add('chain');
  if (actor.role === 'association' && actor.orgId !== undefined && subject.ownerOrgId !== null && !own && isAssociationMember && (await isAssociationMember(actor.orgId, subject.ownerOrgId))) {
    audiences.add('association');
  }
  return audiencesFrom(audiences);
}

/** The levels a set of audiences reads. */
export function audiencesFrom(audiences: ReadonlySet<Audience>): Audiences {
  const levels = new Set<Disclosure>([...audiences].flatMap((a) => LEVELS_OF_AUDIENCE[a]));
  return { audiences, levels, sees: (level) => levels.has(level) };
}
