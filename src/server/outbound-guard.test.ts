import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { type Resolve, createOutboundGuard, internalRange } from './outbound-guard.ts';

/** A receiver on 127.0.0.1 that answers 204 (or what `answer` says) and records each request's path. */
async function startReceiver(answer: (path: string) => { status: number; headers?: Record<string, string> } = () => ({ status: 204 })) {
  const paths: string[] = [];
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      paths.push(req.url ?? '/');
      const a = answer(req.url ?? '/');
      res.writeHead(a.status, a.headers).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    port, paths,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

const allow = (list: string) => loadConfig({ YIMA_OUTBOUND_ALLOW: list }).outbound.allow;
const post = { body: '{}', headers: { 'content-type': 'application/json' } };

/** A DNS for tests: each name answers the next list of its plan (the last one from then on). */
function fakeDns(plan: Record<string, string[][]>): Resolve {
  const asked = new Map<string, number>();
  return async (host) => {
    const answers = plan[host];
    if (!answers) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    const n = asked.get(host) ?? 0;
    asked.set(host, n + 1);
    return answers[Math.min(n, answers.length - 1)] ?? [];
  };
}

describe('which addresses are internal', () => {
  it('refuses loopback, private, CGNAT, link-local, metadata, unspecified, multicast, broadcast, reserved and their IPv4-mapped forms', () => {
    const internal: Record<string, string> = {
      '127.0.0.1': 'loopback', '127.255.255.254': 'loopback', '::1': 'loopback',
      '10.0.0.1': 'private', '172.16.0.1': 'private', '172.31.255.255': 'private', '192.168.1.1': 'private',
      '100.64.0.1': 'carrierGradeNat', '100.100.100.200': 'carrierGradeNat',
      '169.254.169.254': 'linkLocal', '169.254.0.23': 'linkLocal', 'fe80::1': 'linkLocal',
      'fc00::1': 'uniqueLocal', 'fd00:ec2::254': 'uniqueLocal',
      '0.0.0.0': 'unspecified', '0.1.2.3': 'unspecified', '::': 'unspecified',
      '224.0.0.1': 'multicast', '239.255.255.250': 'multicast', 'ff02::1': 'multicast',
      '255.255.255.255': 'broadcast', '192.0.2.1': 'reserved', '240.0.0.1': 'reserved', '2001:db8::1': 'reserved',
      '::ffff:127.0.0.1': 'loopback', '::ffff:10.0.0.1': 'private', '::ffff:169.254.169.254': 'linkLocal', '::ffff:0.0.0.0': 'unspecified',
      // IPv4-compatible (deprecated): judged as the IPv4 address when written dotted, refused in hex.
      '::127.0.0.1': 'loopback', '::7f00:1': 'ipv4Compatible', '::a00:1': 'ipv4Compatible', '64:ff9b::a9fe:a9fe': 'rfc6052',
    };
    for (const [address, range] of Object.entries(internal)) expect(internalRange(address), address).toBe(range);
    for (const address of ['93.184.215.14', '8.8.8.8', '172.32.0.1', '100.128.0.1', '11.0.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8', '240e:1::1']) {
      expect(internalRange(address), address).toBeUndefined();
    }
  });
});

describe('checking a destination', () => {
  const guard = createOutboundGuard({ allow: [], resolve: fakeDns({ 'hooks.example.cn': [['93.184.215.14']], 'mixed.example.cn': [['93.184.215.14', '10.0.0.7']], 'meta.example.cn': [['169.254.169.254']] }) });
  afterAll(() => guard.close());

  it('refuses URLs whose host is an internal address, in every form a URL may write it', async () => {
    for (const dest of [
      'http://169.254.169.254/latest/meta-data/', 'http://10.0.0.1:5432/', 'http://[::1]:5432/', 'https://[fd00:ec2::254]/', 'http://0.0.0.0/',
      'http://127.1/', 'http://2130706433/', 'http://0x7f000001/', 'http://017700000001/', 'https://[::ffff:127.0.0.1]/', 'https://[::ffff:a9fe:a9fe]/',
      'http://100.100.100.200/latest/meta-data/', 'http://[fe80::1]/', 'http://255.255.255.255/',
    ]) {
      const d = await guard.check(dest);
      expect(d, dest).toMatchObject({ ok: false, reason: 'internal', message: expect.stringMatching(/^refused: .* is not a public address/) });
    }
  });

  it('refuses a name when any of its addresses is internal, and accepts one that resolves only to public addresses', async () => {
    expect(await guard.check('https://meta.example.cn/x')).toMatchObject({ ok: false, host: 'meta.example.cn', address: '169.254.169.254', range: 'linkLocal' });
    expect(await guard.check('https://mixed.example.cn/x')).toMatchObject({ ok: false, address: '10.0.0.7', range: 'private' });
    expect(await guard.check('https://hooks.example.cn/x')).toMatchObject({ ok: true, allowed: false });
    expect(await guard.check('https://8.8.8.8/x')).toMatchObject({ ok: true, allowed: false });
    // A name that does not resolve now may later: each connection is judged then.
    expect(await guard.check('https://not-yet.example.cn/x')).toMatchObject({ ok: true, unresolved: true });
    expect(await guard.check('ftp://hooks.example.cn/')).toMatchObject({ ok: false, reason: 'url' });
  });

  it('refuses localhost through the system resolver (/etc/hosts)', async () => {
    const system = createOutboundGuard({ allow: [] });
    try {
      expect(await system.check('http://localhost:5432/')).toMatchObject({ ok: false, host: 'localhost', range: 'loopback' });
    } finally {
      await system.close();
    }
  });

  it('lets through what the operator allows: a host name, a host and port, an address, a CIDR block', async () => {
    const allowed = createOutboundGuard({
      allow: allow('hooks.internal.example,bridge.internal.example:8443,127.0.0.1:9000,10.20.0.0/16,[::1]:9001'),
      resolve: fakeDns({ 'hooks.internal.example': [['10.9.9.9']], 'bridge.internal.example': [['192.168.7.7']], 'erp.internal.example': [['10.20.3.4']], 'localhost': [['127.0.0.1', '::1']] }),
    });
    try {
      for (const dest of ['http://hooks.internal.example/', 'http://hooks.internal.example:1234/', 'https://bridge.internal.example:8443/', 'http://127.0.0.1:9000/', 'http://10.20.0.5/', 'http://erp.internal.example:5000/', 'http://[::1]:9001/']) {
        expect(await allowed.check(dest), dest).toMatchObject({ ok: true, allowed: true });
      }
      for (const dest of ['https://bridge.internal.example/', 'http://127.0.0.1:9001/', 'http://127.0.0.2:9000/', 'http://10.21.0.5/', 'http://[::1]:9000/', 'http://localhost:9000/']) {
        expect(await allowed.check(dest), dest).toMatchObject({ ok: false, reason: 'internal' });
      }
    } finally {
      await allowed.close();
    }
  });
});

describe('delivering', () => {
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  beforeAll(async () => {
    receiver = await startReceiver((path) => (path === '/moved' ? { status: 302, headers: { location: '/landed' } } : { status: 204 }));
  });
  afterAll(() => receiver.close());

  it('POSTs to an allowed receiver on 127.0.0.1 and refuses one that is not allowed without sending anything', async () => {
    const allowed = createOutboundGuard({ allow: allow(`127.0.0.1:${receiver.port}`) });
    const closed = createOutboundGuard({ allow: [] });
    try {
      expect(await allowed.post(`http://127.0.0.1:${receiver.port}/ok`, post)).toEqual({ status: 204 });
      await expect(closed.post(`http://127.0.0.1:${receiver.port}/nope`, post)).rejects.toMatchObject({ name: 'OutboundRefusedError', message: expect.stringContaining('127.0.0.1 is not a public address (loopback)') });
      await expect(closed.post(`http://localhost:${receiver.port}/nope`, post)).rejects.toMatchObject({ name: 'OutboundRefusedError' });
      expect(receiver.paths).toEqual(['/ok']);
    } finally {
      await allowed.close();
      await closed.close();
    }
  });

  it('does not follow a redirect: the 3xx is the answer', async () => {
    const allowed = createOutboundGuard({ allow: allow('127.0.0.1') });
    try {
      expect(await allowed.post(`http://127.0.0.1:${receiver.port}/moved`, post)).toEqual({ status: 302 });
      expect(receiver.paths).not.toContain('/landed');
    } finally {
      await allowed.close();
    }
  });

  it('refuses at connect time a name that passed the check and then resolves to 127.0.0.1 (DNS rebinding)', async () => {
    const before = receiver.paths.length;
    // The first two answers (this check, and post's own before sending) are public; the next
    // one, the connection's, is loopback.
    const guard = createOutboundGuard({ allow: [], resolve: fakeDns({ 'rebind.example.cn': [['93.184.215.14'], ['93.184.215.14'], ['127.0.0.1']] }) });
    try {
      expect(await guard.check(`http://rebind.example.cn:${receiver.port}/`)).toMatchObject({ ok: true });
      await expect(guard.post(`http://rebind.example.cn:${receiver.port}/rebound`, post)).rejects.toMatchObject({
        message: expect.stringContaining('rebind.example.cn resolves to 127.0.0.1, which is not a public address (loopback)'),
      });
      expect(receiver.paths.slice(before)).toEqual([]);
    } finally {
      await guard.close();
    }
  });

  it('refuses at connect time through the dispatcher itself, for literals and names alike', async () => {
    const before = receiver.paths.length;
    const guard = createOutboundGuard({ allow: [] });
    try {
      for (const url of [`http://127.0.0.1:${receiver.port}/direct`, `http://localhost:${receiver.port}/direct`, `http://[::ffff:127.0.0.1]:${receiver.port}/direct`]) {
        await expect(request(url, { method: 'POST', body: '{}', dispatcher: await guard.dispatcher() }), url).rejects.toMatchObject({ name: 'OutboundRefusedError' });
      }
      expect(receiver.paths.slice(before)).toEqual([]);
    } finally {
      await guard.close();
    }
  });
});
