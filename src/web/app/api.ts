/**
 * The one door to the platform's API: every call of the app goes through `api`, the shared typed
 * client (src/client/client.ts over the types generated from openapi.json), in the reader's
 * language, with the browser's session cookie (same origin: fetch sends it).
 */
import { createYimaClient, unwrap } from '../../client/client.ts';
import { currentLocale } from './i18n.ts';

export { ApiProblem, ApiUnreachable, type FieldProblem, type Problem } from '../../client/client.ts';

/** The typed client: `api.GET('/api/v1/products', { params: { query } })`. */
export const api = createYimaClient({ baseUrl: window.location.origin, locale: currentLocale });

/**
 * The data of an answer, or its problem thrown as an ApiProblem (no answer: ApiUnreachable).
 *
 * @example const products = await data(api.GET('/api/v1/products'));
 */
export const data = unwrap;
