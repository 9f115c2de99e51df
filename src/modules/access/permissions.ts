/**
 * Every permission, and which roles hold it: the one policy table. Services check it with
 * `access.require(actor, permission, owner?)` as their first line.
 */
import type { Role } from '../../db/schema.ts';

export type ActorRole = Role | 'public';

const ALL_SIGNED_IN: readonly ActorRole[] = ['admin', 'regulator', 'association', 'org_admin', 'org_operator'];

export const POLICY = {
  /** Read an organisation's profile, licences and certificates (within scope). */
  'org:read': ALL_SIGNED_IN,
  /** List organisations (filtered to the caller's scope). */
  'org:list': ['admin', 'regulator', 'association'],
  /** Search the partner directory (approved enterprises by name or USCC) to name a consignee or supplier. */
  'partner:search': ['admin', 'org_admin', 'org_operator'],
  /** Create an approved organisation directly. */
  'org:create': ['admin'],
  /** Approve or reject a pending registration (regulators: in their region). */
  'org:decide': ['admin', 'regulator'],
  /** Change an organisation's details, licences and certificates. */
  'org:update': ['admin', 'org_admin'],
  /** Override an approved organisation's administrative region (it moves it between regulators' scopes). */
  'org:region': ['admin'],
  /** Add or remove an association's members. */
  'association:members': ['admin'],
  /** Create users and list them (org admins: in their own organisation). */
  'user:manage': ['admin', 'org_admin'],
  /** Create, list and revoke API keys of an organisation. */
  'apikey:manage': ['admin', 'org_admin'],
  /** Read the key-product catalogue and data-requirements profiles. */
  'catalog:read': ['public', ...ALL_SIGNED_IN],
  /** Load a new catalogue list or profile version. */
  'catalog:load': ['admin'],
  /** Read products (within scope). */
  'product:read': ALL_SIGNED_IN,
  /** Issue trace codes (源头赋码) and bind existing codes for an organisation's products. */
  'code:issue': ['admin', 'org_admin', 'org_operator'],
  /** Register products of an organisation. */
  'product:write': ['admin', 'org_admin', 'org_operator'],
  /** Read custom-product (定制产品) ledgers and contracts (within scope). */
  'custom:read': ALL_SIGNED_IN,
  /** Record, correct, attach documents to and (after the retention period) delete custom-product records. */
  'custom:write': ['admin', 'org_admin', 'org_operator'],
  /** Capture EPCIS events as one's organisation (the admin: as any, for migrations). */
  'event:capture': ['admin', 'org_admin', 'org_operator'],
  /** Query events (filtered to what the caller may see). */
  'event:read': ALL_SIGNED_IN,
  /** Manage named EPCIS queries and webhook subscriptions. */
  'event:subscribe': ALL_SIGNED_IN,
  /** Seller 查验 of a code before purchase. */
  'code:verify': ALL_SIGNED_IN,
  /** Open, update and close recalls (producers for their products; regulators in region). */
  'recall:manage': ['admin', 'regulator', 'org_admin', 'org_operator'],
  /** Read recalls and their progress. */
  'recall:read': ALL_SIGNED_IN,
  /** Read the problems the public reported about scanned codes (regulators: their regions). */
  'report:read': ALL_SIGNED_IN,
  /** Trace forward and backward. */
  'trace:read': ALL_SIGNED_IN,
  /** Read producers' links (GS1 link types per GTIN or lot) in scope; the resolver publishes them to everyone. */
  'link:read': ALL_SIGNED_IN,
  /** Attach links to and remove them from the GTINs of one's organisation's products. */
  'link:write': ['admin', 'org_admin', 'org_operator'],
  /** Read supervision indicators (within scope: a regulator its regions, an association its members, an enterprise itself). */
  'indicator:read': ALL_SIGNED_IN,
  /** Load a new version of the supervision definitions (indicators, alerts, score). */
  'supervision:load': ['admin'],
  /** Read alerts (regulators: of their regions). */
  'alert:read': ['admin', 'regulator'],
  /** Acknowledge, resolve or dismiss an alert, with a reason (regulators: of their regions). */
  'alert:manage': ['admin', 'regulator'],
} as const satisfies Record<string, readonly ActorRole[]>;

export type Permission = keyof typeof POLICY;

/**
 * Permissions that write records into the ledger about products and codes: an organisation
 * whose registration a regulator has not approved (pending or rejected) holds none of them.
 */
export const RECORD_PERMISSIONS: ReadonlySet<Permission> = new Set<Permission>(['product:write', 'code:issue', 'custom:write', 'event:capture', 'recall:manage', 'link:write']);

/** True when the role holds the permission (scope is checked separately). */
export function roleHas(role: ActorRole, permission: Permission): boolean {
  return (POLICY[permission] as readonly ActorRole[]).includes(role);
}
