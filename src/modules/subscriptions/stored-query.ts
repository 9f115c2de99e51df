/**
 * A named query as stored (its JSON form), read back: parsed for a run, and the binding's answer
 * when it does not parse. Shared by the CRUD service and the delivery worker.
 */
import { type EpcisQueryError, parseEpcisQuery } from '../../epcis/epcis-query.ts';
import { AppError, fieldError } from '../../server/errors.ts';

/** The binding's answer to a bad stored query: 501 for what we do not evaluate, 400 otherwise. */
export function queryError(errors: readonly EpcisQueryError[]): AppError {
  const unsupported = errors.find((e) => e.code === 'unsupported_parameter');
  if (unsupported) return new AppError(501, 'epcis_unsupported_parameter', 'problem.epcis_unsupported_parameter.detail', { param: unsupported.param });
  return new AppError(400, 'epcis_query_parameter', 'problem.epcis_query_parameter.detail',
    { param: errors.map((e) => e.param).join(', '), reason: errors.map((e) => e.expected).join('; ') },
    errors.map((e) => fieldError(`query.${e.param}`, e.code, 'field.message', { message: e.expected }, { expected: e.expected })));
}

/** Parses a stored (JSON-form) query; the body schema admitted only JSON scalars and arrays. */
export function parseStored(query: Readonly<Record<string, unknown>>) {
  return parseEpcisQuery(query, 'json');
}
