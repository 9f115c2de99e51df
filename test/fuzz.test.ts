/**
 * The fuzz test (issue 10): every operation of the OpenAPI document, called with requests built
 * from its own schemas in which one place — a path or query parameter, a body field, or the whole
 * body — holds a hostile value: wrong types, NUL, lone surrogates, huge numbers, deep nesting,
 * long strings, injection strings. A fixed seed and a bounded number of cases per operation make
 * every run the same. No answer may be a 5xx, and every error must be problem+json.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from './app.ts';
import { DB_TARGETS } from './db.ts';
import { type SupplyChain, buildSupplyChain } from './supply-chain.ts';

/** Cases per operation. */
const RUNS = 24;
const SEED = 20261202;

interface Schema {
  readonly type?: string | readonly string[];
  readonly properties?: Record<string, Schema>;
  readonly required?: readonly string[];
  readonly items?: Schema;
  readonly anyOf?: readonly Schema[];
  readonly oneOf?: readonly Schema[];
  readonly allOf?: readonly Schema[];
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly format?: string;
  readonly minimum?: number;
  readonly minLength?: number;
  readonly minItems?: number;
  readonly $ref?: string;
}
interface Parameter { readonly in: string; readonly name: string; readonly schema?: Schema }
interface Operation {
  readonly parameters?: readonly Parameter[];
  readonly requestBody?: { readonly content?: Record<string, { readonly schema?: Schema }> };
  readonly responses?: Record<string, { readonly content?: Record<string, { readonly schema?: Schema }> }>;
}

const DEEP = '__DEEP__';
/** Hostile values for JSON bodies (DEEP becomes a 5,000-deep object). */
const HOSTILE_JSON: readonly unknown[] = [
  'a\u0000b', '\u0000', '\ud800', 'x\udfffy', '\udc00\ud800', 'A'.repeat(100_000), "' OR 1=1 --", "'; DROP TABLE users; --", '<script>alert(1)</script>',
  '../../../../etc/passwd', '%00', '${jndi:ldap://x/a}', '{{7*7}}', '\u202e', '', ' ', 'NaN', '1e308',
  1e308, -1e308, 1e20, 2 ** 53 + 1, -1, 0, 0.5, -0.0000001, 2147483648,
  ['x'], [], {}, { $gt: '' }, null, true, DEEP,
];
/** Hostile values in a URL (path segment or query value), already percent-encoded. */
const HOSTILE_URL: readonly string[] = [
  '%00', 'a%00b', '%0A', 'x%0D%0ASet-Cookie:%20a=b', '%ED%A0%80', '%C0%80', '%FF', 'A'.repeat(10_000), '%27%20OR%201%3D1%20--', '%3Cscript%3E', '..%2F..%2Fetc%2Fpasswd', '%252e',
  '1e308', '-1e308', '99999999999999999999', '9007199254740993', '-1', '0', '0.5', 'NaN', 'Infinity', 'true', '', '%20', '%E4%B8%AD',
];

function deep(levels: number): string {
  return `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
}

describe.each(DB_TARGETS)('every route, fuzzed from its schema, on %s', (target) => {
  let ctx: TestContext;
  let chain: SupplyChain;
  let ops: { method: string; path: string; op: Operation }[];
  let components: Record<string, Schema>;
  let fill: (path: string, name: string) => string;

  beforeAll(async () => {
    ctx = await createTestContext(target, { YIMA_SCAN_RATE_PER_MINUTE: '100000' });
    chain = await buildSupplyChain(ctx);
    const recall = await ctx.call('POST', '/api/v1/recalls', { token: chain.producer.token, body: { batchIds: [chain.batchId], reason: '点火器缺陷', instructions: '停止销售' } });
    expect(recall.statusCode, recall.body).toBe(201);
    const issuance = await ctx.database.db.selectFrom('issuances').select('id').executeTakeFirstOrThrow();
    const event = await ctx.database.db.selectFrom('events').select('event_id').executeTakeFirstOrThrow();
    const code = chain.codes[0] ?? '';
    const gtin = code.slice(4, 18);
    const doc = (await ctx.call('GET', '/openapi.json')).json<{ paths: Record<string, Record<string, Operation>>; components?: { schemas?: Record<string, Schema> } }>();
    components = doc.components?.schemas ?? {};
    const known: Record<string, string> = {
      '/api/v1/orgs': chain.producer.id, '/api/v1/products': chain.product.id, '/api/v1/issuances': issuance.id, '/api/v1/recalls': recall.json<{ id: string }>().id,
      '/epcis/events': encodeURIComponent(event.event_id), '/epcis/epcs': encodeURIComponent(`https://id.gs1.org/01/${gtin}/21/${code.slice(22)}`),
      '/epcis/bizSteps': 'shipping', '/epcis/dispositions': 'in_transit', '/epcis/eventTypes': 'ObjectEvent',
    };
    fill = (path, name) => {
      if (name === '*') return path.startsWith('/01/') ? `${gtin}/21/${code.slice(22)}` : '1234567890128';
      if (name === 'scheme') return 'uscc';
      if (name === 'value') return chain.producer.uscc;
      if (name === 'seq' || name === 'index') return '1';
      if (name === 'docId') return 'key-products';
      if (name === 'version') return '2024';
      const prefix = path.split('/').slice(0, path.startsWith('/api/') ? 4 : 3).join('/');
      return known[prefix] ?? '00000000-0000-4000-8000-000000000000';
    };
    ops = Object.entries(doc.paths).flatMap(([path, byMethod]) => Object.entries(byMethod).map(([method, op]) => ({ method: method.toUpperCase(), path, op })));
    // Signing out ends the session the other cases use: last.
    ops.sort((a, b) => Number(a.path.endsWith('/logout')) - Number(b.path.endsWith('/logout')));
  }, 300_000);
  afterAll(() => ctx.close());

  const resolve = (s: Schema | undefined): Schema => {
    let cur = s ?? {};
    for (let i = 0; cur.$ref && i < 10; i++) cur = components[cur.$ref.replace('#/components/schemas/', '')] ?? {};
    return cur;
  };

  /** The status has a JSON body of its own (a named schema too, e.g. the resolver's ScanFacts), not the problem document. */
  const documentsOwnBody = (op: Operation, status: number) => {
    const schema = op.responses?.[String(status)]?.content?.['application/json']?.schema;
    return schema !== undefined && schema.$ref !== '#/components/schemas/Problem';
  };

  /** A plausible value of `schema`, optional members included, so each field can be replaced. */
  const sample = (s: Schema | undefined, depth = 0): unknown => {
    const schema = resolve(s);
    if (schema.const !== undefined) return schema.const;
    if (schema.enum) return schema.enum[0];
    const branch = schema.anyOf?.[0] ?? schema.oneOf?.[0] ?? schema.allOf?.[0];
    if (branch) return sample(branch, depth);
    const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
    switch (type) {
      case 'object': {
        if (depth > 4) return {};
        return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([k, v]) => [k, sample(v, depth + 1)]));
      }
      case 'array':
        return depth > 4 ? [] : Array.from({ length: Math.max(1, schema.minItems ?? 1) }, () => sample(schema.items, depth + 1));
      case 'integer':
      case 'number':
        return Math.max(1, schema.minimum ?? 1);
      case 'boolean':
        return true;
      case 'null':
        return null;
      case 'string':
        if (schema.format === 'date') return '2026-10-01';
        if (schema.format === 'date-time') return '2026-10-01T08:00:00Z';
        if (schema.format === 'uuid') return chain.producer.id;
        if (schema.format === 'uri') return 'https://example.com/x';
        if (schema.format === 'email') return 'a@example.com';
        return 'x'.repeat(Math.max(1, schema.minLength ?? 1));
      default:
        return 'x';
    }
  };

  /** JSON pointers of every member of a value (objects and arrays included). */
  const places = (v: unknown, at: readonly (string | number)[] = []): (readonly (string | number)[])[] => {
    if (Array.isArray(v)) return [at, ...v.flatMap((x, i) => places(x, [...at, i]))];
    if (v && typeof v === 'object') return [at, ...Object.entries(v).flatMap(([k, x]) => places(x, [...at, k]))];
    return [at];
  };
  const put = (v: unknown, at: readonly (string | number)[], x: unknown): unknown => {
    if (at.length === 0) return x;
    const [head, ...rest] = at;
    const copy = (Array.isArray(v) ? [...v] : { ...(v as object) }) as Record<string | number, unknown>;
    copy[head as string] = put(copy[head as string], rest, x);
    return copy;
  };

  it('answers every hostile request with a 4xx problem, never a 5xx', async () => {
    const failures: string[] = [];
    const notProblem: string[] = [];
    let requests = 0;
    for (const [n, { method, path, op }] of ops.entries()) {
      const params = op.parameters ?? [];
      const pathParams = params.filter((p) => p.in === 'path');
      const query = params.filter((p) => p.in === 'query');
      const bodySchema = op.requestBody?.content?.['application/json']?.schema;
      const body = bodySchema ? sample(bodySchema) : undefined;
      const bodyPlaces = body === undefined ? [] : places(body);
      const slots = pathParams.length + query.length + bodyPlaces.length;
      if (slots === 0) continue;
      const cases = fc.sample(
        fc.record({ slot: fc.nat({ max: slots - 1 }), json: fc.constantFrom(...HOSTILE_JSON), url: fc.constantFrom(...HOSTILE_URL), asProducer: fc.boolean(), allQuery: fc.boolean() }),
        { seed: SEED + n, numRuns: RUNS },
      );
      for (const c of cases) {
        let url = path.replace(/\{([^}]+)\}/g, (_, name: string) => {
          const i = pathParams.findIndex((p) => p.name === name);
          return i === c.slot ? c.url : fill(path, name);
        });
        const q = query.map((p, i) => `${encodeURIComponent(p.name)}=${i + pathParams.length === c.slot ? c.url : c.allQuery ? encodeURIComponent(String(sample(p.schema))) : ''}`).filter((s) => !s.endsWith('=') || c.allQuery);
        if (q.length > 0) url += `?${q.join('&')}`;
        let payload: string | undefined;
        if (body !== undefined) {
          const place = bodyPlaces[c.slot - pathParams.length - query.length];
          const mutated = place ? put(body, place, c.json) : body;
          payload = JSON.stringify(mutated).replace(`"${DEEP}"`, deep(5000));
        }
        const token = c.asProducer ? chain.producer.token : ctx.adminToken;
        const res = await ctx.app.inject({
          method: method as 'GET', url,
          headers: { authorization: `Bearer ${token}`, accept: 'application/json', ...(payload !== undefined && { 'content-type': 'application/json' }) },
          ...(payload !== undefined && { payload }),
        });
        requests++;
        const what = `${method} ${url.slice(0, 160)} ${payload?.slice(0, 160) ?? ''}`;
        if (res.statusCode >= 500) failures.push(`${res.statusCode} ${what} → ${res.body.slice(0, 200)}`);
        // A route may document its own body for an error status (the resolver answers an unknown code with its facts).
        else if (res.statusCode >= 400 && !documentsOwnBody(op, res.statusCode) && !String(res.headers['content-type']).startsWith('application/problem+json')) notProblem.push(`${res.statusCode} ${what} → ${String(res.headers['content-type'])}`);
      }
    }
    expect(requests).toBeGreaterThan(ops.length * RUNS * 0.8);
    expect({ count: failures.length, failures }).toEqual({ count: 0, failures: [] });
    expect(notProblem).toEqual([]);
  }, 900_000);
});
