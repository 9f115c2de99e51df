import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.ts';
import { SCRYPT_PARAMS, dummyHash, hashPassword, verifyPassword } from './password.ts';

describe('password hashing', () => {
  it('hashes new passwords in production at OWASP cost (scrypt N=2^14, r=8, p=5), by default and from the default config', async () => {
    expect(SCRYPT_PARAMS).toEqual({ N: 16384, r: 8, p: 5 });
    expect(Object.isFrozen(SCRYPT_PARAMS)).toBe(true);
    expect(loadConfig({}).auth.passwordHashing).toEqual({ N: 16384, r: 8, p: 5 });
    // The cost is no environment variable: nothing a deployment sets lowers it.
    expect(loadConfig({ YIMA_PASSWORD_HASHING: '16,1,1', YIMA_SCRYPT_N: '16' }).auth.passwordHashing).toEqual(SCRYPT_PARAMS);
    const hash = await hashPassword('correct horse battery');
    expect(hash).toMatch(/^scrypt\$16384\$8\$5\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=$/);
    expect(await verifyPassword('correct horse battery', hash)).toBe(true);
  });

  it('verifies a hash by the parameters stored in it, so a cheaper or dearer cost still signs in', async () => {
    const cheap = await hashPassword('correct horse battery', { N: 16, r: 1, p: 1 });
    expect(cheap).toMatch(/^scrypt\$16\$1\$1\$/);
    expect(await verifyPassword('correct horse battery', cheap)).toBe(true);
    expect(await verifyPassword('correct horse batterY', cheap)).toBe(false);
    expect(await verifyPassword('correct horse battery', 'md5$abc')).toBe(false);
  });

  it('makes the unknown-user dummy hash at the cost real hashes have, and no password matches it', async () => {
    expect(dummyHash()).toMatch(/^scrypt\$16384\$8\$5\$/);
    expect(dummyHash({ N: 16, r: 1, p: 1 })).toMatch(/^scrypt\$16\$1\$1\$/);
    expect(await verifyPassword('', dummyHash({ N: 16, r: 1, p: 1 }))).toBe(false);
  });
});
