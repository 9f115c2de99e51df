/**
 * A form generated from the data-requirements profile (DESIGN.md principle 2, "data requirements
 * are data"): for one entity and one category, the profile's fields in its order, each with its
 * label, type, options, whether the category requires it (the same rule as the server's,
 * profile-rules.ts) and its disclosure level. A new catalogue version changes the form, not code.
 */
import { isRequired } from '../../../modules/catalog/profile-rules.ts';
import type { Category, DataProfile, ProfileField } from '../../../modules/catalog/catalog.schemas.ts';
import type { NamePath } from './form-problems.ts';

export interface Bilingual {
  readonly zh: string;
  readonly en: string;
}

/** One generated form field. */
export interface FormField {
  /** The field's name in the request and in problem+json `errors[].field` (`model`, `attributes.product.ratedPower`). */
  readonly field: string;
  /** Its antd name path (`['attributes', 'product.ratedPower']`: the profile key stays one key). */
  readonly name: NamePath;
  readonly key: string;
  readonly label: Bilingual;
  readonly type: ProfileField['type'];
  readonly options: readonly string[];
  readonly required: boolean;
  readonly disclosure: { readonly code: string; readonly name: Bilingual };
  readonly group: { readonly code: string; readonly name: Bilingual };
}

/**
 * Profile fields the request carries as fields of its own (the rest go in `attributes` by key);
 * `null`: given by the form's context (the category chosen), not typed.
 */
export type BuiltIns = Readonly<Record<string, string | null>>;

/**
 * The form's fields for `entity` in `category`.
 *
 * @example formFields(profile, category, 'product', { 'product.model': 'model' }).find((f) => f.key === 'product.model')?.field // → 'model'
 */
export function formFields(profile: DataProfile, category: Category, entity: ProfileField['entity'], builtIns: BuiltIns): FormField[] {
  const level = (code: string) => profile.disclosureLevels.find((l) => l.code === code)?.name ?? { zh: code, en: code };
  const group = (code: string) => ({ code, name: profile.groups.find((g) => g.code === code)?.name ?? { zh: code, en: code } });
  const out: FormField[] = [];
  for (const f of profile.fields) {
    if (f.entity !== entity) continue;
    const builtIn = builtIns[f.key];
    if (builtIn === null) continue;
    const field = builtIn ?? `attributes.${f.key}`;
    out.push({
      field,
      name: builtIn === undefined ? ['attributes', f.key] : builtIn.split(/[.[\]]+/).filter(Boolean).map((p) => (/^\d+$/.test(p) ? Number(p) : p)),
      key: f.key,
      label: f.label,
      type: f.type,
      options: f.options ?? [],
      required: isRequired(f, category),
      disclosure: { code: f.disclosure, name: level(f.disclosure) },
      group: group(f.group),
    });
  }
  return out;
}

/** Whether a profile field is required for a category: the server's own rule. */
export const requiredFor = (f: ProfileField, category: Category) => isRequired(f, category);
