-- Foundation: organisations, identity, catalogue, products.
-- One dialect: this runs unchanged on PostgreSQL 15 and on PGlite (PostgreSQL 18).

CREATE TABLE organisations (
  id            uuid PRIMARY KEY,
  kind          text NOT NULL CHECK (kind IN ('enterprise', 'association')),
  name          text NOT NULL,
  uscc          text NOT NULL UNIQUE,
  address       text NOT NULL,
  region_code   text NOT NULL CHECK (region_code ~ '^[0-9]{6}$'),
  region_source text NOT NULL CHECK (region_source IN ('uscc', 'declared')),
  roles         text[] NOT NULL,
  contacts      jsonb NOT NULL DEFAULT '[]',
  status        text NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
  status_reason text,
  decided_by    uuid,
  decided_at    timestamptz,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX organisations_region ON organisations (region_code text_pattern_ops);
CREATE INDEX organisations_status ON organisations (status, created_at);

CREATE TABLE licences (
  id         uuid PRIMARY KEY,
  org_id     uuid NOT NULL REFERENCES organisations (id),
  number     text NOT NULL UNIQUE,
  product    text NOT NULL,
  valid_from date,
  valid_to   date,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX licences_org ON licences (org_id);

CREATE TABLE ccc_certificates (
  id         uuid PRIMARY KEY,
  org_id     uuid NOT NULL REFERENCES organisations (id),
  number     text NOT NULL UNIQUE,
  product    text NOT NULL,
  status     text NOT NULL CHECK (status IN ('valid', 'suspended', 'withdrawn', 'cancelled', 'expired')),
  valid_from date,
  valid_to   date,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ccc_certificates_org ON ccc_certificates (org_id);

CREATE TABLE association_members (
  association_id uuid NOT NULL REFERENCES organisations (id),
  member_id      uuid NOT NULL REFERENCES organisations (id),
  created_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (association_id, member_id)
);

CREATE TABLE users (
  id                  uuid PRIMARY KEY,
  username            text NOT NULL UNIQUE CHECK (username = lower(username)),
  display_name        text NOT NULL,
  password_hash       text NOT NULL,
  role                text NOT NULL CHECK (role IN ('admin', 'regulator', 'association', 'org_admin', 'org_operator')),
  org_id              uuid REFERENCES organisations (id),
  regions             text[] NOT NULL DEFAULT '{}',
  failed_logins       integer NOT NULL DEFAULT 0,
  locked_until        timestamptz,
  password_changed_at timestamptz NOT NULL,
  disabled            boolean NOT NULL DEFAULT false,
  created_at          timestamptz NOT NULL DEFAULT now(),
  CHECK ((role IN ('org_admin', 'org_operator', 'association')) = (org_id IS NOT NULL)),
  CHECK (role <> 'regulator' OR cardinality(regions) > 0)
);
CREATE INDEX users_org ON users (org_id);

CREATE TABLE sessions (
  token_hash   text PRIMARY KEY,
  user_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at   timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_keys (
  id           uuid PRIMARY KEY,
  org_id       uuid NOT NULL REFERENCES organisations (id),
  name         text NOT NULL,
  secret_hash  text NOT NULL,
  created_by   uuid NOT NULL REFERENCES users (id),
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at   timestamptz
);
CREATE INDEX api_keys_org ON api_keys (org_id);

CREATE TABLE catalog_documents (
  id             uuid PRIMARY KEY,
  kind           text NOT NULL CHECK (kind IN ('list', 'profile')),
  doc_id         text NOT NULL,
  version        text NOT NULL,
  effective_from date NOT NULL,
  content        jsonb NOT NULL,
  sha256         text NOT NULL,
  loaded_by      uuid REFERENCES users (id),
  loaded_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (kind, doc_id, version)
);

CREATE TABLE products (
  id                 uuid PRIMARY KEY,
  org_id             uuid NOT NULL REFERENCES organisations (id),
  category_code      text NOT NULL,
  item_code          text,
  list_version_id    uuid NOT NULL REFERENCES catalog_documents (id),
  profile_version_id uuid NOT NULL REFERENCES catalog_documents (id),
  name               text NOT NULL,
  brand              text,
  model              text NOT NULL,
  standard           text NOT NULL,
  licence_id         uuid REFERENCES licences (id),
  ccc_certificate_id uuid REFERENCES ccc_certificates (id),
  attributes         jsonb NOT NULL DEFAULT '{}',
  created_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX products_org ON products (org_id, created_at);

CREATE TABLE product_gtins (
  gtin       text PRIMARY KEY CHECK (gtin ~ '^[0-9]{14}$'),
  product_id uuid NOT NULL REFERENCES products (id)
);
CREATE INDEX product_gtins_product ON product_gtins (product_id);
