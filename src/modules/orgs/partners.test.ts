import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/app.ts';
import { DB_TARGETS } from '../../../test/db.ts';
import { buildOrg, randomUscc } from '../../../test/factories.ts';

describe.each(DB_TARGETS)('the partner directory on %s', (target) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext(target);
  });
  afterAll(() => ctx.close());

  it('finds approved sellers by part of the name or by USCC with only name, USCC, region and id (200)', async () => {
    const me = await buildOrg(ctx, { name: '伙伴查找生产厂' });
    const shop = await buildOrg(ctx, { name: '伙伴查找五金店', region: '330102' });
    const byName = await ctx.call('GET', '/api/v1/partners?q=伙伴查找', { token: me.token });
    expect(byName.statusCode, byName.body).toBe(200);
    // Not the searcher itself; nothing beyond what a ship form needs.
    expect(byName.json()).toEqual([{ id: shop.id, name: '伙伴查找五金店', uscc: shop.uscc, regionCode: '330102' }]);
    const byUscc = await ctx.call('GET', `/api/v1/partners?q=${shop.uscc.toLowerCase()}`, { token: me.token });
    expect(byUscc.json().map((p: { id: string }) => p.id)).toEqual([shop.id]);
  });

  it('leaves out pending registrations and enterprises without the role asked for', async () => {
    const me = await buildOrg(ctx);
    const pending = await ctx.call('POST', '/api/v1/registrations', {
      body: { organisation: { name: '伙伴待审商店', uscc: randomUscc(), address: '杭州', roles: ['seller'], contacts: [{ name: '张三' }] }, admin: { username: `p-${Date.now()}`, password: 'correct horse battery 9' } },
    });
    expect(pending.statusCode, pending.body).toBe(201);
    const producerOnly = await ctx.call('POST', '/api/v1/orgs', {
      token: ctx.adminToken, body: { name: '伙伴仅生产厂', uscc: randomUscc(), address: '杭州', roles: ['producer'], contacts: [{ name: '李四' }] },
    });
    expect(producerOnly.statusCode, producerOnly.body).toBe(201);
    expect((await ctx.call('GET', '/api/v1/partners?q=伙伴待审', { token: me.token })).json()).toEqual([]);
    expect((await ctx.call('GET', '/api/v1/partners?q=伙伴仅生产', { token: me.token })).json()).toEqual([]);
    expect((await ctx.call('GET', '/api/v1/partners?q=伙伴仅生产&role=producer', { token: me.token })).json()).toHaveLength(1);
  });

  it('answers 401 to the public and 400 querystring.q: too short for a one-character search', async () => {
    expect((await ctx.call('GET', '/api/v1/partners?q=伙伴')).statusCode).toBe(401);
    const me = await buildOrg(ctx);
    const short = await ctx.call('GET', '/api/v1/partners?q=a', { token: me.token, lang: 'en' });
    expect(short.statusCode).toBe(400);
    expect(short.json().errors[0].field).toBe('querystring.q');
  });
});
