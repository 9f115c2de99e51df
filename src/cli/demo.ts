/**
 * `yima demo` / `npm run demo`: a realistic data set in the configured database — producers and
 * sellers in Zhejiang and Jiangsu, an association, regulators of both provinces; gas appliances,
 * e-bikes, cables and rebar. Safe to run twice: what exists is left alone.
 */
import type { Actor } from '../modules/access/actor.ts';
import { generatePassword } from '../modules/auth/password.ts';
import type { CreateOrgBody } from '../modules/orgs/orgs.schemas.ts';
import type { CreateProductBody } from '../modules/products/products.schemas.ts';
import { AppError } from '../server/errors.ts';
import type { Services } from '../server/app.ts';
import { gs1CheckDigit } from '../shared/codes/gtin.ts';
import { CST_OFFSET } from '../shared/cst.ts';
import { usccCheckCharacter } from '../shared/codes/uscc.ts';
import { bootstrap, cliBanner, cliText, printAdminPassword } from './bootstrap.ts';

const uscc = (body17: string) => body17 + usccCheckCharacter(body17);
const gtin = (body12: string) => body12 + gs1CheckDigit(body12);
const SYSTEM: Actor = { role: 'admin', regions: [] };

interface DemoOrg extends CreateOrgBody {
  key: string;
  user: string;
}

export const DEMO_ORGS: DemoOrg[] = [
  {
    key: 'hz-gas', user: 'hz-gas', name: '杭州安焰燃气具有限公司', uscc: uscc('91330106MA2H7Q3K5'), address: '浙江省杭州市西湖区三墩镇振华路 198 号',
    roles: ['producer'], contacts: [{ name: '陈立', title: '质量部经理', phone: '0571-8765 4321', email: 'quality@anyan-gas.example.cn' }],
    cccCertificates: [
      { number: '2021010801234567', product: '家用燃气灶具 JZT-2A', status: 'valid', validFrom: '2021-06-01', validTo: '2031-05-31' },
      { number: '2023010802345678', product: '家用燃气灶具 JZY-5B', status: 'valid', validFrom: '2023-03-15', validTo: '2028-03-14' },
      { number: '2024010805432109', product: '燃气用具连接用不锈钢波纹软管', status: 'valid', validFrom: '2024-09-01', validTo: '2029-08-31' },
    ],
  },
  {
    key: 'nb-cable', user: 'nb-cable', name: '宁波东海电线电缆股份有限公司', uscc: uscc('91330206MA2CL8B41'), address: '浙江省宁波市北仑区大碶街道庐山东路 66 号',
    roles: ['producer', 'seller'], contacts: [{ name: '王海燕', title: '品管主管', phone: '0574-8612 3300' }],
    licences: [{ number: 'XK06-001-01234', product: '电线电缆（额定电压 450/750V 及以下聚氯乙烯绝缘电缆）', validFrom: '2022-01-10', validTo: '2027-01-09' }],
  },
  {
    key: 'wx-ebike', user: 'wx-ebike', name: '无锡驰骋电动车科技有限公司', uscc: uscc('91320211MA1W4EBK7'), address: '江苏省无锡市滨湖区胡埭工业园 8 号',
    roles: ['producer'], contacts: [{ name: '周洁', title: '认证专员', phone: '0510-8555 6677' }],
    cccCertificates: [{ number: '2022011119876543', product: '电动自行车 CC-TDT2201Z', status: 'valid', validFrom: '2022-04-20', validTo: '2027-04-19' }],
  },
  {
    key: 'xz-rebar', user: 'xz-rebar', name: '徐州钢联建材有限公司', uscc: uscc('91320300MA1XJRB89'), address: '江苏省徐州市铜山区利国镇钢铁路 1 号',
    roles: ['producer'], contacts: [{ name: '刘强', phone: '0516-8700 1122' }],
    licences: [{ number: '(苏)XK05-001-00321', product: '建筑用钢筋（冷轧带肋钢筋）', validFrom: '2021-08-01', validTo: '2031-07-31' }],
  },
  {
    key: 'hz-store', user: 'hz-store', name: '杭州惠家家电超市有限公司', uscc: uscc('91330105MA2J5HT04'), address: '浙江省杭州市拱墅区莫干山路 1418 号',
    roles: ['seller'], contacts: [{ name: '孙敏', title: '门店经理', phone: '0571-8888 0001' }],
  },
  {
    key: 'nj-dealer', user: 'nj-dealer', name: '南京骑行者电动车销售有限公司', uscc: uscc('91320104MA1NJDL23'), address: '江苏省南京市秦淮区中华路 300 号',
    roles: ['seller'], contacts: [{ name: '赵磊', phone: '025-5222 3344' }],
  },
  {
    key: 'zj-gas-assoc', user: 'zj-gas-assoc', kind: 'association', name: '浙江省燃气具行业协会', uscc: uscc('51330000MJ8GAHX01'), address: '浙江省杭州市上城区解放路 18 号',
    roles: ['seller'], contacts: [{ name: '郑文', title: '秘书长', phone: '0571-8500 1234' }],
  },
];

type DemoProduct = Omit<CreateProductBody, 'orgId'> & { org: string };

export const DEMO_PRODUCTS: DemoProduct[] = [
  { org: 'hz-gas', categoryCode: 'gas-appliance', itemCode: 'household-gas-cooker', name: '嵌入式家用燃气灶', brand: '安焰', model: 'JZT-2A', standard: 'GB 16410-2020', gtins: [gtin('690123400001')], cccCertificateNumber: '2021010801234567' },
  { org: 'hz-gas', categoryCode: 'gas-appliance', itemCode: 'household-gas-cooker', name: '台式双眼燃气灶', brand: '安焰', model: 'JZY-5B', standard: 'GB 16410-2020', gtins: [gtin('690123400002')], cccCertificateNumber: '2023010802345678' },
  { org: 'hz-gas', categoryCode: 'gas-appliance', itemCode: 'gas-hose', name: '燃气用具连接用不锈钢波纹软管', brand: '安焰', model: 'BWG-1.5m', standard: 'GB 41317-2024', gtins: [gtin('690123400003')], cccCertificateNumber: '2024010805432109' },
  { org: 'nb-cable', categoryCode: 'wire-cable', name: '聚氯乙烯绝缘电缆', brand: '东海', model: 'BV 450/750V 2.5mm²', standard: 'GB/T 5023.3-2008', gtins: [gtin('692345600011')], licenceNumber: 'XK06-001-01234' },
  { org: 'nb-cable', categoryCode: 'wire-cable', name: '聚氯乙烯绝缘软电缆', brand: '东海', model: 'RVV 300/500V 3×1.5mm²', standard: 'GB/T 5023.5-2008', licenceNumber: 'XK06-001-01234' },
  { org: 'wx-ebike', categoryCode: 'e-bike', name: '电动自行车', brand: '驰骋', model: 'TDT2201Z', standard: 'GB 17761-2024', gtins: [gtin('693456700021')], cccCertificateNumber: '2022011119876543' },
  { org: 'xz-rebar', categoryCode: 'cold-rolled-ribbed-rebar', name: '冷轧带肋钢筋', model: 'CRB550 Φ8', standard: 'GB/T 13788-2024', licenceNumber: '(苏)XK05-001-00321' },
];

const REGULATORS = [
  { username: 'zj-samr', displayName: '浙江省市场监督管理局', regions: ['33'] },
  { username: 'hz-samr', displayName: '杭州市市场监督管理局', regions: ['3301'] },
  { username: 'js-samr', displayName: '江苏省市场监督管理局', regions: ['32'] },
];

/** Loads the demo set through the services (so everything is validated as on the API). */
export async function seedDemo(services: Services, password: string) {
  const ids = new Map<string, string>();
  let orgCount = 0;
  let userCount = 0;
  let productCount = 0;
  for (const { key, user, ...body } of DEMO_ORGS) {
    try {
      ids.set(key, (await services.orgs.create(SYSTEM, body)).id);
      orgCount++;
    } catch (e) {
      if (!(e instanceof AppError && e.code === 'uscc_taken')) throw e;
      const existing = await services.orgs.list(SYSTEM, { q: body.uscc, limit: 1, offset: 0 });
      if (existing[0]) ids.set(key, existing[0].id);
      continue;
    }
    const orgId = ids.get(key) ?? '';
    await services.auth.createUser(SYSTEM, { username: user, password, role: body.kind === 'association' ? 'association' : 'org_admin', orgId, displayName: body.name });
    userCount++;
  }
  const assoc = ids.get('zj-gas-assoc');
  const member = ids.get('hz-gas');
  if (assoc && member) await services.orgs.addMember(SYSTEM, assoc, member);
  for (const r of REGULATORS) {
    try {
      await services.auth.createUser(SYSTEM, { ...r, password, role: 'regulator' });
      userCount++;
    } catch (e) {
      if (!(e instanceof AppError && e.code === 'username_taken')) throw e;
    }
  }
  let events = 0;
  if (orgCount > 0) {
    const products: string[] = [];
    for (const { org, ...p } of DEMO_PRODUCTS) {
      products.push((await services.products.create(SYSTEM, { ...p, orgId: ids.get(org) ?? '' })).id);
      productCount++;
    }
    events = await seedActivity(services, ids, products);
  }
  return { orgs: orgCount, users: userCount, products: productCount, events };
}

const sscc = (body17: string) => `(00)${body17}${gs1CheckDigit(body17)}`;

/**
 * What happens to the products, as EPCIS events through the same services as the API: codes
 * issued, inspection, packing into cases and a pallet, shipments to sellers, their purchases
 * (after 查验) and sales, a return, a custom-product contract and an open recall.
 */
async function seedActivity(services: Services, ids: Map<string, string>, products: readonly string[]): Promise<number> {
  const as = (key: string): Actor => ({ role: 'org_admin', orgId: ids.get(key) ?? '', regions: [], username: key });
  const day = (d: string, h = 10) => `${d}T${String(h).padStart(2, '0')}:00:00.000${CST_OFFSET}`;
  const issue = async (org: string, productId: string, lot: string, productionDate: string, quantity: number) => {
    const { job } = await services.issuance.issue(as(org), { productId, lot, productionDate, quantity, scheme: 'gs1', requestId: `demo-${lot}` });
    await services.issuance.idle();
    const codes: string[] = [];
    for await (const chunk of services.issuance.csv(as(org), job.id, (c) => c)) {
      for (const line of chunk.split('\n')) {
        const code = line.split(',')[1];
        if (code?.startsWith('(01)')) codes.push(code);
      }
    }
    return { batchId: job.batch_id, codes };
  };
  const p = services.platformEvents;
  let n = 0;
  const count = async <T>(x: Promise<T>) => {
    const r = await x;
    n++;
    return r;
  };
  const store = ids.get('hz-store') ?? '';
  const dealer = ids.get('nj-dealer') ?? '';

  // 杭州安焰: 24 cookers of lot AY2610-01, inspected, two cases on a pallet to the Hangzhou store.
  const cookers = await issue('hz-gas', products[0] ?? '', 'AY2610-01', '2026-10-08', 24);
  await count(p.inspect(as('hz-gas'), { batchId: cookers.batchId, result: 'pass', reportNumber: 'ZJQI-2026-10-0817', body: '浙江省质量科学研究院', date: '2026-10-09' }));
  const [caseA, caseB, pallet] = [sscc('06901234000000011'), sscc('06901234000000012'), sscc('06901234000000013')];
  await count(p.pack(as('hz-gas'), { parent: caseA, children: cookers.codes.slice(0, 12), time: day('2026-10-10', 9) }));
  await count(p.pack(as('hz-gas'), { parent: caseB, children: cookers.codes.slice(12, 24), time: day('2026-10-10', 9) }));
  await count(p.pack(as('hz-gas'), { parent: pallet, children: [caseA, caseB], time: day('2026-10-10', 10) }));
  await count(p.ship(as('hz-gas'), { codes: [pallet], to: { orgId: store }, destinationRegion: '330105', time: day('2026-10-11', 8), bizTransactions: [{ type: 'desadv', id: 'urn:yima:desadv:AY-2026-1011-01' }] }));
  await count(p.receive(as('hz-store'), { codes: [pallet], from: { orgId: ids.get('hz-gas') ?? '' }, time: day('2026-10-12', 14) }));
  await count(p.unpack(as('hz-store'), { parent: caseA, time: day('2026-10-12', 15) }));
  for (const [i, code] of cookers.codes.slice(0, 3).entries()) await count(p.sell(as('hz-store'), { codes: [code], time: day(`2026-10-${15 + i}`, 11) }));
  await count(p.return(as('hz-store'), { codes: [cookers.codes[2] ?? ''], reason: '顾客七天无理由退货', time: day('2026-10-20', 16) }));

  // 无锡驰骋: 6 e-bikes to the Nanjing dealer, two sold.
  const bikes = await issue('wx-ebike', products[5] ?? '', 'CC2610-A', '2026-10-05', 6);
  await count(p.inspect(as('wx-ebike'), { batchId: bikes.batchId, result: 'pass', reportNumber: 'CQC-2026-EB-3321', body: '国家电动自行车产品质量检验检测中心', date: '2026-10-06' }));
  await count(p.ship(as('wx-ebike'), { codes: bikes.codes, to: { orgId: dealer }, destinationRegion: '320104', time: day('2026-10-08') }));
  await count(p.receive(as('nj-dealer'), { codes: bikes.codes, from: { orgId: ids.get('wx-ebike') ?? '' }, time: day('2026-10-09') }));
  await count(p.sell(as('nj-dealer'), { codes: bikes.codes.slice(0, 2), time: day('2026-10-18') }));

  // 杭州安焰 hoses: a lot with a defective fitting, shipped, then recalled.
  const hoses = await issue('hz-gas', products[2] ?? '', 'BW2609-07', '2026-09-20', 10);
  await count(p.inspect(as('hz-gas'), { batchId: hoses.batchId, result: 'pass', reportNumber: 'ZJQI-2026-09-2211', body: '浙江省质量科学研究院', date: '2026-09-22' }));
  await count(p.ship(as('hz-gas'), { codes: hoses.codes, to: { orgId: store }, destinationRegion: '330105', time: day('2026-09-25') }));
  await count(p.receive(as('hz-store'), { codes: hoses.codes, from: { orgId: ids.get('hz-gas') ?? '' }, time: day('2026-09-26') }));
  await count(p.sell(as('hz-store'), { codes: hoses.codes.slice(0, 4), time: day('2026-10-02') }));
  await services.recalls.open(as('hz-gas'), {
    batchIds: [hoses.batchId],
    reason: '部分软管螺母密封圈尺寸偏差，存在燃气泄漏风险 / Some hose nuts have an undersized seal: risk of gas leaks',
    instructions: '请立即停止使用并关闭燃气阀门，联系销售门店免费更换 / Stop using it, close the gas valve and ask the store for a free replacement',
  });
  n++;

  // 徐州钢联: rebar made to order (定制产品) — a contract kept in the ledger.
  await services.customRecords.create(as('xz-rebar'), {
    orgId: ids.get('xz-rebar') ?? '', kind: 'contract', contractNumber: 'XZGL-2026-HT-0158',
    buyer: { name: '中建八局第三建设有限公司', address: '江苏省南京市江北新区' },
    product: { name: '冷轧带肋钢筋（定尺 9m）', model: 'CRB600H Φ10', productId: products[6] ?? '' },
    quantity: 120, unit: '吨', contractDate: '2026-09-01', deliveryDate: '2026-10-15',
    documents: [{ name: '购销合同.pdf', mediaType: 'application/pdf', sha256: '3f1d0c5c2a8b4e6f9a7d1c3b5e8f0a2c4d6e8f1a3b5c7d9e0f2a4c6e8b0d2f4a', size: 482113 }],
  });
  return n;
}

export async function loadDemo() {
  const { database, services, adminPassword } = await bootstrap();
  try {
    printAdminPassword(adminPassword);
    const password = generatePassword();
    const n = await seedDemo(services, password);
    // Passwords are only set on accounts this run created; existing accounts keep theirs.
    const shown = n.users > 0 ? password : '—';
    console.log(cliBanner('cli.demo_loaded', { ...n, password: shown }));
    console.log(cliText('cli.demo_users', { users: [...DEMO_ORGS.map((o) => o.user), ...REGULATORS.map((r) => r.username)].join(', ') }));
  } finally {
    await database.close();
  }
}
