/**
 * One error vocabulary. Services throw `AppError`s made by these factories; the error handler
 * (problem.ts) renders them as RFC 9457 problem+json in the caller's language. Invariants that
 * would corrupt data throw plain `Error` (a bug, 500).
 */
import type { MessageKey, Params } from '../shared/i18n/i18n.ts';

/** One field's problem: which field (dotted path), a stable code, and the message parameters. */
export interface FieldError {
  readonly field: string;
  readonly code: string;
  /** i18n key of the human message; its params go beside it. */
  readonly key: MessageKey;
  readonly params?: Params;
  /** What was expected, machine-readable where it helps (an expected check character, a format). */
  readonly expected?: string;
  readonly position?: number;
}

export class AppError extends Error {
  constructor(
    readonly status: number,
    /** Stable snake_case id; the problem type is `urn:yima:problem:<code>`. */
    readonly code: string,
    readonly key: MessageKey,
    readonly params: Params = {},
    readonly errors: readonly FieldError[] = [],
    readonly headers: Readonly<Record<string, string>> = {},
    /** RFC 9457 §3.2 extension members, added to the problem body as they are (e.g. `retainUntil`). */
    readonly extensions: Readonly<Record<string, string | number | boolean>> = {},
  ) {
    super(`${code}${errors.length ? `: ${errors.map((e) => `${e.field}: ${e.code}`).join('; ')}` : ''}`);
    this.name = 'AppError';
  }
}

export const problemType = (code: string): string => `urn:yima:problem:${code}`;

/** 400: one or more fields are wrong. */
export const validationFailed = (errors: readonly FieldError[]) =>
  new AppError(400, 'validation_failed', 'problem.validation_failed.detail', { count: errors.length }, errors);

/** Shorthand for a single field error. */
export const fieldError = (field: string, code: string, key: MessageKey, params: Params = {}, extra: { expected?: string; position?: number } = {}): FieldError => ({
  field,
  code,
  key,
  params: { field, ...params },
  ...extra,
});

export const authenticationRequired = () => new AppError(401, 'authentication_required', 'problem.authentication_required.detail');
/** 401 for every failed sign-in: unknown name, wrong password, disabled or locked account alike. */
export const invalidCredentials = () => new AppError(401, 'invalid_credentials', 'problem.invalid_credentials.detail');
/** 403: the caller may see the resource but lacks this permission. */
export const forbidden = (permission: string) => new AppError(403, 'forbidden', 'problem.forbidden.detail', { permission });
/**
 * 404: absent, or outside the caller's scope. We never say 403 for another organisation's data:
 * that would confirm it exists.
 */
export const notFound = (entity: string, id: string) => new AppError(404, 'not_found', 'problem.not_found.detail', { entity, id });
export const conflict = (code: string, key: MessageKey, params: Params = {}) => new AppError(409, code, key, params);

/**
 * Returns the value or throws not_found.
 *
 * @example const org = await findOrFail(repo.find(id), 'organisation', id);
 */
export async function findOrFail<T>(p: Promise<T | undefined> | T | undefined, entity: string, id: string): Promise<T> {
  const v = await p;
  if (v === undefined) throw notFound(entity, id);
  return v;
}
