/**
 * The EPCIS 2.0 query language (EPCIS 2.0 §8.2.7.1 SimpleEventQuery) as the REST binding carries
 * it: the query string of `GET /events?…` (and the other event listings), or the `query` object of
 * a named query `POST /queries {name, query:{…}}` (REST binding, query-schema.json). The result is
 * a plain `EpcisQuery` that a repository turns into SQL; nothing here touches a database.
 *
 * Two spellings of the same parameters:
 * - `url`: every value is a string; a multi-valued parameter is pipe-delimited
 *   (`EQ_bizStep=shipping|receiving`, OpenAPI `style: pipeDelimited`). A literal `|` inside a value
 *   cannot be expressed: `%7C` is decoded by the HTTP layer before the query is parsed, so it splits
 *   like `|` does. A parameter may appear once; repeating it is an error.
 * - `json`: JSON types as in query-schema.json: multi-valued parameters are arrays
 *   (`"EQ_bizStep": ["shipping"]`), numbers are numbers, `EXISTS_*` take `null` (or `true`). An
 *   `@context` member is allowed and ignored (extension names are kept as `prefix:name`).
 *
 * Parameters the standard defines that this platform does not evaluate — the sensor-data ones
 * (§8.2.7.1 "How" dimension: `GE_time`, `EQ_type`, `GT_value_<UOM>`…) and the flexible names for
 * nested extensions, error-declaration and sensor extensions and master-data attributes
 * (`EQ_INNER_…`, `EQ_ERROR_DECLARATION_…`, `EQ_SENSORREPORT_…`, `EQ_ATTR_…`, `HASATTR_…`,
 * `EQ_readPoint_<ext>`) — are recognised and reported as `unsupported_parameter` (answer 501
 * ImplementationException), never as unknown (400 QueryParameterException).
 */
import { isStandardVocab, normaliseVocab, type VocabKind } from './cbv-vocab.ts';

/**
 * A parsed query, ready for translation into SQL. Every list is a conjunction (AND) of its
 * entries; the `values` of one entry are alternatives (OR), as the standard defines for
 * multi-valued parameters.
 */
export interface EpcisQuery {
  /** `eventType`: the five types or extension event type URIs. */
  eventTypes?: string[];
  /** `GE_`/`LT_` + `eventTime`, `recordTime`, `errorDeclarationTime`; fractional seconds beyond milliseconds are truncated. */
  times: { field: 'eventTime' | 'recordTime' | 'errorDeclarationTime'; op: 'GE' | 'LT'; value: Date }[];
  /** `EQ_…` fixed fields; bizStep, disposition (also persistentDisposition set/unset) and errorReason are normalised to bare CBV words when standard. */
  eq: {
    field:
      | 'action' | 'bizStep' | 'disposition' | 'readPoint' | 'bizLocation' | 'transformationID' | 'eventID' | 'errorReason'
      | 'correctiveEventID' | 'persistentDispositionSet' | 'persistentDispositionUnset';
    values: string[];
  }[];
  /** `WD_readPoint` / `WD_bizLocation`: the location or any of its descendants. */
  withDescendants: { field: 'readPoint' | 'bizLocation'; values: string[] }[];
  /** `MATCH_…`: EPC URIs, Digital Links or EPC patterns (§8.2.7.1.1), as given (checked to be URIs). */
  match: {
    field: 'epc' | 'parentID' | 'inputEPC' | 'outputEPC' | 'anyEPC' | 'epcClass' | 'inputEPCClass' | 'outputEPCClass' | 'anyEPCClass';
    values: string[];
  }[];
  /** `EQ_|GT_|GE_|LT_|LE_quantity[_<UOM>]`; each entry is met by some quantity element of the event. */
  quantity: { op: 'EQ' | 'GT' | 'GE' | 'LT' | 'LE'; value: number; uom?: string }[];
  /** `EQ_bizTransaction_<type>`: `type` as written in the name (a bare CBV word such as `po`). */
  bizTransaction: { type: string; values: string[] }[];
  /** `EQ_source_<type>`. */
  source: { type: string; values: string[] }[];
  /** `EQ_destination_<type>`. */
  destination: { type: string; values: string[] }[];
  /**
   * `EQ_|GT_|GE_|LT_|LE_|EXISTS_` + `<prefix>:<name>` (top-level extension field) and the `_ILMD_`
   * variants. EQ values are alternatives; GT…LE carry one value, a number or a date-time as written;
   * EXISTS carries none.
   */
  extension: { op: 'EQ' | 'GT' | 'GE' | 'LT' | 'LE' | 'EXISTS'; scope: 'event' | 'ilmd'; field: string; values: string[] }[];
  /** `EXISTS_errorDeclaration`: only events carrying an error declaration (absent = no constraint). */
  existsErrorDeclaration?: boolean;
  orderBy?: 'eventTime' | 'recordTime';
  /** Default `DESC` (EPCIS 2.0 §8.2.7.1 orderDirection). */
  orderDirection: 'ASC' | 'DESC';
  eventCountLimit?: number;
  maxEventCount?: number;
  /** REST paging (URL only). */
  perPage?: number;
  /** REST paging (URL only), opaque. */
  nextPageToken?: string;
}

/**
 * A raw parameter value: a query-string value (`string`, or `string[]` when the parameter was
 * repeated) or any JSON value of a named query body (`["a"]`, `[25]`, `4.5`, `null`, an `@context`).
 * `undefined` means absent. Anything is accepted at the type level and checked here.
 */
export type EpcisQueryParamValue = unknown;

/**
 * Why a parameter was rejected. `code` is stable:
 * `unknown_parameter`, `duplicate_parameter`, `invalid_type`, `empty_value`, `invalid_time`,
 * `invalid_uri`, `invalid_number`, `invalid_integer`, `invalid_value`, `requires_order_by`,
 * `mutually_exclusive` (all QueryParameterException, 400) and `unsupported_parameter`
 * (a standard parameter this platform does not evaluate: ImplementationException, 501).
 */
export interface EpcisQueryError {
  readonly param: string;
  readonly code: string;
  /** What the parameter needs, in English, for the problem detail. */
  readonly expected: string;
}

export type EpcisQueryParseResult = { ok: true; query: EpcisQuery } | { ok: false; errors: EpcisQueryError[] };

type TimeField = EpcisQuery['times'][number]['field'];
type EqField = EpcisQuery['eq'][number]['field'];
type MatchField = EpcisQuery['match'][number]['field'];
type CompareOp = 'EQ' | 'GT' | 'GE' | 'LT' | 'LE';

type Spec =
  | { readonly kind: 'eventType' }
  | { readonly kind: 'time'; readonly field: TimeField; readonly op: 'GE' | 'LT' }
  | { readonly kind: 'eq'; readonly field: EqField; readonly check: 'action' | 'uri' | VocabKind }
  | { readonly kind: 'wd'; readonly field: 'readPoint' | 'bizLocation' }
  | { readonly kind: 'match'; readonly field: MatchField }
  | { readonly kind: 'quantity'; readonly op: CompareOp; readonly uom?: string }
  | { readonly kind: 'link'; readonly list: 'bizTransaction' | 'source' | 'destination'; readonly type: string }
  | { readonly kind: 'extension'; readonly op: CompareOp | 'EXISTS'; readonly scope: 'event' | 'ilmd'; readonly field: string }
  | { readonly kind: 'existsErrorDeclaration' }
  | { readonly kind: 'orderBy' }
  | { readonly kind: 'orderDirection' }
  | { readonly kind: 'int'; readonly name: 'eventCountLimit' | 'maxEventCount' | 'perPage' }
  | { readonly kind: 'nextPageToken' }
  | { readonly kind: 'context' }
  | { readonly kind: 'unsupported'; readonly what: string };

const EVENT_TYPES = ['ObjectEvent', 'AggregationEvent', 'TransactionEvent', 'TransformationEvent', 'AssociationEvent'] as const;
const ACTIONS = ['ADD', 'OBSERVE', 'DELETE'] as const;
const SENSOR = 'sensor data (EPCIS 2.0 §8.2.7.1, "How" dimension)';

// EPCIS 2.0 §8.2.7.1 fixed-name parameters (REST binding openapi.yaml, query-schema.json).
const FIXED: Readonly<Record<string, Spec>> = Object.freeze({
  eventType: { kind: 'eventType' },
  GE_eventTime: { kind: 'time', field: 'eventTime', op: 'GE' },
  LT_eventTime: { kind: 'time', field: 'eventTime', op: 'LT' },
  GE_recordTime: { kind: 'time', field: 'recordTime', op: 'GE' },
  LT_recordTime: { kind: 'time', field: 'recordTime', op: 'LT' },
  GE_errorDeclarationTime: { kind: 'time', field: 'errorDeclarationTime', op: 'GE' },
  LT_errorDeclarationTime: { kind: 'time', field: 'errorDeclarationTime', op: 'LT' },
  // query-schema.json spells these with an extra underscore; both are accepted.
  GE_errorDeclaration_Time: { kind: 'time', field: 'errorDeclarationTime', op: 'GE' },
  LT_errorDeclaration_Time: { kind: 'time', field: 'errorDeclarationTime', op: 'LT' },
  EQ_action: { kind: 'eq', field: 'action', check: 'action' },
  EQ_bizStep: { kind: 'eq', field: 'bizStep', check: 'bizStep' },
  EQ_disposition: { kind: 'eq', field: 'disposition', check: 'disposition' },
  EQ_persistentDisposition_set: { kind: 'eq', field: 'persistentDispositionSet', check: 'disposition' },
  EQ_persistentDisposition_unset: { kind: 'eq', field: 'persistentDispositionUnset', check: 'disposition' },
  EQ_readPoint: { kind: 'eq', field: 'readPoint', check: 'uri' },
  EQ_bizLocation: { kind: 'eq', field: 'bizLocation', check: 'uri' },
  EQ_transformationID: { kind: 'eq', field: 'transformationID', check: 'uri' },
  EQ_eventID: { kind: 'eq', field: 'eventID', check: 'uri' },
  EQ_errorReason: { kind: 'eq', field: 'errorReason', check: 'errorReason' },
  EQ_correctiveEventID: { kind: 'eq', field: 'correctiveEventID', check: 'uri' },
  WD_readPoint: { kind: 'wd', field: 'readPoint' },
  WD_bizLocation: { kind: 'wd', field: 'bizLocation' },
  MATCH_epc: { kind: 'match', field: 'epc' },
  MATCH_parentID: { kind: 'match', field: 'parentID' },
  MATCH_inputEPC: { kind: 'match', field: 'inputEPC' },
  MATCH_outputEPC: { kind: 'match', field: 'outputEPC' },
  MATCH_anyEPC: { kind: 'match', field: 'anyEPC' },
  MATCH_epcClass: { kind: 'match', field: 'epcClass' },
  MATCH_inputEPCClass: { kind: 'match', field: 'inputEPCClass' },
  MATCH_outputEPCClass: { kind: 'match', field: 'outputEPCClass' },
  MATCH_anyEPCClass: { kind: 'match', field: 'anyEPCClass' },
  EQ_quantity: { kind: 'quantity', op: 'EQ' },
  GT_quantity: { kind: 'quantity', op: 'GT' },
  GE_quantity: { kind: 'quantity', op: 'GE' },
  LT_quantity: { kind: 'quantity', op: 'LT' },
  LE_quantity: { kind: 'quantity', op: 'LE' },
  EXISTS_errorDeclaration: { kind: 'existsErrorDeclaration' },
  orderBy: { kind: 'orderBy' },
  orderDirection: { kind: 'orderDirection' },
  eventCountLimit: { kind: 'int', name: 'eventCountLimit' },
  maxEventCount: { kind: 'int', name: 'maxEventCount' },
  perPage: { kind: 'int', name: 'perPage' },
  nextPageToken: { kind: 'nextPageToken' },
  ...Object.fromEntries(
    [
      'GE_time', 'LT_time', 'GE_startTime', 'LT_startTime', 'GE_endTime', 'LT_endTime', 'EQ_type', 'EQ_deviceID',
      'EQ_dataProcessingMethod', 'EQ_microorganism', 'EQ_chemicalSubstance', 'EQ_bizRules', 'EQ_stringValue',
      'EQ_hexBinaryValue', 'EQ_uriValue', 'EQ_booleanValue', 'EXISTS_sensorElementList', 'GT_percRank', 'GE_percRank',
      'LT_percRank', 'LE_percRank',
    ].map((name) => [name, { kind: 'unsupported', what: SENSOR } satisfies Spec]),
  ),
});

/**
 * The fixed parameter names of EPCIS 2.0 §8.2.7.1 / the REST binding and whether this platform
 * evaluates them (`unsupported` ones are answered with 501).
 *
 * @example EPCIS_QUERY_PARAMETERS.EQ_bizStep // → 'supported'
 * @example EPCIS_QUERY_PARAMETERS.GE_time // → 'unsupported'
 */
export const EPCIS_QUERY_PARAMETERS: Readonly<Record<string, 'supported' | 'unsupported'>> = Object.freeze(
  Object.fromEntries(Object.entries(FIXED).map(([name, spec]) => [name, spec.kind === 'unsupported' ? ('unsupported' as const) : ('supported' as const)])),
);

// query-schema.json patternProperties.
const EXT_FIELD = '([a-z][a-zA-Z0-9]*:\\w+)';
const UOM = '([A-Z0-9]{2,4})';
const OP = '(EQ|GT|GE|LT|LE)';
const EXTENSION = new RegExp(`^(EQ|GT|GE|LT|LE|EXISTS)_(ILMD_)?${EXT_FIELD}$`);
const QUANTITY_UOM = new RegExp(`^${OP}_quantity_${UOM}$`);
const LINK = /^EQ_(bizTransaction|source|destination)_([a-z][a-zA-Z0-9_]+)$/;
const UNSUPPORTED_PATTERNS: readonly (readonly [RegExp, string])[] = [
  [new RegExp(`^${OP}_(value|minValue|maxValue|meanValue|sDev|percValue)_${UOM}$`), SENSOR],
  [new RegExp(`^(EQ|GT|GE|LT|LE|EXISTS)_INNER_(ILMD_)?${EXT_FIELD}$`), 'nested extension fields (INNER_)'],
  [new RegExp(`^(EQ|GT|GE|LT|LE|EXISTS)_(INNER_)?ERROR_DECLARATION_${EXT_FIELD}$`), 'error-declaration extension fields'],
  [new RegExp(`^(EQ|GT|GE|LT|LE|EXISTS)_(INNER_)?(SENSORELEMENT|SENSORMETADATA|SENSORREPORT)_${EXT_FIELD}$`), SENSOR],
  [new RegExp(`^EQ_(INNER_)?(readPoint|bizLocation)_${EXT_FIELD}$`), 'readPoint/bizLocation extension fields'],
  [/^EQ_ATTR_\w+_\w+$/, 'master-data attributes (EQ_ATTR_)'],
  [new RegExp(`^HASATTR_${EXT_FIELD}$`), 'master-data attributes (HASATTR_)'],
  [/^HASATTR_\w+$/, 'master-data attributes (HASATTR_)'],
];

function resolve(name: string, source: 'url' | 'json'): Spec | undefined {
  if (name === '@context') return source === 'json' ? { kind: 'context' } : undefined;
  if (Object.hasOwn(FIXED, name)) {
    const spec = FIXED[name];
    // Paging belongs to the REST resource, not to a stored query (query-schema.json has no such members).
    if (spec && source === 'json' && (name === 'perPage' || name === 'nextPageToken')) return undefined;
    return spec;
  }
  for (const [re, what] of UNSUPPORTED_PATTERNS) if (re.test(name)) return { kind: 'unsupported', what };
  const q = QUANTITY_UOM.exec(name);
  if (q) return { kind: 'quantity', op: q[1] as CompareOp, uom: q[2] ?? '' };
  const l = LINK.exec(name);
  if (l) return { kind: 'link', list: l[1] as 'bizTransaction' | 'source' | 'destination', type: l[2] ?? '' };
  const x = EXTENSION.exec(name);
  if (x) return { kind: 'extension', op: x[1] as CompareOp | 'EXISTS', scope: x[2] ? 'ilmd' : 'event', field: x[3] ?? '' };
  return undefined;
}

// --- value checks -------------------------------------------------------------------------------

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/;

/** RFC 3339 `date-time` (offset required) → Date; undefined when malformed or out of range. */
function parseTime(text: string, source: 'url' | 'json'): Date | undefined {
  // An unencoded `+` in a query string arrives as a space (form decoding); read it back as `+`.
  const t = source === 'url' ? text.replace(/ (\d{2}:\d{2})$/, '+$1') : text;
  const m = RFC3339.exec(t);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const frac = m[7] ?? '';
  const sign = m[8];
  const oh = Number(m[9] ?? 0);
  const om = Number(m[10] ?? 0);
  const days = [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1] ?? 0;
  if (mo < 1 || mo > 12 || d < 1 || d > days || h > 23 || mi > 59 || s > 60 || oh > 23 || om > 59) return undefined;
  const offset = sign === undefined ? 0 : (sign === '-' ? -1 : 1) * (oh * 60 + om);
  const ms = Number(`${frac}000`.slice(0, 3));
  // A leap second (:60) is the instant after :59.999 (RFC 3339 §5.7).
  const local = new Date(0);
  local.setUTCFullYear(y, mo - 1, d); // (Date.UTC would read years 0–99 as 1900–1999)
  local.setUTCHours(h, mi, Math.min(s, 59), s === 60 ? 999 : ms);
  const value = local.getTime() - offset * 60_000;
  return Number.isNaN(value) ? undefined : new Date(value);
}

const isScalar = (v: unknown): v is string | number | boolean => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
/** An absolute URI (RFC 3986 `scheme ":" …`, no spaces); CURIEs such as `cn:ccc` qualify. */
const isUri = (v: string): boolean => /^[A-Za-z][A-Za-z0-9+.-]*:[^\s]*$/.test(v) && !/[\s<>"{}\\^`]/.test(v);
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

const EXPECT = {
  time: 'an RFC 3339 date-time with a UTC offset, e.g. 2024-05-06T07:08:09.123+08:00',
  uri: 'URIs (EPC URN, Digital Link, other URI or CURIE)',
  eventType: 'ObjectEvent, AggregationEvent, TransactionEvent, TransformationEvent, AssociationEvent or an extension event type URI',
  action: 'ADD, OBSERVE or DELETE',
  number: 'a decimal number',
  integer: 'a positive integer',
  orderBy: 'eventTime or recordTime',
  orderDirection: 'ASC or DESC',
  exists: 'no value (or true)',
  token: 'a non-empty page token',
} as const;

const vocabExpect = (kind: VocabKind): string =>
  ({
    bizStep: 'CBV business steps (e.g. shipping) or URIs/CURIEs',
    disposition: 'CBV dispositions (e.g. in_transit) or URIs/CURIEs',
    errorReason: 'CBV error reasons (did_not_occur, incorrect_data) or URIs/CURIEs',
    bizTransactionType: 'CBV business transaction types or URIs/CURIEs',
    sourceDestType: 'CBV source/destination types or URIs/CURIEs',
  })[kind];

// --- parsing ------------------------------------------------------------------------------------

class Parser {
  readonly errors: EpcisQueryError[] = [];
  readonly query: EpcisQuery = {
    times: [], eq: [], withDescendants: [], match: [], quantity: [], bizTransaction: [], source: [], destination: [], extension: [],
    orderDirection: 'DESC',
  };

  /** Logical parameter → the name it was given under (catches the two errorDeclarationTime spellings). */
  private readonly seen = new Map<string, string>();

  constructor(private readonly source: 'url' | 'json') {}

  fail(param: string, code: string, expected: string): undefined {
    this.errors.push({ param, code, expected });
    return undefined;
  }

  once(param: string, key: string): boolean {
    const earlier = this.seen.get(key);
    if (earlier !== undefined) {
      this.fail(param, 'duplicate_parameter', `one value in all (also given as ${earlier})`);
      return false;
    }
    this.seen.set(key, param);
    return true;
  }

  /** The values of a multi-valued parameter: pipe-delimited (url) or a JSON array of strings (json). */
  strings(param: string, raw: unknown, expected: string): string[] | undefined {
    let items: string[];
    if (this.source === 'url') {
      if (!isScalar(raw)) return this.fail(param, 'invalid_type', expected);
      items = String(raw).split('|');
    } else {
      if (!Array.isArray(raw) || !raw.every((v): v is string => typeof v === 'string')) return this.fail(param, 'invalid_type', `an array of ${expected}`);
      items = raw;
    }
    if (items.length === 0 || items.some((v) => v === '')) return this.fail(param, 'empty_value', `one or more ${expected}, none empty`);
    return items;
  }

  /** The value of a single-valued parameter, as a string (url) or the JSON string/number given. */
  single(param: string, raw: unknown, expected: string, json: 'string' | 'number' | 'string|number'): string | number | undefined {
    if (this.source === 'url') {
      if (!isScalar(raw)) return this.fail(param, 'invalid_type', expected);
      const v = String(raw);
      return v === '' ? this.fail(param, 'empty_value', expected) : v;
    }
    if (typeof raw === 'string' && json !== 'number') return raw === '' ? this.fail(param, 'empty_value', expected) : raw;
    if (typeof raw === 'number' && json !== 'string') return raw;
    return this.fail(param, 'invalid_type', expected);
  }

  number(param: string, raw: string | number, expected: string): number | undefined {
    const n = typeof raw === 'number' ? raw : DECIMAL.test(raw) ? Number(raw) : Number.NaN;
    return Number.isFinite(n) ? n : this.fail(param, 'invalid_number', expected);
  }

  apply(param: string, raw: unknown, spec: Spec): void {
    const q = this.query;
    switch (spec.kind) {
      case 'context':
        return;
      case 'unsupported': {
        this.fail(param, 'unsupported_parameter', `a parameter this server evaluates; ${spec.what} is not supported`);
        return;
      }
      case 'eventType': {
        if (!this.once(param, 'eventType')) return;
        const values = this.strings(param, raw, 'event types');
        if (!values) return;
        const bad = values.find((v) => !(EVENT_TYPES as readonly string[]).includes(v) && !isUri(v));
        if (bad !== undefined) return void this.fail(param, 'invalid_value', EXPECT.eventType);
        q.eventTypes = values;
        return;
      }
      case 'time': {
        if (!this.once(param, `time:${spec.op}:${spec.field}`)) return;
        const v = this.single(param, raw, EXPECT.time, 'string');
        if (v === undefined) return;
        const value = parseTime(String(v), this.source);
        if (!value) return void this.fail(param, 'invalid_time', EXPECT.time);
        q.times.push({ field: spec.field, op: spec.op, value });
        return;
      }
      case 'eq': {
        if (!this.once(param, `eq:${spec.field}`)) return;
        const what = spec.check === 'action' ? EXPECT.action : spec.check === 'uri' ? EXPECT.uri : vocabExpect(spec.check);
        const values = this.strings(param, raw, what);
        if (!values) return;
        if (spec.check === 'action') {
          if (values.some((v) => !(ACTIONS as readonly string[]).includes(v))) return void this.fail(param, 'invalid_value', EXPECT.action);
          q.eq.push({ field: spec.field, values });
        } else if (spec.check === 'uri') {
          if (!values.every(isUri)) return void this.fail(param, 'invalid_uri', EXPECT.uri);
          q.eq.push({ field: spec.field, values });
        } else {
          const kind = spec.check;
          // CBV 2.0: a standard value in any spelling, or a custom URI/CURIE.
          const normalised = values.map((v) => normaliseVocab(kind, v));
          if (!normalised.every((v) => isStandardVocab(kind, v) || isUri(v))) {
            return void this.fail(param, 'invalid_value', vocabExpect(kind));
          }
          q.eq.push({ field: spec.field, values: normalised });
        }
        return;
      }
      case 'wd':
      case 'match': {
        if (!this.once(param, `${spec.kind}:${spec.field}`)) return;
        const values = this.strings(param, raw, EXPECT.uri);
        if (!values) return;
        if (!values.every(isUri)) return void this.fail(param, 'invalid_uri', EXPECT.uri);
        if (spec.kind === 'wd') q.withDescendants.push({ field: spec.field, values });
        else q.match.push({ field: spec.field, values });
        return;
      }
      case 'quantity': {
        if (!this.once(param, `quantity:${spec.op}:${spec.uom ?? ''}`)) return;
        let values: (string | number)[] | undefined;
        if (spec.op === 'EQ') {
          if (this.source === 'json') {
            if (!Array.isArray(raw) || !raw.every((v): v is number => typeof v === 'number')) {
              return void this.fail(param, 'invalid_type', `an array of ${EXPECT.number}s`);
            }
            values = raw;
          } else {
            values = this.strings(param, raw, `${EXPECT.number}s`);
          }
          if (!values) return;
          if (values.length !== 1) {
            // Alternatives would need an OR across quantity elements that EpcisQuery cannot express.
            return void this.fail(param, 'unsupported_parameter', `one value; several alternative quantities are not supported`);
          }
        } else {
          const v = this.single(param, raw, EXPECT.number, 'number');
          if (v === undefined) return;
          values = [v];
        }
        const first = values[0];
        const value = first === undefined ? undefined : this.number(param, first, EXPECT.number);
        if (value === undefined) return;
        q.quantity.push(spec.uom === undefined ? { op: spec.op, value } : { op: spec.op, value, uom: spec.uom });
        return;
      }
      case 'link': {
        if (!this.once(param, `link:${spec.list}:${spec.type}`)) return;
        const values = this.strings(param, raw, EXPECT.uri);
        if (!values) return;
        if (!values.every(isUri)) return void this.fail(param, 'invalid_uri', EXPECT.uri);
        q[spec.list].push({ type: spec.type, values });
        return;
      }
      case 'extension': {
        if (!this.once(param, `ext:${spec.op}:${spec.scope}:${spec.field}`)) return;
        let values: string[] | undefined;
        if (spec.op === 'EXISTS') {
          if (!existsValue(raw, this.source)) return void this.fail(param, 'invalid_value', EXPECT.exists);
          values = [];
        } else if (spec.op === 'EQ') {
          // query-schema.json: an array of strings, or one number or date-time.
          values = this.source === 'json' && (typeof raw === 'number' || typeof raw === 'string')
            ? (raw === '' ? this.fail(param, 'empty_value', 'a value') : [String(raw)])
            : this.strings(param, raw, 'values');
        } else {
          const v = this.single(param, raw, 'a number or a date-time', 'string|number');
          values = v === undefined ? undefined : [String(v)];
        }
        if (!values) return;
        q.extension.push({ op: spec.op, scope: spec.scope, field: spec.field, values });
        return;
      }
      case 'existsErrorDeclaration': {
        if (!this.once(param, 'existsErrorDeclaration')) return;
        if (raw === false || raw === 'false') return; // REST binding: false is the same as omitting it
        if (!existsValue(raw, this.source)) return void this.fail(param, 'invalid_value', EXPECT.exists);
        q.existsErrorDeclaration = true;
        return;
      }
      case 'orderBy': {
        if (!this.once(param, 'orderBy')) return;
        const v = this.single(param, raw, EXPECT.orderBy, 'string');
        if (v === undefined) return;
        if (v === 'eventTime' || v === 'recordTime') q.orderBy = v;
        else if (typeof v === 'string' && new RegExp(`^${EXT_FIELD}$`).test(v)) this.fail(param, 'unsupported_parameter', `${EXPECT.orderBy}; ordering by an extension field is not supported`);
        else this.fail(param, 'invalid_value', EXPECT.orderBy);
        return;
      }
      case 'orderDirection': {
        if (!this.once(param, 'orderDirection')) return;
        const v = this.single(param, raw, EXPECT.orderDirection, 'string');
        if (v === undefined) return;
        if (v === 'ASC' || v === 'DESC') q.orderDirection = v;
        else this.fail(param, 'invalid_value', EXPECT.orderDirection);
        return;
      }
      case 'int': {
        if (!this.once(param, spec.name)) return;
        const v = this.single(param, raw, EXPECT.integer, 'number');
        if (v === undefined) return;
        const n = typeof v === 'number' ? v : /^\d+$/.test(v) ? Number(v) : Number.NaN;
        if (!Number.isSafeInteger(n) || n < 1) return void this.fail(param, 'invalid_integer', EXPECT.integer);
        q[spec.name] = n;
        return;
      }
      case 'nextPageToken': {
        if (!this.once(param, 'nextPageToken')) return;
        const v = this.single(param, raw, EXPECT.token, 'string');
        if (typeof v === 'string') q.nextPageToken = v;
        return;
      }
    }
  }
}

/** `EXISTS_…` takes no value: empty (url), `null` (query-schema "integer, nullable") or `true`. */
function existsValue(raw: unknown, source: 'url' | 'json'): boolean {
  if (raw === true || raw === null || raw === 'true') return true;
  if (source === 'url') return raw === '';
  return typeof raw === 'number' && Number.isInteger(raw);
}

/**
 * Parses EPCIS 2.0 query parameters (§8.2.7.1) from a query string (`url`) or the `query` object
 * of a named query (`json`), collecting every problem rather than stopping at the first. Unknown
 * names are `unknown_parameter`; names the standard defines but this platform does not evaluate
 * are `unsupported_parameter` (answer 501). Cross-parameter rules: `eventCountLimit` needs
 * `orderBy` and excludes `maxEventCount`.
 *
 * @example
 * parseEpcisQuery({ EQ_bizStep: 'shipping|urn:epcglobal:cbv:bizstep:receiving', GE_eventTime: '2024-05-01T00:00:00+08:00', perPage: '50' }, 'url')
 * // → { ok: true, query: { eq: [{ field: 'bizStep', values: ['shipping', 'receiving'] }],
 * //      times: [{ field: 'eventTime', op: 'GE', value: new Date('2024-04-30T16:00:00Z') }], perPage: 50, orderDirection: 'DESC', … } }
 * @example
 * parseEpcisQuery({ eventType: ['ObjectEvent'], EQ_quantity_KGM: [25], 'EXISTS_ILMD_cbvmda:lotNumber': null }, 'json')
 * // → { ok: true, query: { eventTypes: ['ObjectEvent'], quantity: [{ op: 'EQ', value: 25, uom: 'KGM' }],
 * //      extension: [{ op: 'EXISTS', scope: 'ilmd', field: 'cbvmda:lotNumber', values: [] }], … } }
 * @example
 * parseEpcisQuery({ GE_time: '2024-05-01T00:00:00Z', EQ_colour: 'red' }, 'url')
 * // → { ok: false, errors: [{ param: 'GE_time', code: 'unsupported_parameter', … }, { param: 'EQ_colour', code: 'unknown_parameter', … }] }
 */
export function parseEpcisQuery(params: Readonly<Record<string, EpcisQueryParamValue>>, source: 'url' | 'json'): EpcisQueryParseResult {
  const p = new Parser(source);
  for (const [name, raw] of Object.entries(params)) {
    if (raw === undefined) continue;
    const spec = resolve(name, source);
    if (!spec) {
      p.fail(name, 'unknown_parameter', 'a parameter of the EPCIS 2.0 query language (EPCIS 2.0 §8.2.7.1)');
      continue;
    }
    if (source === 'url' && Array.isArray(raw)) {
      // A repeated query-string parameter; multiple values go pipe-delimited in one parameter.
      p.fail(name, 'duplicate_parameter', 'the parameter once, with several values separated by |');
      continue;
    }
    p.apply(name, raw, spec);
  }
  const q = p.query;
  // EPCIS 2.0 §8.2.7.1 eventCountLimit: "may only be used when orderBy is specified" and is
  // mutually exclusive with maxEventCount (QueryParameterException otherwise).
  if (q.eventCountLimit !== undefined && q.orderBy === undefined && !p.errors.some((e) => e.param === 'orderBy')) {
    p.fail('eventCountLimit', 'requires_order_by', 'orderBy (eventTime or recordTime) together with eventCountLimit');
  }
  if (q.eventCountLimit !== undefined && q.maxEventCount !== undefined) {
    p.fail('eventCountLimit', 'mutually_exclusive', 'either eventCountLimit or maxEventCount, not both');
  }
  return p.errors.length > 0 ? { ok: false, errors: p.errors } : { ok: true, query: q };
}
