/**
 * Requests the platform makes to addresses its users give it (EPCIS subscription callbacks,
 * recall-notice webhooks) reach only the public internet, unless the operator allows a
 * destination (`YIMA_OUTBOUND_ALLOW`). Otherwise a user could have the platform POST to
 * 169.254.169.254 (cloud metadata), to a database on 10.0.0.1:5432 or to a service on [::1]:
 * server-side request forgery (OWASP SSRF Prevention Cheat Sheet; issue 10).
 *
 * A destination is judged three times: when it is registered (`check`, a 400 naming the field),
 * before each delivery (`check` again: the allow-list or DNS may have changed), and when the
 * connection is opened: the dispatcher's connector resolves the host itself and refuses the
 * connection unless every address it got is allowed. So a name that resolved to a public
 * address at the check and to 127.0.0.1 a moment later (DNS rebinding) reaches nothing.
 * Redirects are never followed.
 */
import dns from 'node:dns';
import net from 'node:net';
import ipaddr from 'ipaddr.js';
import type { Dispatcher, buildConnector } from 'undici';
import type { OutboundAllowEntry } from '../config.ts';
import { type FieldError, fieldError } from './errors.ts';

/** All addresses of a host name, as `dns.lookup(host, { all: true })` gives them. */
export type Resolve = (hostname: string) => Promise<readonly string[]>;

/** The judgement of a destination URL. */
export type Destination =
  | {
    readonly ok: true;
    readonly url: URL;
    /** The operator's allow-list let it through (it is internal, or named there). */
    readonly allowed: boolean;
    /** The host did not resolve now; each delivery resolves it again. */
    readonly unresolved?: true;
  }
  | {
    readonly ok: false;
    /** `url`: not an http(s) URL; `internal`: a non-public address not allowed. */
    readonly reason: 'url' | 'internal';
    readonly host: string;
    readonly address?: string;
    /** Which kind of address (ipaddr.js range: loopback, private, linkLocal, uniqueLocal, …). */
    readonly range?: string;
    /** For logs and a delivery's lastError (English). */
    readonly message: string;
  };

/** Thrown (at delivery, and by the connector) for a refused destination. */
export class OutboundRefusedError extends Error {
  readonly code = 'ERR_OUTBOUND_REFUSED';
  constructor(message: string) {
    super(message);
    this.name = 'OutboundRefusedError';
  }
}

export interface OutboundPost {
  readonly body: string | Uint8Array;
  readonly headers: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal;
}

export interface OutboundGuardOptions {
  readonly allow: readonly OutboundAllowEntry[];
  /** DNS; `dns.lookup` (the system resolver, /etc/hosts included) unless a test fakes the network. */
  readonly resolve?: Resolve;
  /** How long a registration check waits for DNS before accepting the name unresolved. */
  readonly checkTimeoutMs?: number;
}

export type OutboundGuard = ReturnType<typeof createOutboundGuard>;

const systemResolve: Resolve = async (hostname) => (await dns.promises.lookup(hostname, { all: true, verbatim: true })).map((a) => a.address);

/**
 * Why an address is not a public internet address (its ipaddr.js range name), or undefined
 * when it is one. Only global unicast passes: loopback, private (RFC 1918), carrier-grade NAT
 * (100.64/10, where Alibaba Cloud's metadata 100.100.100.200 lives), link-local (169.254/16:
 * AWS, Huawei and Tencent Cloud metadata; fe80::/10), unique-local (fc00::/7: fd00:ec2::254),
 * unspecified (0.0.0.0/8, ::), multicast, broadcast, documentation, NAT64 and the other
 * reserved ranges are refused. IPv4-mapped IPv6 (::ffff:10.0.0.1) is judged as its IPv4
 * address, and the deprecated IPv4-compatible ::a.b.c.d is refused.
 *
 * @example internalRange('169.254.169.254') // 'linkLocal'
 * @example internalRange('::ffff:127.0.0.1') // 'loopback'
 * @example internalRange('93.184.215.14') // undefined
 */
export function internalRange(address: string): string | undefined {
  const ip = ipaddr.process(address);
  const range = ip.range();
  if (range !== 'unicast') return range;
  if (ip instanceof ipaddr.IPv6 && ip.parts.slice(0, 6).every((p) => p === 0)) return 'ipv4Compatible';
  return undefined;
}

/**
 * The 400 field error for a destination the guard refused at registration: `destination_internal`
 * naming the host and the address it is or resolves to (`destination_unreachable` for a name
 * with no address at all).
 *
 * @example throw validationFailed([destinationFieldError('dest', refused)])
 */
export function destinationFieldError(field: string, d: Extract<Destination, { ok: false }>): FieldError {
  if (d.reason === 'url') return fieldError(field, 'format', 'field.format', { format: 'http(s) URL' }, { expected: 'http(s) URL' });
  if (d.address === undefined) return fieldError(field, 'destination_unreachable', 'field.destination_unreachable', { host: d.host });
  return d.host === d.address
    ? fieldError(field, 'destination_internal', 'field.destination_internal', { address: d.address }, { expected: 'a public internet address' })
    : fieldError(field, 'destination_internal', 'field.destination_resolves_internal', { host: d.host, address: d.address }, { expected: 'a public internet address' });
}

const unbracket = (host: string) => host.replace(/^\[(.*)\]$/, '$1');
const portOf = (u: URL) => Number(u.port) || (u.protocol === 'https:' ? 443 : 80);

/**
 * Creates the guard and its dispatcher (an undici Agent; connections are kept alive between
 * deliveries). undici is loaded on the first request: every `yima` command builds the services,
 * and most never send one (loading it costs about twice what loading Fastify does). `close()`
 * when the app closes.
 *
 * @example
 * const outbound = createOutboundGuard({ allow: config.outbound.allow });
 * const d = await outbound.check('http://169.254.169.254/latest/meta-data/');
 * // d → { ok: false, reason: 'internal', host: '169.254.169.254', address: '169.254.169.254', range: 'linkLocal', message: 'refused: …' }
 * const { status } = await outbound.post('https://erp.example.cn/hook', { body: '{}', headers: { 'content-type': 'application/json' } });
 */
export function createOutboundGuard(opts: OutboundGuardOptions) {
  const resolve = opts.resolve ?? systemResolve;
  const checkTimeoutMs = opts.checkTimeoutMs ?? 5_000;
  const names = opts.allow.flatMap((e) => (e.kind === 'name' ? [e] : []));
  const blocks = opts.allow.flatMap((e) => (e.kind === 'address' ? [{ range: ipaddr.parseCIDR(e.cidr), port: e.port }] : []));

  const nameAllowed = (host: string, port: number) => names.some((e) => e.name === host && (e.port === undefined || e.port === port));
  const addressAllowed = (ip: ipaddr.IPv4 | ipaddr.IPv6, port: number) =>
    blocks.some((b) => ip.kind() === b.range[0].kind() && ip.match(b.range) && (b.port === undefined || b.port === port));

  /** Judges resolved addresses: every one must be public or allowed. */
  function judge(host: string, port: number, addresses: readonly string[]): Destination | { ok: true; allowed: boolean } {
    if (nameAllowed(host, port)) return { ok: true, allowed: true };
    if (addresses.length === 0) return refusal(host, undefined, undefined, `refused: ${host} has no address`);
    let allowed = true;
    for (const address of addresses) {
      const ip = ipaddr.process(address);
      if (addressAllowed(ip, port)) continue;
      allowed = false;
      const range = internalRange(address);
      if (range !== undefined) {
        const what = net.isIP(host) ? `${host}` : `${host} resolves to ${address}, which`;
        return refusal(host, address, range, `refused: ${what} is not a public address (${range}); an operator may allow it in YIMA_OUTBOUND_ALLOW`);
      }
    }
    return { ok: true, allowed };
  }

  function refusal(host: string, address: string | undefined, range: string | undefined, message: string): Destination {
    return { ok: false, reason: 'internal', host, ...(address !== undefined && { address }), ...(range !== undefined && { range }), message };
  }

  /**
   * The connection-time check. Node connects to an IP literal without a lookup, so literals are
   * judged here; names get a lookup that resolves, judges every address and connects only to
   * what it judged. One connector per port: an allow-list entry may name a port.
   */
  const connectors = new Map<number, buildConnector.connector>();
  function connectorFor(build: typeof buildConnector, port: number): buildConnector.connector {
    let c = connectors.get(port);
    if (!c) {
      const lookup: net.LookupFunction = (hostname, options, callback) => {
        resolve(hostname).then((addresses) => {
          const verdict = judge(hostname.toLowerCase(), port, addresses);
          if (!verdict.ok) return callback(new OutboundRefusedError(verdict.message), '', 0);
          const family = options.family === 4 || options.family === 'IPv4' ? 4 : options.family === 6 || options.family === 'IPv6' ? 6 : 0;
          const usable = addresses.map((address) => ({ address, family: net.isIP(address) })).filter((a) => family === 0 || a.family === family);
          const first = usable[0];
          if (!first) return callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), '', 0);
          if (options.all) return callback(null, usable);
          return callback(null, first.address, first.family);
        }, (e: unknown) => callback(e instanceof Error ? e : new Error(String(e)), '', 0));
      };
      c = build({ lookup });
      connectors.set(port, c);
    }
    return c;
  }
  const connectWith = (build: typeof buildConnector): buildConnector.connector => (options, callback) => {
    const port = Number(options.port) || (options.protocol === 'https:' ? 443 : 80);
    const host = unbracket(options.hostname);
    if (net.isIP(host) !== 0) {
      const verdict = judge(host, port, [host]);
      if (!verdict.ok) return callback(new OutboundRefusedError(verdict.message), null);
    }
    return connectorFor(build, port)(options, callback);
  };
  let client: Promise<{ dispatcher: Dispatcher; request: typeof import('undici').request }> | undefined;
  const undici = () => (client ??= import('undici').then((u) => ({ dispatcher: new u.Agent({ connect: connectWith(u.buildConnector) }), request: u.request })));

  /**
   * Judges a destination URL: http(s) only, and a host that is (or resolves only to) public
   * addresses or what the allow-list lets through. A name that does not resolve within
   * `checkTimeoutMs` passes as `unresolved` (it may exist later; each connection is judged).
   */
  async function check(dest: string): Promise<Destination> {
    let url: URL;
    try {
      url = new URL(dest);
    } catch {
      return { ok: false, reason: 'url', host: '', message: 'refused: not a URL' };
    }
    const host = unbracket(url.hostname);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, reason: 'url', host, message: `refused: ${url.protocol} is not http or https` };
    const port = portOf(url);
    if (net.isIP(host) !== 0 || nameAllowed(host, port)) {
      const verdict = judge(host, port, [host]);
      return verdict.ok ? { ok: true, url, allowed: verdict.allowed } : verdict;
    }
    const addresses = await new Promise<readonly string[] | undefined>((done) => {
      const timer = setTimeout(() => done(undefined), checkTimeoutMs);
      resolve(host).then(done, () => done(undefined)).finally(() => clearTimeout(timer));
    });
    if (addresses === undefined) return { ok: true, url, allowed: false, unresolved: true };
    const verdict = judge(host, port, addresses);
    return verdict.ok ? { ok: true, url, allowed: verdict.allowed } : verdict;
  }

  return {
    check,
    /** The guarded undici dispatcher, for any other outbound request to a user-given address. */
    dispatcher: async (): Promise<Dispatcher> => (await undici()).dispatcher,

    /**
     * POSTs through the guarded dispatcher, not following redirects. Resolves with the answer's
     * status (its body is read and dropped); rejects with an OutboundRefusedError for a refused
     * destination (before sending or at connect), or with the network error.
     */
    async post(dest: string, req: OutboundPost): Promise<{ status: number }> {
      const d = await check(dest);
      if (!d.ok) throw new OutboundRefusedError(d.message);
      const { dispatcher, request } = await undici();
      const res = await request(d.url, { method: 'POST', body: req.body, headers: req.headers, dispatcher, ...(req.signal && { signal: req.signal }) });
      await res.body.dump();
      return { status: res.statusCode };
    },

    /** Waits for requests in flight, then closes the kept-alive connections. */
    close: async () => {
      if (client) await (await client).dispatcher.close();
    },
  };
}
