/**
 * Products (型号) of a producer: a category from the key-product list in force, the licence or
 * CCC certificate its regime requires, GTINs, and the fields its data-requirements profile asks.
 */
import crypto from 'node:crypto';
import { validateGtin } from '../../shared/codes/gtin.ts';
import { cstDate } from '../../shared/cst.ts';
import type { Locale } from '../../shared/i18n/i18n.ts';
import { AppError, conflict, type FieldError, fieldError, findOrFail, validationFailed } from '../../server/errors.ts';
import type { Db } from '../../db/database.ts';
import type { AccessService } from '../access/access.service.ts';
import type { Actor } from '../access/actor.ts';
import { scopeOf } from '../access/scope.ts';
import { type Audiences, audiencesOf } from '../access/audiences.ts';
import type { CatalogService } from '../catalog/catalog.service.ts';
import { disclosureOf, isRequired } from '../catalog/profile-rules.ts';
import type { Category, DataProfile, ProfileField } from '../catalog/catalog.schemas.ts';
import type { MemberLevel } from '../ledger/ledger.disclosure.ts';
import { effectiveCccStatus, ownerOf } from '../orgs/org-rules.ts';
import type { OrgsDirectory } from '../orgs/orgs.directory.ts';
import type { LedgerAppend } from '../ledger/ledger.service.ts';
import { GtinTaken, type ProductRow, createProductsRepo } from './products.repo.ts';
import type { CreateProductBody, ListProductsQuery } from './products.schemas.ts';

/** Product fields of the profile that are columns rather than attributes. */
const BUILT_IN: Record<string, (b: CreateProductBody) => boolean> = {
  'product.category': () => true,
  'product.name': (b) => !!b.name,
  'product.model': (b) => !!b.model,
  'product.standard': (b) => !!b.standard,
  'product.brand': (b) => !!b.brand,
  'product.gtin': (b) => (b.gtins?.length ?? 0) > 0,
};

const TYPE_CHECK: Record<string, (v: unknown, f: ProfileField) => boolean> = {
  string: (v) => typeof v === 'string' && v.trim().length > 0,
  date: (v) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)),
  integer: (v) => Number.isInteger(v),
  number: (v) => typeof v === 'number' && Number.isFinite(v),
  boolean: (v) => typeof v === 'boolean',
  enum: (v, f) => typeof v === 'string' && (f.options ?? []).includes(v),
};

/**
 * A product with what it shows of other registers: its producer's name and region (orgs), the
 * catalogue versions it was checked against, its licence and certificate numbers (orgs).
 */
export type ProductView = ProductRow & {
  readonly org_name: string;
  readonly region_code: string;
  readonly list_version: string;
  readonly profile_version: string;
  readonly licence_number: string | null;
  readonly ccc_number: string | null;
};

/** The audiences an actor belongs to for a product: its producer, regulators of its region, everyone. */
const audiencesFor = (actor: Actor, r: Pick<ProductView, 'org_id' | 'region_code'>) => audiencesOf(actor, { ownerOrgId: r.org_id, regionCode: r.region_code });

export interface ProductsDeps {
  readonly db: Db;
  readonly access: AccessService;
  readonly orgs: Pick<OrgsDirectory, 'findOrg' | 'findLicenceByNumber' | 'findCccByNumber' | 'summaries' | 'licencesByIds' | 'cccByIds'>;
  readonly catalog: CatalogService;
  readonly ledger: LedgerAppend;
  readonly clock?: () => Date;
}

export type ProductsService = ReturnType<typeof createProductsService>;

export function createProductsService({ db, access, orgs, catalog, ledger, clock = () => new Date() }: ProductsDeps) {
  const repo = createProductsRepo(db);

  /** Rows as views, each with its producer, catalogue versions and certificate numbers (as one join once gave them). */
  async function views(rows: readonly ProductRow[]): Promise<ProductView[]> {
    const ids = (pick: (r: ProductRow) => string | null) => [...new Set(rows.map(pick).filter((x): x is string => x !== null))];
    const [owners, licences, cccs] = await Promise.all([orgs.summaries(ids((r) => r.org_id)), orgs.licencesByIds(ids((r) => r.licence_id)), orgs.cccByIds(ids((r) => r.ccc_certificate_id))]);
    const ownerOf = new Map(owners.map((o) => [o.id, o]));
    const licenceNumber = new Map(licences.map((l) => [l.id, l.number]));
    const cccNumber = new Map(cccs.map((c) => [c.id, c.number]));
    const out: ProductView[] = [];
    for (const r of rows) {
      const owner = ownerOf.get(r.org_id);
      if (!owner) continue;
      out.push({
        ...r,
        org_name: owner.name,
        region_code: owner.region_code,
        list_version: await catalog.versionOf(r.list_version_id),
        profile_version: await catalog.versionOf(r.profile_version_id),
        licence_number: r.licence_id === null ? null : (licenceNumber.get(r.licence_id) ?? null),
        ccc_number: r.ccc_certificate_id === null ? null : (cccNumber.get(r.ccc_certificate_id) ?? null),
      });
    }
    return out;
  }

  const findView = async (id: string) => {
    const row = await repo.find(id);
    return row && (await views([row]))[0];
  };

  async function certificate(body: CreateProductBody, orgId: string, category: Category, label: string, today: string, errors: FieldError[]) {
    let licenceId: string | null = null;
    let cccId: string | null = null;
    if (body.licenceNumber !== undefined) {
      const lic = await orgs.findLicenceByNumber(orgId, body.licenceNumber.trim().toUpperCase().replace(/（/g, '(').replace(/）/g, ')'));
      if (!lic) errors.push(fieldError('licenceNumber', 'certificate_not_found', 'field.certificate_not_found', { number: body.licenceNumber }));
      else if (lic.valid_to && lic.valid_to < today) errors.push(fieldError('licenceNumber', 'certificate_expired', 'field.certificate_expired', { number: lic.number, date: lic.valid_to }));
      else licenceId = lic.id;
    }
    if (body.cccCertificateNumber !== undefined) {
      const c = await orgs.findCccByNumber(orgId, body.cccCertificateNumber.trim());
      const status = c && effectiveCccStatus(c, today);
      if (!c) errors.push(fieldError('cccCertificateNumber', 'certificate_not_found', 'field.certificate_not_found', { number: body.cccCertificateNumber }));
      else if (status === 'expired' && c.valid_to) errors.push(fieldError('cccCertificateNumber', 'certificate_expired', 'field.certificate_expired', { number: c.number, date: c.valid_to }));
      else if (status !== 'valid') errors.push(fieldError('cccCertificateNumber', 'certificate_not_valid', 'field.certificate_not_valid', { number: c.number, status: status ?? '' }));
      else cccId = c.id;
    }
    const needsLicence = category.regimes.includes('licence');
    const needsCcc = category.regimes.includes('ccc');
    const satisfied = (needsLicence && licenceId) || (needsCcc && cccId) || (!needsLicence && !needsCcc);
    const alreadyExplained = errors.some((e) => e.field === 'licenceNumber' || e.field === 'cccCertificateNumber');
    if (!satisfied && !alreadyExplained) {
      if (needsLicence && needsCcc) errors.push(fieldError('licenceNumber', 'certificate_required', 'field.certificate_required_either', { category: label }));
      else if (needsCcc) errors.push(fieldError('cccCertificateNumber', 'certificate_required', 'field.certificate_required_ccc', { category: label }));
      else errors.push(fieldError('licenceNumber', 'certificate_required', 'field.certificate_required_licence', { category: label }));
    }
    return { licenceId, cccId };
  }

  function profileFields(body: CreateProductBody, category: Category, profile: DataProfile, locale: Locale, errors: FieldError[]) {
    const fields = profile.fields.filter((f) => f.entity === 'product');
    const attributes = body.attributes ?? {};
    const common = { category: category.name[locale === 'en' ? 'en' : 'zh'], profile: profile.id, version: profile.version };
    for (const f of fields) {
      const label = f.label[locale === 'en' ? 'en' : 'zh'];
      const builtIn = BUILT_IN[f.key];
      if (builtIn) {
        if (isRequired(f, category) && !builtIn(body)) errors.push(fieldError(f.key.replace(/^product\./, '').replace('gtin', 'gtins'), 'attribute_required', 'field.attribute_required', { ...common, label }));
        continue;
      }
      const v = attributes[f.key];
      if (v === undefined) {
        if (isRequired(f, category)) errors.push(fieldError(`attributes.${f.key}`, 'attribute_required', 'field.attribute_required', { ...common, label }));
      } else if (!TYPE_CHECK[f.type]?.(v, f)) {
        const type = f.type === 'enum' ? (f.options ?? []).join(' | ') : f.type;
        errors.push(fieldError(`attributes.${f.key}`, 'attribute_type', 'field.attribute_type', { label, type }, { expected: type }));
      }
    }
    for (const key of Object.keys(attributes)) {
      if (!fields.some((f) => f.key === key && !BUILT_IN[f.key])) errors.push(fieldError(`attributes.${key}`, 'attribute_unknown', 'field.attribute_unknown', common));
    }
  }

  return {
    /**
     * Registers a product. Every problem is reported at once; nothing is stored unless all is well.
     * `locale` only words the category and field labels inside messages.
     */
    async create(actor: Actor, body: CreateProductBody, locale: Locale = 'zh-CN') {
      const org = await findOrFail(orgs.findOrg(body.orgId), 'organisation', body.orgId);
      await access.require(actor, 'product:write', ownerOf(org));
      if (org.status !== 'approved') throw conflict('org_not_approved', 'problem.org_not_approved.detail', { name: org.name, status: org.status });
      const errors: FieldError[] = [];
      if (!org.roles.includes('producer')) errors.push(fieldError('orgId', 'org_not_producer', 'field.org_not_producer', { name: org.name }));
      const today = cstDate(clock());
      const resolved = await catalog.resolveCategory('categoryCode', body.categoryCode, today);
      if (!resolved.ok) throw validationFailed([...errors, resolved.error]);
      const { category, list, profile } = resolved;
      const label = category.name[locale === 'en' ? 'en' : 'zh'];

      const items = category.items.map((i) => i.code);
      if (items.length && body.itemCode === undefined) errors.push(fieldError('itemCode', 'item_required', 'field.item_required', { category: label, allowed: items.join(', ') }, { expected: items.join(', ') }));
      if (items.length && body.itemCode !== undefined && !items.includes(body.itemCode)) errors.push(fieldError('itemCode', 'item_unknown', 'field.item_unknown', { category: label, code: body.itemCode, allowed: items.join(', ') }, { expected: items.join(', ') }));
      if (!items.length && body.itemCode !== undefined) errors.push(fieldError('itemCode', 'item_not_applicable', 'field.item_not_applicable', { category: label }));

      const gtins: string[] = [];
      (body.gtins ?? []).forEach((g, i) => {
        const r = validateGtin(g);
        if (!r.ok && r.reason === 'format') errors.push(fieldError(`gtins[${i}]`, 'gtin_format', 'field.gtin_format', {}, { expected: r.expected }));
        else if (!r.ok && r.reason === 'check') errors.push(fieldError(`gtins[${i}]`, 'gtin_check', 'field.gtin_check', { position: r.position, expected: r.expected, actual: r.actual }, { expected: r.expected, position: r.position }));
        else if (r.ok && gtins.includes(r.gtin14)) errors.push(fieldError(`gtins[${i}]`, 'duplicate', 'field.duplicate', { value: r.gtin14 }));
        else if (r.ok) gtins.push(r.gtin14);
      });

      const { licenceId, cccId } = await certificate(body, org.id, category, label, today, errors);
      profileFields(body, category, profile.content, locale, errors);
      if (errors.length) throw validationFailed(errors);

      const id = crypto.randomUUID();
      try {
        await db.transaction().execute(async (trx) => {
          const r = createProductsRepo(trx);
          await r.insertProduct({
            id,
            org_id: org.id,
            category_code: category.code,
            item_code: body.itemCode ?? null,
            list_version_id: list.id,
            profile_version_id: profile.id,
            name: body.name.trim(),
            brand: body.brand?.trim() ?? null,
            model: body.model.trim(),
            standard: body.standard.trim(),
            licence_id: licenceId,
            ccc_certificate_id: cccId,
            attributes: JSON.stringify(body.attributes ?? {}),
          });
          await r.insertGtins(id, gtins);
          const row = await r.find(id);
          if (!row) throw new Error(`product ${id} vanished inside its transaction`);
          await ledger(trx, [{ type: 'product', subjectId: id, record: productRecord(row), first: true }]);
        });
      } catch (e) {
        if (e instanceof GtinTaken) throw await gtinTaken(actor, e.gtins);
        throw e;
      }
      const created = await findOrFail(findView(id), 'product', id);
      return present(await audiencesFor(actor, created), created, profile.content);
    },

    async get(actor: Actor, id: string) {
      const row = await findOrFail(findView(id), 'product', id);
      await access.require(actor, 'product:read', { id: row.org_id, regionCode: row.region_code, entity: 'product', entityId: id });
      return present(await audiencesFor(actor, row), row, await profileOf(row));
    },

    async list(actor: Actor, q: ListProductsQuery) {
      await access.require(actor, 'product:read');
      const rows = await views(await repo.list({ scope: scopeOf(actor), orgId: q.orgId, categoryCode: q.categoryCode, limit: q.limit ?? 100, offset: q.offset ?? 0 }));
      return Promise.all(rows.map(async (r) => present(await audiencesFor(actor, r), r, await profileOf(r))));
    },

    /** The profile version a product was checked against (for the disclosure of records about it). */
    async profileOfProduct(id: string): Promise<DataProfile | undefined> {
      const row = await repo.find(id);
      return row && profileOf(row);
    },

    /**
     * For other modules: products by id and by GTIN, and a product's GTINs, with no actor (the
     * caller authorises what it shows).
     */
    registry: {
      byIds: repo.byIds,
      byGtins: repo.byGtins,
      gtinsOf: repo.gtinsOf,
    },
  };

  function profileOf(row: ProductRow): Promise<DataProfile> {
    return catalog.profileById(row.profile_version_id);
  }

  /** 409, naming the owner only when the caller may see it. */
  async function gtinTaken(actor: Actor, gtins: string[]) {
    const owners = await repo.findGtinOwners(gtins);
    const first = owners[0];
    const visible = first && (actor.role === 'admin' || actor.orgId === first.org_id);
    return new AppError(409, 'gtin_taken', 'problem.gtin_taken.detail', { gtin: visible ? `${gtins.join(', ')} (${first.org_id})` : gtins.join(', ') });
  }
}

/** A product as its reader may see it: attributes filtered by the profile's disclosure levels. */
export function present(audiences: Audiences, r: ProductView, profile: DataProfile) {
  const attributes = Object.fromEntries(Object.entries(r.attributes).filter(([k]) => audiences.sees(disclosureOf(profile, k))));
  return {
    id: r.id,
    orgId: r.org_id,
    orgName: r.org_name,
    categoryCode: r.category_code,
    itemCode: r.item_code,
    listVersion: r.list_version,
    profileVersion: r.profile_version,
    name: r.name,
    brand: r.brand,
    model: r.model,
    standard: r.standard,
    gtins: r.gtins,
    licenceNumber: r.licence_number,
    cccCertificateNumber: r.ccc_number,
    attributes: attributes as Record<string, string | number | boolean>,
    createdAt: r.created_at.toISOString(),
  };
}

/** What the ledger records of a product: every column that defines it, GTINs sorted. */
export function productRecord(r: ProductRow) {
  return {
    id: r.id,
    orgId: r.org_id,
    categoryCode: r.category_code,
    itemCode: r.item_code,
    listVersionId: r.list_version_id,
    profileVersionId: r.profile_version_id,
    name: r.name,
    brand: r.brand,
    model: r.model,
    standard: r.standard,
    licenceId: r.licence_id,
    cccCertificateId: r.ccc_certificate_id,
    attributes: r.attributes as { [k: string]: string | number | boolean },
    gtins: [...r.gtins].sort(),
  };
}

/** Built-in product columns of the ledger record, by the profile field they are. */
const RECORD_FIELD: Readonly<Record<string, string>> = {
  categoryCode: 'product.category', name: 'product.name', model: 'product.model', standard: 'product.standard', brand: 'product.brand', gtins: 'product.gtin',
};

/**
 * The level each member of a product's ledger record needs: attributes by their profile field
 * (unknown ones owner-only, as in {@link present}), built-in columns by theirs, identifiers and
 * catalogue references public.
 */
export function productRecordLevels(profile: DataProfile): MemberLevel {
  return (path) => {
    const [top, attribute] = path;
    if (top === 'attributes' && attribute !== undefined) return disclosureOf(profile, attribute);
    const field = top === undefined ? undefined : RECORD_FIELD[top];
    return field ? disclosureOf(profile, field, 'public') : 'public';
  };
}

/** Current snapshots of every product, for the audit. */
export async function* productSnapshots(db: Db) {
  for (const row of await createProductsRepo(db).all()) yield { type: 'product', subjectId: row.id, record: productRecord(row) };
}
