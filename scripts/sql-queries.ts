/**
 * Reviewable SQL (Immich's server/src/queries/*.sql): writes the SQL every repo method sends to
 * `src/modules/<module>/queries/<file>.sql`, one section per method (`-- AuthRepo.findUser`), so a
 * change of a query shows in review as a change of SQL.
 *
 *   npm run sql              write the files
 *   npm run sql -- --check   exit 1 naming the files that differ from what the code sends (CI)
 *
 * Which files: every `src/modules/<module>/*.repo.ts`, and any other file of a module that builds
 * SQL (a Kysely builder call or a sql`` template). How to call them: the module's
 * `queries/examples.ts` (vocabulary in scripts/sql-examples.ts), which must cover every method of
 * a repo and every exported function of a file of functions; a missing one fails the script, so
 * a new method cannot go unreviewed.
 *
 * Each call runs on one fresh, migrated PGlite, in its own transaction that is rolled back, with
 * foreign keys off (`session_replication_role = replica`) so examples need no parent rows; the
 * statements are taken from Kysely's query log. A call that fails with a database error fails the
 * script (its SQL does not run on the schema); one that finds no row (NoResultError) is fine.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import {
  type CompiledQuery, DummyDriver, Kysely, NoResultError, PostgresAdapter, PostgresDialect, PostgresIntrospector, PostgresQueryCompiler, sql,
} from 'kysely';
import pg from 'pg';
import { format } from 'sql-formatter';
import { openDatabase } from '../src/db/database.ts';
import type { Schema } from '../src/db/schema.ts';
import type { FunctionExamples, MethodExamples, ModuleExamples, SomeRepoExamples } from './sql-examples.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MODULES = path.join(root, 'src/modules');
const rel = (p: string) => path.relative(root, p);

/** Code that sends SQL: a Kysely statement builder or a sql`` template (comments aside). */
const SENDS_SQL = /\.(selectFrom|insertInto|updateTable|deleteFrom|mergeInto|replaceInto)\(|\bsql(<[^`]*?>)?`/;
const stripComments = (code: string) => code.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');

/** Where a module's examples live, and the file written for one of its source files (`auth.repo.ts` → `auth.repo.sql`). */
const examplesPath = (moduleDir: string) => path.join(moduleDir, 'queries', 'examples.ts');
const outputPath = (moduleDir: string, file: string) => path.join(moduleDir, 'queries', `${file.replace(/\.ts$/, '').replace(/\.sql$/, '')}.sql`);

/** The key of a file's examples: its import specifier from queries/examples.ts (`../auth.repo.ts`). */
const entryKey = (file: string) => `../${file}`;

interface Target {
  readonly moduleDir: string;
  /** File name inside the module, e.g. `auth.repo.ts`. */
  readonly file: string;
}

/** The source files of the modules that must have examples. */
function targets(): Target[] {
  return fs.readdirSync(MODULES, { withFileTypes: true }).filter((d) => d.isDirectory()).sort((a, b) => a.name.localeCompare(b.name)).flatMap((d) => {
    const moduleDir = path.join(MODULES, d.name);
    return fs.readdirSync(moduleDir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')).sort()
      .filter((f) => f.endsWith('.repo.ts') || SENDS_SQL.test(stripComments(fs.readFileSync(path.join(moduleDir, f), 'utf8'))))
      .map((file) => ({ moduleDir, file }));
  });
}

/** One section of a generated file: a call and the statements it sent. */
interface Call {
  readonly label: string;
  readonly run: (db: Kysely<Schema>) => unknown;
}

interface Plan {
  readonly target: Target;
  readonly calls: readonly Call[];
}

const variants = <T>(examples: MethodExamples<T>): { name: string | undefined; run: (t: T) => unknown }[] =>
  typeof examples === 'function' ? [{ name: undefined, run: examples }] : examples.map((v) => ({ name: v.name, run: v.run }));

const labelled = (base: string, name: string | undefined) => (name === undefined ? base : `${base} (${name})`);

/** Matches each target with its examples; returns the calls to make, or the problems found. */
async function plan(all: readonly Target[]): Promise<{ plans: Plan[]; problems: string[] }> {
  const problems: string[] = [];
  const plans: Plan[] = [];
  const byModule = new Map<string, Target[]>();
  for (const t of all) byModule.set(t.moduleDir, [...(byModule.get(t.moduleDir) ?? []), t]);
  // A module whose examples file names a file that is not (or no longer) a target.
  for (const dir of fs.readdirSync(MODULES).map((d) => path.join(MODULES, d))) {
    if (!byModule.has(dir) && fs.existsSync(examplesPath(dir))) byModule.set(dir, []);
  }
  for (const [moduleDir, files] of byModule) {
    const examplesFile = examplesPath(moduleDir);
    if (!fs.existsSync(examplesFile)) {
      for (const t of files) problems.push(`${rel(path.join(moduleDir, t.file))} sends SQL but ${rel(examplesFile)} does not exist: add its examples there`);
      continue;
    }
    const loaded = (await import(pathToFileURL(examplesFile).href)) as { examples?: ModuleExamples };
    const examples = loaded.examples;
    if (!examples) {
      problems.push(`${rel(examplesFile)} exports no \`examples\` (defineExamples({ … }))`);
      continue;
    }
    for (const name of Object.keys(examples)) {
      if (!files.some((t) => entryKey(t.file) === name)) problems.push(`${rel(examplesFile)}: '${name}' is not a file of this module that sends SQL`);
    }
    for (const target of files) {
      const source = path.join(moduleDir, target.file);
      const entry = examples[entryKey(target.file)];
      if (!entry) {
        problems.push(`${rel(source)} has no examples: add '${entryKey(target.file)}' to ${rel(examplesFile)}`);
        continue;
      }
      const mod = (await import(pathToFileURL(source).href)) as Record<string, unknown>;
      const calls = entry.kind === 'repo' ? repoCalls(entry, mod, source, examplesFile, problems) : functionCalls(entry, mod, source, examplesFile, problems);
      plans.push({ target, calls });
    }
  }
  return { plans, problems };
}

/** A database that sends nothing: enough to make a repo and list its methods. */
const offline = new Kysely<Schema>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

function repoCalls(entry: SomeRepoExamples, mod: Record<string, unknown>, source: string, examplesFile: string, problems: string[]): Call[] {
  const factories = Object.entries(mod).filter(([k, v]) => /^create\w*Repo$/.test(k) && typeof v === 'function');
  if (!factories.some(([, v]) => v === entry.create)) problems.push(`${rel(examplesFile)}: the factory of '${path.basename(source)}' is not one it exports`);
  if (factories.length > 1) problems.push(`${rel(source)} exports ${factories.length} repo factories: give each its own file`);
  const repoName = entry.create.name.replace(/^create/, '');
  // The methods are the repo's own keys, in the order the file lists them.
  const methods = Object.keys(entry.create(offline));
  for (const m of methods) if (!(m in entry.methods)) problems.push(`${repoName}.${m} (${rel(source)}) has no example: add one to ${rel(examplesFile)}`);
  for (const m of Object.keys(entry.methods)) if (!methods.includes(m)) problems.push(`${rel(examplesFile)}: ${repoName}.${m} is not a method of the repo`);
  return methods.filter((m) => m in entry.methods).flatMap((m) =>
    variants(entry.methods[m] as MethodExamples<never>).map((v) => ({ label: labelled(`${repoName}.${m}`, v.name), run: (db: Kysely<Schema>) => v.run(entry.create(db) as never) })));
}

function functionCalls(entry: FunctionExamples, mod: Record<string, unknown>, source: string, examplesFile: string, problems: string[]): Call[] {
  if (entry.module !== mod) problems.push(`${rel(examplesFile)}: the module given for '${path.basename(source)}' is another file`);
  const functions = Object.keys(mod).filter((k) => typeof mod[k] === 'function');
  for (const f of functions) if (!(f in entry.functions)) problems.push(`${f} (${rel(source)}) has no example: add one to ${rel(examplesFile)}`);
  for (const f of Object.keys(entry.functions)) if (!functions.includes(f)) problems.push(`${rel(examplesFile)}: ${f} is not a function ${path.basename(source)} exports`);
  return functions.filter((f) => f in entry.functions).flatMap((f) =>
    variants(entry.functions[f] as MethodExamples<Kysely<Schema>>).map((v) => ({ label: labelled(f, v.name), run: v.run })));
}

/** A parameter as a comment shows it: literals as SQL writes them, long values cut. */
function show(v: unknown): string {
  const text = (() => {
    if (v === null || v === undefined) return 'NULL';
    if (v instanceof Date) return `'${v.toISOString()}'`;
    if (Buffer.isBuffer(v) || v instanceof Uint8Array) return `'\\x${Buffer.from(v).toString('hex')}'`;
    if (typeof v === 'string') return `'${v.replace(/'/g, "''")}'`;
    if (Array.isArray(v)) return `[${v.map(show).join(', ')}]`;
    if (typeof v === 'object') return JSON.stringify(v);
    if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
    return typeof v;
  })();
  return text.length > 120 ? `${text.slice(0, 119)}…` : text.replace(/\n/g, '\\n');
}

/** Keywords upper case, types and functions lower case (sql-formatter upper-cases some array types: `::TEXT[]`, put back). */
const formatSql = (text: string) =>
  format(text, { language: 'postgresql', keywordCase: 'upper', dataTypeCase: 'lower', functionCase: 'lower', tabWidth: 2 })
    .replace(/::([A-Z][A-Z0-9_]*)\[\]/g, (_, type: string) => `::${type.toLowerCase()}[]`);

/** A section: the call's label, then each statement with its parameters as comments. */
function section(label: string, queries: readonly CompiledQuery[]): string {
  const statements = queries.map((q) => {
    const params = q.parameters.map((p, i) => `-- $${i + 1} = ${show(p)}`);
    return [...params, `${formatSql(q.sql)};`].join('\n');
  });
  return [`-- ${label}`, ...statements].join('\n');
}

/** Runs every call on a fresh database; returns each target's file text, or the calls that failed. */
async function generate(plans: readonly Plan[]): Promise<{ files: Map<string, string>; problems: string[] }> {
  const pglite = await PGlite.create();
  const migrated = await openDatabase({ pglite });
  await migrated.close();
  let recording: CompiledQuery[] | null = null;
  const db = new Kysely<Schema>({
    dialect: new PostgresDialect({ pool: new pg.Pool(createPgConfig(pglite)) }),
    log: (event) => {
      recording?.push(event.query);
    },
  });
  const files = new Map<string, string>();
  const problems: string[] = [];
  try {
    for (const { target, calls } of plans) {
      const sections: string[] = [];
      for (const call of calls) {
        const trx = await db.startTransaction().execute();
        const sent: CompiledQuery[] = [];
        try {
          await sql`SET LOCAL session_replication_role = replica`.execute(trx);
          recording = sent;
          try {
            await call.run(trx);
          } catch (e) {
            if (!(e instanceof NoResultError)) problems.push(`${call.label} (${rel(examplesPath(target.moduleDir))}) failed: ${e instanceof Error ? e.message : String(e)}`);
          }
        } finally {
          recording = null;
          await trx.rollback().execute();
        }
        if (sent.length === 0) problems.push(`${call.label} (${rel(examplesPath(target.moduleDir))}) sent no SQL: give it arguments that reach the database`);
        sections.push(section(call.label, sent));
      }
      const source = rel(path.join(target.moduleDir, target.file));
      const header = `-- Generated by \`npm run sql\` from ${source} with ${rel(examplesPath(target.moduleDir))}: do not edit.`;
      files.set(outputPath(target.moduleDir, target.file), `${[header, ...sections].join('\n\n')}\n`);
    }
  } finally {
    await db.destroy();
    await pglite.close();
  }
  return { files, problems };
}

/** Generated files already on disk (a file no target writes any more is stale). */
const existing = () =>
  fs.readdirSync(MODULES).flatMap((m) => {
    const dir = path.join(MODULES, m, 'queries');
    return fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.sql')).map((f) => path.join(dir, f)) : [];
  });

async function main(check: boolean): Promise<number> {
  const started = performance.now();
  const all = targets();
  const { plans, problems } = await plan(all);
  const { files, problems: failed } = await generate(plans);
  problems.push(...failed);
  // A file no target writes any more is stale (a target without examples keeps its file until it has them).
  const wanted = new Set(all.map((t) => outputPath(t.moduleDir, t.file)));
  const stale = existing().filter((f) => !wanted.has(f));
  const differing = [...files].filter(([file, text]) => !fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== text).map(([file]) => file);
  const calls = plans.reduce((n, p) => n + p.calls.length, 0);
  for (const p of problems) console.error(p);
  if (check) {
    for (const f of differing) console.error(`${rel(f)} differs from the SQL the code sends: run npm run sql and commit it`);
    for (const f of stale) console.error(`${rel(f)} is generated from no file any more: run npm run sql and commit the removal`);
    if (problems.length || differing.length || stale.length) return 1;
    console.log(`sql: ${files.size} files, ${calls} calls up to date (${Math.round(performance.now() - started)} ms)`);
    return 0;
  }
  for (const f of differing) {
    fs.mkdirSync(path.dirname(f), { recursive: true });
    fs.writeFileSync(f, files.get(f) ?? '');
  }
  for (const f of stale) fs.rmSync(f);
  console.log(`sql: ${files.size} files, ${calls} calls; wrote ${differing.length}, removed ${stale.length} (${Math.round(performance.now() - started)} ms)`);
  return problems.length ? 1 : 0;
}

process.exitCode = await main(process.argv.includes('--check'));
