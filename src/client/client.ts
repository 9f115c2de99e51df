/**
 * The typed API client: openapi-fetch over the types that `npm run openapi` generates from the
 * contract (src/client/schema.ts), so paths, parameters, bodies and answers are checked by the
 * compiler. Browser-safe (no Node built-ins): the CLI and the web workbench share it.
 *
 * Two failures are told apart: the server answered with an error ({@link ApiProblem}, the RFC 9457
 * problem with its stable `code` and field errors), or no answer came at all
 * ({@link ApiUnreachable}: connection refused, DNS, network down).
 *
 * @example
 * const api = createYimaClient({ baseUrl: 'http://localhost:8080', token, locale: 'zh-CN' });
 * try {
 *   const product = await unwrap(api.GET('/api/v1/products/{id}', { params: { path: { id } } }));
 * } catch (e) {
 *   if (e instanceof ApiProblem && e.code === 'not_found') …;
 *   if (e instanceof ApiUnreachable) …; // e.url, e.reason
 * }
 */
import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema.ts';

/** The client over every path of the API. */
export type YimaClient = Client<paths>;

/** The problem every error answer carries (application/problem+json, RFC 9457). */
export type Problem = components['schemas']['Problem'];
/** The stable snake_case id of a problem: an enum of every code the server answers. */
export type ProblemCode = Problem['code'];
/** One field's problem: `field` is the dotted path of the field in the request. */
export type FieldProblem = NonNullable<Problem['errors']>[number];

/** A value, or a function asked before every request (a token that changes on sign-in). */
type Live<T> = T | (() => T);

export interface YimaClientOptions {
  /** The platform's URL, e.g. `http://localhost:8080`; `''` for the page's own origin. */
  baseUrl: string;
  /** A session token or API key (`yk_…`), sent as `Authorization: Bearer …`. */
  token?: Live<string | undefined>;
  /** The language of problems, sent as `Accept-Language` (`zh-CN`, `en`). */
  locale?: Live<string | undefined>;
  /** Another fetch (defaults to the global one). */
  fetch?: (request: Request) => Promise<Response>;
}

/** The server answered with an error: its status, and the problem it sent. */
export class ApiProblem extends Error {
  override readonly name = 'ApiProblem';
  /** The problem as sent; undefined when the answer was not a problem (e.g. a proxy's error page). */
  readonly problem: Problem | undefined;
  /** The body as sent when it was not a problem. */
  readonly body: unknown;

  constructor(readonly status: number, body: unknown) {
    const problem = isProblem(body) ? body : undefined;
    super(problem ? `${status} ${problem.code}: ${problem.detail}` : `HTTP ${status}`);
    this.problem = problem;
    this.body = problem ? undefined : body;
  }

  get code(): ProblemCode | undefined {
    return this.problem?.code;
  }

  /** What went wrong, in the language asked for. */
  get detail(): string | undefined {
    return this.problem?.detail;
  }

  get errors(): readonly FieldProblem[] {
    return this.problem?.errors ?? [];
  }

  /** The first message of each field, by field path: what a form shows under its inputs. */
  fieldMessages(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const e of this.errors) out[e.field] ??= e.message;
    return out;
  }
}

/** No answer: the server is unreachable (connection refused, unknown host, network down). */
export class ApiUnreachable extends Error {
  override readonly name = 'ApiUnreachable';

  constructor(readonly url: string, readonly reason: string, options?: { cause?: unknown }) {
    super(`${url}: ${reason}`, options);
  }
}

function isProblem(body: unknown): body is Problem {
  if (typeof body !== 'object' || body === null) return false;
  const { code, detail } = body as Record<string, unknown>;
  return typeof code === 'string' && typeof detail === 'string';
}

/** The most telling message of a failed fetch: Node's undici puts the system error in `cause`. */
function reasonOf(error: unknown): string {
  const cause = error instanceof Error ? error.cause : undefined;
  const candidates: unknown[] = [cause, ...(cause instanceof AggregateError ? (cause.errors as unknown[]) : []), error];
  for (const e of candidates) if (e instanceof Error && e.message) return e.message;
  return String(error);
}

const valueOf = <T>(v: Live<T>): T => (typeof v === 'function' ? (v as () => T)() : v);

/**
 * The API client: openapi-fetch with the bearer token and the language on every request (unless
 * the request sets them itself), and a failed fetch turned into {@link ApiUnreachable}.
 *
 * @example
 * const api = createYimaClient({ baseUrl: 'http://localhost:8080', token: 'yk_…', locale: 'en' });
 * const job = await unwrap(api.POST('/api/v1/issuances', { body: { productId, lot, productionDate, quantity: 100, scheme: 'gs1', requestId } }));
 */
export function createYimaClient(options: YimaClientOptions): YimaClient {
  const client = createClient<paths>({ baseUrl: options.baseUrl, ...(options.fetch && { fetch: options.fetch }) });
  const middleware: Middleware = {
    onRequest({ request }) {
      const token = valueOf(options.token);
      if (token && !request.headers.has('authorization')) request.headers.set('authorization', `Bearer ${token}`);
      const locale = valueOf(options.locale);
      if (locale && !request.headers.has('accept-language')) request.headers.set('accept-language', locale);
    },
    onError({ request, error }) {
      // fetch rejects with a TypeError when no answer comes (Fetch standard, "network error"); an
      // abort or a timeout the caller asked for, or another error, stays as it is.
      if (error instanceof TypeError) return new ApiUnreachable(request.url, reasonOf(error), { cause: error });
      return undefined;
    },
  };
  client.use(middleware);
  return client;
}

/** What an openapi-fetch call resolves to. */
interface Answer<D> {
  data?: D;
  error?: unknown;
  response: Response;
}

/**
 * The data of a successful answer, or an {@link ApiProblem} for an error answer.
 *
 * @example const job = await unwrap(api.GET('/api/v1/issuances/{id}', { params: { path: { id } } }));
 */
export async function unwrap<D>(pending: Promise<Answer<D>>): Promise<D> {
  const { data, error, response } = await pending;
  if (!response.ok) throw new ApiProblem(response.status, error);
  // openapi-fetch leaves data undefined only for an empty answer (204), typed so by the contract.
  return data as D;
}
