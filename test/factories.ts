/**
 * Factories that build what a test does not care about: organisations with valid, unique codes,
 * their users, products, issued codes. Each builds the parents it is not given (a product without
 * an org gets a new producer; codes without a product get a new product), so a test states only
 * what matters to it.
 */
import crypto from 'node:crypto';
import { gs1CheckDigit } from '../src/shared/codes/gtin.ts';
import { USCC_CHARSET, usccCheckCharacter } from '../src/shared/codes/uscc.ts';
import { PASSWORD, type TestContext } from './app.ts';

/** A valid USCC of an enterprise (91…) registered in `region` (6 digits). */
export function randomUscc(region = '330106'): string {
  const body = crypto.randomBytes(9);
  const code = [...body].map((b) => USCC_CHARSET.charAt(b % 31)).join('');
  const body17 = `91${region}${code}`;
  return body17 + usccCheckCharacter(body17);
}

export function randomGtin(): string {
  const body = `690${crypto.randomInt(0, 1e9).toString().padStart(9, '0')}`;
  return body + gs1CheckDigit(body);
}

let seq = 0;
/** A unique 16-digit CCC certificate number. */
export const randomCcc = () => `2023${String(crypto.randomInt(1, 99)).padStart(2, '0')}0801${String(crypto.randomInt(0, 1e6)).padStart(6, '0')}`;
/** A unique production-licence number. */
// Every digit group varies (10^10 numbers): test files build hundreds of organisations, one licence each.
export const randomLicence = () => `XK${String(crypto.randomInt(0, 100)).padStart(2, '0')}-${String(crypto.randomInt(0, 1000)).padStart(3, '0')}-${String(crypto.randomInt(0, 1e5)).padStart(5, '0')}`;

export interface BuiltOrg {
  id: string;
  uscc: string;
  username: string;
  token: string;
  cccNumber: string;
  licenceNumber: string;
}

/** An approved producer+seller with a valid CCC certificate and a licence, and its org_admin signed in. */
export async function buildOrg(ctx: TestContext, opts: { region?: string; kind?: 'enterprise' | 'association'; name?: string } = {}): Promise<BuiltOrg> {
  const uscc = randomUscc(opts.region);
  const cccNumber = randomCcc();
  const licenceNumber = randomLicence();
  const res = await ctx.call('POST', '/api/v1/orgs', {
    token: ctx.adminToken,
    body: {
      name: opts.name ?? `测试单位 ${++seq}`,
      uscc,
      address: '浙江省杭州市西湖区测试路 1 号',
      roles: ['producer', 'seller'],
      contacts: [{ name: '联系人' }],
      ...(opts.kind && { kind: opts.kind }),
      ...(opts.kind !== 'association' && {
        cccCertificates: [{ number: cccNumber, product: '家用燃气灶具', status: 'valid', validFrom: '2023-01-01', validTo: '2099-12-31' }],
        licences: [{ number: licenceNumber, product: '电线电缆' }],
      }),
    },
  });
  if (res.statusCode !== 201) throw new Error(`buildOrg: ${res.statusCode} ${res.body}`);
  const id = res.json<{ id: string }>().id;
  const username = `user-${crypto.randomBytes(5).toString('hex')}`;
  const u = await ctx.call('POST', '/api/v1/users', {
    token: ctx.adminToken,
    body: { username, password: PASSWORD, role: opts.kind === 'association' ? 'association' : 'org_admin', orgId: id },
  });
  if (u.statusCode !== 201) throw new Error(`buildOrg user: ${u.statusCode} ${u.body}`);
  return { id, uscc, username, token: await ctx.login(username), cccNumber, licenceNumber };
}

/** A regulator user over `regions`, signed in. */
export async function buildRegulator(ctx: TestContext, regions: string[]): Promise<{ username: string; token: string }> {
  const username = `reg-${crypto.randomBytes(5).toString('hex')}`;
  const res = await ctx.call('POST', '/api/v1/users', { token: ctx.adminToken, body: { username, password: PASSWORD, role: 'regulator', regions } });
  if (res.statusCode !== 201) throw new Error(`buildRegulator: ${res.statusCode} ${res.body}`);
  return { username, token: await ctx.login(username) };
}

export interface BuiltProduct {
  id: string;
  gtins: string[];
  /** The producer: the one given, or the one built for it. */
  org: BuiltOrg;
}

/** What `POST /api/v1/products` takes, beyond the defaults of `buildProduct`. */
export type ProductOverrides = Record<string, unknown>;

/** What `issueCodes` takes. */
export interface IssueOptions {
  lot?: string;
  quantity?: number;
  productionDate?: string;
}

const isOrg = (x: unknown): x is BuiltOrg => typeof x === 'object' && x !== null && typeof (x as BuiltOrg).token === 'string' && typeof (x as BuiltOrg).uscc === 'string';

/**
 * A gas-cooker product (CCC) of `org`; without an org, of a new one (`buildOrg`).
 *
 * @example const p = await buildProduct(ctx);                       // p.org is the producer built for it
 * @example const p = await buildProduct(ctx, org, { gtins: [] });
 * @example const p = await buildProduct(ctx, { name: '燃气灶套装' });   // overrides, new producer
 */
export async function buildProduct(ctx: TestContext, overrides?: ProductOverrides): Promise<BuiltProduct>;
export async function buildProduct(ctx: TestContext, org: BuiltOrg | undefined, overrides?: ProductOverrides): Promise<BuiltProduct>;
export async function buildProduct(ctx: TestContext, orgOrOverrides?: BuiltOrg | ProductOverrides, maybeOverrides: ProductOverrides = {}): Promise<BuiltProduct> {
  const given = isOrg(orgOrOverrides) ? orgOrOverrides : undefined;
  const overrides = isOrg(orgOrOverrides) || orgOrOverrides === undefined ? maybeOverrides : orgOrOverrides;
  const org = given ?? (await buildOrg(ctx));
  const res = await ctx.call('POST', '/api/v1/products', {
    token: org.token,
    body: {
      orgId: org.id, categoryCode: 'gas-appliance', itemCode: 'household-gas-cooker', name: '家用燃气灶', model: `JZT-${++seq}`,
      standard: 'GB 16410-2020', cccCertificateNumber: org.cccNumber, gtins: [randomGtin()], ...overrides,
    },
  });
  if (res.statusCode !== 201) throw new Error(`buildProduct: ${res.statusCode} ${res.body}`);
  return { ...res.json<{ id: string; gtins: string[] }>(), org };
}

/**
 * Issues `quantity` GS1 codes of `product` in lot `lot`; returns the batch and the codes
 * (canonical element strings). Builds what is missing: the product (of `org`, or of the product's
 * own `org` when it came from `buildProduct`), and the org.
 *
 * @example const { codes } = await issueCodes(ctx);                        // a new producer and product
 * @example const { codes, org } = await issueCodes(ctx, { quantity: 2 });
 * @example const { batchId } = await issueCodes(ctx, org, product, { lot: 'L-1', productionDate: '2026-09-30' });
 */
export async function issueCodes(ctx: TestContext, opts?: IssueOptions): Promise<IssuedCodes>;
export async function issueCodes(ctx: TestContext, org: BuiltOrg | undefined, product?: { id: string; org?: BuiltOrg }, opts?: IssueOptions): Promise<IssuedCodes>;
export async function issueCodes(ctx: TestContext, orgOrOpts?: BuiltOrg | IssueOptions, productIn?: { id: string; org?: BuiltOrg }, maybeOpts: IssueOptions = {}): Promise<IssuedCodes> {
  const opts = isOrg(orgOrOpts) || orgOrOpts === undefined ? maybeOpts : orgOrOpts;
  const givenOrg = isOrg(orgOrOpts) ? orgOrOpts : productIn?.org;
  const product: { id: string; org?: BuiltOrg } = productIn ?? (await buildProduct(ctx, givenOrg));
  const org = givenOrg ?? product.org;
  if (!org) throw new Error('issueCodes: a product without its org (pass the org, or a product from buildProduct)');
  const res = await ctx.call('POST', '/api/v1/issuances', {
    token: org.token,
    body: { productId: product.id, lot: opts.lot ?? `L${++seq}`, productionDate: opts.productionDate ?? '2026-10-01', quantity: opts.quantity ?? 5, scheme: 'gs1', requestId: crypto.randomUUID() },
  });
  if (res.statusCode !== 202) throw new Error(`issueCodes: ${res.statusCode} ${res.body}`);
  await ctx.services.issuance.idle();
  const id = res.json<{ id: string; batchId: string }>().id;
  const csv = await ctx.call('GET', `/api/v1/issuances/${id}/codes.csv`, { token: org.token });
  const codes = csv.body.trim().split('\n').slice(1).map((l) => l.split(',')[1] ?? '');
  return { batchId: res.json<{ batchId: string }>().batchId, codes, org, product: { id: product.id } };
}

export interface IssuedCodes {
  batchId: string;
  codes: string[];
  /** The producer that issued them. */
  org: BuiltOrg;
  product: { id: string };
}
