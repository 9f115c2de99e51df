-- Recalls (召回): a producer or a regulator recalls products, batches, production-date ranges or
-- single codes (cases include what is packed in them); holders get notices; progress is read from
-- the events that follow (returned, destroyed, still in the market).

CREATE TABLE recalls (
  id              uuid PRIMARY KEY,
  -- The producer whose products are recalled (scope: its regulators, associations).
  org_id          uuid NOT NULL REFERENCES organisations (id),
  opened_by       text NOT NULL,
  opened_by_role  text NOT NULL,
  product_ids     uuid[] NOT NULL DEFAULT '{}',
  batch_ids       uuid[] NOT NULL DEFAULT '{}',
  production_from date,
  production_to   date,
  code_keys       text[] NOT NULL DEFAULT '{}',
  reason          text NOT NULL,
  instructions    text NOT NULL,
  status          text NOT NULL CHECK (status IN ('open', 'closed')),
  event_id        text,
  opened_at       timestamptz NOT NULL,
  closed_at       timestamptz,
  close_note      text
);
CREATE INDEX recalls_org ON recalls (org_id, status);
CREATE INDEX recalls_codes ON recalls USING gin (code_keys);

CREATE TABLE recall_notices (
  recall_id    uuid NOT NULL REFERENCES recalls (id),
  org_id       uuid NOT NULL REFERENCES organisations (id),
  items        integer NOT NULL,
  created_at   timestamptz NOT NULL,
  read_at      timestamptz,
  delivered_at timestamptz,
  attempts     integer NOT NULL DEFAULT 0,
  last_error   text,
  PRIMARY KEY (recall_id, org_id)
);
CREATE INDEX recall_notices_org ON recall_notices (org_id, created_at);

-- Where an organisation wants notices POSTed (signed with its secret).
CREATE TABLE notice_webhooks (
  org_id     uuid PRIMARY KEY REFERENCES organisations (id),
  url        text NOT NULL,
  secret     text NOT NULL,
  created_at timestamptz NOT NULL
);
