/** Example calls of the orgs module's SQL, for `npm run sql` (scripts/sql-queries.ts). */
import { at, defineExamples, functionExamples, id, repoExamples, scopes } from '../../../../scripts/sql-examples.ts';
import type { Db } from '../../../db/database.ts';
import type { Scope } from '../../access/scope.ts';
import * as orgScope from '../org-scope.sql.ts';
import { createOrgsRepo } from '../orgs.repo.ts';

const ORG = id(1);
const ASSOCIATION = id(900);
const USCC = '91330100MA2XXXXXX1';

/** The scope predicate as a list embeds it: the organisations the scope lets through. */
const inScope = (scope: Scope) => (db: Db) => createOrgsRepo(db).listOrgs({ scope, limit: 50, offset: 0 });

export const examples = defineExamples({
  '../orgs.repo.ts': repoExamples(createOrgsRepo, {
    insertOrg: (repo) =>
      repo.insertOrg({
        id: ORG, kind: 'enterprise', name: 'Example Cable Co.', uscc: USCC, address: 'Hangzhou', region_code: '330100',
        region_source: 'uscc', roles: ['manufacturer'], contacts: JSON.stringify([{ name: 'Li' }]), status: 'pending',
        status_reason: null, decided_by: null, decided_at: null, created_at: at(),
      }),
    allOrgs: (repo) => repo.allOrgs(),
    findOrg: (repo) => repo.findOrg(ORG),
    summaries: (repo) => repo.summaries([ORG, ASSOCIATION]),
    byUscc: (repo) => repo.byUscc([USCC]),
    findOrgByUscc: (repo) => repo.findOrgByUscc(USCC),
    updateOrg: (repo) => repo.updateOrg(ORG, { name: 'Example Cable Group', address: 'Ningbo' }),
    decide: (repo) => repo.decide(ORG, 'approved', null, id(100), at()),
    listOrgs: [
      { name: 'of the scope', run: (repo) => repo.listOrgs({ scope: scopes.all, limit: 50, offset: 0 }) },
      { name: 'every filter', run: (repo) => repo.listOrgs({ status: 'approved', scope: scopes.regions, region: '3301', q: 'Cable', limit: 50, offset: 100 }) },
    ],
    listPartners: (repo) => repo.listPartners({ role: 'seller', q: 'Cable', excludeId: ORG, limit: 20 }),
    insertLicences: (repo) =>
      repo.insertLicences([{ id: id(11), org_id: ORG, number: 'XK06-014-00001', product: 'wire and cable', valid_from: '2024-01-01', valid_to: '2029-01-01', created_at: at() }]),
    listLicences: (repo) => repo.listLicences(ORG),
    licencesByIds: (repo) => repo.licencesByIds([id(11)]),
    findLicenceByNumber: (repo) => repo.findLicenceByNumber(ORG, 'XK06-014-00001'),
    insertCcc: (repo) =>
      repo.insertCcc([{ id: id(21), org_id: ORG, number: '2025010105000001', product: 'cable', status: 'valid', valid_from: '2025-01-01', valid_to: '2030-01-01', created_at: at() }]),
    listCcc: (repo) => repo.listCcc(ORG),
    findLicence: (repo) => repo.findLicence(id(11)),
    findCcc: (repo) => repo.findCcc(id(21)),
    cccByIds: (repo) => repo.cccByIds([id(21)]),
    findCccByNumber: (repo) => repo.findCccByNumber(ORG, '2025010105000001'),
    updateCcc: (repo) => repo.updateCcc(id(21), { status: 'suspended' }),
    addMember: (repo) => repo.addMember(ASSOCIATION, ORG),
    removeMember: (repo) => repo.removeMember(ASSOCIATION, ORG),
    isMember: (repo) => repo.isMember(ASSOCIATION, ORG),
  }),
  '../org-scope.sql.ts': functionExamples(orgScope, {
    orgInScope: (Object.keys(scopes) as (keyof typeof scopes)[]).map((kind) => ({ name: kind, run: inScope(scopes[kind]) })),
  }),
});
