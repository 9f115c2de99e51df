import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, terminalLanguage } from './config.ts';

describe('loadConfig', () => {
  it('defaults to the embedded database in ./.yima on port 8080', () => {
    const c = loadConfig({}, '/srv/yima');
    expect(c).toMatchObject({ port: 8080, host: '127.0.0.1', dataDir: '/srv/yima/.yima', databaseUrl: undefined, publicUrl: 'http://localhost:8080' });
    expect(c.auth).toMatchObject({ maxFailures: 5, passwordClasses: 0, passwordMaxAgeDays: 0 });
    expect(Object.isFrozen(c.auth)).toBe(true);
  });

  it('lists every problem at once, by variable', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', YIMA_PUBLIC_URL: 'ftp://x', LOG_LEVEL: 'loud', YIMA_LOGIN_MAX_FAILURES: '0', YIMA_COOKIE_SECURE: 'maybe', YIMA_ADMIN_PASSWORD: 'short' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems.map((p) => p.split(':')[0])).toEqual([
      'PORT', 'DATABASE_URL', 'YIMA_PUBLIC_URL', 'LOG_LEVEL', 'YIMA_ADMIN_PASSWORD', 'YIMA_LOGIN_MAX_FAILURES', 'YIMA_COOKIE_SECURE',
    ]);
    expect((error as ConfigError).message).toContain('Invalid configuration (7 problems)');
    expect(problems[0]).toBe('PORT: expected a whole number from 0 to 65535, got "eighty"');
  });

  it('reads the outbound allow-list: host names, host:port, addresses, [IPv6]:port and CIDR blocks, normalised as URLs normalise them', () => {
    expect(loadConfig({}).outbound.allow).toEqual([]);
    const c = loadConfig({ YIMA_OUTBOUND_ALLOW: '127.0.0.1:9000, Hooks.Internal.Example,bridge.internal.example:8443 ::1 [::1]:9001 10.20.0.0/16 fd12:3456::/48 ::ffff:10.0.0.0/104 127.1' });
    expect(c.outbound.allow).toEqual([
      { kind: 'address', cidr: '127.0.0.1/32', port: 9000 },
      { kind: 'name', name: 'hooks.internal.example' },
      { kind: 'name', name: 'bridge.internal.example', port: 8443 },
      { kind: 'address', cidr: '::1/128' },
      { kind: 'address', cidr: '::1/128', port: 9001 },
      { kind: 'address', cidr: '10.20.0.0/16' },
      { kind: 'address', cidr: 'fd12:3456::/48' },
      { kind: 'address', cidr: '10.0.0.0/8' },
      { kind: 'address', cidr: '127.0.0.1/32' },
    ]);
    expect(Object.isFrozen(c.outbound.allow[0])).toBe(true);
  });

  it('refuses allow-list entries that are not a host, host:port, address or CIDR block, each named', () => {
    let error: unknown;
    try {
      loadConfig({ YIMA_OUTBOUND_ALLOW: 'ok.example,host:0,host:70000,10.0.0.0/33,http://x.example,x.example/8,[not-v6]:80,user@x.example' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(7);
    expect(problems.every((p) => p.startsWith('YIMA_OUTBOUND_ALLOW: expected host, host:port, IP address, [IPv6]:port or CIDR block'))).toBe(true);
    expect(problems.map((p) => /got "(.*)"$/.exec(p)?.[1])).toEqual(['host:0', 'host:70000', '10.0.0.0/33', 'http://x.example', 'x.example/8', '[not-v6]:80', 'user@x.example']);
  });

  it('reads the terminal language for CLI messages', () => {
    expect(terminalLanguage({ LANG: 'en_US.UTF-8' })).toBe('en');
    expect(terminalLanguage({ LANG: 'zh_CN.UTF-8' })).toBe('zh');
    expect(terminalLanguage({})).toBeUndefined();
  });
});
