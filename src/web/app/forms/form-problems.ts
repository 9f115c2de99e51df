/**
 * A refused form's problem+json on the form: each `errors[].field` names the form field it is
 * about (CONVENTIONS.md, the web application), so its message is shown on that field; what names
 * no field of the form is returned for the form's own alert.
 */
import type { FormInstance } from 'antd';
import { ApiProblem, ApiUnreachable } from '../api.ts';
import { i18n } from '../i18n.ts';

/** An antd form field's name path. */
export type NamePath = (string | number)[];

/**
 * `licences[0].number` → `['licences', 0, 'number']`, antd's name path.
 *
 * @example namePath('gtins[0]') // → ['gtins', 0]
 */
export function namePath(field: string): NamePath {
  return field.split('.').flatMap((part) => {
    const m = /^([^[\]]*)((?:\[\d+\])*)$/.exec(part);
    if (!m) return [part];
    const indexes = [...(m[2] ?? '').matchAll(/\[(\d+)\]/g)].map((x) => Number(x[1]));
    return [...(m[1] ? [m[1]] : []), ...indexes];
  });
}

/** The message without the `field: ` (or the full-width colon of the Chinese catalog) it starts with: it is shown on that field. */
const onField = (field: string, message: string) => {
  const rest = message.slice(field.length);
  if (!message.startsWith(field) || !/^(:|\uff1a)/.test(rest)) return message;
  // What followed the field name starts the sentence now.
  const said = rest.slice(1).trim();
  return said.charAt(0).toUpperCase() + said.slice(1);
};

/** What a refused form says above its fields. */
export interface FormAlert {
  readonly title: string;
  readonly messages: readonly string[];
}

/**
 * Puts each field error on its field (`nameOf` maps the problem's field to the form's name, or
 * undefined when the form has no such field) and returns what is left to say above the form.
 *
 * @example setAlert(showProblem(form, err, (f) => (f === 'username' ? ['username'] : undefined)));
 */
export function showProblem(form: FormInstance, err: unknown, nameOf: (field: string) => NamePath | undefined): FormAlert | undefined {
  // No answer at all (network down, server stopped): say so, not the browser's "Failed to fetch".
  if (err instanceof ApiUnreachable) return { title: i18n.t('web.error.unreachable'), messages: [] };
  if (!(err instanceof ApiProblem)) return { title: err instanceof Error ? err.message : String(err), messages: [] };
  const byField = new Map<string, { name: NamePath; errors: string[] }>();
  const rest: string[] = [];
  for (const e of err.errors) {
    const name = nameOf(e.field);
    if (!name) {
      rest.push(e.message);
      continue;
    }
    const entry = byField.get(e.field) ?? { name, errors: [] };
    entry.errors.push(onField(e.field, e.message));
    byField.set(e.field, entry);
  }
  form.setFields([...byField.values()]);
  if (byField.size > 0 && rest.length === 0) return undefined;
  const title = err.problem?.title ?? '';
  return { title: err.errors.length > 0 ? title : err.detail || title, messages: rest };
}
