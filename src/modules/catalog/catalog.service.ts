/**
 * The key-product catalogue as data: versioned key-product lists and data-requirements
 * profiles. A load is validated whole and stored as a new version; nothing loaded is ever
 * rewritten, and records keep the ids of the versions they were checked against.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import { Value } from 'typebox/value';
import type { Db } from '../../db/database.ts';
import { canonicalize } from '../../ledger/canonical-json.ts';
import { AppError, conflict, type FieldError, fieldError, notFound, validationFailed } from '../../server/errors.ts';
import { fromAjv } from '../../server/problem.ts';
import type { MessageKey, Params } from '../../shared/i18n/i18n.ts';
import { asset } from '../../paths.ts';
import { cstDate } from '../../shared/cst.ts';
import type { AccessService } from '../access/access.service.ts';
import type { Actor } from '../access/actor.ts';
import { type CatalogRow, createCatalogRepo } from './catalog.repo.ts';
import { type Category, DataProfile, KeyProductList } from './catalog.schemas.ts';
import type { LedgerAppend } from '../ledger/ledger.service.ts';

const BUILT_IN = ['profile-default-2024.1.json', 'key-products-2024.1.json'].map((f) => asset(`src/modules/catalog/data/${f}`));

export type CatalogDoc = KeyProductList | DataProfile;
/** The document a version of each kind holds. */
type DocOf<K extends 'list' | 'profile'> = K extends 'list' ? KeyProductList : DataProfile;

/** Checks a document's shape and its internal rules; returns every problem, fields prefixed `document.`. */
export function checkDocument(doc: unknown, knownProfiles: readonly string[]): FieldError[] {
  const kind = (doc as { kind?: unknown } | null)?.kind;
  const schema = kind === 'data-profile' ? DataProfile : KeyProductList;
  const shape = fromAjv([...Value.Errors(schema, doc)], 'document');
  if (shape.length) return shape;
  const errors: FieldError[] = [];
  const bad = (field: string, key: MessageKey, params: Params = {}) => errors.push(fieldError(`document.${field}`, 'catalog_invalid', key, params));
  if (kind === 'data-profile') {
    const p = doc as DataProfile;
    const groups = new Set(p.groups.map((g) => g.code));
    const routes = new Set(p.codingRoutes.map((r) => r.code));
    const keys = new Set<string>();
    p.fields.forEach((f, i) => {
      if (keys.has(f.key)) bad(`fields[${i}].key`, 'field.catalog_duplicate_field', { key: f.key });
      keys.add(f.key);
      if (!groups.has(f.group)) bad(`fields[${i}].group`, 'field.catalog_unknown_group', { group: f.group });
      f.codingRoute.forEach((r, j) => routes.has(r) || bad(`fields[${i}].codingRoute[${j}]`, 'field.catalog_unknown_coding_route', { route: r }));
      if ((f.type === 'enum') !== (f.options !== undefined)) bad(`fields[${i}].options`, 'field.catalog_options');
      f.requiredFor.forEach((r, j) => {
        if (r !== '*' && !/^regime:(licence|ccc|mandatory-standard)$/.test(r) && !/^[a-z0-9][a-z0-9.-]{0,63}$/.test(r)) {
          bad(`fields[${i}].requiredFor[${j}]`, 'field.catalog_required_for');
        }
      });
    });
  } else {
    const l = doc as KeyProductList;
    const codes = new Set<string>();
    l.categories.forEach((c, i) => {
      if (codes.has(c.code)) bad(`categories[${i}].code`, 'field.catalog_duplicate_category', { code: c.code });
      codes.add(c.code);
      if (!knownProfiles.includes(c.profile)) bad(`categories[${i}].profile`, 'field.catalog_profile_not_loaded', { profile: c.profile });
      if (c.status === 'known' && c.regimes.length === 0) bad(`categories[${i}].regimes`, 'field.catalog_regimes');
      const items = new Set<string>();
      c.items.forEach((it, j) => {
        if (items.has(it.code)) bad(`categories[${i}].items[${j}].code`, 'field.catalog_duplicate_item', { code: it.code });
        items.add(it.code);
      });
    });
  }
  return errors;
}

export type CatalogService = ReturnType<typeof createCatalogService>;

export function createCatalogService({ db, access, ledger, clock = () => new Date() }: { db: Db; access: AccessService; ledger: LedgerAppend; clock?: () => Date }) {
  const repo = createCatalogRepo(db);

  async function store(doc: unknown, loadedBy: string | null) {
    const errors = checkDocument(doc, await repo.profileIds());
    if (errors.length) throw validationFailed(errors);
    const d = doc as CatalogDoc;
    const kind = d.kind === 'data-profile' ? 'profile' : 'list';
    const sha256 = crypto.createHash('sha256').update(canonicalize(d)).digest('hex');
    const existing = await repo.find(kind, d.id, d.version);
    if (existing) {
      if (existing.sha256 === sha256) return { row: existing, created: false };
      throw conflict('catalog_version_exists', 'problem.catalog_version_exists.detail', { kind, docId: d.id, version: d.version });
    }
    const id = crypto.randomUUID();
    await db.transaction().execute(async (trx) => {
      const r = createCatalogRepo(trx);
      if (!(await r.insert({ id, kind, doc_id: d.id, version: d.version, effective_from: d.effectiveFrom, content: d, sha256, loaded_by: loadedBy }))) {
        throw conflict('catalog_version_exists', 'problem.catalog_version_exists.detail', { kind, docId: d.id, version: d.version });
      }
      const row = await r.findById(id);
      if (!row) throw new Error(`catalogue row ${id} vanished`);
      await ledger(trx, [{ type: `catalog.${kind}`, subjectId: id, record: catalogRecord(row), first: true }]);
    });
    const row = await repo.findById(id);
    if (!row) throw new Error(`catalogue row ${id} vanished`);
    return { row, created: true };
  }

  async function inForce(kind: 'list' | 'profile', docId: string | undefined, day: string): Promise<CatalogRow> {
    const row = await repo.inForce(kind, docId, day);
    if (!row) throw new AppError(409, 'catalog_missing', 'problem.catalog_missing.detail', { date: day });
    return row;
  }

  // Loaded versions never change, so a profile read once can be kept.
  const profileCache = new Map<string, DataProfile>();
  const listCache = new Map<string, KeyProductList>();
  const versionCache = new Map<string, string>();

  return {
    /** A profile version by its row id (records keep that id); cached, as versions are immutable. */
    async profileById(id: string): Promise<DataProfile> {
      const hit = profileCache.get(id);
      if (hit) return hit;
      const row = await repo.findById(id);
      if (!row || row.kind !== 'profile') throw new Error(`profile version ${id} is missing`);
      const doc = row.content as DataProfile;
      profileCache.set(id, doc);
      return doc;
    },

    /** The version (`2024.1`) of a list or profile by its row id (what records keep); cached. */
    async versionOf(id: string): Promise<string> {
      const hit = versionCache.get(id);
      if (hit !== undefined) return hit;
      const row = await repo.findById(id);
      if (!row) throw new Error(`catalogue version ${id} is missing`);
      versionCache.set(id, row.version);
      return row.version;
    },

    /** A profile version by `id@version` (what events keep); undefined if no such version is loaded. */
    async profileByRef(ref: string): Promise<DataProfile | undefined> {
      const at = ref.lastIndexOf('@');
      if (at <= 0) return undefined;
      const key = `ref:${ref}`;
      const hit = profileCache.get(key);
      if (hit) return hit;
      const row = await repo.find('profile', ref.slice(0, at), ref.slice(at + 1));
      if (!row) return undefined;
      const doc = row.content as DataProfile;
      profileCache.set(key, doc);
      return doc;
    },

    /**
     * The profile `docId` in force today, for data no product names a version of (organisations
     * follow the default profile's `producer.*` fields).
     */
    async profileInForce(docId = 'default', day = cstDate(clock())): Promise<DataProfile | undefined> {
      return (await repo.inForce('profile', docId, day))?.content as DataProfile | undefined;
    },

    /** A category of a list version by the list's row id (products keep that id); cached. */
    async categoryOf(listVersionId: string, code: string): Promise<Category | undefined> {
      let list = listCache.get(listVersionId);
      if (!list) {
        const row = await repo.findById(listVersionId);
        if (!row || row.kind !== 'list') throw new Error(`list version ${listVersionId} is missing`);
        list = row.content as KeyProductList;
        listCache.set(listVersionId, list);
      }
      return list.categories.find((c) => c.code === code);
    },

    /** Loads a list or profile (admin). Loading the same version with the same content again is a no-op. */
    async load(actor: Actor, doc: unknown, expected: 'list' | 'profile') {
      await access.require(actor, 'catalog:load');
      const want = expected === 'list' ? 'key-product-list' : 'data-profile';
      if ((doc as { kind?: unknown } | null)?.kind !== want) {
        throw validationFailed([fieldError('document.kind', 'enum', 'field.enum', { allowed: want }, { expected: want })]);
      }
      const { row, created } = await store(doc, actor.userId ?? null);
      return { version: presentVersion(row), created };
    },

    /** First start: the bundled default profile and 2024 list, when nothing is loaded yet. */
    async loadBuiltIns(): Promise<boolean> {
      if ((await repo.count()) > 0) return false;
      for (const url of BUILT_IN) await store(JSON.parse(fs.readFileSync(url, 'utf8')), null);
      return true;
    },

    /** Loads a document from a file without an actor: the CLI, run by whoever holds the database. */
    loadTrusted: (doc: unknown) => store(doc, null),

    async current(actor: Actor, day = cstDate(clock())) {
      await access.require(actor, 'catalog:read');
      const list = await inForce('list', undefined, day);
      const profileIds = [...new Set((list.content as KeyProductList).categories.map((c) => c.profile))];
      const profiles = await Promise.all(profileIds.map((id) => inForce('profile', id, day)));
      return { day, list: presentDoc(list, 'list'), profiles: profiles.map((p) => presentDoc(p, 'profile')) };
    },

    async versions(actor: Actor) {
      await access.require(actor, 'catalog:read');
      const [lists, profiles] = await Promise.all([repo.list('list'), repo.list('profile')]);
      return [...lists, ...profiles].map(presentVersion);
    },

    async get<K extends 'list' | 'profile'>(actor: Actor, kind: K, docId: string, version: string) {
      await access.require(actor, 'catalog:read');
      const row = await repo.find(kind, docId, version);
      if (!row) throw notFound('catalog', `${docId} ${version}`);
      return presentDoc(row, kind);
    },

    /**
     * For products: the category in force on `day` and its profile, or the field error that says
     * why the category cannot be used.
     */
    async resolveCategory(field: string, code: string, day: string): Promise<
      | { ok: true; list: CatalogRow; category: Category; profile: CatalogRow & { content: DataProfile } }
      | { ok: false; error: FieldError }
    > {
      const list = await inForce('list', undefined, day);
      const doc = list.content as KeyProductList;
      const category = doc.categories.find((c) => c.code === code);
      if (!category) return { ok: false, error: fieldError(field, 'category_unknown', 'field.category_unknown', { code, version: doc.version }, { expected: doc.categories.filter((c) => c.status === 'known').map((c) => c.code).join(', ') }) };
      if (category.status !== 'known') return { ok: false, error: fieldError(field, 'category_not_known_yet', 'field.category_not_known_yet', { code, version: doc.version }) };
      const profile = await inForce('profile', category.profile, day);
      return { ok: true, list, category, profile: profile as CatalogRow & { content: DataProfile } };
    },
  };
}

function presentVersion(r: Pick<CatalogRow, 'id' | 'kind' | 'doc_id' | 'version' | 'effective_from' | 'sha256' | 'loaded_at'>) {
  return { id: r.id, kind: r.kind, docId: r.doc_id, version: r.version, effectiveFrom: r.effective_from, sha256: r.sha256, loadedAt: r.loaded_at.toISOString() };
}

/** A version with its document, of the kind the row was looked up by. */
function presentDoc<K extends 'list' | 'profile'>(r: CatalogRow, kind: K) {
  if (r.kind !== kind) throw new Error(`catalogue row ${r.id} is a ${r.kind}, not a ${kind}`);
  return { ...presentVersion(r), document: r.content as DocOf<K> };
}

/**
 * What the ledger records of a catalogue version: its identity and the SHA-256 of its canonical
 * content, recomputed from the stored content (so an audit notices a changed document).
 */
export function catalogRecord(r: CatalogRow) {
  return {
    id: r.id,
    kind: r.kind,
    docId: r.doc_id,
    version: r.version,
    effectiveFrom: r.effective_from,
    sha256: crypto.createHash('sha256').update(canonicalize(r.content)).digest('hex'),
  };
}

/** Current snapshots of every catalogue version, for the audit. */
export async function* catalogSnapshots(db: Db) {
  const repo = createCatalogRepo(db);
  for (const kind of ['list', 'profile'] as const) {
    for (const v of await repo.list(kind)) {
      const row = await repo.findById(v.id);
      if (row) yield { type: `catalog.${kind}`, subjectId: row.id, record: catalogRecord(row) };
    }
  }
}
