/** SQL for organisations, their licences and CCC certificates, and association membership. */
import { type Insertable, type Updateable, sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { orgInScope } from './org-scope.sql.ts';
import type { Scope } from '../access/scope.ts';
import type { CccCertificatesTable, LicencesTable, OrganisationsTable, OrgStatus } from '../../db/schema.ts';

const ORG_COLUMNS = [
  'id', 'kind', 'name', 'uscc', 'address', 'region_code', 'region_source', 'roles', 'contacts', 'status',
  'status_reason', 'decided_by', 'decided_at', 'created_at',
] as const;

export interface OrgFilter {
  status?: OrgStatus | undefined;
  /** Whose organisations the caller may list (access module). */
  scope: Scope;
  /** Only this region prefix (a search filter). */
  region?: string | undefined;
  q?: string | undefined;
  limit: number;
  offset: number;
}

export type OrgsRepo = ReturnType<typeof createOrgsRepo>;

export function createOrgsRepo(db: Db) {
  return {
    insertOrg: (row: Insertable<OrganisationsTable>) =>
      db.insertInto('organisations').values(row).onConflict((oc) => oc.column('uscc').doNothing()).returning('id').executeTakeFirst(),
    allOrgs: () => db.selectFrom('organisations').select(ORG_COLUMNS).orderBy('created_at').orderBy('id').execute(),
    findOrg: (id: string) => db.selectFrom('organisations').select(ORG_COLUMNS).where('id', '=', id).executeTakeFirst(),
    /** Name, USCC, region and address of organisations, for other modules' answers. */
    summaries: async (ids: readonly string[]) =>
      ids.length === 0 ? [] : db.selectFrom('organisations').select(['id', 'name', 'uscc', 'region_code', 'address']).where('id', 'in', ids as string[]).execute(),
    byUscc: async (usccs: readonly string[]) =>
      usccs.length === 0 ? [] : db.selectFrom('organisations').select(['id', 'uscc', 'name']).where('uscc', 'in', usccs as string[]).execute(),
    findOrgByUscc: (uscc: string) => db.selectFrom('organisations').select(ORG_COLUMNS).where('uscc', '=', uscc).executeTakeFirst(),
    updateOrg: (id: string, patch: Updateable<OrganisationsTable>) => db.updateTable('organisations').set(patch).where('id', '=', id).execute(),
    /** Sets the decision only if still pending; returns whether it did (two deciders cannot both win). */
    decide: async (id: string, status: OrgStatus, reason: string | null, by: string, at: Date) =>
      (await db
        .updateTable('organisations')
        .set({ status, status_reason: reason, decided_by: by, decided_at: at })
        .where('id', '=', id)
        .where('status', '=', 'pending')
        .executeTakeFirst()).numUpdatedRows > 0n,
    listOrgs: (f: OrgFilter) => {
      let q = db.selectFrom('organisations').select(['id', 'kind', 'name', 'uscc', 'region_code', 'roles', 'status', 'created_at']);
      if (f.status) q = q.where('status', '=', f.status);
      if (f.region) q = q.where('region_code', 'like', `${f.region}%`);
      q = q.where(() => orgInScope(f.scope, 'organisations.id'));
      if (f.q) {
        const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        q = q.where((eb) => eb.or([eb('name', 'like', like), eb('uscc', '=', f.q?.toUpperCase() ?? '')]));
      }
      return q.orderBy('created_at', 'desc').orderBy('id').limit(f.limit).offset(f.offset).execute();
    },

    /**
     * Approved enterprises of a business role whose name contains `q` or whose USCC is `q`: the
     * partner directory a ship form searches (name, USCC and region only).
     */
    listPartners: (f: { role: string; q: string; excludeId: string | null; limit: number }) => {
      const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      let q = db.selectFrom('organisations').select(['id', 'name', 'uscc', 'region_code'])
        .where('status', '=', 'approved').where('kind', '=', 'enterprise')
        .where(sql<boolean>`${f.role}::text = ANY(roles)`)
        .where((eb) => eb.or([eb('name', 'like', like), eb('uscc', '=', f.q.toUpperCase())]));
      if (f.excludeId) q = q.where('id', '<>', f.excludeId);
      return q.orderBy('name').orderBy('id').limit(f.limit).execute();
    },

    insertLicences: (rows: Insertable<LicencesTable>[]) =>
      rows.length ? db.insertInto('licences').values(rows).onConflict((oc) => oc.column('number').doNothing()).returning('number').execute() : Promise.resolve([]),
    listLicences: (orgId: string) =>
      db.selectFrom('licences').select(['id', 'number', 'product', 'valid_from', 'valid_to']).where('org_id', '=', orgId).orderBy('created_at').orderBy('number').execute(),
    licencesByIds: async (ids: readonly string[]) =>
      ids.length === 0 ? [] : db.selectFrom('licences').select(['id', 'number', 'valid_to']).where('id', 'in', ids as string[]).execute(),
    findLicenceByNumber: (orgId: string, number: string) =>
      db.selectFrom('licences').select(['id', 'number', 'product', 'valid_from', 'valid_to']).where('org_id', '=', orgId).where('number', '=', number).executeTakeFirst(),

    insertCcc: (rows: Insertable<CccCertificatesTable>[]) =>
      rows.length ? db.insertInto('ccc_certificates').values(rows).onConflict((oc) => oc.column('number').doNothing()).returning('number').execute() : Promise.resolve([]),
    listCcc: (orgId: string) =>
      db.selectFrom('ccc_certificates').select(['id', 'number', 'product', 'status', 'valid_from', 'valid_to']).where('org_id', '=', orgId).orderBy('created_at').orderBy('number').execute(),
    findLicence: (id: string) =>
      db.selectFrom('licences').select(['id', 'org_id', 'number', 'product', 'valid_from', 'valid_to']).where('id', '=', id).executeTakeFirst(),
    findCcc: (id: string) =>
      db.selectFrom('ccc_certificates').select(['id', 'org_id', 'number', 'product', 'status', 'valid_from', 'valid_to']).where('id', '=', id).executeTakeFirst(),
    cccByIds: async (ids: readonly string[]) =>
      ids.length === 0 ? [] : db.selectFrom('ccc_certificates').select(['id', 'number', 'status', 'valid_from', 'valid_to']).where('id', 'in', ids as string[]).execute(),
    findCccByNumber: (orgId: string, number: string) =>
      db.selectFrom('ccc_certificates').select(['id', 'number', 'product', 'status', 'valid_from', 'valid_to']).where('org_id', '=', orgId).where('number', '=', number).executeTakeFirst(),
    updateCcc: (id: string, patch: Updateable<CccCertificatesTable>) => db.updateTable('ccc_certificates').set(patch).where('id', '=', id).execute(),

    addMember: (associationId: string, memberId: string) =>
      db.insertInto('association_members').values({ association_id: associationId, member_id: memberId }).onConflict((oc) => oc.doNothing()).execute(),
    removeMember: (associationId: string, memberId: string) =>
      db.deleteFrom('association_members').where('association_id', '=', associationId).where('member_id', '=', memberId).execute(),
    isMember: async (associationId: string, memberId: string) =>
      (await db.selectFrom('association_members').select('member_id').where('association_id', '=', associationId).where('member_id', '=', memberId).executeTakeFirst()) !== undefined,
  };
}

export type OrgRow = NonNullable<Awaited<ReturnType<OrgsRepo['findOrg']>>>;
export type LicenceRow = Awaited<ReturnType<OrgsRepo['listLicences']>>[number];
export type CccRow = Awaited<ReturnType<OrgsRepo['listCcc']>>[number];
