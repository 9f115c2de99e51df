/**
 * The typed API contract: the app type every routes file receives (input types come from the
 * TypeBox type provider, so no route casts `req.body`), and named schemas that become
 * `components.schemas` in openapi.json (the generated client's type names).
 *
 * A schema is named with {@link named}: it keeps its shape for validation and serialisation, and
 * carries an `x-component` marker that {@link componentize} turns into a `$ref` in the document
 * only. (A `$id` would do the same for the document but makes ajv refuse a route whose schema
 * holds the same named schema twice.)
 */
import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { TSchema } from 'typebox';

/** The Fastify instance as routes see it: typed by their TypeBox schemas. */
export type App = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, TypeBoxTypeProvider>;

/** The schema keyword that names a component (known to ajv as an annotation). */
export const COMPONENT = 'x-component';

/** Names a schema: `components.schemas[name]` in openapi.json, `$ref` wherever it is used. */
export function named<T extends TSchema>(name: string, schema: T): T {
  if (!/^[A-Z][A-Za-z0-9]*$/.test(name)) throw new Error(`component name ${name}: PascalCase expected`);
  // TypeBox keeps its kind in a non-enumerable member: copy descriptors, not values.
  return Object.defineProperties({}, { ...Object.getOwnPropertyDescriptors(schema), [COMPONENT]: { value: name, enumerable: true } }) as T;
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/**
 * Moves every named schema of an OpenAPI document into `components.schemas` and leaves a `$ref`
 * in its place. Two different schemas under one name are a programming error.
 */
export function componentize<T extends object>(doc: T): T {
  const root = structuredClone(doc) as unknown as { components?: { schemas?: Record<string, Json> } } & Record<string, Json>;
  const found = new Map<string, Json>();
  const walk = (node: Json): Json => {
    if (Array.isArray(node)) return node.map(walk);
    if (node === null || typeof node !== 'object') return node;
    const out: Record<string, Json> = {};
    for (const [k, v] of Object.entries(node)) if (k !== COMPONENT) out[k] = walk(v);
    const name = node[COMPONENT];
    if (typeof name !== 'string') return out;
    const seen = found.get(name);
    if (seen !== undefined && JSON.stringify(seen) !== JSON.stringify(out)) throw new Error(`component ${name}: two different schemas carry this name`);
    found.set(name, out);
    return { $ref: `#/components/schemas/${name}` };
  };
  const walked = walk(root) as typeof root;
  const schemas: Record<string, Json> = { ...walked.components?.schemas };
  for (const name of [...found.keys()].sort()) schemas[name] = found.get(name) as Json;
  walked.components = { ...walked.components, schemas };
  return walked as unknown as T;
}
