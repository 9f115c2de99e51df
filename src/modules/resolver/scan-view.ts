/**
 * The scan page's view of a registered code: the public facts — product, producer, batch,
 * inspection, certificates, the public journey, recalls, links, its record in the ledger — with
 * only the fields whose disclosure level is `public` in the product's profile read out. The
 * resolver (resolver.service.ts) caches it and adds the scans.
 */
import { t } from '../../shared/i18n/i18n.ts';
import { regionName } from '../../shared/codes/region.ts';
import { cstDate } from '../../shared/cst.ts';
import type { CatalogService } from '../catalog/catalog.service.ts';
import type { DataProfile } from '../catalog/catalog.schemas.ts';
import { batchClassKeys } from '../events/code-key.ts';
import type { EventGraphService } from '../events/event-graph.service.ts';
import type { LedgerService } from '../ledger/ledger.service.ts';
import type { OrgsDirectory } from '../orgs/orgs.directory.ts';
import type { ProductsService } from '../products/products.service.ts';
import type { VerifyService } from '../verify/verify.service.ts';
import type { Bilingual, JourneyStep, ScanFacts } from './scan-facts.ts';

export type ResolverLinkOut = ScanFacts['links'][number];

/** What 查验 knows of a registered code (verify.facts). */
export type RegisteredCode = Extract<Awaited<ReturnType<VerifyService['facts']>>, { registered: true }>;

export interface ScanViewDeps {
  readonly catalog: Pick<CatalogService, 'profileById' | 'categoryOf'>;
  /** The public journey and the latest inspection (the events module). */
  readonly graph: Pick<EventGraphService, 'journey' | 'inspection'>;
  /** The product's GTINs (the products module). */
  readonly products: Pick<ProductsService['registry'], 'gtinsOf'>;
  /** The regions of the organisations a journey passes (the orgs module). */
  readonly orgs: Pick<OrgsDirectory, 'summaries'>;
  /** The code's registration leaf and the checkpoint size (the ledger module). */
  readonly ledger: Pick<LedgerService, 'latestLeafOf' | 'checkpointSize'>;
  /** Links producers attached to a GTIN (and lot); public. */
  readonly linksFor?: ((gtin: string, lot: string | null) => Promise<readonly ResolverLinkOut[]>) | undefined;
  readonly publicUrl: string;
}

export const bilingual = (code: string | null | undefined): Bilingual | null => {
  if (!code) return null;
  const zh = regionName(code, 'zh');
  const en = regionName(code, 'en');
  return zh && en ? { zh, en } : null;
};

/** Which profile fields the public may see. Unknown keys are not public (deny by default). */
const publicKeys = (profile: DataProfile) => new Set(profile.fields.filter((f) => f.disclosure === 'public').map((f) => f.key));

/** The journey step an event is on the scan page (null: not shown). */
export const STEP_OF = (e: { biz_step: string | null; disposition: string | null; event_type: string; action: string | null }): JourneyStep | null => {
  if (e.disposition === 'recalled') return 'recalled';
  if (e.disposition === 'returned') return 'returned';
  if (e.disposition === 'destroyed' || e.biz_step === 'destroying' || e.biz_step === 'decommissioning' || (e.event_type === 'ObjectEvent' && e.action === 'DELETE')) return 'destroyed';
  if (e.biz_step === 'retail_selling' || e.disposition === 'retail_sold') return 'sold';
  if (e.biz_step === 'shipping') return 'shipped';
  if (e.biz_step === 'receiving') return 'received';
  if (e.biz_step === 'inspecting') return 'inspected';
  return null;
};

export type ScanView = ReturnType<typeof createScanView>;

/**
 * @example const view = createScanView({ catalog, graph, products: products.registry, orgs: orgsDirectory, ledger, linksFor: links.linksFor, publicUrl }); await view.registeredFacts(facts, noScans)
 */
export function createScanView({ catalog, graph, products, orgs, ledger, linksFor, publicUrl }: ScanViewDeps) {
  /** The journey's events with the regions of the organisations that recorded them and that they went to. */
  async function journeyOf(keys: readonly string[]) {
    const rows = await graph.journey(keys);
    const ids = [...new Set(rows.flatMap((e) => [e.org_id, e.dest_org_id]).filter((x): x is string => !!x))];
    const region = new Map((await orgs.summaries(ids)).map((o) => [o.id, o.region_code]));
    const regionOf = (id: string | null) => (id ? (region.get(id) ?? null) : null);
    return rows.map((e) => ({ ...e, org_region: regionOf(e.org_id), dest_org_region: regionOf(e.dest_org_id) }));
  }

  async function registeredFacts(f: RegisteredCode, scanStats: ScanFacts['scans']): Promise<Omit<ScanFacts, 'query' | 'status' | 'invalid' | 'scanId'>> {
    const { row, recalled } = f;
    const profile = await catalog.profileById(row.profile_version_id);
    const pub = publicKeys(profile);
    const category = await catalog.categoryOf(row.list_version_id, row.category_code);
    const gtins = await products.gtinsOf(row.product_id);
    const gtin = /^\(01\)(\d{14})/.exec(row.code)?.[1] ?? gtins[0] ?? null;
    const attributes = row.attributes as Record<string, unknown>;
    const classKeys = row.batch_id && row.lot ? batchClassKeys(row.batch_id, row.lot, gtins) : [];
    const [journeyRows, inspection, leafIndex, checkpointSize] = await Promise.all([
      journeyOf([...new Set([...f.upKeys, ...classKeys])]),
      pub.has('inspection.result') ? graph.inspection([f.key, ...classKeys]) : Promise.resolve(undefined),
      ledger.latestLeafOf(row.issuance_id ?? row.binding_id ?? ''),
      ledger.checkpointSize(),
    ]);
    const journey: ScanFacts['journey'][number][] = [];
    if (row.production_date && pub.has('batch.productionDate')) journey.push({ date: row.production_date, step: 'produced', region: bilingual(row.region_code) });
    for (const e of journeyRows) {
      const step = STEP_OF(e);
      if (!step) continue;
      const date = cstDate(e.event_time);
      if (step === 'shipped') {
        const region = pub.has('flow.destinationRegion') ? bilingual(e.destination_region ?? e.dest_org_region) : null;
        journey.push({ date: pub.has('flow.shipDate') ? date : null, step, region });
      } else if (step === 'received') {
        journey.push({ date: pub.has('purchase.date') ? date : null, step, region: bilingual(e.org_region) });
      } else if (step === 'sold') {
        journey.push({ date: pub.has('sale.date') ? date : null, step, region: bilingual(e.org_region) });
      } else if (step === 'inspected') {
        if (pub.has('inspection.date')) journey.push({ date, step, region: null });
      } else {
        journey.push({ date, step, region: null });
      }
    }
    const reportNumber = (() => {
      const list = inspection?.doc.bizTransactionList;
      const t = Array.isArray(list) ? (list as { type?: string; bizTransaction?: string }[]).find((b) => b.type === 'testres' || b.type === 'cert' || String(b.type).endsWith('testres')) : undefined;
      return t?.bizTransaction ? decodeURIComponent(t.bizTransaction.replace(/^urn:yima:report:/, '')) : null;
    })();
    const body = inspection?.doc['yima:inspectionBody'];
    const links: ResolverLinkOut[] = [...(gtin && linksFor ? await linksFor(gtin, row.lot) : [])];
    return {
      product: {
        name: pub.has('product.name') ? row.product_name : '',
        model: pub.has('product.model') ? row.model : '',
        brand: pub.has('product.brand') ? row.brand : null,
        standard: pub.has('product.standard') ? row.standard : '',
        category: { code: row.category_code, name: category?.name ?? { zh: row.category_code, en: row.category_code } },
        gtin: pub.has('product.gtin') ? gtin : null,
        attributes: profile.fields
          .filter((x) => x.entity === 'product' && x.disclosure === 'public' && attributes[x.key] !== undefined && attributes[x.key] !== null)
          .map((x) => ({ key: x.key, label: x.label, value: String(attributes[x.key]) })),
      },
      producer: {
        name: pub.has('producer.name') ? row.org_name : '',
        address: pub.has('producer.address') ? row.address : '',
        uscc: pub.has('producer.uscc') ? row.uscc : '',
        region: bilingual(row.region_code),
      },
      batch: row.lot && pub.has('batch.lot') ? { lot: row.lot, productionDate: pub.has('batch.productionDate') ? (row.production_date ?? '') : '' } : null,
      inspection: inspection && (inspection.disposition === 'conformant' || inspection.disposition === 'non_conformant') ? {
        result: inspection.disposition === 'conformant' ? 'pass' : 'fail',
        reportNumber: pub.has('inspection.reportNumber') ? (reportNumber ?? '') : '',
        body: pub.has('inspection.body') && typeof body === 'string' ? body : null,
        date: pub.has('inspection.date') ? cstDate(inspection.event_time) : '',
      } : null,
      ccc: row.ccc_number && pub.has('producer.cccCertificate') ? { number: row.ccc_number, status: f.cccStatus ?? 'valid', validFrom: row.ccc_valid_from, validTo: row.ccc_valid_to } : null,
      licence: row.licence_number && pub.has('producer.licence') ? { number: row.licence_number, validTo: row.licence_valid_to } : null,
      journey,
      recalls: recalled,
      scans: scanStats,
      ledger: leafIndex === undefined ? null : { leafIndex: Number(leafIndex), checkpointSize: Number(checkpointSize), proofUrl: `/api/v1/scan/proof?code=${encodeURIComponent(f.key)}` },
      links: [
        ...links,
        // The scan page, once per language: the page shows the one in its language, a linkset both.
        ...(['zh', 'en'] as const).map((lang) => ({ linkType: 'gs1:pip', href: `${publicUrl}/scan?code=${encodeURIComponent(f.key)}&lang=${lang}`, title: t(lang === 'en' ? 'en' : 'zh-CN', 'scan.link.page'), hreflang: [lang] })),
      ],
    };
  }

  return { registeredFacts };
}
