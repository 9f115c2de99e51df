/**
 * Renders every error as RFC 9457 `application/problem+json` in the caller's language:
 * `{ type, title, status, detail, instance, code, requestId, errors: [{ field, code, message, expected?, position? }] }`.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { type Locale, type MessageKey, negotiateLocale, t } from '../shared/i18n/i18n.ts';
import { epcisExceptionType } from '../epcis/epcis-exceptions.ts';
import { AppError, type FieldError, fieldError, problemType, validationFailed } from './errors.ts';
import en from '../shared/i18n/en.json' with { type: 'json' };

/** Every problem `code` the platform answers: each has its title in the catalogs (`problem.<code>.title`). */
export const PROBLEM_CODES: readonly string[] = Object.keys(en).flatMap((k) => /^problem\.([a-z0-9_]+)\.title$/.exec(k)?.[1] ?? []).sort();

/** RFC 9457 problem details as every error response carries them (documented on every route). */
export const Problem = Type.Object(
  {
    type: Type.String({ description: 'urn:yima:problem:<code>, stable' }),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    instance: Type.String(),
    code: Type.Unsafe<string>({ type: 'string', enum: [...PROBLEM_CODES], description: 'stable snake_case id of the problem' }),
    requestId: Type.String(),
    errors: Type.Optional(Type.Array(Type.Object({
      field: Type.String({ description: 'dotted path of the field, e.g. organisation.licences[0].number' }),
      code: Type.String(),
      message: Type.String(),
      expected: Type.Optional(Type.String()),
      position: Type.Optional(Type.Integer()),
    }))),
  },
  // additionalProperties: a problem may carry extension members (RFC 9457 §3.2), e.g. retainUntil.
  { $id: 'Problem', description: 'application/problem+json (RFC 9457), in the language of Accept-Language; some problems add extension members named in their route\'s description', additionalProperties: true },
);

interface AjvError {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message?: string;
}

/** `/contacts/0/phone` → `contacts[0].phone`. */
export function pointerToField(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((acc, seg) => (/^\d+$/.test(seg) ? `${acc}[${seg}]` : acc ? `${acc}.${seg}` : seg), '');
}

/** Maps ajv's errors to our field errors; `prefix` is the part of the request (body is implicit). */
export function fromAjv(errors: readonly AjvError[], context: string | undefined): FieldError[] {
  const prefix = context && context !== 'body' ? `${context}.` : '';
  const out: FieldError[] = [];
  for (const e of errors) {
    const at = pointerToField(e.instancePath);
    const join = (name: string) => prefix + (at ? `${at}.${name}` : name);
    const field = prefix + at || (context ?? 'body');
    const p = e.params;
    switch (e.keyword) {
      case 'required': {
        // ajv names one missing property, typebox's Value.Errors all of them.
        const names = Array.isArray(p.requiredProperties) ? (p.requiredProperties as unknown[]) : [p.missingProperty];
        for (const n of names) out.push(fieldError(join(String(n)), 'required', 'field.required'));
        break;
      }
      case 'additionalProperties': {
        // ajv names one property, typebox's Value.Errors a list of them.
        const names = Array.isArray(p.additionalProperties) ? (p.additionalProperties as unknown[]) : [p.additionalProperty];
        for (const n of names) out.push(fieldError(join(String(n)), 'unknown_field', 'field.unknown_field', { name: String(n) }));
        break;
      }
      case 'type':
        out.push(fieldError(field, 'type', 'field.type', { type: String(p.type) }, { expected: String(p.type) }));
        break;
      case 'minLength':
        out.push(fieldError(field, 'too_short', 'field.too_short', { limit: Number(p.limit) }));
        break;
      case 'maxLength':
        out.push(fieldError(field, 'too_long', 'field.too_long', { limit: Number(p.limit) }));
        break;
      case 'minItems':
        out.push(fieldError(field, 'too_few', 'field.too_few', { limit: Number(p.limit) }));
        break;
      case 'maxItems':
        out.push(fieldError(field, 'too_many', 'field.too_many', { limit: Number(p.limit) }));
        break;
      case 'pattern':
        out.push(fieldError(field, 'pattern', 'field.pattern', { pattern: String(p.pattern) }, { expected: String(p.pattern) }));
        break;
      case 'format':
        out.push(fieldError(field, 'format', 'field.format', { format: String(p.format) }, { expected: String(p.format) }));
        break;
      case 'enum': {
        const allowed = (p.allowedValues as unknown[]).join(', ');
        out.push(fieldError(field, 'enum', 'field.enum', { allowed }, { expected: allowed }));
        break;
      }
      case 'const': {
        // A union of literals fails once per literal: merge them into one "one of" error.
        const prev = out.find((x) => x.field === field && x.code === 'enum');
        const allowed = prev?.expected ? `${prev.expected}, ${String(p.allowedValue)}` : String(p.allowedValue);
        const merged = fieldError(field, 'enum', 'field.enum', { allowed }, { expected: allowed });
        if (prev) out.splice(out.indexOf(prev), 1, merged);
        else out.push(merged);
        break;
      }
      case 'boolean':
        break; // typebox's "schema is false" repeats additionalProperties
      case 'minimum':
        out.push(fieldError(field, 'minimum', 'field.minimum', { limit: Number(p.limit) }));
        break;
      case 'maximum':
        out.push(fieldError(field, 'maximum', 'field.maximum', { limit: Number(p.limit) }));
        break;
      case 'anyOf':
      case 'oneOf':
      case 'if':
        break; // the branches' own errors say more
      default:
        out.push(fieldError(field, 'invalid', 'field.invalid', { reason: e.message ?? e.keyword }));
    }
  }
  // ajv may report one field twice (e.g. per anyOf branch): keep the first of each field+code.
  const seen = new Set<string>();
  return out.filter((e) => !seen.has(`${e.field} ${e.code}`) && seen.add(`${e.field} ${e.code}`));
}

export function localeOf(req: FastifyRequest): Locale {
  return negotiateLocale(req.headers['accept-language']);
}

function render(req: FastifyRequest, reply: FastifyReply, err: AppError) {
  const locale = localeOf(req);
  const body = {
    ...err.extensions,
    // The EPCIS REST binding has its own problem types (epcisException:<Name>).
    type: req.url.startsWith('/epcis') ? epcisExceptionType(err.status, err.code) : problemType(err.code),
    title: t(locale, `problem.${err.code}.title` as MessageKey),
    status: err.status,
    detail: t(locale, err.key, localiseParams(locale, err.params)),
    instance: req.url,
    code: err.code,
    requestId: req.id,
    ...(err.errors.length > 0 && {
      errors: err.errors.map((e) => ({
        field: e.field,
        code: e.code,
        message: t(locale, e.key, e.params),
        ...(e.expected !== undefined && { expected: e.expected }),
        ...(e.position !== undefined && { position: e.position }),
      })),
    }),
  };
  for (const [k, v] of Object.entries(err.headers)) void reply.header(k, v);
  return reply.status(err.status).type('application/problem+json; charset=utf-8').header('content-language', locale).send(body);
}

// `entity` params are i18n keys themselves (entity.organisation); translate them too.
function localiseParams(locale: Locale, params: AppError['params']) {
  const entity = params.entity;
  return typeof entity === 'string' ? { ...params, entity: t(locale, `entity.${entity}` as MessageKey) } : params;
}

/** The framework's own refusals, as our problems (a message in the caller's language, the field named). */
function frameworkProblem(fe: FastifyError, req: FastifyRequest): AppError | undefined {
  switch (fe.code) {
    case 'FST_ERR_BAD_URL':
      return new AppError(400, 'malformed_url', 'problem.malformed_url.detail');
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return new AppError(414, 'url_too_long', 'problem.url_too_long.detail');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError(415, 'unsupported_media_type', 'problem.unsupported_media_type.detail', { expected: 'application/json', actual: String(req.headers['content-type'] ?? '') });
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError(413, 'body_too_large', 'problem.body_too_large.detail');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return validationFailed([fieldError('body', 'json', 'field.json')]);
    default:
      // The JSON parser's own errors (a forbidden __proto__ / constructor key is a SyntaxError too).
      if (fe.statusCode === 400 && fe instanceof SyntaxError) return validationFailed([fieldError('body', 'json', 'field.json')]);
      return undefined;
  }
}

/**
 * Fastify's `frameworkErrors` option: errors met before a route is found (malformed %-encoding,
 * a parameter too long) would otherwise answer plain JSON.
 */
export function renderFrameworkError(error: FastifyError, req: FastifyRequest, reply: FastifyReply): void {
  void render(req, reply, frameworkProblem(error, req) ?? new AppError(400, 'bad_request', 'problem.bad_request.detail', { reason: error.message }));
}

/** Installs the error and not-found handlers on the app, and documents problem responses on every route. */
export function installProblemHandlers(app: FastifyInstance): void {
  app.addSchema(Problem);
  app.addHook('onRoute', (route) => {
    if (!route.schema || route.schema.hide) return;
    const response = (route.schema.response ?? {}) as Record<string, unknown>;
    route.schema.response = { ...response, '4XX': { $ref: 'Problem#' }, '5XX': { $ref: 'Problem#' } };
  });
  app.setErrorHandler((error: FastifyError | AppError, req, reply) => {
    if (error instanceof AppError) return render(req, reply, error);
    const fe = error as FastifyError & { validation?: AjvError[]; validationContext?: string };
    if (fe.validation) return render(req, reply, validationFailed(fromAjv(fe.validation, fe.validationContext)));
    if (fe.statusCode === 429) {
      const seconds = Number(reply.getHeader('retry-after') ?? 60);
      return render(req, reply, new AppError(429, 'rate_limited', 'problem.rate_limited.detail', { seconds }));
    }
    const known = frameworkProblem(fe, req);
    if (known) return render(req, reply, known);
    if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
      return render(req, reply, new AppError(fe.statusCode, 'bad_request', 'problem.bad_request.detail', { reason: fe.message }));
    }
    req.log.error({ err: error }, 'unhandled error');
    return render(req, reply, new AppError(500, 'internal', 'problem.internal.detail', { requestId: req.id }));
  });
  app.setNotFoundHandler((req, reply) =>
    render(req, reply, new AppError(404, 'route_not_found', 'problem.route_not_found.detail', { method: req.method, url: req.url.split('?')[0] ?? '' })),
  );
}
