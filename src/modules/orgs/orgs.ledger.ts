/**
 * What the ledger records of organisations, licences and CCC certificates: a full snapshot of
 * the row after every change (each superseding the last), so that an audit can compare the
 * tables with their latest ledger record field by field.
 */
import type { Db } from '../../db/database.ts';
import { disclosureOf } from '../catalog/profile-rules.ts';
import type { DataProfile } from '../catalog/catalog.schemas.ts';
import type { MemberLevel } from '../ledger/ledger.disclosure.ts';
import type { LedgerEntry } from '../ledger/ledger.service.ts';
import { type CccRow, type LicenceRow, type OrgRow, createOrgsRepo } from './orgs.repo.ts';

export const organisationRecord = (o: OrgRow) => ({
  id: o.id,
  kind: o.kind,
  name: o.name,
  uscc: o.uscc,
  address: o.address,
  regionCode: o.region_code,
  regionSource: o.region_source,
  roles: o.roles,
  contacts: o.contacts as unknown as { [k: string]: string }[],
  status: o.status,
  statusReason: o.status_reason,
  decidedBy: o.decided_by,
  decidedAt: o.decided_at?.toISOString() ?? null,
});

export const licenceRecord = (orgId: string, l: LicenceRow) => ({ id: l.id, orgId, number: l.number, product: l.product, validFrom: l.valid_from, validTo: l.valid_to });
export const cccRecord = (orgId: string, c: CccRow) => ({ id: c.id, orgId, number: c.number, product: c.product, status: c.status, validFrom: c.valid_from, validTo: c.valid_to });

/** Ledger entries for the current state of an organisation (and, when `withChildren`, its licences and certificates). */
export async function organisationEntries(trx: Db, orgId: string, opts: { first?: boolean; withChildren?: boolean } = {}): Promise<LedgerEntry[]> {
  const repo = createOrgsRepo(trx);
  const org = await repo.findOrg(orgId);
  if (!org) throw new Error(`organisation ${orgId} vanished inside its transaction`);
  const entries: LedgerEntry[] = [{ type: 'organisation', subjectId: org.id, record: organisationRecord(org), first: opts.first ?? false }];
  if (opts.withChildren) {
    const [licences, ccc] = await Promise.all([repo.listLicences(orgId), repo.listCcc(orgId)]);
    for (const l of licences) entries.push({ type: 'licence', subjectId: l.id, record: licenceRecord(orgId, l), first: true });
    for (const c of ccc) entries.push({ type: 'ccc_certificate', subjectId: c.id, record: cccRecord(orgId, c), first: true });
  }
  return entries;
}

/** Current snapshots of every organisation, licence and certificate, for the audit. */
export async function* organisationSnapshots(db: Db): AsyncGenerator<LedgerEntry> {
  const repo = createOrgsRepo(db);
  for (const org of await repo.allOrgs()) {
    yield { type: 'organisation', subjectId: org.id, record: organisationRecord(org) };
    for (const l of await repo.listLicences(org.id)) yield { type: 'licence', subjectId: l.id, record: licenceRecord(org.id, l) };
    for (const c of await repo.listCcc(org.id)) yield { type: 'ccc_certificate', subjectId: c.id, record: cccRecord(org.id, c) };
  }
}

/** Members of organisation, licence and certificate records that are profile fields. */
const RECORD_FIELD: Readonly<Record<string, string>> = {
  name: 'producer.name', address: 'producer.address', uscc: 'producer.uscc', contacts: 'producer.contact',
};
const NUMBER_FIELD: Readonly<Record<string, string>> = { licence: 'producer.licence', ccc_certificate: 'producer.cccCertificate' };

/**
 * The level each member of an organisation's (or its licence's, certificate's) ledger record
 * needs, from the profile in force: contacts are `producer.contact` (regulator level by default);
 * the rest is what anyone who may read the organisation sees in its API answer.
 */
export function organisationRecordLevels(type: string, profile: DataProfile): MemberLevel {
  return ([top]) => {
    const field = top === undefined ? undefined : type === 'organisation' ? RECORD_FIELD[top] : top === 'number' ? NUMBER_FIELD[type] : undefined;
    return field ? disclosureOf(profile, field, 'public') : 'public';
  };
}
