/**
 * Password hashing with scrypt (node:crypto) and the configurable password policy.
 *
 * Parameters follow OWASP's Password Storage Cheat Sheet equivalents for scrypt
 * (N=2^14, r=8, p=5: 16 MiB per hash); they are stored in the hash so they can be raised later.
 */
import crypto from 'node:crypto';
import { promisify } from 'node:util';
import { type FieldError, fieldError } from '../../server/errors.ts';

const scrypt = promisify(crypto.scrypt) as (pw: string, salt: Buffer, len: number, opts: crypto.ScryptOptions) => Promise<Buffer>;
const PARAMS = { N: 2 ** 14, r: 8, p: 5 };

/**
 * @example await hashPassword('correct horse battery') // → 'scrypt$16384$8$5$<salt b64>$<hash b64>'
 */
export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.randomBytes(16);
  const hash = await scrypt(password.normalize('NFC'), salt, 32, { ...PARAMS, maxmem: 64 * 1024 * 1024 });
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64'), hash.toString('base64')].join('$');
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

/** A hash no password matches: compared against when a user does not exist, so timing says nothing. */
export const DUMMY_HASH = `scrypt$16384$8$5$${Buffer.alloc(16).toString('base64')}$${Buffer.alloc(32).toString('base64')}`;

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
