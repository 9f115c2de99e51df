/**
 * The one place that reads `process.env`. Every variable is documented here; `loadConfig`
 * validates them all and throws a `ConfigError` listing every problem at once.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import ipaddr from 'ipaddr.js';

/**
 * A destination outbound requests (webhooks, subscriptions) may reach although it is not a public
 * internet address. `name`: a URL naming exactly this host (whatever it resolves to); `address`:
 * a URL whose host is, or resolves only to, addresses in `cidr` (a single address is a /32 or
 * /128). Without `port`, any port.
 */
export type OutboundAllowEntry =
  | { readonly kind: 'name'; readonly name: string; readonly port?: number }
  | { readonly kind: 'address'; readonly cidr: string; readonly port?: number };
import { SCRYPT_PARAMS, type ScryptParams } from './modules/auth/password.ts';

export interface Config {
  /** TCP port of the HTTP server. */
  readonly port: number;
  /** Interface to listen on. 127.0.0.1 by default; 0.0.0.0 behind a load balancer. */
  readonly host: string;
  /** Embedded database directory (PGlite), used when no DATABASE_URL is set. */
  readonly dataDir: string;
  /** PostgreSQL server connection string; when set, the embedded database is not used. Secret. */
  readonly databaseUrl: string | undefined;
  /** Size of the PostgreSQL connection pool. */
  readonly databasePoolSize: number;
  /** Base URL the public reaches the platform at (labels, links). */
  readonly publicUrl: string;
  /** Password of the first admin, used only when the admin is created. Secret. */
  readonly adminPassword: string | undefined;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  readonly auth: {
    /** Failed logins in a row before an account locks. */
    readonly maxFailures: number;
    /** How long a locked account stays locked. */
    readonly lockSeconds: number;
    /** Login attempts per client address per minute. */
    readonly loginRatePerMinute: number;
    /** Session lifetime. */
    readonly sessionHours: number;
    /** Mark session cookies Secure (on by default when publicUrl is https). */
    readonly cookieSecure: boolean;
    /** Password policy (OWASP ASVS 6.2: length, no composition rules, no forced rotation — all configurable). */
    readonly passwordMinLength: number;
    /** Character classes (lower, upper, digit, symbol) a password must mix; 0 = no composition rule. */
    readonly passwordClasses: number;
    /** Days after which a password must be changed; 0 = never (default). */
    readonly passwordMaxAgeDays: number;
    /**
     * scrypt cost of new password hashes: OWASP's (N=2^14, r=8, p=5). Not an environment
     * variable — a deployment has no reason to lower it; tests build their config with cheap ones.
     */
    readonly passwordHashing: ScryptParams;
  };
  readonly ledger: {
    /** Hash of the log, fixed when the log is created: sm3 (default) or sha256. */
    readonly hash: 'sm3' | 'sha256';
    /** Origin of the log without the hash suffix (C2SP: a schema-less URL), e.g. trace.example.cn/yima. */
    readonly originBase: string;
    /** Whether hash and origin were set explicitly: then an existing log must match them. */
    readonly explicit: { readonly hash: boolean; readonly origin: boolean };
    /** Checkpoint signers: sm2 (GB/T 32918) and/or ed25519 (standard C2SP). */
    readonly signers: readonly ('sm2' | 'ed25519')[];
    /** Directory of generated signing keys (default <dataDir>/keys). */
    readonly keyDir: string;
    /** Signer key files (C2SP signer key text) instead of generated keys. Secret. */
    readonly keyFiles: { readonly sm2?: string; readonly ed25519?: string };
    /** Sign a new checkpoint at least every N seconds while the log grows… */
    readonly checkpointSeconds: number;
    /** …or as soon as M records were added. */
    readonly checkpointRecords: number;
    /** Witnesses each new checkpoint is sent to (C2SP tlog-witness): submission URL and verifier key. */
    readonly witnesses: readonly { readonly name: string; readonly url: string; readonly vkey: string }[];
  };
  readonly customRecords: {
    /** Years a custom-product (定制产品) ledger or contract is kept before it may be deleted; the policy's minimum is 3. */
    readonly retentionYears: number;
  };
  readonly outbound: {
    /**
     * YIMA_OUTBOUND_ALLOW: internal destinations webhooks and subscriptions may still reach (a
     * receiver on this machine or the company network). By default every loopback, private,
     * link-local, carrier-grade NAT, multicast, metadata or otherwise non-public address is
     * refused, at registration and at each connection. Comma- or space-separated entries:
     * `hooks.internal.example` (that host name, any port), `hooks.internal.example:8443`,
     * `127.0.0.1`, `127.0.0.1:9000`, `::1`, `[::1]:9000`, `10.20.0.0/16`, `fd12:3456::/48`
     * (any address in the block, any port). Plain http is accepted only to these destinations.
     */
    readonly allow: readonly OutboundAllowEntry[];
  };
  readonly scan: {
    /** Scans (page views and JSON) per client address per minute on the resolver. */
    readonly ratePerMinute: number;
    /** A code scanned in this many sessions (distinct scanners, or one scanner again after the session gap) looks cloned. */
    readonly cloneSessions: number;
    /** One scanner's scans of a code less than this many minutes apart are one session. */
    readonly sessionMinutes: number;
    /** Scans this far apart (km, shared locations) or in different provinces look cloned. */
    readonly cloneDistanceKm: number;
    /** After a recorded sale, scans by this many different clients look cloned. */
    readonly cloneClientsAfterSale: number;
    /** CSV file of `cidr,region` (GB/T 2260) giving a client address's coarse place; none by default. */
    readonly ipRegionsFile: string | null;
  };
}

/** Thrown when the environment is invalid; `problems` lists every one, by variable. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Reads and validates the configuration.
 *
 * @example loadConfig({ PORT: '9000' }).port // → 9000
 * @throws ConfigError listing every invalid variable
 */
export function loadConfig(env: Env = process.env, cwd: string = process.cwd()): Config {
  const problems: string[] = [];

  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!/^-?\d+$/.test(raw.trim()) || n < min || n > max) {
      problems.push(`${name}: expected a whole number from ${min} to ${max}, got ${JSON.stringify(raw)}`);
      return fallback;
    }
    return n;
  };
  const bool = (name: string, fallback: boolean): boolean => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    if (/^(1|true|yes|on)$/i.test(raw)) return true;
    if (/^(0|false|no|off)$/i.test(raw)) return false;
    problems.push(`${name}: expected true or false, got ${JSON.stringify(raw)}`);
    return fallback;
  };

  const port = int('PORT', 8080, 0, 65535);
  const host = env.HOST || '127.0.0.1';

  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push('DATABASE_URL: expected a postgres:// or postgresql:// URL');
  }

  const publicUrl = (env.YIMA_PUBLIC_URL || `http://localhost:${port}`).replace(/\/+$/, '');
  try {
    const u = new URL(publicUrl);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('protocol');
  } catch {
    problems.push(`YIMA_PUBLIC_URL: expected an http(s) URL such as https://trace.example.cn, got ${JSON.stringify(env.YIMA_PUBLIC_URL)}`);
  }

  const levels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
  const rawLevel = env.LOG_LEVEL || 'info';
  const logLevel = levels.find((l) => l === rawLevel);
  if (!logLevel) problems.push(`LOG_LEVEL: expected one of ${levels.join(', ')}, got ${JSON.stringify(rawLevel)}`);

  const passwordMinLength = int('YIMA_PASSWORD_MIN_LENGTH', 12, 8, 128);
  const adminPassword = env.YIMA_ADMIN_PASSWORD || undefined;
  if (adminPassword !== undefined && adminPassword.length < passwordMinLength) {
    problems.push(`YIMA_ADMIN_PASSWORD: expected at least ${passwordMinLength} characters (YIMA_PASSWORD_MIN_LENGTH)`);
  }

  const hash = env.YIMA_LEDGER_HASH || 'sm3';
  if (hash !== 'sm3' && hash !== 'sha256') problems.push(`YIMA_LEDGER_HASH: expected sm3 or sha256, got ${JSON.stringify(hash)}`);
  let publicHost = 'localhost';
  try {
    publicHost = new URL(publicUrl).host;
  } catch {
    /* reported above */
  }
  const originBase = (env.YIMA_LEDGER_ORIGIN || `${publicHost}/yima`).replace(/\/+$/, '');
  if (!/^[^\s+]+$/.test(originBase)) problems.push(`YIMA_LEDGER_ORIGIN: expected a schema-less URL without spaces or "+", e.g. trace.example.cn/yima, got ${JSON.stringify(env.YIMA_LEDGER_ORIGIN)}`);
  const signerNames = (env.YIMA_LEDGER_SIGNERS ?? 'sm2,ed25519').split(',').map((x) => x.trim()).filter(Boolean);
  const signers = signerNames.filter((x): x is 'sm2' | 'ed25519' => x === 'sm2' || x === 'ed25519');
  if (signers.length !== signerNames.length || signers.length === 0) {
    problems.push(`YIMA_LEDGER_SIGNERS: expected sm2, ed25519 or both (comma-separated), got ${JSON.stringify(env.YIMA_LEDGER_SIGNERS)}`);
  }
  const dataDir = path.resolve(cwd, env.YIMA_DATA_DIR || '.yima');
  const keyFiles: { sm2?: string; ed25519?: string } = {};
  for (const [alg, name] of [['sm2', 'YIMA_LEDGER_SM2_KEY_FILE'], ['ed25519', 'YIMA_LEDGER_ED25519_KEY_FILE']] as const) {
    const f = env[name];
    if (!f) continue;
    if (!fs.existsSync(f)) problems.push(`${name}: no such file ${JSON.stringify(f)}`);
    keyFiles[alg] = path.resolve(cwd, f);
  }

  // YIMA_WITNESSES: entries separated by newlines or ";", each "<url> <verifier key>".
  const witnesses = (env.YIMA_WITNESSES ?? '').split(/[;\n]/).map((e) => e.trim()).filter(Boolean).flatMap((entry, i) => {
    const [url = '', vkey = '', ...rest] = entry.split(/\s+/);
    const name = vkey.split('+')[0] ?? '';
    let okUrl: boolean;
    try {
      okUrl = /^https?:$/.test(new URL(url).protocol);
    } catch {
      okUrl = false;
    }
    if (!okUrl || !/^[^+\s]+\+[0-9a-f]{8}\+[A-Za-z0-9+/=]+$/.test(vkey) || rest.length > 0) {
      problems.push(`YIMA_WITNESSES: entry ${i + 1}: expected "<http(s) URL> <verifier key name+hexid+base64>", got ${JSON.stringify(entry)}`);
      return [];
    }
    return [{ name, url: url.replace(/\/+$/, ''), vkey }];
  });

  const outboundAllow = parseOutboundAllow(env.YIMA_OUTBOUND_ALLOW ?? '', problems);

  const config: Config = {
    port,
    host,
    dataDir,
    databaseUrl,
    databasePoolSize: int('DATABASE_POOL_SIZE', 10, 1, 200),
    publicUrl,
    adminPassword,
    logLevel: logLevel ?? 'info',
    auth: {
      maxFailures: int('YIMA_LOGIN_MAX_FAILURES', 5, 1, 1000),
      lockSeconds: int('YIMA_LOGIN_LOCK_SECONDS', 900, 1, 86400 * 30),
      loginRatePerMinute: int('YIMA_LOGIN_RATE_PER_MINUTE', 20, 1, 100000),
      sessionHours: int('YIMA_SESSION_HOURS', 12, 1, 24 * 90),
      cookieSecure: bool('YIMA_COOKIE_SECURE', publicUrl.startsWith('https:')),
      passwordMinLength,
      passwordClasses: int('YIMA_PASSWORD_CLASSES', 0, 0, 4),
      passwordMaxAgeDays: int('YIMA_PASSWORD_MAX_AGE_DAYS', 0, 0, 3650),
      passwordHashing: { ...SCRYPT_PARAMS },
    },
    ledger: {
      hash: hash === 'sha256' ? 'sha256' : 'sm3',
      originBase,
      explicit: { hash: Boolean(env.YIMA_LEDGER_HASH), origin: Boolean(env.YIMA_LEDGER_ORIGIN) },
      signers,
      keyDir: path.join(dataDir, 'keys'),
      keyFiles,
      checkpointSeconds: int('YIMA_CHECKPOINT_SECONDS', 10, 1, 86400),
      checkpointRecords: int('YIMA_CHECKPOINT_RECORDS', 1000, 1, 10_000_000),
      witnesses,
    },
    customRecords: {
      // Below 3 would let records go before the policy's minimum retention of 3 years.
      retentionYears: int('YIMA_CUSTOM_RECORD_RETENTION_YEARS', 3, 3, 100),
    },
    outbound: { allow: outboundAllow },
    scan: {
      ratePerMinute: int('YIMA_SCAN_RATE_PER_MINUTE', 120, 1, 10_000_000),
      cloneSessions: int('YIMA_CLONE_SESSIONS', 10, 2, 1_000_000),
      sessionMinutes: int('YIMA_CLONE_SESSION_MINUTES', 30, 1, 24 * 60),
      cloneDistanceKm: int('YIMA_CLONE_DISTANCE_KM', 300, 1, 20_000),
      cloneClientsAfterSale: int('YIMA_CLONE_CLIENTS_AFTER_SALE', 3, 2, 1000),
      ipRegionsFile: env.YIMA_IP_REGIONS_FILE || null,
    },
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return deepFreeze(config);
}

/** YIMA_OUTBOUND_ALLOW entries (see Config.outbound.allow), each normalised as a URL host is. */
function parseOutboundAllow(raw: string, problems: string[]): OutboundAllowEntry[] {
  const entries: OutboundAllowEntry[] = [];
  for (const item of raw.split(/[\s,]+/).filter(Boolean)) {
    const entry = parseAllowEntry(item);
    if (entry) entries.push(entry);
    else problems.push(`YIMA_OUTBOUND_ALLOW: expected host, host:port, IP address, [IPv6]:port or CIDR block (e.g. 127.0.0.1:9000,hooks.internal.example,10.20.0.0/16), got ${JSON.stringify(item)}`);
  }
  return entries;
}

function parseAllowEntry(item: string): OutboundAllowEntry | undefined {
  const cidr = /^([^/]+)\/(\d{1,3})$/.exec(item);
  if (cidr) {
    const [, address = '', bits] = cidr;
    if (net.isIP(address) === 0 || !ipaddr.isValidCIDR(item)) return undefined;
    const [ip, prefix] = ipaddr.parseCIDR(item);
    // An IPv4-mapped block (::ffff:10.0.0.0/104) is matched as the IPv4 block it maps.
    if (ip instanceof ipaddr.IPv6 && ip.isIPv4MappedAddress() && prefix >= 96) return { kind: 'address', cidr: `${ip.toIPv4Address().toString()}/${prefix - 96}` };
    return { kind: 'address', cidr: `${ip.toString()}/${Number(bits)}` };
  }
  // A bare IPv6 address has colons of its own; with a port it is written [v6]:port.
  const hostPort = net.isIPv6(item) ? ['', item, undefined] : /^(\[[^\]]+\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(item);
  if (!hostPort) return undefined;
  const [, host = '', portText] = hostPort;
  const port = portText === undefined ? undefined : Number(portText);
  if (port !== undefined && (port < 1 || port > 65535)) return undefined;
  let hostname: string;
  try {
    // The same normalisation a destination URL gets: lower case, IDNA, IPv4 forms such as 127.1.
    const u = new URL(`http://${net.isIPv6(host) ? `[${host}]` : host}/`);
    if (u.pathname !== '/' || u.username || u.search) return undefined;
    hostname = u.hostname;
  } catch {
    return undefined;
  }
  const bare = hostname.replace(/^\[(.*)\]$/, '$1');
  const withPort = port === undefined ? {} : { port };
  if (net.isIP(bare) !== 0) {
    const ip = ipaddr.process(bare);
    return { kind: 'address', cidr: `${ip.toString()}/${ip.kind() === 'ipv4' ? 32 : 128}`, ...withPort };
  }
  return { kind: 'name', name: hostname, ...withPort };
}

function deepFreeze<T extends object>(o: T): T {
  for (const v of Object.values(o)) if (v && typeof v === 'object') deepFreeze(v as object);
  return Object.freeze(o);
}

/**
 * The terminal's language for CLI messages, from LC_ALL / LANG (`en_US.UTF-8` → `en`); Chinese
 * when unset or anything else.
 */
export function terminalLanguage(env: Env = process.env): string | undefined {
  const lang = env.LC_ALL || env.LANG || '';
  return /^en/i.test(lang) ? 'en' : /^zh/i.test(lang) ? 'zh' : undefined;
}
