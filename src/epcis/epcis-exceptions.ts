/**
 * The EPCIS 2.0 REST binding's problem types (openapi.yaml, RFC 7807 bodies with
 * `type: epcisException:<Name>`): which exception an error under `/epcis` is.
 */

/** Our problem codes that have a more precise EPCIS exception than their status gives. */
const BY_CODE: Readonly<Record<string, string>> = {
  epcis_query_parameter: 'QueryParameterException',
  epcis_query_validation: 'QueryValidationException',
  epcis_query_too_large: 'QueryTooLargeException',
  epcis_query_too_complex: 'QueryTooComplexException',
  epcis_capture_limit: 'CaptureLimitExceededException',
  epcis_subscription_controls: 'SubscriptionControlsException',
  epcis_no_such_name: 'NoSuchNameException',
  epcis_unsupported_parameter: 'ImplementationException',
};

const BY_STATUS: Readonly<Record<number, string>> = {
  400: 'ValidationException',
  401: 'SecurityException',
  403: 'SecurityException',
  404: 'NoSuchResourceException',
  406: 'NotAcceptableException',
  409: 'ResourceAlreadyExistsException',
  413: 'CaptureLimitExceededException',
  414: 'URITooLongException',
  415: 'UnsupportedMediaTypeException',
};

/**
 * The `type` of an EPCIS problem.
 *
 * @example epcisExceptionType(404, 'not_found') // 'epcisException:NoSuchResourceException'
 */
export function epcisExceptionType(status: number, code: string): string {
  return `epcisException:${BY_CODE[code] ?? BY_STATUS[status] ?? 'ImplementationException'}`;
}
