/**
 * Authorization: role permissions from the policy table plus data scope.
 *
 * Scope of an organisation's data: admins see all; regulators the organisations whose region
 * code starts with one of their prefixes; associations their member organisations (and
 * themselves); organisation users and API keys their own organisation. Outside scope is
 * always 404 (never 403), so that nobody learns what exists elsewhere; inside scope, a missing
 * permission is 403.
 */
import { regionInScope } from '../../shared/codes/region.ts';
import { AppError, authenticationRequired, forbidden, notFound } from '../../server/errors.ts';
import type { Actor } from './actor.ts';
import { type Permission, RECORD_PERMISSIONS, roleHas } from './permissions.ts';

/** The organisation a piece of data belongs to, as scope checks need it. */
export interface Owner {
  readonly id: string;
  readonly regionCode: string;
  /** For the not-found message: what and which. */
  readonly entity: string;
  readonly entityId: string;
}

export interface AccessDeps {
  /** Whether `memberId` belongs to association `associationId` (owned by the orgs module). */
  isAssociationMember(associationId: string, memberId: string): Promise<boolean>;
  /** An organisation's name and registration status (owned by the orgs module). */
  orgStatus(orgId: string): Promise<{ readonly name: string; readonly status: 'pending' | 'approved' | 'rejected' } | undefined>;
}

export type AccessService = ReturnType<typeof createAccessService>;

export function createAccessService(deps: AccessDeps) {
  async function inScope(actor: Actor, owner: Pick<Owner, 'id' | 'regionCode'>): Promise<boolean> {
    switch (actor.role) {
      case 'admin':
        return true;
      case 'regulator':
        return regionInScope(owner.regionCode, actor.regions);
      case 'association':
        return actor.orgId !== undefined && (actor.orgId === owner.id || (await deps.isAssociationMember(actor.orgId, owner.id)));
      case 'org_admin':
      case 'org_operator':
        return actor.orgId === owner.id;
      case 'public':
        return false;
    }
  }

  return {
    inScope,
    /**
     * Throws unless the actor holds `permission` and, when `owner` is given, the owner is in
     * the actor's scope.
     *
     * @example await access.require(actor, 'product:write', ownerOf(org))
     */
    async require(actor: Actor, permission: Permission, owner?: Owner): Promise<void> {
      if (owner && !(await inScope(actor, owner))) {
        if (actor.role === 'public') throw authenticationRequired();
        throw notFound(owner.entity, owner.entityId);
      }
      if (!roleHas(actor.role, permission)) {
        if (actor.role === 'public') throw authenticationRequired();
        throw forbidden(permission);
      }
      if (actor.orgId && RECORD_PERMISSIONS.has(permission)) {
        const org = await deps.orgStatus(actor.orgId);
        if (org?.status !== 'approved') throw new AppError(409, 'org_not_approved', 'problem.org_not_approved.detail', { name: org?.name ?? actor.orgId, status: org?.status ?? 'unknown' });
      }
    },
  };
}
