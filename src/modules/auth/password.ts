/**
 * Password hashing with scrypt (node:crypto) and the configurable password policy.
 *
 * Parameters follow OWASP's Password Storage Cheat Sheet equivalents for scrypt
 * (N=2^14, r=8, p=5: 16 MiB per hash); they are stored in the hash so they can be raised later.
 * The cost of new hashes is the caller's (`config.auth.passwordHashing`): production keeps these,
 * tests pass cheap ones (a hash costs ~1 s on a busy 2-core machine, and every test user has one).
 */
import crypto from 'node:crypto';
import { promisify } from 'node:util';
import { type FieldError, fieldError } from '../../server/errors.ts';

const scrypt = promisify(crypto.scrypt) as (pw: string, salt: Buffer, len: number, opts: crypto.ScryptOptions) => Promise<Buffer>;
/** scrypt cost parameters (RFC 7914): CPU/memory cost N (a power of 2), block size r, parallelism p. */
export interface ScryptParams {
  readonly N: number;
  readonly r: number;
  readonly p: number;
}

/** What production hashes new passwords with (OWASP Password Storage Cheat Sheet). */
export const SCRYPT_PARAMS: ScryptParams = Object.freeze({ N: 2 ** 14, r: 8, p: 5 });

/**
 * @example await hashPassword('correct horse battery') // → 'scrypt$16384$8$5$<salt b64>$<hash b64>'
 * @example await hashPassword('correct horse battery', { N: 16, r: 1, p: 1 }) // tests: → 'scrypt$16$1$1$…'
 */
export async function hashPassword(password: string, params: ScryptParams = SCRYPT_PARAMS): Promise<string> {
  const salt = crypto.randomBytes(16);
  const hash = await scrypt(password.normalize('NFC'), salt, 32, { N: params.N, r: params.r, p: params.p, maxmem: 64 * 1024 * 1024 });
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64'), hash.toString('base64')].join('$');
}

/** Constant-time check of a password against a stored hash; false for any malformed hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [alg, n, r, p, salt, hash] = stored.split('$');
  if (alg !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = await scrypt(password.normalize('NFC'), Buffer.from(salt, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: 256 * 1024 * 1024,
  });
  return crypto.timingSafeEqual(actual, expected);
}

/**
 * A hash no password matches, at the cost real hashes have: compared against when a user does
 * not exist, so timing says nothing.
 *
 * @example dummyHash() // → 'scrypt$16384$8$5$AAAA…$AAAA…'
 */
export function dummyHash(params: ScryptParams = SCRYPT_PARAMS): string {
  return `scrypt$${params.N}$${params.r}$${params.p}$${Buffer.alloc(16).toString('base64')}$${Buffer.alloc(32).toString('base64')}`;
}

export interface PasswordPolicy {
  readonly passwordMinLength: number;
  readonly passwordClasses: number;
}

/** Checks a new password against the policy; returns the problems (empty when fine). */
export function checkPasswordPolicy(field: string, password: string, policy: PasswordPolicy): FieldError[] {
  const errors: FieldError[] = [];
  if ([...password].length < policy.passwordMinLength) {
    errors.push(fieldError(field, 'password_too_short', 'field.password_too_short', { limit: policy.passwordMinLength }));
  }
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^a-zA-Z\d]/].filter((re) => re.test(password)).length;
  if (classes < policy.passwordClasses) {
    errors.push(fieldError(field, 'password_classes', 'field.password_classes', { limit: policy.passwordClasses }));
  }
  return errors;
}

/** A random password for the first admin and demo accounts: 20 base58 characters (~117 bits). */
export function generatePassword(): string {
  const alphabet = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
  const bytes = crypto.randomBytes(40);
  let out = '';
  for (const b of bytes) {
    if (b >= 232) continue; // 232 = 4 × 58: reject to keep the choice uniform
    out += alphabet.charAt(b % 58);
    if (out.length === 20) return out;
  }
  return out + generatePassword().slice(out.length);
}
