/**
 * The vocabulary of the SQL examples (`npm run sql`, scripts/sql-queries.ts): each module's
 * `queries/examples.ts` says, for every file of it that sends SQL, how to call each of its
 * functions with representative arguments. The script runs every call on a fresh migrated
 * database and writes the SQL it sent to `queries/<file>.sql`, for review.
 *
 * Example values are fixed (ids, instants) so that the generated files change only when the SQL
 * does. Foreign keys are not checked while an example runs, so an insert needs no parent rows.
 *
 * @example
 * export const examples = defineExamples({
 *   '../auth.repo.ts': repoExamples(createAuthRepo, {
 *     findUser: (repo) => repo.findUser(id(1)),
 *     listUsers: [
 *       { name: 'all', run: (repo) => repo.listUsers({}) },
 *       { name: 'of an organisation', run: (repo) => repo.listUsers({ orgId: id(2) }) },
 *     ],
 *   }),
 * });
 */
import type { Scope } from '../src/modules/access/scope.ts';
import type { Db } from '../src/db/database.ts';

/** One named way of calling a function: its own section, `-- Repo.method (name)`. */
export interface Variant<T> {
  readonly name: string;
  readonly run: (target: T) => unknown;
}

/** The examples of one function: one call, or named variants (a filter set or not, each branch of its SQL). */
export type MethodExamples<T> = ((target: T) => unknown) | readonly Variant<T>[];

/** Examples of a repo made by a `create…Repo(db)` factory: one entry for each of its methods. */
export interface RepoExamples<R extends object> {
  readonly kind: 'repo';
  readonly create: (db: Db) => R;
  readonly methods: { readonly [K in keyof R]: MethodExamples<R> };
}

type FunctionKeys<M> = { [K in keyof M]: M[K] extends (...args: never[]) => unknown ? K : never }[keyof M] & string;

/**
 * Examples of a file of exported functions that build SQL (a predicate, a condition): one entry
 * for each exported function, each call given a database to run a statement that embeds it.
 */
export interface FunctionExamples {
  readonly kind: 'functions';
  readonly module: object;
  readonly functions: Readonly<Record<string, MethodExamples<Db>>>;
}

/** Any repo's examples, as the script reads them (the repo's own type erased). */
export interface SomeRepoExamples {
  readonly kind: 'repo';
  readonly create: (db: Db) => object;
  readonly methods: Readonly<Record<string, MethodExamples<never>>>;
}

/** What a module's `queries/examples.ts` exports as `examples`: by the file's import specifier (`../auth.repo.ts`). */
export type ModuleExamples = Readonly<Record<string, SomeRepoExamples | FunctionExamples>>;

/** The examples of a repo: `methods` must name every method of what `create` returns. */
export function repoExamples<R extends object>(create: (db: Db) => R, methods: { readonly [K in keyof R]: MethodExamples<R> }): RepoExamples<R> {
  return Object.freeze({ kind: 'repo', create, methods });
}

/** The examples of a file of functions (`import * as m from '../m.ts'`): `functions` must name each one it exports. */
export function functionExamples<M extends object>(module: M, functions: { readonly [K in FunctionKeys<M>]: MethodExamples<Db> }): FunctionExamples {
  return Object.freeze({ kind: 'functions', module, functions });
}

/** A module's examples, checked against the shape the script reads. */
export const defineExamples = <T extends ModuleExamples>(examples: T): T => Object.freeze(examples);

/** A fixed, valid UUID (version 4 layout): `id(1)` → `00000000-0000-4000-8000-000000000001`. */
export const id = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** A fixed instant: `at(0)` is 2025-06-01 08:00 UTC, `at(n)` n minutes later. */
export const at = (minutes = 0): Date => new Date(Date.UTC(2025, 5, 1, 8, minutes));

/** One scope of each kind (access/scope.ts), for lists filtered by the orgs' scope predicate. */
export const scopes = Object.freeze({
  all: { kind: 'all' },
  regions: { kind: 'regions', prefixes: ['33', '3101'] },
  association: { kind: 'association', associationId: id(900) },
  org: { kind: 'org', orgId: id(1) },
  none: { kind: 'none' },
} satisfies Record<Scope['kind'], Scope>);
