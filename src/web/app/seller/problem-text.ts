/** What a refused request says above a form, in the reader's language (the server's own words). */
import { ApiProblem, ApiUnreachable } from '../api.ts';
import { i18n } from '../i18n.ts';

/**
 * @example problemText(new ApiProblem(403, { code: 'record_not_allowed', detail: '…' })) // → '…'
 */
export function problemText(err: unknown): string {
  if (err instanceof ApiUnreachable) return i18n.t('web.error.unreachable');
  if (err instanceof ApiProblem) return err.detail ?? err.problem?.title ?? err.message;
  return err instanceof Error ? err.message : String(err);
}

/**
 * A field error's message without the `field: ` it starts with (it is shown on that field or line).
 *
 * @example onField('codes[0]', 'codes[0]: (01)…(21)A1 is not held by your organisation') // → '(01)…(21)A1 is not held by your organisation'
 */
export function onField(field: string, message: string): string {
  const m = /^(\S+?)\s*(:|\uff1a)\s*/.exec(message);
  if (!m || m[1] !== field) return message;
  // What followed the field name starts the sentence now.
  const said = message.slice(m[0].length);
  return said.charAt(0).toUpperCase() + said.slice(1);
}
