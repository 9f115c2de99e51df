/**
 * The one door to the platform's API: every call of the app goes through `api` (openapi-fetch over
 * the types generated from openapi.json, src/client/schema.ts), in the reader's language, with the
 * browser's session cookie. A bridge until src/client/client.ts (`createYimaClient`) lands: then
 * this file builds that client instead and keeps its exports.
 */
import createClient from 'openapi-fetch';
import type { components, paths } from '../../client/schema.ts';
import { currentLocale } from './i18n.ts';

export type Problem = components['schemas']['Problem'];
export type FieldProblem = NonNullable<Problem['errors']>[number];

/** A problem+json answer (RFC 9457) as an error: its status, title, detail and field errors. */
export class ApiProblem extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail: string;
  readonly errors: readonly FieldProblem[];

  constructor(status: number, body: Partial<Problem> | undefined) {
    super(body?.detail ?? body?.title ?? String(status));
    this.name = 'ApiProblem';
    this.status = status;
    this.code = body?.code ?? 'internal';
    this.title = body?.title ?? '';
    this.detail = body?.detail ?? '';
    this.errors = body?.errors ?? [];
  }
}

/** The typed client: `api.GET('/api/v1/products', { params: { query } })`. */
export const api = createClient<paths>({ baseUrl: window.location.origin, credentials: 'same-origin' });

api.use({
  onRequest({ request }) {
    // Problems come back in the language the reader chose (the server reads Accept-Language).
    request.headers.set('accept-language', currentLocale());
    return request;
  },
});

/**
 * The data of an answer, or its problem thrown as an {@link ApiProblem}.
 *
 * @example const products = await data(api.GET('/api/v1/products'));
 */
export async function data<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data: body, error, response } = await call;
  if (error !== undefined || !response.ok) throw new ApiProblem(response.status, (error ?? undefined) as Partial<Problem> | undefined);
  return body as T;
}
