/**
 * A small supply chain over two provinces, for disclosure tests: a producer in Zhejiang (a member
 * of an industry association), two competing sellers in Jiangsu, regulators of both provinces,
 * and a product whose profile has one attribute at every disclosure level. Every value a test
 * must never see where it does not belong carries a MARK- prefix naming its level.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { DataProfile, Disclosure } from '../src/modules/catalog/catalog.schemas.ts';
import type { TestContext } from './app.ts';
import { type BuiltOrg, buildOrg, buildProduct, buildRegulator, issueCodes } from './factories.ts';

const PROFILE = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../src/modules/catalog/data/profile-default-2024.1.json'), 'utf8')) as DataProfile;

export const LEVELS: readonly Disclosure[] = ['public', 'chain', 'regulator', 'owner'];
/** The product attribute of each level, and its value. */
export const attributeKey = (d: Disclosure) => `product.level${d[0]?.toUpperCase()}${d.slice(1)}`;
export const attributeValue = (d: Disclosure) => `MARK-ATTR-${d}`;
/** Owner-only `sale.buyer` of seller A's business sale. */
export const BUYER = 'MARK-OWNER-BUYER';
/** The producer's contact (`producer.contact`, regulator level in the default profile). */
export const CONTACT = 'MARK-REGULATOR-CONTACT';
/** What a consumer leaves in a scan report ("seen only by the regulator"). */
export const REPORTER = 'MARK-REPORTER-PHONE-13900000000';

export interface SupplyChain {
  producer: BuiltOrg;
  sellerA: BuiltOrg;
  sellerB: BuiltOrg;
  association: BuiltOrg;
  regulatorZj: { token: string };
  regulatorJs: { token: string };
  product: { id: string; gtins: string[] };
  batchId: string;
  codes: string[];
}

/**
 * Builds the chain: the producer ships two codes to each seller, both receive, seller A sells one
 * to a named business buyer, and a consumer reports a problem with a contact.
 */
export async function buildSupplyChain(ctx: TestContext): Promise<SupplyChain> {
  const fields = LEVELS.map((d) => ({
    key: attributeKey(d), group: 'product', entity: 'product' as const, label: { zh: d, en: d }, type: 'string' as const, requiredFor: [], codingRoute: ['platform'], disclosure: d,
  }));
  const loaded = await ctx.call('POST', '/api/v1/catalog/profiles', { token: ctx.adminToken, body: { ...PROFILE, version: '2024.8', effectiveFrom: '2024-11-01', fields: [...PROFILE.fields, ...fields] } });
  if (loaded.statusCode !== 201) throw new Error(`profile: ${loaded.statusCode} ${loaded.body}`);
  const producer = await buildOrg(ctx, { region: '330106', name: '杭州燃具厂 MARK-PUBLIC-PRODUCER' });
  const sellerA = await buildOrg(ctx, { region: '320102', name: '南京商店 MARK-SELLER-A' });
  const sellerB = await buildOrg(ctx, { region: '320505', name: '苏州商店 MARK-SELLER-B' });
  const association = await buildOrg(ctx, { kind: 'association', name: '燃气具协会' });
  await ctx.call('POST', `/api/v1/orgs/${association.id}/members`, { token: ctx.adminToken, body: { memberId: producer.id } });
  const regulatorZj = await buildRegulator(ctx, ['33']);
  const regulatorJs = await buildRegulator(ctx, ['32']);
  const patched = await ctx.call('PATCH', `/api/v1/orgs/${producer.id}`, { token: producer.token, body: { contacts: [{ name: CONTACT }] } });
  if (patched.statusCode !== 200) throw new Error(`contacts: ${patched.statusCode} ${patched.body}`);
  const product = await buildProduct(ctx, producer, { attributes: Object.fromEntries(LEVELS.map((d) => [attributeKey(d), attributeValue(d)])) });
  const { batchId, codes } = await issueCodes(ctx, producer, product, { lot: 'LOT-DISCLOSE', quantity: 6 });
  const post = async (token: string, action: string, body: unknown) => {
    const r = await ctx.call('POST', `/api/v1/events/${action}`, { token, body });
    if (r.statusCode !== 201) throw new Error(`${action}: ${r.statusCode} ${r.body}`);
  };
  const [c0 = '', c1 = '', c2 = '', c3 = ''] = codes;
  await post(producer.token, 'ship', { codes: [c0, c1], to: { orgId: sellerA.id }, destinationRegion: '320102' });
  await post(producer.token, 'ship', { codes: [c2, c3], to: { orgId: sellerB.id }, destinationRegion: '320505' });
  await post(sellerA.token, 'receive', { codes: [c0, c1], from: { orgId: producer.id } });
  await post(sellerB.token, 'receive', { codes: [c2, c3], from: { orgId: producer.id } });
  await post(sellerA.token, 'sell', { codes: [c0], channel: 'b2b', buyer: { name: BUYER } });
  const report = await ctx.call('POST', '/api/v1/scan-reports', { body: { code: c1, category: 'quality', message: '火焰不稳', contact: REPORTER } });
  if (report.statusCode !== 201) throw new Error(`report: ${report.statusCode} ${report.body}`);
  return { producer, sellerA, sellerB, association, regulatorZj, regulatorJs, product, batchId, codes };
}
