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

  it('reads the terminal language for CLI messages', () => {
    expect(terminalLanguage({ LANG: 'en_US.UTF-8' })).toBe('en');
    expect(terminalLanguage({ LANG: 'zh_CN.UTF-8' })).toBe('zh');
    expect(terminalLanguage({})).toBeUndefined();
  });
});
