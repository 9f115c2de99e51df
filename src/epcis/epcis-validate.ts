/**
 * Validation of EPCIS 2.0 JSON/JSON-LD input: the official EPCIS JSON Schema (vendored in
 * `schema/`, compiled once with ajv) plus what the schema leaves out — event types, strict
 * RFC 3339 times, time-zone offsets and parseable GS1 identifiers. Every problem comes back as an
 * `EpcisIssue` with a stable code, a path into the input and an English `expected`; the message key
 * for other languages is `epcisIssueMessageKey(code)`.
 *
 * Document envelope and events are validated apart (`validateEpcisEnvelope`, `validateEpcisEvent`)
 * so that capture in "proceed" mode can keep the good events of a document with bad ones.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import ajvFormats from 'ajv-formats';
import { isHttpUri, parseDigitalLink, splitDigitalLink } from '../shared/codes/gs1/digital-link.ts';
import { parseIdUrl } from '../shared/codes/id-url.ts';
import { isParseCodeError, parseCode } from '../shared/codes/parse-code.ts';
import { codeErrorText } from '../shared/codes/code-result.ts';
import { type MessageKey, type MessageRef, msg, t } from '../shared/i18n/i18n.ts';
import { NON_GS1_EPC_SCHEMES, parseAnyEpcUrn, splitEpcUrn } from '../shared/codes/gs1/epc-urn.ts';
import schema from './schema/EPCIS-JSON-Schema.json' with { type: 'json' };

/** One problem with EPCIS input. */
export interface EpcisIssue {
  /** Where, in dotted/bracket form from the document root (or the event), e.g. `epcisBody.eventList[3].eventTimeZoneOffset`. */
  readonly path: string;
  /** Stable snake_case identifier (see `EPCIS_ISSUE_PARAMS`). */
  readonly code: EpcisIssueCode;
  /** What was expected there, in English. */
  readonly expected: string;
  /** Values for the translated message (`epcisIssueMessageKey`); `path` is added by `epcisIssueMessage`. */
  readonly params?: Readonly<Record<string, string | number>>;
  /** Index of the event in the document's event list, for issues inside an event. */
  readonly eventIndex?: number;
}

/** Every issue code, with the parameters its message uses besides `{path}` (the i18n catalogs use exactly these). */
export const EPCIS_ISSUE_PARAMS = {
  missing_field: ['field'],
  missing_one_of: ['fields'],
  missing_what: ['eventType', 'lists'],
  schema_type: ['type'],
  unknown_event_type: ['value'],
  bad_document_type: ['value'],
  bad_timezone_offset: ['value'],
  bad_date_time: ['value'],
  bad_identifier: ['value', 'reason'],
  bad_uri: ['value'],
  bad_enum: ['allowed'],
  bad_vocabulary: ['allowed'],
  bad_pattern: ['pattern'],
  bad_format: ['format'],
  too_few_items: ['limit'],
  duplicate_items: ['first', 'second'],
  unknown_field: ['field'],
  schema_violation: ['reason'],
} as const satisfies Record<string, readonly string[]>;
export type EpcisIssueCode = keyof typeof EPCIS_ISSUE_PARAMS;
/** Every issue code. */
export const EPCIS_ISSUE_CODES = Object.keys(EPCIS_ISSUE_PARAMS) as readonly EpcisIssueCode[];

/**
 * The i18n key of an issue code's message (in `src/shared/i18n/{zh-CN,en}.json`).
 *
 * @example epcisIssueMessageKey('bad_timezone_offset') // → 'epcis.issue.bad_timezone_offset'
 */
export function epcisIssueMessageKey(code: EpcisIssueCode): `epcis.issue.${EpcisIssueCode}` & MessageKey {
  return `epcis.issue.${code}`;
}

/**
 * The i18n key and parameters of an issue, ready for `t(locale, key, params)`.
 *
 * @example epcisIssueMessage({ path: 'event.action', code: 'missing_field', expected: '…', params: { field: 'action' } }) // → { key: 'epcis.issue.missing_field', params: { field: 'action', path: 'event.action' } }
 */
export function epcisIssueMessage(issue: EpcisIssue): { readonly key: MessageKey; readonly params: Readonly<Record<string, string | number>> } {
  return { key: epcisIssueMessageKey(issue.code), params: { ...issue.params, path: issue.path } };
}

/** The five EPCIS 2.0 event types (EPCIS 2.0 §7.4). */
export const EPCIS_EVENT_TYPES = ['ObjectEvent', 'AggregationEvent', 'TransactionEvent', 'TransformationEvent', 'AssociationEvent'] as const;

const DOCUMENT_TYPES = ['EPCISDocument', 'EPCISQueryDocument'] as const;

// ---------------------------------------------------------------------------------------------
// Schema compilation (once, at module load).

interface AjvPlugin {
  (ajv: Ajv): Ajv;
}
// ajv-formats is CommonJS: its default export is the module object, whose `default` is the plugin.
const addFormats: AjvPlugin = (ajvFormats as unknown as { default: AjvPlugin }).default ?? (ajvFormats as unknown as AjvPlugin);

const ajv = new Ajv({ allErrors: true, strict: false, verbose: true });
addFormats(ajv);
ajv.addSchema(schema);

function compiled(ref: string): ValidateFunction {
  const fn = ajv.getSchema(ref);
  if (!fn) throw new Error(`EPCIS JSON Schema has no ${ref}`);
  return fn;
}
const validateRoot = compiled(schema.$id);
const validateDocumentEvent = compiled(`${schema.$id}#/definitions/EPCIS-Document-Event`);

// Every subschema object of the schema, by JSON pointer, so ajv errors (verbose: parentSchema) can
// be placed in the schema whatever function of ajv's reported them.
const POINTER = new Map<object, string>();
(function index(node: unknown, pointer: string) {
  if (typeof node !== 'object' || node === null) return;
  POINTER.set(node, pointer);
  for (const [k, v] of Object.entries(node)) index(v, `${pointer}/${k}`);
})(schema, '#');

function resolveRef(ref: string): unknown {
  let node: unknown = schema;
  for (const raw of ref.replace(/^#\/?/, '').split('/')) {
    if (raw === '' || typeof node !== 'object' || node === null) continue;
    node = (node as Record<string, unknown>)[decodeURIComponent(raw).replaceAll('~1', '/').replaceAll('~0', '~')];
  }
  return node;
}

const REACH = new WeakMap<object, ReadonlySet<object>>();

/** Every subschema object reachable from a schema node, following `$ref`s. */
function reachable(start: unknown): ReadonlySet<object> {
  if (typeof start !== 'object' || start === null) return new Set();
  const cached = REACH.get(start);
  if (cached) return cached;
  const seen = new Set<object>();
  const stack: unknown[] = [start];
  while (stack.length > 0) {
    const node = stack.pop();
    if (typeof node !== 'object' || node === null || seen.has(node)) continue;
    seen.add(node);
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') stack.push(resolveRef(v));
      else stack.push(v);
    }
  }
  REACH.set(start, seen);
  return seen;
}

const BRANCH_VALIDATORS = new Map<string, ValidateFunction>();

/**
 * The errors of one branch of an anyOf for the value at `instancePath`, from a validator of that
 * branch alone: the flat error list cannot say which branch an error came from when branches
 * share `$ref`s.
 */
function branchErrors(branch: unknown, data: unknown, instancePath: string): ErrorObject[] {
  const pointer = typeof branch === 'object' && branch !== null ? POINTER.get(branch) : undefined;
  if (pointer === undefined) return [];
  let validate = BRANCH_VALIDATORS.get(pointer);
  if (!validate) {
    const fragment = pointer
      .slice(1)
      .split('/')
      .map((s) => encodeURIComponent(s.replaceAll('~', '~0').replaceAll('/', '~1')))
      .join('/');
    validate = compiled(`${schema.$id}#${fragment}`);
    BRANCH_VALIDATORS.set(pointer, validate);
  }
  if (validate(data)) return [];
  return (validate.errors ?? []).map((e) => ({ ...e, instancePath: instancePath + e.instancePath }));
}

// ---------------------------------------------------------------------------------------------
// Paths.

function pointerSegments(instancePath: string): string[] {
  if (instancePath === '') return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
}

/**
 * Appends a property name or array index to a path: `a.b`, `a[3]`, `a["cbvmda:lotNumber"]`.
 *
 * @example joinPath('epcisBody.eventList', 3) // → 'epcisBody.eventList[3]'
 */
export function joinPath(base: string, segment: string | number): string {
  if (typeof segment === 'number') return `${base}[${segment}]`;
  if (/^[A-Za-z_$][\w$]*$/.test(segment)) return base === '' ? segment : `${base}.${segment}`;
  return `${base}[${JSON.stringify(segment)}]`;
}

function pathOf(base: string, instancePath: string): string {
  let path = base;
  for (const s of pointerSegments(instancePath)) path = joinPath(path, /^\d+$/.test(s) ? Number(s) : s);
  return path;
}

const depth = (instancePath: string): number => pointerSegments(instancePath).length;
const isUnder = (instancePath: string, parent: string): boolean => instancePath === parent || instancePath.startsWith(`${parent}/`);

/** A short text form of an offending value, for messages. */
function shown(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
}

// ---------------------------------------------------------------------------------------------
// From ajv errors to issues.

interface Draft {
  readonly path: string;
  readonly code: EpcisIssueCode;
  readonly expected: string;
  readonly params: Record<string, string | number>;
}

/** A property name ajv reports in `params` (always a string there). */
const text = (v: unknown): string => (typeof v === 'string' ? v : '');

const draft = (path: string, code: EpcisIssueCode, expected: string, params: Record<string, string | number> = {}): Draft => ({ path, code, expected, params });

const WHAT: Readonly<Record<string, string>> = {
  ObjectEvent: 'epcList, quantityList, sensorElementList + readPoint',
  AggregationEvent: 'childEPCs, childQuantityList',
  AssociationEvent: 'childEPCs, childQuantityList',
  TransactionEvent: 'epcList, quantityList',
  TransformationEvent: 'inputEPCList/inputQuantityList + outputEPCList/outputQuantityList, transformationID + any of them',
};

const WHAT_EXPECTED: Readonly<Record<string, string>> = {
  ObjectEvent: 'an epcList (it may be empty), a non-empty quantityList, or a sensorElementList with a readPoint (EPCIS 2.0 §7.4, ObjectEvent)',
  AggregationEvent: 'a non-empty childEPCs or childQuantityList, unless action is DELETE (EPCIS 2.0 §7.4, AggregationEvent)',
  AssociationEvent: 'a non-empty childEPCs or childQuantityList, unless action is DELETE (EPCIS 2.0 §7.4, AssociationEvent)',
  TransactionEvent: 'an epcList or a non-empty quantityList, unless action is DELETE (EPCIS 2.0 §7.4, TransactionEvent)',
  TransformationEvent: 'at least one input and one output (inputEPCList/inputQuantityList and outputEPCList/outputQuantityList), or a transformationID with at least one of them (EPCIS 2.0 §7.4, TransformationEvent)',
};

function leafIssue(e: ErrorObject, base: string): Draft {
  const path = pathOf(base, e.instancePath);
  const params = e.params as Record<string, unknown>;
  const value = shown(e.data);
  switch (e.keyword) {
    case 'required': {
      const field = text(params.missingProperty);
      return draft(joinPath(path, field), 'missing_field', `the required field ${field}`, { field });
    }
    case 'type':
      return draft(path, 'schema_type', `a value of JSON type ${String(params.type)}`, { type: String(params.type) });
    case 'format':
      if (params.format === 'uri') return draft(path, 'bad_uri', 'an absolute URI (e.g. urn:…, https://…) or a CURIE whose prefix @context declares', { value });
      if (params.format === 'date-time') return draft(path, 'bad_date_time', 'an RFC 3339 date-time with a UTC offset, e.g. 2024-05-01T08:30:00.000+08:00', { value });
      return draft(path, 'bad_format', `a value in ${String(params.format)} format`, { format: String(params.format) });
    case 'pattern':
      if (path.endsWith('eventTimeZoneOffset')) return timezoneIssue(path, value);
      return draft(path, 'bad_pattern', `a value matching ${String(params.pattern)}`, { pattern: String(params.pattern) });
    case 'enum': {
      const allowed = Array.isArray(params.allowedValues) ? params.allowedValues.map(String).join(', ') : '';
      return draft(path, 'bad_enum', `one of: ${allowed}`, { allowed });
    }
    case 'minItems':
      return draft(path, 'too_few_items', `at least ${String(params.limit)} item(s)`, { limit: Number(params.limit) });
    case 'uniqueItems': {
      const [first, second] = [Number(params.j), Number(params.i)].sort((a, b) => a - b);
      return draft(path, 'duplicate_items', `no repeated items (items ${first} and ${second} are the same)`, { first: first ?? 0, second: second ?? 0 });
    }
    case 'additionalProperties': {
      const field = text(params.additionalProperty);
      return draft(joinPath(path, field), 'unknown_field', `no field ${field} here`, { field });
    }
    default:
      return draft(path, 'schema_violation', e.message ?? e.keyword, { reason: e.message ?? e.keyword });
  }
}

const timezoneIssue = (path: string, value: string): Draft =>
  draft(path, 'bad_timezone_offset', 'a time-zone offset ±hh:mm from -14:00 to +14:00, e.g. +08:00 (EPCIS 2.0 §7.4.1 eventTimeZoneOffset)', { value });

/** Whether error `e` was raised inside group error `g` (an anyOf/oneOf/propertyNames). */
function belongsTo(e: ErrorObject, g: ErrorObject): boolean {
  if (g.keyword === 'propertyNames') {
    if (e.instancePath !== g.instancePath) return false;
  } else if (!isUnder(e.instancePath, g.instancePath)) {
    return false;
  }
  return typeof e.parentSchema === 'object' && e.parentSchema !== null && reachable(g.schema).has(e.parentSchema);
}

/**
 * Turns ajv's flat error list into issues. ajv lists the errors of an `anyOf`'s branches just
 * before the `anyOf` error itself; each such group becomes its most specific issue(s). `if`
 * errors only repeat their `then` errors and are dropped.
 */
function collapse(errors: readonly ErrorObject[], base: string): Draft[] {
  const out: Draft[][] = [];
  let i = errors.length - 1;
  while (i >= 0) {
    const e = errors[i];
    if (!e) break;
    if (e.keyword === 'anyOf' || e.keyword === 'oneOf' || e.keyword === 'propertyNames') {
      let j = i - 1;
      for (;;) {
        const prev = errors[j];
        if (!prev || !belongsTo(prev, e)) break;
        j--;
      }
      out.push(groupIssues(e, errors.slice(j + 1, i), base));
      i = j;
    } else {
      if (e.keyword !== 'if') out.push([leafIssue(e, base)]);
      i--;
    }
  }
  return out.reverse().flat();
}

function groupIssues(group: ErrorObject, block: readonly ErrorObject[], base: string): Draft[] {
  const path = pathOf(base, group.instancePath);
  if (group.keyword === 'propertyNames') {
    const field = text((group.params as Record<string, unknown>).propertyName);
    return [draft(joinPath(path, field), 'unknown_field', `no field ${field} here: extension fields are URIs or CURIEs whose prefix @context declares (EPCIS 2.0 JSON-LD binding)`, { field })];
  }
  const branches: readonly unknown[] = Array.isArray(group.schema) ? group.schema : [];
  const errorsOf = branches.map((b) => branchErrors(b, group.data, group.instancePath));
  const leaves = errorsOf.flat().filter((e) => e.keyword !== 'anyOf' && e.keyword !== 'oneOf' && e.keyword !== 'if');
  // A branch whose every error lies deeper than the group matched the value's shape: its errors are the specific ones.
  const deeper = errorsOf.filter((l) => l.length > 0 && l.every((e) => depth(e.instancePath) > depth(group.instancePath))).sort((a, b) => a.length - b.length);

  const pointer = (group.parentSchema && POINTER.get(group.parentSchema)) ?? '';
  const what = /^#\/definitions\/(\w+)\/allOf\/2$/.exec(pointer)?.[1];
  if (what && what in WHAT) {
    // The "what" of an event (EPCIS 2.0 §7.4, EPCIS JSON Schema). A list that is there but empty does not count as given.
    // The DELETE branch of Aggregation/Association/TransactionEvent fails on `action`: that is no list given either.
    const given = deeper.find((l) => l.some((e) => e.keyword !== 'minItems' && !isUnder(e.instancePath, `${group.instancePath}/action`)));
    if (given) return collapse(given, base);
    return [draft(path, 'missing_what', WHAT_EXPECTED[what] ?? '', { eventType: what, lists: WHAT[what] ?? '' })];
  }
  const best = deeper[0];
  if (best) return collapse(best, base);

  const enums = leaves.filter((e) => e.keyword === 'enum' && e.instancePath === group.instancePath);
  if (enums.length > 0) {
    const allowed = enums.flatMap((e) => {
      const values = (e.params as Record<string, unknown>).allowedValues;
      return Array.isArray(values) ? values.map(String) : [];
    });
    const orUri = leaves.some((e) => e.keyword === 'format' || e.keyword === 'pattern');
    if (orUri) {
      return [draft(path, 'bad_vocabulary', `a CBV 2.0 value (${allowed.join(', ')}) or an extension URI outside the CBV namespaces (CBV 2.0 §7)`, { allowed: allowed.join(', ') })];
    }
    return [draft(path, 'bad_enum', `one of: ${allowed.join(', ')}`, { allowed: allowed.join(', ') })];
  }
  if (leaves.length > 0 && leaves.every((e) => e.keyword === 'type')) {
    const types = [...new Set(leaves.map((e) => String((e.params as Record<string, unknown>).type)))].join(' or ');
    return [draft(path, 'schema_type', `a value of JSON type ${types}`, { type: types })];
  }
  if (leaves.length > 0 && leaves.every((e) => e.keyword === 'required')) {
    const fields = [...new Set(leaves.map((e) => String((e.params as Record<string, unknown>).missingProperty)))].join(', ');
    return [draft(path, 'missing_one_of', `at least one of: ${fields}`, { fields })];
  }
  const smallest = errorsOf.filter((l) => l.length > 0).sort((a, b) => a.length - b.length)[0];
  return smallest ? collapse(smallest, base) : [draft(path, 'schema_violation', group.message ?? 'a value of one of the allowed forms', { reason: group.message ?? group.keyword })];
}

function schemaIssues(validate: ValidateFunction, data: unknown, base: string): Draft[] {
  if (validate(data)) return [];
  return collapse(validate.errors ?? [], base);
}

// ---------------------------------------------------------------------------------------------
// Checks the schema does not make.

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

// RFC 3339 §5.6 date-time: the offset is mandatory (EPCIS 2.0 §7.4.1: times carry their offset).
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?(?:[Zz]|[+-](\d{2}):(\d{2}))$/;
const TIMEZONE_OFFSET = /^[+-]((0[0-9]|1[0-3]):[0-5][0-9]|14:00)$/;

/**
 * Whether a string is an RFC 3339 date-time with a UTC offset (`Z` or `±hh:mm`), with a real date.
 *
 * @example isRfc3339DateTime('2024-02-29T23:59:60.5+08:00') // → true
 * @example isRfc3339DateTime('2024-05-01T08:30:00') // → false (no offset)
 */
export function isRfc3339DateTime(value: string): boolean {
  const m = RFC3339.exec(value);
  if (!m) return false;
  const [, y, mo, d, h, mi, s, , oh = '0', om = '0'] = m.map((x) => x ?? '');
  const year = Number(y);
  const month = Number(mo);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
  return month >= 1 && Number(d) >= 1 && Number(d) <= days && Number(h) <= 23 && Number(mi) <= 59 && Number(s) <= 60 && Number(oh) <= 23 && Number(om) <= 59;
}

const URI_SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:\S+$/;

function eventTypeIssue(type: unknown, path: string): Draft | undefined {
  if (typeof type !== 'string') return undefined;
  if ((EPCIS_EVENT_TYPES as readonly string[]).includes(type)) return undefined;
  // EPCIS 2.0 §7.4 / JSON-LD binding: an extension event type is a URI (or a CURIE expanding to one).
  if (URI_SCHEME.test(type)) return undefined;
  return draft(
    path,
    'unknown_event_type',
    `one of ${EPCIS_EVENT_TYPES.join(', ')}, or an extension event type written as a URI or CURIE (e.g. example:MyEvent)`,
    { value: shown(type) },
  );
}

type IdentifierRole = 'instance' | 'class' | 'location' | 'party';

/**
 * What is wrong with an identifier of an EPCIS event, or undefined when it is fine: it must be an
 * absolute URI (EPCIS 2.0: identifiers are URIs); a GS1 one (`urn:epc:…`, or an http(s)
 * URI whose path ends with a GS1 Digital Link primary key) must parse, check digits included; an
 * instance list holds no EPC classes or patterns and a quantity's `epcClass` no instance EPC
 * (TDS 2.x §6.3, §6.4, §8; CBV 2.0 §8.2–8.3).
 *
 * @example identifierProblem('urn:epc:id:sgtin:0614141.107346.2017', 'instance') // → undefined
 * @example identifierProblem('https://id.gs1.org/01/00614141073468/21/1', 'instance') // → 'AI (01) GTIN: check digit should be 7, not 8 (position 36)'
 */
export function identifierProblem(value: string, role: IdentifierRole): string | undefined {
  const problem = identifierProblemText(value, role);
  return problem && t('en', problem.key, problem.params);
}

/**
 * {@link identifierProblem} as an i18n message, for a reader of any language.
 *
 * @example identifierProblemText('not a uri', 'instance') // → { key: 'epcis.identifier.not_uri' }
 */
export function identifierProblemText(value: string, role: IdentifierRole): MessageRef | undefined {
  if (!URI_SCHEME.test(value)) return msg('epcis.identifier.not_uri');
  if (/^urn:epc:/i.test(value)) {
    const split = splitEpcUrn(value);
    if (!split.ok) return codeErrorText(split.error);
    const { form, scheme } = split.value;
    if ((NON_GS1_EPC_SCHEMES as readonly string[]).includes(scheme)) return undefined;
    const urn = parseAnyEpcUrn(value);
    if (!urn.ok) {
      if (urn.error.code === 'epc_pattern' && role !== 'class') return msg('epcis.identifier.pattern');
      return urn.error.code === 'epc_pattern' ? msg('epcis.identifier.class_pattern') : codeErrorText(urn.error);
    }
    const urnPrefix = `urn:epc:${form}:${scheme}`;
    if (role === 'class' && urn.value.level !== 'class') return msg('epcis.identifier.instance_for_class', { urn: urnPrefix });
    if (role !== 'class' && urn.value.level === 'class') return msg('epcis.identifier.class_for_instance', { urn: urnPrefix });
    return undefined;
  }
  if (isHttpUri(value)) {
    const split = splitDigitalLink(value);
    if (split.ok || split.error.code !== 'dl_no_primary_key') {
      if (!split.ok) return codeErrorText(split.error);
      const link = parseDigitalLink(value);
      return link.ok ? undefined : codeErrorText(link.error);
    }
    if (parseIdUrl(value)) {
      const parsed = parseCode(value);
      if (isParseCodeError(parsed)) return parsed.reason;
    }
  }
  return undefined;
}

function identifierIssues(event: Record<string, unknown>, base: string): Draft[] {
  const out: Draft[] = [];
  const check = (value: unknown, path: string, role: IdentifierRole) => {
    if (typeof value !== 'string') return; // the schema reports the type
    const reason = identifierProblem(value, role);
    if (reason) out.push(draft(path, 'bad_identifier', `a valid identifier: ${reason}`, { value: shown(value), reason }));
  };
  for (const list of ['epcList', 'childEPCs', 'inputEPCList', 'outputEPCList'] as const) {
    const values = event[list];
    if (Array.isArray(values)) values.forEach((v, i) => check(v, joinPath(joinPath(base, list), i), 'instance'));
  }
  check(event.parentID, joinPath(base, 'parentID'), 'instance');
  for (const list of ['quantityList', 'childQuantityList', 'inputQuantityList', 'outputQuantityList'] as const) {
    const values = event[list];
    if (!Array.isArray(values)) continue;
    values.forEach((q, i) => {
      if (isRecord(q)) check(q.epcClass, joinPath(joinPath(joinPath(base, list), i), 'epcClass'), 'class');
    });
  }
  for (const where of ['readPoint', 'bizLocation'] as const) {
    const value = event[where];
    if (isRecord(value)) check(value.id, joinPath(joinPath(base, where), 'id'), 'location');
  }
  for (const [list, field] of [
    ['sourceList', 'source'],
    ['destinationList', 'destination'],
  ] as const) {
    const values = event[list];
    if (!Array.isArray(values)) continue;
    values.forEach((s, i) => {
      if (isRecord(s)) check(s[field], joinPath(joinPath(joinPath(base, list), i), field), 'party');
    });
  }
  return out;
}

function timeIssue(value: unknown, path: string): Draft | undefined {
  if (typeof value !== 'string' || isRfc3339DateTime(value)) return undefined;
  return draft(path, 'bad_date_time', 'an RFC 3339 date-time with a UTC offset, e.g. 2024-05-01T08:30:00.000+08:00 (EPCIS 2.0 §7.4.1)', { value: shown(value) });
}

/** Our own issues win over the schema's at the same path; identical issues are reported once. */
function merge(own: readonly Draft[], fromSchema: readonly Draft[]): Draft[] {
  const ownPaths = new Set(own.map((d) => d.path));
  const seen = new Set<string>();
  const out: Draft[] = [];
  for (const d of [...own, ...fromSchema.filter((d) => !ownPaths.has(d.path))]) {
    const id = `${d.code}\u0000${d.path}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(d);
  }
  return out;
}

const finish = (drafts: readonly Draft[], eventIndex?: number): EpcisIssue[] =>
  drafts.map((d) => ({
    path: d.path,
    code: d.code,
    expected: d.expected,
    ...(Object.keys(d.params).length > 0 ? { params: d.params } : {}),
    ...(eventIndex === undefined ? {} : { eventIndex }),
  }));

// ---------------------------------------------------------------------------------------------
// Public API.

export interface ValidateEventOptions {
  /**
   * A standalone event (`POST /events`) must carry its own `@context` (EPCIS JSON Schema
   * `required-ld-context`); events inside a document use the document's. Default false.
   */
  readonly requireContext?: boolean;
  /** Set on every issue: the event's index in its document. */
  readonly eventIndex?: number;
}

/**
 * Validates one EPCIS 2.0 event: the official JSON Schema, a known or extension event type, RFC 3339
 * times with offsets, the time-zone offset, and every identifier. Paths start at `path`.
 *
 * @example validateEpcisEvent({ type: 'ObjectEvent', eventTime: '2024-05-01T08:30:00+08:00', eventTimeZoneOffset: '+08:00', epcList: [] }) // → [{ path: 'event.action', code: 'missing_field', expected: 'the required field action', params: { field: 'action' } }]
 * @example validateEpcisEvent({ type: 'FooEvent', eventTime: '2024-05-01T08:30:00+08:00', eventTimeZoneOffset: '+15:00' }, 'epcisBody.eventList[0]').map((i) => i.code) // → ['unknown_event_type', 'bad_timezone_offset']
 */
export function validateEpcisEvent(event: unknown, path = 'event', options: ValidateEventOptions = {}): EpcisIssue[] {
  if (!isRecord(event)) return finish([draft(path, 'schema_type', 'an event: a JSON object', { type: 'object' })], options.eventIndex);
  const own: Draft[] = [];
  const typeIssue = eventTypeIssue(event.type, joinPath(path, 'type'));
  if (typeIssue) own.push(typeIssue);
  if (options.requireContext && !('@context' in event)) own.push(draft(joinPath(path, '@context'), 'missing_field', 'the required field @context (a standalone event is a JSON-LD document)', { field: '@context' }));
  for (const field of ['eventTime', 'recordTime'] as const) {
    const issue = timeIssue(event[field], joinPath(path, field));
    if (issue) own.push(issue);
  }
  if (isRecord(event.errorDeclaration)) {
    const issue = timeIssue(event.errorDeclaration.declarationTime, joinPath(joinPath(path, 'errorDeclaration'), 'declarationTime'));
    if (issue) own.push(issue);
  }
  const offset = event.eventTimeZoneOffset;
  if (typeof offset === 'string' && !TIMEZONE_OFFSET.test(offset)) own.push(timezoneIssue(joinPath(path, 'eventTimeZoneOffset'), offset));
  own.push(...identifierIssues(event, path));
  return finish(merge(own, schemaIssues(validateDocumentEvent, event, path)), options.eventIndex);
}

/** Where a document's events are, and its type; undefined when it is not an EPCIS document. */
function eventListLocation(doc: unknown): { readonly path: string; readonly type: (typeof DOCUMENT_TYPES)[number] } | undefined {
  if (!isRecord(doc)) return undefined;
  if (doc.type === 'EPCISDocument') return { path: 'epcisBody.eventList', type: doc.type };
  if (doc.type === 'EPCISQueryDocument') return { path: 'epcisBody.queryResults.resultsBody.eventList', type: doc.type };
  return undefined;
}

function getPath(doc: unknown, path: string): unknown {
  let node = doc;
  for (const key of path.split('.')) node = isRecord(node) ? node[key] : undefined;
  return node;
}

/**
 * The events of an EPCISDocument (`epcisBody.eventList`) or EPCISQueryDocument
 * (`epcisBody.queryResults.resultsBody.eventList`); empty when there is no such list.
 *
 * @example documentEvents({ type: 'EPCISDocument', epcisBody: { eventList: [{ type: 'ObjectEvent' }] } }) // → [{ type: 'ObjectEvent' }]
 */
export function documentEvents(doc: unknown): unknown[] {
  const where = eventListLocation(doc);
  const list = where && getPath(doc, where.path);
  return Array.isArray(list) ? list : [];
}

/**
 * The path of the event list of a document (for building per-event paths), e.g. `epcisBody.eventList`.
 *
 * @example documentEventListPath({ type: 'EPCISQueryDocument' }) // → 'epcisBody.queryResults.resultsBody.eventList'
 */
export function documentEventListPath(doc: unknown): string | undefined {
  return eventListLocation(doc)?.path;
}

/** A copy of `doc` whose event list (if it is an array) is empty: the envelope alone. */
function withoutEvents(doc: Record<string, unknown>, path: string): Record<string, unknown> {
  const keys = path.split('.');
  const strip = (node: Record<string, unknown>, i: number): Record<string, unknown> => {
    const key = keys[i];
    if (key === undefined) return node;
    const child = node[key];
    if (i === keys.length - 1) return Array.isArray(child) ? { ...node, [key]: [] } : node;
    return isRecord(child) ? { ...node, [key]: strip(child, i + 1) } : node;
  };
  return strip(doc, 0);
}

/**
 * Validates everything of an EPCISDocument or EPCISQueryDocument but its events: type, `@context`,
 * `schemaVersion`, `creationDate`, header and master data, body structure.
 *
 * @example validateEpcisEnvelope({ type: 'EPCISDocument', schemaVersion: '2.0', creationDate: '2024-05-01T08:30:00Z', epcisBody: { eventList: [] } }) // → [{ path: '["@context"]', code: 'missing_field', … }]
 */
export function validateEpcisEnvelope(doc: unknown): EpcisIssue[] {
  if (!isRecord(doc)) return finish([draft('', 'schema_type', 'an EPCIS document: a JSON object', { type: 'object' })]);
  const where = eventListLocation(doc);
  if (!where) {
    if (!('type' in doc)) return finish([draft('type', 'missing_field', 'the required field type (EPCISDocument or EPCISQueryDocument)', { field: 'type' })]);
    return finish([draft('type', 'bad_document_type', `${DOCUMENT_TYPES.join(' or ')} (EPCIS 2.0 JSON binding)`, { value: shown(doc.type) })]);
  }
  const own: Draft[] = [];
  const created = timeIssue(doc.creationDate, 'creationDate');
  if (created) own.push(created);
  return finish(merge(own, schemaIssues(validateRoot, withoutEvents(doc, where.path), '')));
}

/**
 * Validates a whole EPCISDocument or EPCISQueryDocument: the envelope, then every event (issues
 * inside events carry `eventIndex`).
 *
 * @example validateEpcisDocument(JSON.parse(readFileSync('test/fixtures/epcis/Example_9.6.1-ObjectEvent.jsonld', 'utf8'))) // → { ok: true }
 */
export function validateEpcisDocument(doc: unknown): { ok: true } | { ok: false; errors: EpcisIssue[] } {
  const errors = validateEpcisEnvelope(doc);
  const listPath = documentEventListPath(doc);
  if (listPath !== undefined) documentEvents(doc).forEach((event, i) => errors.push(...validateEpcisEvent(event, joinPath(listPath, i), { eventIndex: i })));
  return errors.length === 0 ? { ok: true } : { ok: false, errors };
}
