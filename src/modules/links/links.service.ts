/**
 * Producer links (GS1-Conformant Resolver 1.2 §2.5): a producer attaches links to the GTINs of its own
 * products, or to one lot of them, each with a GS1 Web Vocabulary link type, a title, and optionally its
 * languages, media type and the default flag. The resolver publishes them: {@link LinksService.linksFor}
 * needs no actor, because links are published on purpose.
 *
 * Every change enters the ledger in its own transaction: `link` (what the link says; again when a new
 * default clears an old one's flag) and `link.deleted`.
 */
import crypto from 'node:crypto';
import type { Db } from '../../db/database.ts';
import { conflict, type FieldError, fieldError, findOrFail, notFound, validationFailed } from '../../server/errors.ts';
import { validateGs1Value } from '../../shared/codes/gs1/elements.ts';
import { validateGtin } from '../../shared/codes/gtin.ts';
import type { AccessService, Owner } from '../access/access.service.ts';
import type { Actor } from '../access/actor.ts';
import { scopeOf } from '../access/scope.ts';
import type { LedgerAppend, LedgerEntry } from '../ledger/ledger.service.ts';
import type { OrgsDirectory } from '../orgs/orgs.directory.ts';
import type { ProductsService } from '../products/products.service.ts';
import { LINK_TYPES, NOT_IN_VOCABULARY, linkTypeCurie, linkTypeInfo, linkTypeIri } from './link-types.ts';
import { type LinkRow, createLinksRepo } from './links.repo.ts';
import { type CreateLinkBody, type Link, type LinkType, type ListLinksQuery, MAX_LINKS_PER_ANCHOR, type ResolverLink } from './links.schemas.ts';

/** Ledger record types of this module. */
export const LEDGER_TYPES = ['link', 'link.deleted'] as const;

const LOCAL_HOSTS: readonly string[] = ['localhost', '127.0.0.1', '[::1]'];

/**
 * The target URL as stored: `https:`, or `http:` to this machine only; no user name or password.
 * Normalised by the WHATWG URL parser (an internationalised host becomes punycode), so that it matches
 * the GS1 linkset schema's `href` pattern. Undefined when not acceptable.
 *
 * @example normaliseHref('https://例子.中国/说明书.pdf') // → 'https://xn--fsqu00a.xn--fiqs8s/%E8%AF%B4%E6%98%8E%E4%B9%A6.pdf'
 * @example normaliseHref('http://example.com/') // → undefined
 */
export function normaliseHref(href: string): string | undefined {
  let u: URL;
  try {
    u = new URL(href.trim());
  } catch {
    return undefined;
  }
  if (u.username || u.password) return undefined;
  if (u.protocol === 'https:' || (u.protocol === 'http:' && LOCAL_HOSTS.includes(u.hostname))) return u.href;
  return undefined;
}

/**
 * A language tag in its conventional case (BCP 47 §2.1.1: language lower case, region upper case).
 *
 * @example normaliseLanguageTag('ZH-cn') // → 'zh-CN'
 */
export function normaliseLanguageTag(tag: string): string {
  const [language = '', region] = tag.trim().split('-');
  return region === undefined ? language.toLowerCase() : `${language.toLowerCase()}-${region.toUpperCase()}`;
}

export interface LinksDeps {
  readonly db: Db;
  readonly access: AccessService;
  /** Which product carries a GTIN (the products module). */
  readonly products: Pick<ProductsService['registry'], 'byGtins'>;
  /** Its organisation's region, for scope checks (the orgs module). */
  readonly orgs: Pick<OrgsDirectory, 'findOwner'>;
  readonly ledger: LedgerAppend;
  readonly clock?: () => Date;
}

export type LinksService = ReturnType<typeof createLinksService>;

/**
 * @example
 * const links = createLinksService({ db, access, products: products.registry, orgs: orgsDirectory, ledger: ledger.append });
 * await links.create(actor, { gtin: '06901234567892', lot: 'L2026', linkType: 'gs1:safetyInfo', href: 'https://maker.example/safety', title: '安全须知', hreflang: ['zh'] });
 * await links.linksFor('06901234567892', 'L2026'); // → the lot's links, then the GTIN's
 */
export function createLinksService({ db, access, products, orgs, ledger, clock = () => new Date() }: LinksDeps) {
  const repo = createLinksRepo(db);
  // Told after a link is added or removed (the resolver drops what it cached).
  const listeners: (() => void)[] = [];
  const changed = () => {
    for (const l of listeners) l();
  };

  /** The organisation whose product carries `gtin` (GTIN-14), with its region, as scope checks need it. */
  async function gtinOwner(gtin: string) {
    const [product] = await products.byGtins([gtin]);
    const owner = product && (await orgs.findOwner(product.org_id));
    return owner && { org_id: owner.id, region_code: owner.regionCode };
  }

  /** A link as the owner scope checks take: its organisation and that organisation's region. */
  async function ownerOfLink(r: Pick<LinkRow, 'id' | 'org_id'>): Promise<Owner> {
    const owner = await orgs.findOwner(r.org_id);
    if (!owner) throw notFound('link', r.id);
    return { id: r.org_id, regionCode: owner.regionCode, entity: 'link', entityId: r.id };
  }

  /** Checks the body; returns the columns to store. Reports every problem at once. */
  function checkBody(body: CreateLinkBody) {
    const errors: FieldError[] = [];
    const gtin = validateGtin(body.gtin);
    if (!gtin.ok && gtin.reason === 'format') errors.push(fieldError('gtin', 'gtin_format', 'field.gtin_format', {}, { expected: gtin.expected }));
    if (!gtin.ok && gtin.reason === 'check') {
      errors.push(fieldError('gtin', 'gtin_check', 'field.gtin_check', { position: gtin.position, expected: gtin.expected, actual: gtin.actual }, { expected: gtin.expected, position: gtin.position }));
    }
    if (body.lot !== undefined) {
      // GS1 General Specifications §3.4.2: AI (10) is up to 20 characters of GS1 AI encodable character set 82.
      const e = validateGs1Value({ ai: '10', value: body.lot });
      if (e) errors.push(fieldError('lot', 'lot_invalid', 'field.code_invalid', { reason: e.message }, e.position === undefined ? {} : { position: e.position }));
    }
    const type = linkTypeInfo(body.linkType);
    if (!type) {
      const curie = linkTypeCurie(body.linkType);
      const instead = curie === undefined ? undefined : NOT_IN_VOCABULARY[curie];
      if (instead) errors.push(fieldError('linkType', 'link_type_not_in_vocabulary', 'field.link_type_not_in_vocabulary', { value: body.linkType, instead }, { expected: instead }));
      else {
        const allowed = LINK_TYPES.map((t) => t.curie).join(', ');
        errors.push(fieldError('linkType', 'link_type_unknown', 'field.link_type_unknown', { value: body.linkType, allowed }, { expected: allowed }));
      }
    }
    const href = normaliseHref(body.href);
    if (href === undefined) errors.push(fieldError('href', 'link_href', 'field.link_href', { value: body.href }));
    const title = body.title.trim();
    if (!title) errors.push(fieldError('title', 'required', 'field.required'));
    const hreflang = [...new Set((body.hreflang ?? []).map(normaliseLanguageTag))];
    if (errors.length || !gtin.ok || !type || href === undefined) throw validationFailed(errors);
    return {
      gtin: gtin.gtin14, lot: body.lot ?? null, link_type: type.curie, href, title, hreflang,
      media_type: body.mediaType?.toLowerCase() ?? null, is_default: body.isDefault ?? false,
    };
  }

  return {
    /** Called after a link is added or removed (the resolver drops what it cached). */
    onChange: (listener: () => void) => void listeners.push(listener),

    /**
     * Attaches a link to a GTIN of one of the caller's organisation's products (or to one lot of it).
     * A GTIN that is not registered, or is another organisation's, is 404 `not_found` (the access
     * rule: nobody learns what exists outside their scope). A new default clears the old default's flag.
     */
    async create(actor: Actor, body: CreateLinkBody): Promise<Link> {
      await access.require(actor, 'link:write');
      const fields = checkBody(body);
      const owner = await findOrFail(gtinOwner(fields.gtin), 'gtin', fields.gtin);
      await access.require(actor, 'link:write', { id: owner.org_id, regionCode: owner.region_code, entity: 'gtin', entityId: fields.gtin });
      const id = crypto.randomUUID();
      const inserted = await db.transaction().execute(async (trx) => {
        const r = createLinksRepo(trx);
        if ((await r.countAtAnchor(fields.gtin, fields.lot)) >= MAX_LINKS_PER_ANCHOR) {
          throw conflict('too_many_links', 'problem.too_many_links.detail', { anchor: anchorName(fields.gtin, fields.lot), limit: MAX_LINKS_PER_ANCHOR });
        }
        const cleared = fields.is_default ? await r.clearDefault(fields.gtin, fields.lot, fields.link_type) : [];
        if (!(await r.insert({ id, org_id: owner.org_id, ...fields, created_by: actorName(actor), created_at: clock() }))) return false;
        const entries: LedgerEntry[] = [];
        for (const subject of [id, ...cleared]) {
          const row = await r.find(subject);
          if (!row) throw new Error(`link ${subject} vanished inside its transaction`);
          entries.push({ type: 'link', subjectId: subject, record: linkRecord(row), ...(subject === id && { first: true }) });
        }
        await ledger(trx, entries);
        return true;
      });
      // Two defaults for one anchor and link type at once: the other one won.
      if (!inserted) throw conflict('link_default_changed', 'problem.link_default_changed.detail', { anchor: anchorName(fields.gtin, fields.lot), linkType: fields.link_type });
      changed();
      return presentLink(await findOrFail(repo.find(id), 'link', id));
    },

    /** The link types `create` accepts (the vocabulary of link-types.ts), for a form to choose from. */
    async types(actor: Actor): Promise<{ items: LinkType[] }> {
      await access.require(actor, 'link:read');
      return { items: LINK_TYPES.map((t) => ({ curie: t.curie, iri: linkTypeIri(t.curie), title: { zh: t.title.zh, en: t.title.en } })) };
    },

    /** Links in the caller's scope, by GTIN, lot, link type and organisation. */
    async list(actor: Actor, q: ListLinksQuery): Promise<{ items: Link[] }> {
      await access.require(actor, 'link:read');
      let gtin: string | undefined;
      if (q.gtin !== undefined) {
        const g = validateGtin(q.gtin);
        if (!g.ok) throw validationFailed([fieldError('querystring.gtin', 'gtin_format', 'field.gtin_format', {}, { expected: g.reason === 'format' ? g.expected : `check digit ${g.expected}` })]);
        gtin = g.gtin14;
      }
      const rows = await repo.list({
        scope: scopeOf(actor), orgId: q.orgId, gtin, lot: q.lot, linkType: q.linkType === undefined ? undefined : (linkTypeCurie(q.linkType) ?? q.linkType),
        limit: q.limit ?? 100, offset: q.offset ?? 0,
      });
      return { items: rows.map(presentLink) };
    },

    /** Removes a link; the ledger keeps what it said and records its removal. */
    async delete(actor: Actor, id: string): Promise<void> {
      const row = await findOrFail(repo.find(id), 'link', id);
      await access.require(actor, 'link:write', await ownerOfLink(row));
      const deleted = await db.transaction().execute(async (trx) => {
        const r = createLinksRepo(trx);
        await r.lock(id);
        if (!(await r.delete(id))) return false;
        await ledger(trx, [{ type: 'link.deleted', subjectId: id, record: { id, orgId: row.org_id, gtin: row.gtin, lot: row.lot, deletedAt: clock().toISOString(), deletedBy: actorName(actor) } }]);
        return true;
      });
      if (!deleted) throw notFound('link', id);
      changed();
    },

    /**
     * The links a resolver publishes for a GTIN (GTIN-14) and, when given, one of its lots: the lot's
     * own links first, then the GTIN's, each in the order they were made. Public: no actor.
     *
     * @example await links.linksFor('06901234567892', 'L2026') // → [{ linkType: 'gs1:safetyInfo', href, title, hreflang: ['zh'] }, { linkType: 'gs1:pip', … }]
     */
    async linksFor(gtin: string, lot: string | null): Promise<ResolverLink[]> {
      return (await repo.forAnchor(gtin, lot)).map((r) => ({
        linkType: r.link_type,
        href: r.href,
        title: r.title,
        ...(r.hreflang.length > 0 && { hreflang: r.hreflang }),
        ...(r.media_type !== null && { mediaType: r.media_type }),
        isDefault: r.is_default,
      }));
    },
  };
}

function anchorName(gtin: string, lot: string | null): string {
  return lot === null ? `(01)${gtin}` : `(01)${gtin}(10)${lot}`;
}

function actorName(actor: Actor): string {
  return actor.userId ?? (actor.apiKeyId ? `apikey:${actor.apiKeyId}` : actor.role);
}

/** A link as every reader in scope sees it. */
export function presentLink(r: LinkRow): Link {
  const curie = linkTypeCurie(r.link_type);
  return {
    id: r.id,
    orgId: r.org_id,
    gtin: r.gtin,
    lot: r.lot,
    linkType: r.link_type,
    linkTypeIri: curie === undefined ? r.link_type : linkTypeIri(curie),
    href: r.href,
    title: r.title,
    hreflang: r.hreflang,
    mediaType: r.media_type,
    isDefault: r.is_default,
    createdAt: r.created_at.toISOString(),
  };
}

/** What the ledger records of a link: every column that defines it. */
export function linkRecord(r: LinkRow) {
  return {
    id: r.id, orgId: r.org_id, gtin: r.gtin, lot: r.lot, linkType: r.link_type, href: r.href, title: r.title,
    hreflang: [...r.hreflang], mediaType: r.media_type, isDefault: r.is_default,
  };
}

/** Current snapshots of every link, for the ledger audit (a deleted link's last leaf is `link.deleted`). */
export async function* linkSnapshots(db: Db) {
  for (const row of await createLinksRepo(db).all()) yield { type: 'link', subjectId: row.id, record: linkRecord(row) };
}
