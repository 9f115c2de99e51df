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
