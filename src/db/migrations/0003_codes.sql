-- Trace codes: batches, issuance jobs (源头赋码), codes issued or bound to products.

CREATE TABLE batches (
  id              uuid PRIMARY KEY,
  org_id          uuid NOT NULL REFERENCES organisations (id),
  product_id      uuid NOT NULL REFERENCES products (id),
  lot             text NOT NULL,
  production_date date NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (product_id, lot)
);

-- Each organisation issuing Yima 数字身份码 gets a short issuer prefix (see src/shared/codes/yima-code.md),
-- allocated from a sequence: the n-th issuer's prefix is yimaIssuerPrefix(n).
CREATE SEQUENCE yima_issuer_seq START 0 MINVALUE 0;
CREATE TABLE yima_issuers (
  org_id uuid PRIMARY KEY REFERENCES organisations (id),
  prefix text NOT NULL UNIQUE
);

CREATE TABLE issuances (
  id           uuid PRIMARY KEY,
  org_id       uuid NOT NULL REFERENCES organisations (id),
  product_id   uuid NOT NULL REFERENCES products (id),
  batch_id     uuid NOT NULL REFERENCES batches (id),
  request_id   text NOT NULL,
  scheme       text NOT NULL CHECK (scheme IN ('gs1', 'yima')),
  gtin         text,
  issuer       text,
  quantity     integer NOT NULL CHECK (quantity BETWEEN 1 AND 1000000),
  issued       integer NOT NULL DEFAULT 0,
  status       text NOT NULL CHECK (status IN ('running', 'done', 'failed')),
  error        text,
  digest       text,
  created_by   text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  finished_at  timestamptz,
  UNIQUE (org_id, request_id)
);

-- One row per code. `key` is what makes a code unique on the platform: for an issued code its
-- random serial (the AI 21 serial, or the Yima code itself) — so a serial is never reused under any
-- GTIN — and for a bound code its canonical form. One unique index serves both uniqueness and the
-- scan's lookup; a second one orders an issuance's codes for export.
CREATE TABLE codes (
  key         text PRIMARY KEY,
  code        text NOT NULL,
  scheme      text NOT NULL,
  org_id      uuid NOT NULL REFERENCES organisations (id),
  product_id  uuid NOT NULL REFERENCES products (id),
  batch_id    uuid REFERENCES batches (id),
  issuance_id uuid REFERENCES issuances (id),
  seq         integer,
  binding_id  uuid,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX codes_issuance ON codes (issuance_id, seq);
