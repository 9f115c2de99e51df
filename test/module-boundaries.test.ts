/**
 * Module boundaries (issue 11, "modules own their tables"), checked over the import graph of src/.
 *
 * A module is a directory under src/modules. Each table belongs to exactly one module, the one
 * whose migration creates it; only that module's SQL names it. Another module asks through the
 * owner's service (its named queries: the orgs directory, products' and issuance's registry, the
 * events module's event graph, the ledger service) or, for a list filter that must stay inside
 * one statement, the one SQL predicate the owner exports (orgs/org-scope.sql.ts: "this
 * organisation column is in the actor's scope", which reads organisations and
 * association_members).
 *
 * | table                                                                           | module         |
 * |---------------------------------------------------------------------------------|----------------|
 * | organisations, licences, ccc_certificates, association_members                  | orgs           |
 * | users, sessions, api_keys                                                       | auth           |
 * | catalog_documents                                                               | catalog        |
 * | products, product_gtins                                                         | products       |
 * | ledger_log, ledger_leaves, ledger_nodes, ledger_checkpoints, ledger_cosignatures | ledger         |
 * | batches, yima_issuers, issuances, codes                                         | issuance       |
 * | capture_jobs, events, event_epcs, event_links                                   | events         |
 * | custom_records                                                                  | custom-records |
 * | epcis_queries, epcis_subscriptions                                              | subscriptions  |
 * | recalls, recall_notices, notice_webhooks                                        | recalls        |
 * | links                                                                           | links          |
 * | scans, scan_locations, scan_reports                                             | resolver       |
 * | supervision_definitions, supervision_cursors, indicator_counts, alerts, alert_steps | supervision  |
 *
 * access, trace, verify, labels and witness own no tables: trace and verify are read models over
 * the events module's graph and the registers of orgs, products and issuance.
 *
 * The rules, over every non-test .ts file under src/ (tests may reach into what they test):
 * (a) nothing imports a module's *.repo.ts from outside that module;
 * (b) a *.routes.ts file is imported only by the composition root (src/server/app.ts) and by
 *     routes files of its own module;
 * (c) the modules' import graph (type imports included) has no cycle;
 * (d) SQL (Kysely builder calls and sql`` templates, in repos or anywhere else) names only tables
 *     of its own module, and every table it names is in the ownership table, which matches the
 *     migrations;
 * (e) a module imports only types from another module's *.service.ts (shared rules live in the
 *     owner's rules files, e.g. orgs/org-rules.ts, or in src/shared).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { stripComments } from './import-graph.ts';

const OWNER: Readonly<Record<string, string>> = Object.freeze({
  organisations: 'orgs', licences: 'orgs', ccc_certificates: 'orgs', association_members: 'orgs',
  users: 'auth', sessions: 'auth', api_keys: 'auth',
  catalog_documents: 'catalog',
  products: 'products', product_gtins: 'products',
  ledger_log: 'ledger', ledger_leaves: 'ledger', ledger_nodes: 'ledger', ledger_checkpoints: 'ledger', ledger_cosignatures: 'ledger',
  batches: 'issuance', yima_issuers: 'issuance', issuances: 'issuance', codes: 'issuance',
  capture_jobs: 'events', events: 'events', event_epcs: 'events', event_links: 'events',
  custom_records: 'custom-records',
  epcis_queries: 'subscriptions', epcis_subscriptions: 'subscriptions',
  recalls: 'recalls', recall_notices: 'recalls', notice_webhooks: 'recalls',
  links: 'links',
  scans: 'resolver', scan_locations: 'resolver', scan_reports: 'resolver',
  supervision_definitions: 'supervision', supervision_cursors: 'supervision', indicator_counts: 'supervision', alerts: 'supervision', alert_steps: 'supervision',
});

/** The composition root: it alone builds services and registers routes. */
const COMPOSITION_ROOT = 'src/server/app.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

/** One import or re-export of a file: the file it names (relative to the repository) and whether it is types only. */
interface Import {
  readonly target: string;
  readonly typeOnly: boolean;
}

/** Relative imports and re-exports of a TypeScript source, resolved against its path `file` (repository-relative). */
function importsIn(file: string, source: string): Import[] {
  const code = stripComments(source);
  const out: Import[] = [];
  const at = (spec: string) => relative(root, resolve(root, dirname(file), spec));
  const statement = /\b(import|export)\s+(type\s+)?([^'";]*?)\s*\bfrom\s*['"](\.[^'"]+)['"]/g;
  for (const m of code.matchAll(statement)) {
    const [, , typeKeyword, clause = '', spec = ''] = m;
    // `import { type A, type B }` is erased as well as `import type { A, B }`.
    const names = /^\{([\s\S]*)\}$/.exec(clause.trim())?.[1]?.split(',').map((s) => s.trim()).filter(Boolean);
    const typeOnly = typeKeyword !== undefined || (names !== undefined && names.length > 0 && names.every((n) => n.startsWith('type ')));
    out.push({ target: at(spec), typeOnly });
  }
  for (const m of code.matchAll(/\bimport\s*(?:\(\s*)?['"](\.[^'"]+)['"]/g)) if (m[1]) out.push({ target: at(m[1]), typeOnly: false });
  return out;
}

/** The module of a repository-relative path (`src/modules/<module>/…`), if any. */
const moduleOf = (file: string) => /^src\/modules\/([^/]+)\//.exec(file)?.[1];

/** The text of every sql`…` template of a source (nested `${…}` skipped). */
function sqlTemplates(code: string): string[] {
  const out: string[] = [];
  const start = /\bsql(?:<[^`]*?>)?`/g;
  for (let m = start.exec(code); m; m = start.exec(code)) {
    let i = m.index + m[0].length;
    let text = '';
    for (; i < code.length && code[i] !== '`'; i++) {
      if (code[i] === '\\') {
        i++;
        continue;
      }
      if (code[i] === '$' && code[i + 1] === '{') {
        // Skip the substitution, with any nested braces and template literals in it.
        let depth = 0;
        for (i++; i < code.length; i++) {
          if (code[i] === '{') depth++;
          else if (code[i] === '}' && --depth === 0) break;
          else if (code[i] === '`') for (i++; i < code.length && code[i] !== '`'; i++) if (code[i] === '\\') i++;
        }
        text += ' ? ';
        continue;
      }
      text += code[i];
    }
    out.push(text);
    start.lastIndex = i + 1;
  }
  return out;
}

/** Tables a source names in SQL: Kysely builder calls and sql`` templates (CTE names and the like are not tables). */
function tablesIn(source: string): string[] {
  const code = stripComments(source);
  const names = new Set<string>();
  // Kysely's common table expressions (`.with('changed', …)`) are named results, not tables.
  const builderCtes = new Set([...code.matchAll(/\.with(?:Recursive)?\(\s*['"]([a-z_][a-z0-9_]*)/g)].map((m) => m[1]));
  for (const m of code.matchAll(/\.(?:selectFrom|insertInto|replaceInto|updateTable|deleteFrom|mergeInto|innerJoin|leftJoin|rightJoin|fullJoin|crossJoin)\(\s*['"]([a-z_][a-z0-9_]*)/g)) {
    if (m[1] && !builderCtes.has(m[1])) names.add(m[1]);
  }
  for (const text of sqlTemplates(code)) {
    // Names a WITH clause defines (`WITH RECURSIVE walk(key, …) AS (…)`, `, b AS (…)`) are not tables.
    const ctes = new Set([...text.matchAll(/\bwith\s+(?:recursive\s+)?([a-z_][a-z0-9_]*)|\)\s*,\s*([a-z_][a-z0-9_]*)\s*(?:\([^)]*\))?\s+as\s*\(/gi)].map((m) => (m[1] ?? m[2] ?? '').toLowerCase()));
    for (const m of text.matchAll(/\b(?:from|join|into|update|table)\s+([a-z_][a-z0-9_]*)/gi)) {
      const name = m[1]?.toLowerCase();
      // pg_* are PostgreSQL's own catalogs and functions (pg_locks, pg_backend_pid()), nobody's tables; `ON CONFLICT … DO UPDATE SET` names none.
      if (name && !ctes.has(name) && !name.startsWith('pg_') && !['select', 'set', 'unnest', 'lateral', 'only', 'jsonb_array_elements', 'json_array_elements'].includes(name)) names.add(name);
    }
  }
  return [...names];
}

interface Violations {
  /** (a) `importer → repo` */
  readonly repoImports: string[];
  /** (b) `importer → routes` */
  readonly routesImports: string[];
  /** (c) each cycle as its module path, with the imports that make each hop */
  readonly cycles: string[];
  /** (d) `file: table (owner)` */
  readonly foreignTables: string[];
  readonly unknownTables: string[];
  /** (e) `importer → service` for value imports across modules */
  readonly serviceValueImports: string[];
}

/**
 * Every boundary violation of a tree of sources (repository-relative path → source).
 *
 * @example check(new Map([['src/modules/a/a.service.ts', "import { x } from '../b/b.repo.ts';"]])).repoImports // ['src/modules/a/a.service.ts → src/modules/b/b.repo.ts']
 */
function check(files: ReadonlyMap<string, string>): Violations {
  const v: Violations = { repoImports: [], routesImports: [], serviceValueImports: [], cycles: [], foreignTables: [], unknownTables: [] };
  const edges = new Map<string, Map<string, string[]>>();
  for (const [file, source] of files) {
    const from = moduleOf(file);
    for (const imp of importsIn(file, source)) {
      const to = moduleOf(imp.target);
      const hop = `${file} → ${imp.target}`;
      if (imp.target.endsWith('.repo.ts') && to !== undefined && to !== from) v.repoImports.push(hop);
      if (imp.target.endsWith('.routes.ts') && file !== COMPOSITION_ROOT && !(file.endsWith('.routes.ts') && to === from)) v.routesImports.push(hop);
      if (from !== undefined && to !== undefined && from !== to) {
        if (imp.target.endsWith('.service.ts') && !imp.typeOnly) v.serviceValueImports.push(hop);
        const out = edges.get(from) ?? new Map<string, string[]>();
        out.set(to, [...(out.get(to) ?? []), hop]);
        edges.set(from, out);
      }
    }
    if (!file.startsWith('src/db/')) {
      for (const table of tablesIn(source)) {
        const owner = OWNER[table];
        if (owner === undefined) v.unknownTables.push(`${file}: ${table}`);
        else if (owner !== from) v.foreignTables.push(`${file}: ${table} (owned by ${owner})`);
      }
    }
  }
  v.cycles.push(...cyclesOf(edges));
  return v;
}

/** One cycle per strongly connected component of the module graph (Tarjan), each hop with the imports behind it. */
function cyclesOf(edges: ReadonlyMap<string, ReadonlyMap<string, readonly string[]>>): string[] {
  const nodes = [...new Set([...edges.keys(), ...[...edges.values()].flatMap((m) => [...m.keys()])])].sort();
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (n: string) => {
    index.set(n, index.size);
    low.set(n, index.get(n) ?? 0);
    stack.push(n);
    onStack.add(n);
    for (const m of [...(edges.get(n)?.keys() ?? [])].sort()) {
      if (!index.has(m)) {
        visit(m);
        low.set(n, Math.min(low.get(n) ?? 0, low.get(m) ?? 0));
      } else if (onStack.has(m)) {
        low.set(n, Math.min(low.get(n) ?? 0, index.get(m) ?? 0));
      }
    }
    if (low.get(n) === index.get(n)) {
      const c: string[] = [];
      for (let m = stack.pop(); m !== undefined; m = stack.pop()) {
        onStack.delete(m);
        c.push(m);
        if (m === n) break;
      }
      if (c.length > 1) components.push(c.sort());
    }
  };
  for (const n of nodes) if (!index.has(n)) visit(n);
  return components.map((c) => {
    // The shortest cycle through the component's first module, by breadth-first search inside it.
    const inside = new Set(c);
    const start = c[0] ?? '';
    const prev = new Map<string, string>();
    const queue = [start];
    let last: string | undefined;
    while (queue.length && last === undefined) {
      const n = queue.shift() ?? '';
      for (const m of [...(edges.get(n)?.keys() ?? [])].sort()) {
        if (!inside.has(m)) continue;
        if (m === start) {
          last = n;
          break;
        }
        if (!prev.has(m)) {
          prev.set(m, n);
          queue.push(m);
        }
      }
    }
    const path = [start];
    for (let n = last; n !== undefined && n !== start; n = prev.get(n)) path.splice(1, 0, n);
    path.push(start);
    const hops = path.slice(1).map((to, i) => `    ${path[i]} → ${to}: ${edges.get(path[i] ?? '')?.get(to)?.[0] ?? ''}`);
    return [`${path.join(' → ')} (component: ${c.join(', ')})`, ...hops].join('\n');
  });
}

function tree(): Map<string, string> {
  return new Map(sourceFiles(join(root, 'src')).map((f) => [relative(root, f), readFileSync(f, 'utf8')]));
}

const list = (items: readonly string[]) => `\n  ${items.join('\n  ')}\n`;

describe('module boundaries', () => {
  const files = tree();
  const v = check(files);

  it('the ownership table names exactly the tables the migrations create', () => {
    const dir = join(root, 'src/db/migrations');
    const created = readdirSync(dir).filter((f) => f.endsWith('.sql')).flatMap((f) => [...readFileSync(join(dir, f), 'utf8').matchAll(/CREATE TABLE (?:IF NOT EXISTS )?([a-z_][a-z0-9_]*)/gi)].map((m) => m[1]));
    expect(Object.keys(OWNER).sort()).toEqual(created.sort());
    const modules = new Set(readdirSync(join(root, 'src/modules')));
    for (const owner of new Set(Object.values(OWNER))) expect(modules.has(owner), `owner ${owner} is a module`).toBe(true);
  });

  it('(a) no file imports a module\'s repo from outside that module', () => {
    expect(v.repoImports, list(v.repoImports)).toEqual([]);
  });

  it('(b) only the composition root and the module\'s own routes files import a routes file', () => {
    expect(v.routesImports, list(v.routesImports)).toEqual([]);
  });

  it('(c) the modules\' import graph has no cycle', () => {
    expect(v.cycles, list(v.cycles)).toEqual([]);
  });

  it('(d) SQL names only its own module\'s tables, and only tables of the ownership table', () => {
    expect(v.foreignTables, list(v.foreignTables)).toEqual([]);
    expect(v.unknownTables, list(v.unknownTables)).toEqual([]);
  });

  it('(e) modules import only types from another module\'s service', () => {
    expect(v.serviceValueImports, list(v.serviceValueImports)).toEqual([]);
  });

  it('sees the tree: every module, the repos and their tables', () => {
    expect([...files.keys()].filter((f) => f.endsWith('.repo.ts')).length).toBeGreaterThan(10);
    expect(tablesIn(files.get('src/modules/events/events.repo.ts') ?? '').sort()).toEqual(['capture_jobs', 'event_epcs', 'event_links', 'events']);
  });
});

describe('the boundary checker', () => {
  it('tells type-only imports from value imports', () => {
    const f = 'src/modules/a/a.service.ts';
    expect(importsIn(f, "import type { B } from '../b/b.service.ts';\nimport { type C, type D } from '../c/c.service.ts';\nimport { type E, f } from '../e/e.service.ts';\nexport { g } from './g.ts';"))
      .toEqual([
        { target: 'src/modules/b/b.service.ts', typeOnly: true },
        { target: 'src/modules/c/c.service.ts', typeOnly: true },
        { target: 'src/modules/e/e.service.ts', typeOnly: false },
        { target: 'src/modules/a/g.ts', typeOnly: false },
      ]);
  });

  it('finds tables in builder calls and sql templates, not in comments or CTE names', () => {
    const src = "// selectFrom('users')\ndb.selectFrom('products as p').innerJoin('organisations', 'a', 'b');\nsql`WITH RECURSIVE walk AS (SELECT 1 FROM event_epcs e JOIN events x ON ${f(`y`)}) SELECT * FROM walk, unnest(${k}) INSERT INTO scans`";
    expect(tablesIn(src).sort()).toEqual(['event_epcs', 'events', 'organisations', 'products', 'scans']);
  });

  it('reports a cross-module repo import, a routes import from a service or another module\'s routes, a helper from another service, a foreign table and a cycle with its path', () => {
    const v = check(new Map([
      ['src/modules/a/a.service.ts', "import { createBRepo } from '../b/b.repo.ts';\nimport { x } from '../b/b.routes.ts';\nimport { helper } from '../b/b.service.ts';"],
      ['src/modules/b/b.service.ts', "import type { AService } from '../a/a.service.ts';"],
      ['src/modules/a/a.repo.ts', "db.selectFrom('links')"],
      ['src/modules/c/c.routes.ts', "import { y } from '../b/b.routes.ts';\nimport { z } from './c-more.routes.ts';"],
    ]));
    expect(v.repoImports).toEqual(['src/modules/a/a.service.ts → src/modules/b/b.repo.ts']);
    expect(v.routesImports).toEqual(['src/modules/a/a.service.ts → src/modules/b/b.routes.ts', 'src/modules/c/c.routes.ts → src/modules/b/b.routes.ts']);
    expect(v.serviceValueImports).toEqual(['src/modules/a/a.service.ts → src/modules/b/b.service.ts']);
    expect(v.foreignTables).toEqual(['src/modules/a/a.repo.ts: links (owned by links)']);
    expect(v.cycles).toEqual([
      'a → b → a (component: a, b)\n    a → b: src/modules/a/a.service.ts → src/modules/b/b.repo.ts\n    b → a: src/modules/b/b.service.ts → src/modules/a/a.service.ts',
    ]);
  });
});
