/**
 * Rules of the data-requirements profile that every module reading one applies: the disclosure
 * level of a field, and whether a field is required for a category. Pure.
 */
import type { Disclosure as DisclosureLevel } from '../access/audiences.ts';
import type { Category, DataProfile, Disclosure, ProfileField } from './catalog.schemas.ts';

// The profile schema's levels are the access module's levels, exactly (a compile-time check).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const levelsAgree: Same<Disclosure, DisclosureLevel> = true;
void levelsAgree;

/**
 * The disclosure level of a profile field; `fallback` when the profile does not name it (owner:
 * what the profile does not say is public is not, deny by default).
 *
 * @example disclosureOf(profile, 'sale.buyer') // 'owner'
 */
export function disclosureOf(profile: DataProfile, key: string, fallback: Disclosure = 'owner'): Disclosure {
  return profile.fields.find((f) => f.key === key)?.disclosure ?? fallback;
}

/** Whether a profile field is required for a category (by code, by regime, or for all). */
export function isRequired(f: ProfileField, category: Category): boolean {
  return f.requiredFor.some((r) => r === '*' || r === category.code || category.regimes.some((g) => r === `regime:${g}`));
}
