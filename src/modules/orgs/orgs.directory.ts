/**
 * The organisations' register as other modules ask it, with no actor (the caller authorises):
 * the owner behind an id for scope checks, association membership, licences and certificates by
 * number or id, and organisations by id or USCC. Built before every other service (access needs
 * it for its scope checks); the orgs service itself is built later, over the same tables.
 */
import type { Db } from '../../db/database.ts';
import { createOrgsRepo } from './orgs.repo.ts';

export type OrgsDirectory = ReturnType<typeof createOrgsDirectory>;

/**
 * @example const orgs = createOrgsDirectory(db); const owner = await orgs.findOwner(orgId); // { id, regionCode, kind, name, status }
 */
export function createOrgsDirectory(db: Db) {
  const repo = createOrgsRepo(db);
  return {
    isAssociationMember: repo.isMember,
    /** The organisation behind an id, as scope checks need it. */
    async findOwner(orgId: string) {
      const o = await repo.findOrg(orgId);
      return o && { id: o.id, regionCode: o.region_code, kind: o.kind, name: o.name, status: o.status };
    },
    findOrg: repo.findOrg,
    /** Name, USCC, region and address of organisations by id (those that exist), for answers naming them. */
    summaries: repo.summaries,
    /** Organisations by USCC (those registered): parties of events named by the platform's /id/uscc/ URLs. */
    byUscc: repo.byUscc,
    findLicenceByNumber: repo.findLicenceByNumber,
    findCccByNumber: repo.findCccByNumber,
    /** Number and end date of licences by id. */
    licencesByIds: repo.licencesByIds,
    /** Number, status and validity of CCC certificates by id. */
    cccByIds: repo.cccByIds,
  };
}
