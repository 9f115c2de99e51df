/**
 * The one SQL predicate of data scope: "the organisation in this column is inside the actor's
 * scope" (the scope itself is access/scope.ts). Every repo that lists organisations' records
 * applies it to its own organisation column instead of rewriting the region/association rule.
 * It reads the organisations' region codes and the association memberships, which is what a
 * scope is made of: so it is the orgs module's, the one piece of its SQL other modules' queries
 * embed (a list filter has to stay inside the list's statement).
 */
import { type Expression, type SqlBool, sql } from 'kysely';
import type { Scope } from '../access/scope.ts';

/** `33` → `33%`, with LIKE's metacharacters escaped (prefixes are digits, but a rule is a rule). */
const likePrefix = (prefix: string): string => `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * The scope condition on an organisation-id column.
 *
 * @example db.selectFrom('products').where(() => orgInScope(scopeOf(actor), 'products.org_id'))
 */
export function orgInScope(scope: Scope, column: string): Expression<SqlBool> {
  const col = sql.ref(column);
  switch (scope.kind) {
    case 'all':
      return sql<SqlBool>`true`;
    case 'none':
      return sql<SqlBool>`false`;
    case 'org':
      return sql<SqlBool>`${col} = ${scope.orgId}::uuid`;
    case 'association':
      return sql<SqlBool>`(${col} = ${scope.associationId}::uuid OR ${col} IN (SELECT am.member_id FROM association_members am WHERE am.association_id = ${scope.associationId}::uuid))`;
    case 'regions': {
      if (!scope.prefixes.length) return sql<SqlBool>`false`;
      const patterns = scope.prefixes.map(likePrefix);
      return sql<SqlBool>`${col} IN (SELECT so.id FROM organisations so WHERE so.region_code LIKE ANY(${patterns}::text[]))`;
    }
  }
}
