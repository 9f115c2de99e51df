/**
 * The organisation rules other modules apply too: an organisation as the owner scope checks
 * take, a USCC field's check, and a CCC certificate's effective status on a day. Pure.
 */
import type { CccStatus } from '../../db/schema.ts';
import { validateUscc } from '../../shared/codes/uscc.ts';
import { type FieldError, fieldError } from '../../server/errors.ts';
import type { Owner } from '../access/access.service.ts';

/** An organisation as the owner of itself, for `access.require(actor, permission, ownerOf(org))`. */
export const ownerOf = (org: { readonly id: string; readonly region_code: string }): Owner => ({ id: org.id, regionCode: org.region_code, entity: 'organisation', entityId: org.id });

/** Validates a USCC field, returning the normalised value or pushing a precise error. */
export function checkUscc(field: string, input: string, errors: FieldError[]): { value: string; regionCode: string } | undefined {
  const r = validateUscc(input);
  if (r.ok) return { value: r.value, regionCode: r.regionCode };
  switch (r.reason) {
    case 'length':
      errors.push(fieldError(field, 'uscc_length', 'field.uscc_length', { actual: r.actual }, { expected: '18 characters' }));
      break;
    case 'charset':
      errors.push(fieldError(field, 'uscc_charset', 'field.uscc_charset', { position: r.position, character: r.character }, { position: r.position }));
      break;
    case 'region':
      errors.push(fieldError(field, 'uscc_region', 'field.uscc_region', { position: r.position }, { position: r.position }));
      break;
    case 'check':
      errors.push(fieldError(field, 'uscc_check', 'field.uscc_check', { expected: r.expected, actual: r.actual }, { expected: r.expected, position: 18 }));
      break;
  }
  return undefined;
}

/**
 * A CCC certificate's status on `today` (YYYY-MM-DD, China Standard Time): one past its end date
 * is expired whatever its recorded status.
 *
 * @example effectiveCccStatus({ status: 'valid', valid_to: '2025-12-31' }, '2026-01-01') // → 'expired'
 */
export const effectiveCccStatus = <S extends CccStatus | null>(c: { readonly status: S; readonly valid_to: string | null }, today: string): S | 'expired' =>
  c.status === 'valid' && c.valid_to !== null && c.valid_to < today ? 'expired' : c.status;
