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
  /** v2 leaves: JSON array of the record's disclosures (base64url [salt, name, value]); NULL for v1. */
  disclosures: ColumnType<string | null, string | null | undefined, string | null>;
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

export interface CaptureJobsTable {
  id: string;
  org_id: string | null;
  created_by: string;
  behaviour: 'rollback' | 'proceed';
  event_count: number;
  captured: ColumnType<number, number | undefined, number>;
  running: boolean;
  success: boolean | null;
  errors: ColumnType<unknown[], string | undefined, string>;
  created_at: Timestamp;
  finished_at: Timestamp | null;
}

export interface EventsTable {
  id: Generated<number>;
  event_id: string;
  event_type: string;
  action: string | null;
  event_time: Timestamp;
  record_time: Timestamp;
  biz_step: string | null;
  disposition: string | null;
  read_point: string | null;
  biz_location: string | null;
  transformation_id: string | null;
  error_declared: ColumnType<boolean, boolean | undefined, boolean>;
  error_time: Timestamp | null;
  error_reason: string | null;
  org_id: string | null;
  capture_id: string | null;
  profile_version: string | null;
  ledger_index: number;
  doc: ColumnType<Record<string, unknown>, string, string>;
  context: ColumnType<Record<string, unknown> | null, string | null, string | null>;
}

export interface EventEpcsTable {
  event: number;
  role: string;
  key: string;
  quantity: number | null;
  uom: string | null;
}

export interface EventLinksTable {
  event: number;
  kind: 'bizTransaction' | 'source' | 'destination';
  type: string;
  value: string;
  org_id: string | null;
}

/** A document of a custom-product record: its hashes, never its bytes. */
export interface CustomRecordDocument {
  name: string;
  mediaType: string;
  sha256: string;
  sm3?: string;
  size: number;
}

export interface CustomRecordsTable {
  id: string;
  org_id: string;
  kind: 'ledger' | 'contract';
  supersedes: string | null;
  record_date: string;
  contract_number: string | null;
  buyer_name: string | null;
  buyer_uscc: string | null;
  buyer_address: string | null;
  buyer_contact: string | null;
  product_name: string | null;
  product_model: string | null;
  product_id: string | null;
  category_code: string | null;
  /** numeric: read as a decimal string. */
  quantity: ColumnType<string | null, string | number | null, string | number | null>;
  unit: string | null;
  contract_date: string | null;
  delivery_date: string | null;
  notes: string | null;
  correction_reason: string | null;
  documents: ColumnType<CustomRecordDocument[] | null, string | null, string | null>;
  created_by: string;
  created_at: Timestamp;
  deleted_at: Timestamp | null;
  deleted_by: string | null;
  deletion_reason: string | null;
}

export interface RecallsTable {
  id: string;
  org_id: string;
  opened_by: string;
  opened_by_role: string;
  product_ids: string[];
  batch_ids: string[];
  production_from: string | null;
  production_to: string | null;
  code_keys: string[];
  reason: string;
  instructions: string;
  status: 'open' | 'closed';
  event_id: string | null;
  opened_at: Timestamp;
  closed_at: Timestamp | null;
  close_note: string | null;
}

export interface RecallNoticesTable {
  recall_id: string;
  org_id: string;
  items: number;
  created_at: Timestamp;
  read_at: Timestamp | null;
  delivered_at: Timestamp | null;
  attempts: ColumnType<number, number | undefined, number>;
  last_error: string | null;
}

export interface NoticeWebhooksTable {
  org_id: string;
  url: string;
  secret: string;
  created_at: Timestamp;
}

export interface EpcisQueriesTable {
  id: string;
  /** 'org:<organisation id>' or 'user:<user id>' (people without an organisation). */
  owner: string;
  name: string;
  query: ColumnType<Record<string, unknown>, string, string>;
  created_by: string;
  created_at: Timestamp;
}

export interface EpcisSubscriptionsTable {
  id: string;
  query_id: string;
  dest: string;
  signature_token: string | null;
  stream: boolean;
  schedule: ColumnType<Record<string, string> | null, string | null, string | null>;
  report_if_empty: boolean;
  epc_format: string;
  actor_role: Role;
  actor_org_id: string | null;
  actor_regions: string[];
  actor_user_id: string | null;
  actor_api_key_id: string | null;
  actor_name: string | null;
  initial_record_time: Timestamp;
  cursor_id: ColumnType<number, number | undefined, number>;
  min_record_time: Timestamp;
  last_notified_at: Timestamp | null;
  next_run_at: Timestamp | null;
  failures: ColumnType<number, number | undefined, number>;
  last_error: string | null;
  last_attempt_at: Timestamp | null;
  retry_at: Timestamp | null;
  lease_owner: string | null;
  lease_until: Timestamp | null;
  created_at: Timestamp;
}

export interface ScansTable {
  id: string;
  code_key: string;
  scanned_at: Timestamp;
  ip_region: string | null;
  client: string;
  device: 'mobile' | 'desktop' | 'wechat' | 'other';
}

export interface ScanLocationsTable {
  scan_id: string;
  latitude: number;
  longitude: number;
  added_at: Timestamp;
}

export interface ScanReportsTable {
  id: string;
  code_input: string;
  code_key: string | null;
  org_id: string | null;
  region_code: string | null;
  category: 'counterfeit' | 'quality' | 'label' | 'other';
  message: string;
  contact: string | null;
  client: string;
  created_at: Timestamp;
}

/** A producer's link from one of its GTINs (or one lot of it) to a resource of a GS1 link type. */
export interface LinksTable {
  id: string;
  org_id: string;
  gtin: string;
  lot: string | null;
  link_type: string;
  href: string;
  title: string;
  hreflang: ColumnType<string[], string[] | undefined, string[]>;
  media_type: string | null;
  is_default: ColumnType<boolean, boolean | undefined, boolean>;
  created_by: string;
  created_at: Timestamp;
}

export interface SupervisionDefinitionsTable {
  id: string;
  version: string;
  effective_from: string;
  content: Json<unknown>;
  sha256: string;
  loaded_by: string | null;
  loaded_at: Timestamp;
}

export interface SupervisionCursorsTable {
  feed: string;
  cursor: ColumnType<number, number, number>;
}

export interface IndicatorCountsTable {
  indicator: string;
  org_id: string;
  region_code: string;
  category: string;
  day: string;
  numerator: ColumnType<number, number, number>;
  denominator: ColumnType<number, number, number>;
}

export interface AlertsTable {
  id: string;
  kind: string;
  severity: number;
  evidence_key: string;
  subject: string | null;
  org_id: string | null;
  region_code: string;
  evidence: Json<unknown>;
  parties: string[];
  facts: Json<unknown>;
  state: 'new' | 'acknowledged' | 'resolved' | 'dismissed';
  raised_at: Timestamp;
  updated_at: Timestamp;
  ledger_index: ColumnType<number, number, number>;
}

export interface AlertStepsTable {
  alert_id: string;
  seq: number;
  state: 'acknowledged' | 'resolved' | 'dismissed';
  reason: string;
  user_id: string | null;
  by_name: string;
  at: Timestamp;
  ledger_index: ColumnType<number, number, number>;
}

export interface Schema {
  supervision_definitions: SupervisionDefinitionsTable;
  supervision_cursors: SupervisionCursorsTable;
  indicator_counts: IndicatorCountsTable;
  alerts: AlertsTable;
  alert_steps: AlertStepsTable;
  scans: ScansTable;
  scan_locations: ScanLocationsTable;
  scan_reports: ScanReportsTable;
  epcis_queries: EpcisQueriesTable;
  epcis_subscriptions: EpcisSubscriptionsTable;
  recalls: RecallsTable;
  recall_notices: RecallNoticesTable;
  notice_webhooks: NoticeWebhooksTable;
  capture_jobs: CaptureJobsTable;
  events: EventsTable;
  event_epcs: EventEpcsTable;
  event_links: EventLinksTable;
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
  custom_records: CustomRecordsTable;
  links: LinksTable;
}
