/** Kysely table types. Each module owns its tables; this file only declares their shapes. */
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string, string>;

export type Role = 'admin' | 'regulator' | 'association' | 'org_admin' | 'org_operator';
export type OrgKind = 'enterprise' | 'association';
export type OrgStatus = 'pending' | 'approved' | 'rejected';
export type CccStatus = 'valid' | 'suspended' | 'withdrawn' | 'cancelled' | 'expired';

export interface Contact {
  name: string;
  phone?: string;
  email?: string;
  title?: string;
}

export interface OrganisationsTable {
  id: string;
  kind: OrgKind;
  name: string;
  uscc: string;
  address: string;
  region_code: string;
  region_source: 'uscc' | 'declared';
  roles: string[];
  contacts: Json<Contact[]>;
  status: OrgStatus;
  status_reason: string | null;
  decided_by: string | null;
  decided_at: Timestamp | null;
  created_at: Timestamp;
}

export interface LicencesTable {
  id: string;
  org_id: string;
  number: string;
  product: string;
  valid_from: string | null;
  valid_to: string | null;
  created_at: Timestamp;
}

export interface CccCertificatesTable {
  id: string;
  org_id: string;
  number: string;
  product: string;
  status: CccStatus;
  valid_from: string | null;
  valid_to: string | null;
  created_at: Timestamp;
}

export interface AssociationMembersTable {
  association_id: string;
  member_id: string;
  created_at: Timestamp;
}

export interface UsersTable {
  id: string;
  username: string;
  display_name: string;
  password_hash: string;
  role: Role;
  org_id: string | null;
  regions: string[];
  failed_logins: Generated<number>;
  locked_until: Timestamp | null;
  password_changed_at: Timestamp;
  disabled: Generated<boolean>;
  created_at: Timestamp;
}

export interface SessionsTable {
  token_hash: string;
  user_id: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  last_seen_at: Timestamp;
}

export interface ApiKeysTable {
  id: string;
  org_id: string;
  name: string;
  secret_hash: string;
  created_by: string;
  created_at: Timestamp;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface CatalogDocumentsTable {
  id: string;
  kind: 'list' | 'profile';
  doc_id: string;
  version: string;
  effective_from: string;
  content: Json<unknown>;
  sha256: string;
  loaded_by: string | null;
  loaded_at: Timestamp;
}

export interface ProductsTable {
  id: string;
  org_id: string;
  category_code: string;
  item_code: string | null;
  list_version_id: string;
  profile_version_id: string;
  name: string;
  brand: string | null;
  model: string;
  standard: string;
  licence_id: string | null;
  ccc_certificate_id: string | null;
  attributes: Json<Record<string, unknown>>;
  created_at: Timestamp;
}

export interface ProductGtinsTable {
  gtin: string;
  product_id: string;
}

export interface LedgerLogTable {
  id: number;
  origin: string;
  hash: 'sm3' | 'sha256';
  size: ColumnType<number, number | undefined, number>;
  frontier: ColumnType<Buffer[], Buffer[] | undefined, Buffer[]>;
  created_at: Timestamp;
}

export interface LedgerLeavesTable {
  idx: number;
  type: string;
  subject_id: string;
  leaf_hash: Buffer;
  record_json: string;
  appended_at: Timestamp;
}

export interface LedgerNodesTable {
  level: number;
  idx: number;
  hash: Buffer;
}

export interface LedgerCheckpointsTable {
  size: number;
  root_hash: Buffer;
  note: string;
  created_at: Timestamp;
}

export interface LedgerCosignaturesTable {
  size: number;
  witness: string;
  signature: string;
  created_at: Timestamp;
}

export interface BatchesTable {
  id: string;
  org_id: string;
  product_id: string;
  lot: string;
  production_date: string;
  created_at: Timestamp;
}

export interface IssuancesTable {
  id: string;
  org_id: string;
  product_id: string;
  batch_id: string;
  request_id: string;
  scheme: 'gs1' | 'yima';
  gtin: string | null;
  issuer: string | null;
  quantity: number;
  issued: ColumnType<number, number | undefined, number>;
  status: 'running' | 'done' | 'failed';
  error: string | null;
  digest: string | null;
  created_by: string;
  created_at: Timestamp;
  finished_at: Timestamp | null;
}

export interface CodesTable {
  key: string;
  code: string;
  scheme: string;
  org_id: string;
  product_id: string;
  batch_id: string | null;
  issuance_id: string | null;
  seq: number | null;
  binding_id: string | null;
  created_at: Timestamp;
}

export interface YimaIssuersTable {
  org_id: string;
  prefix: string;
}

export interface Schema {
  yima_issuers: YimaIssuersTable;
  batches: BatchesTable;
  issuances: IssuancesTable;
  codes: CodesTable;
  ledger_log: LedgerLogTable;
  ledger_leaves: LedgerLeavesTable;
  ledger_nodes: LedgerNodesTable;
  ledger_checkpoints: LedgerCheckpointsTable;
  ledger_cosignatures: LedgerCosignaturesTable;
  organisations: OrganisationsTable;
  licences: LicencesTable;
  ccc_certificates: CccCertificatesTable;
  association_members: AssociationMembersTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_keys: ApiKeysTable;
  catalog_documents: CatalogDocumentsTable;
  products: ProductsTable;
  product_gtins: ProductGtinsTable;
}
