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
import { usccCheckCharacter } from '../shared/codes/uscc.ts';
import { t } from '../shared/i18n/i18n.ts';
import { bootstrap, printAdminPassword } from './bootstrap.ts';

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
  if (orgCount > 0) {
    for (const { org, ...p } of DEMO_PRODUCTS) {
      await services.products.create(SYSTEM, { ...p, orgId: ids.get(org) ?? '' });
      productCount++;
    }
  }
  return { orgs: orgCount, users: userCount, products: productCount };
}

export async function loadDemo() {
  const { database, services, adminPassword } = await bootstrap();
  try {
    printAdminPassword(adminPassword);
    const password = generatePassword();
    const n = await seedDemo(services, password);
    // Passwords are only set on accounts this run created; existing accounts keep theirs.
    const shown = n.users > 0 ? password : '—';
    console.log(`${t('zh-CN', 'cli.demo_loaded', { ...n, password: shown })}\n${t('en', 'cli.demo_loaded', { ...n, password: shown })}`);
    console.log(`users: ${[...DEMO_ORGS.map((o) => o.user), ...REGULATORS.map((r) => r.username)].join(', ')}`);
  } finally {
    await database.close();
  }
}
