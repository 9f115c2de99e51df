/**
 * The data scope of an actor, as one value every list query applies (see orgs/org-scope.sql.ts): whose
 * organisations' records a list may contain. The same rule as `access.inScope` for one record.
 *
 * - admin: everything;
 * - regulator: organisations whose GB/T 2260 region code starts with one of its prefixes;
 * - association: itself and its member organisations;
 * - an organisation's users and API keys: their own organisation;
 * - the public, and anyone without an organisation: nothing.
 */
import type { Actor } from './actor.ts';

export type Scope =
  | { readonly kind: 'all' }
  | { readonly kind: 'regions'; readonly prefixes: readonly string[] }
  | { readonly kind: 'association'; readonly associationId: string }
  | { readonly kind: 'org'; readonly orgId: string }
  | { readonly kind: 'none' };

const NONE: Scope = Object.freeze({ kind: 'none' });

/**
 * The scope of an actor's lists.
 *
 * @example scopeOf({ role: 'regulator', regions: ['33'] }) // { kind: 'regions', prefixes: ['33'] }
 */
export function scopeOf(actor: Actor): Scope {
  switch (actor.role) {
    case 'admin':
      return { kind: 'all' };
    case 'regulator':
      return actor.regions.length ? { kind: 'regions', prefixes: actor.regions } : NONE;
    case 'association':
      return actor.orgId ? { kind: 'association', associationId: actor.orgId } : NONE;
    case 'org_admin':
    case 'org_operator':
      return actor.orgId ? { kind: 'org', orgId: actor.orgId } : NONE;
    case 'public':
      return NONE;
  }
}
