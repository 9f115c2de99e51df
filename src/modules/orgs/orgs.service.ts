/**
 * Organisations (生产单位 / 销售单位, associations): registration and its approval, profiles,
 * production licences and CCC certificates, association membership.
 */
import crypto from 'node:crypto';
import type { Db } from '../../db/database.ts';
import type { OrgKind } from '../../db/schema.ts';
import { validateCccNumber } from '../../shared/codes/ccc.ts';
import { validateLicence } from '../../shared/codes/licence.ts';
import { REGION_CODE } from '../../shared/codes/region.ts';
import { cstDate } from '../../shared/cst.ts';
import { msg } from '../../shared/i18n/i18n.ts';
import { AppError, conflict, type FieldError, fieldError, findOrFail, notFound, validationFailed } from '../../server/errors.ts';
import type { AccessService } from '../access/access.service.ts';
import type { Actor } from '../access/actor.ts';
import { scopeOf } from '../access/scope.ts';
import { type Disclosure, audiencesOf } from '../access/audiences.ts';
import type { NewUser } from '../auth/auth.service.ts';
import type { LedgerAppend } from '../ledger/ledger.service.ts';
import { cccRecord, licenceRecord, organisationEntries } from './orgs.ledger.ts';
import { checkUscc, effectiveCccStatus, ownerOf } from './org-rules.ts';
import { type CccRow, type LicenceRow, type OrgRow, createOrgsRepo } from './orgs.repo.ts';
import type { CccInput, CreateOrgBody, LicenceInput, ListOrgsQuery, OrgInput, PartnersQuery, RegistrationBody, UpdateCccBody, UpdateOrgBody } from './orgs.schemas.ts';

export interface OrgsDeps {
  readonly db: Db;
  readonly access: AccessService;
  /** Identity checks a new user and inserts it (inside our transaction). */
  readonly users: {
    validate(input: NewUser): Promise<FieldError[]>;
    insert(db: Db, input: NewUser): Promise<string>;
  };
  /** Every change is recorded in the ledger inside its own transaction. */
  readonly ledger: LedgerAppend;
  /**
   * The disclosure level of an organisation field of the profile in force (`producer.contact`);
   * owner-only when not given.
   */
  readonly disclosure?: (key: string) => Promise<Disclosure>;
  readonly clock?: () => Date;
}

function checkRange(field: string, from: string | undefined, to: string | undefined, errors: FieldError[]) {
  if (from && to && to < from) errors.push(fieldError(field, 'date_range', 'field.date_range'));
}

function normaliseLicences(list: readonly LicenceInput[], prefix: string, errors: FieldError[]) {
  return list.flatMap((l, i) => {
    const r = validateLicence(l.number);
    checkRange(`${prefix}[${i}].validTo`, l.validFrom, l.validTo, errors);
    if (!r.ok) {
      errors.push(fieldError(`${prefix}[${i}].number`, 'licence_format', 'field.licence_format', {}, { expected: r.expected }));
      return [];
    }
    return [{ ...l, number: r.value }];
  });
}

function normaliseCcc(list: readonly CccInput[], prefix: string, errors: FieldError[], now: Date) {
  return list.flatMap((c, i) => {
    const r = validateCccNumber(c.number, now);
    checkRange(`${prefix}[${i}].validTo`, c.validFrom, c.validTo, errors);
    if (!r.ok) {
      errors.push(fieldError(`${prefix}[${i}].number`, r.reason === 'year' ? 'ccc_year' : 'ccc_format', r.reason === 'year' ? 'field.ccc_year' : 'field.ccc_format', {}, { expected: r.expected }));
      return [];
    }
    return [{ ...c, number: r.value }];
  });
}

function duplicates(field: string, values: readonly string[], errors: FieldError[]) {
  const seen = new Set<string>();
  values.forEach((v, i) => {
    if (seen.has(v)) errors.push(fieldError(`${field}[${i}].number`, 'duplicate', 'field.duplicate', { value: v }));
    seen.add(v);
  });
}

export type OrgsService = ReturnType<typeof createOrgsService>;

export function createOrgsService({ db, access, users, ledger, disclosure = async () => 'owner', clock = () => new Date() }: OrgsDeps) {
  const repo = createOrgsRepo(db);

  /** Validates an organisation's input whole; returns normalised rows or throws every problem at once. */
  function prepare(input: OrgInput, kind: OrgKind, prefix: string, extraErrors: FieldError[] = []) {
    const errors = [...extraErrors];
    const uscc = checkUscc(`${prefix}uscc`, input.uscc, errors);
    if (input.regionCode !== undefined && !REGION_CODE.test(input.regionCode)) {
      errors.push(fieldError(`${prefix}regionCode`, 'region_format', 'field.region_format'));
    }
    const licences = normaliseLicences(input.licences ?? [], `${prefix}licences`, errors);
    const ccc = normaliseCcc(input.cccCertificates ?? [], `${prefix}cccCertificates`, errors, clock());
    duplicates(`${prefix}licences`, licences.map((l) => l.number), errors);
    duplicates(`${prefix}cccCertificates`, ccc.map((c) => c.number), errors);
    if (errors.length || !uscc) throw validationFailed(errors);
    const id = crypto.randomUUID();
    return {
      org: {
        id,
        kind,
        name: input.name.trim(),
        uscc: uscc.value,
        address: input.address.trim(),
        region_code: input.regionCode ?? uscc.regionCode,
        region_source: input.regionCode !== undefined ? ('declared' as const) : ('uscc' as const),
        roles: [...input.roles],
        contacts: JSON.stringify(input.contacts),
      },
      licences: licences.map((l) => ({ id: crypto.randomUUID(), org_id: id, number: l.number, product: l.product, valid_from: l.validFrom ?? null, valid_to: l.validTo ?? null })),
      ccc: ccc.map((c) => ({ id: crypto.randomUUID(), org_id: id, number: c.number, product: c.product, status: c.status, valid_from: c.validFrom ?? null, valid_to: c.validTo ?? null })),
    };
  }

  async function insertAll(trx: Db, p: ReturnType<typeof prepare>, status: 'pending' | 'approved', decidedBy: string | null) {
    const r = createOrgsRepo(trx);
    const inserted = await r.insertOrg({ ...p.org, status, decided_by: decidedBy, decided_at: status === 'approved' ? clock() : null });
    if (!inserted) throw conflict('uscc_taken', 'problem.uscc_taken.detail', { uscc: p.org.uscc });
    const lic = await r.insertLicences(p.licences);
    if (lic.length < p.licences.length) {
      const taken = p.licences.find((l) => !lic.some((x) => x.number === l.number));
      throw conflict('number_taken', 'problem.number_taken.detail', { what: msg('entity.licence'), number: taken?.number ?? '' });
    }
    const ccc = await r.insertCcc(p.ccc);
    if (ccc.length < p.ccc.length) {
      const taken = p.ccc.find((c) => !ccc.some((x) => x.number === c.number));
      throw conflict('number_taken', 'problem.number_taken.detail', { what: msg('entity.ccc_certificate'), number: taken?.number ?? '' });
    }
    await ledger(trx, await organisationEntries(trx, p.org.id, { first: true, withChildren: true }));
  }

  /**
   * An organisation as `actor` sees it; contacts (the profile's `producer.contact`) only to the
   * audiences its level allows. Without an actor: its own registrant.
   */
  async function present(org: OrgRow, actor?: Actor) {
    const [licences, ccc] = await Promise.all([repo.listLicences(org.id), repo.listCcc(org.id)]);
    const shown = presentOrg(org, licences, ccc, cstDate(clock()));
    if (!actor) return shown;
    const audiences = await audiencesOf(actor, { ownerOrgId: org.id, regionCode: org.region_code }, repo.isMember);
    if (audiences.sees(await disclosure('producer.contact'))) return shown;
    const { contacts: _hidden, ...rest } = shown;
    return rest;
  }

  async function visibleOrg(actor: Actor, id: string) {
    const org = await findOrFail(repo.findOrg(id), 'organisation', id);
    await access.require(actor, 'org:read', ownerOf(org));
    return org;
  }

  async function decide(actor: Actor, id: string, status: 'approved' | 'rejected', reason: string | null) {
    const org = await findOrFail(repo.findOrg(id), 'organisation', id);
    await access.require(actor, 'org:decide', ownerOf(org));
    if (!actor.userId) throw new AppError(403, 'forbidden', 'problem.forbidden.detail', { permission: 'org:decide' });
    const by = actor.userId;
    const decided = await db.transaction().execute(async (trx) => {
      if (!(await createOrgsRepo(trx).decide(id, status, reason, by, clock()))) return false;
      await ledger(trx, await organisationEntries(trx, id));
      return true;
    });
    if (!decided) {
      const now = await findOrFail(repo.findOrg(id), 'organisation', id);
      throw conflict('already_decided', 'problem.already_decided.detail', { status: now.status });
    }
    return present(await findOrFail(repo.findOrg(id), 'organisation', id), actor);
  }

  return {
    /**
     * Self-registration (public): a pending organisation and its first org_admin user, in one
     * transaction. A regulator of its region, or an admin, approves or rejects it.
     */
    async register(body: RegistrationBody) {
      const admin: NewUser = { ...body.admin, username: body.admin.username.trim().toLowerCase(), role: 'org_admin', orgId: '00000000-0000-4000-8000-000000000000' };
      const userErrors = (await users.validate(admin)).map((e) => ({ ...e, field: `admin.${e.field}`, params: { ...e.params, field: `admin.${e.field}` } }));
      const p = prepare(body.organisation, 'enterprise', 'organisation.', userErrors);
      const userId = await db.transaction().execute(async (trx) => {
        await insertAll(trx, p, 'pending', null);
        return users.insert(trx, { ...admin, orgId: p.org.id });
      });
      const org = await findOrFail(repo.findOrg(p.org.id), 'organisation', p.org.id);
      return { organisation: await present(org), userId };
    },

    /** An admin creates an organisation (enterprise or association), approved at once. */
    async create(actor: Actor, body: CreateOrgBody) {
      await access.require(actor, 'org:create');
      const { kind = 'enterprise', ...input } = body;
      const p = prepare(input, kind, '');
      await db.transaction().execute((trx) => insertAll(trx, p, 'approved', actor.userId ?? null));
      return present(await findOrFail(repo.findOrg(p.org.id), 'organisation', p.org.id), actor);
    },

    async get(actor: Actor, id: string) {
      return present(await visibleOrg(actor, id), actor);
    },

    /** Organisations in the caller's scope; enterprise users see only their own. */
    async list(actor: Actor, query: ListOrgsQuery) {
      const base = { status: query.status, region: query.region, q: query.q, limit: query.limit ?? 100, offset: query.offset ?? 0 };
      if (actor.role === 'org_admin' || actor.role === 'org_operator') {
        const own = actor.orgId ? await repo.findOrg(actor.orgId) : undefined;
        return own ? [presentSummary(own)] : [];
      }
      await access.require(actor, 'org:list');
      const rows = await repo.listOrgs({ ...base, scope: scopeOf(actor) });
      return rows.map(presentSummary);
    },

    /**
     * The partner directory: approved enterprises of a role (sellers, by default) by name or USCC,
     * for an enterprise choosing whom it ships to. Only name, USCC and region: what the form needs.
     *
     * @example await orgs.partners(actor, { q: '五金' }) // [{ id, name: '城东五金店', uscc, regionCode }]
     */
    async partners(actor: Actor, query: PartnersQuery) {
      await access.require(actor, 'partner:search');
      const rows = await repo.listPartners({ role: query.role ?? 'seller', q: query.q.trim(), excludeId: actor.orgId ?? null, limit: query.limit ?? 20 });
      return rows.map((r) => ({ id: r.id, name: r.name, uscc: r.uscc, regionCode: r.region_code }));
    },

    async update(actor: Actor, id: string, patch: UpdateOrgBody) {
      const org = await visibleOrg(actor, id);
      await access.require(actor, 'org:update', ownerOf(org));
      if (patch.regionCode !== undefined) await access.require(actor, 'org:region', ownerOf(org));
      if (patch.regionCode !== undefined && !REGION_CODE.test(patch.regionCode)) {
        throw validationFailed([fieldError('regionCode', 'region_format', 'field.region_format')]);
      }
      await db.transaction().execute(async (trx) => {
        await createOrgsRepo(trx).updateOrg(id, {
          ...(patch.name !== undefined && { name: patch.name.trim() }),
          ...(patch.address !== undefined && { address: patch.address.trim() }),
          ...(patch.regionCode !== undefined && { region_code: patch.regionCode, region_source: 'declared' as const }),
          ...(patch.roles !== undefined && { roles: [...patch.roles] }),
          ...(patch.contacts !== undefined && { contacts: JSON.stringify(patch.contacts) }),
        });
        await ledger(trx, await organisationEntries(trx, id));
      });
      return present(await findOrFail(repo.findOrg(id), 'organisation', id), actor);
    },

    approve: (actor: Actor, id: string) => decide(actor, id, 'approved', null),
    reject: (actor: Actor, id: string, reason: string) => decide(actor, id, 'rejected', reason.trim()),

    async addLicence(actor: Actor, id: string, input: LicenceInput) {
      const org = await visibleOrg(actor, id);
      await access.require(actor, 'org:update', ownerOf(org));
      const errors: FieldError[] = [];
      const [l] = normaliseLicences([input], 'licences', errors).map((x) => ({ ...x }));
      if (errors.length || !l) throw validationFailed(errors.map((e) => ({ ...e, field: e.field.replace(/^licences\[0\]\./, '') })));
      const licenceId = crypto.randomUUID();
      await db.transaction().execute(async (trx) => {
        const r = createOrgsRepo(trx);
        const done = await r.insertLicences([{ id: licenceId, org_id: id, number: l.number, product: l.product, valid_from: l.validFrom ?? null, valid_to: l.validTo ?? null }]);
        if (done.length === 0) throw conflict('number_taken', 'problem.number_taken.detail', { what: msg('entity.licence'), number: l.number });
        const row = await r.findLicence(licenceId);
        if (!row) throw new Error(`licence ${licenceId} vanished`);
        await ledger(trx, [{ type: 'licence', subjectId: licenceId, record: licenceRecord(id, row), first: true }]);
      });
      return present(org, actor);
    },

    async addCcc(actor: Actor, id: string, input: CccInput) {
      const org = await visibleOrg(actor, id);
      await access.require(actor, 'org:update', ownerOf(org));
      const errors: FieldError[] = [];
      const [c] = normaliseCcc([input], 'cccCertificates', errors, clock());
      if (errors.length || !c) throw validationFailed(errors.map((e) => ({ ...e, field: e.field.replace(/^cccCertificates\[0\]\./, '') })));
      const certId = crypto.randomUUID();
      await db.transaction().execute(async (trx) => {
        const r = createOrgsRepo(trx);
        const done = await r.insertCcc([{ id: certId, org_id: id, number: c.number, product: c.product, status: c.status, valid_from: c.validFrom ?? null, valid_to: c.validTo ?? null }]);
        if (done.length === 0) throw conflict('number_taken', 'problem.number_taken.detail', { what: msg('entity.ccc_certificate'), number: c.number });
        const row = await r.findCcc(certId);
        if (!row) throw new Error(`certificate ${certId} vanished`);
        await ledger(trx, [{ type: 'ccc_certificate', subjectId: certId, record: cccRecord(id, row), first: true }]);
      });
      return present(org, actor);
    },

    async updateCcc(actor: Actor, id: string, certId: string, patch: UpdateCccBody) {
      const org = await visibleOrg(actor, id);
      await access.require(actor, 'org:update', ownerOf(org));
      const cert = await repo.findCcc(certId);
      if (!cert || cert.org_id !== org.id) throw notFound('organisation', certId);
      const errors: FieldError[] = [];
      checkRange('validTo', cert.valid_from ?? undefined, patch.validTo, errors);
      if (errors.length) throw validationFailed(errors);
      await db.transaction().execute(async (trx) => {
        const r = createOrgsRepo(trx);
        await r.updateCcc(certId, { ...(patch.status && { status: patch.status }), ...(patch.validTo && { valid_to: patch.validTo }) });
        const row = await r.findCcc(certId);
        if (!row) throw new Error(`certificate ${certId} vanished`);
        await ledger(trx, [{ type: 'ccc_certificate', subjectId: certId, record: cccRecord(id, row) }]);
      });
      return present(org, actor);
    },

    async addMember(actor: Actor, associationId: string, memberId: string) {
      await access.require(actor, 'association:members');
      const assoc = await findOrFail(repo.findOrg(associationId), 'organisation', associationId);
      if (assoc.kind !== 'association') throw validationFailed([fieldError('id', 'org_kind', 'field.org_kind', { name: assoc.name, kind: 'association' })]);
      await findOrFail(repo.findOrg(memberId), 'organisation', memberId);
      await repo.addMember(associationId, memberId);
    },

    async removeMember(actor: Actor, associationId: string, memberId: string) {
      await access.require(actor, 'association:members');
      await repo.removeMember(associationId, memberId);
    },
  };
}

export function presentOrg(o: OrgRow, licences: LicenceRow[], ccc: CccRow[], today: string) {
  return {
    id: o.id,
    kind: o.kind,
    name: o.name,
    uscc: o.uscc,
    address: o.address,
    regionCode: o.region_code,
    regionSource: o.region_source,
    roles: o.roles,
    contacts: o.contacts,
    status: o.status,
    statusReason: o.status_reason,
    decidedAt: o.decided_at?.toISOString() ?? null,
    createdAt: o.created_at.toISOString(),
    licences: licences.map((l) => ({ id: l.id, number: l.number, product: l.product, validFrom: l.valid_from, validTo: l.valid_to })),
    cccCertificates: ccc.map((c) => ({
      id: c.id, number: c.number, product: c.product, status: c.status, effectiveStatus: effectiveCccStatus(c, today), validFrom: c.valid_from, validTo: c.valid_to,
    })),
  };
}

export function presentSummary(o: Pick<OrgRow, 'id' | 'kind' | 'name' | 'uscc' | 'region_code' | 'roles' | 'status' | 'created_at'>) {
  return { id: o.id, kind: o.kind, name: o.name, uscc: o.uscc, regionCode: o.region_code, roles: o.roles, status: o.status, createdAt: o.created_at.toISOString() };
}
