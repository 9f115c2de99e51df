-- Digital supervision (../shared/reference/supervision.md): the versioned definitions of the
-- indicators, alerts and score; the read models kept current as records arrive (a worker
-- follows the events' record order from its cursor); alerts and the steps of their lifecycle.

CREATE TABLE supervision_definitions (
  id             uuid PRIMARY KEY,
  version        text NOT NULL UNIQUE,
  effective_from date NOT NULL,
  content        jsonb NOT NULL,
  sha256         text NOT NULL,
  loaded_by      uuid REFERENCES users (id),
  loaded_at      timestamptz NOT NULL DEFAULT now()
);

-- How far the worker has read each feed (events: the record id of the last event it folded in).
CREATE TABLE supervision_cursors (
  feed    text PRIMARY KEY,
  cursor  bigint NOT NULL
);

-- One indicator's numerator and denominator for one enterprise, category and China Standard Time
-- day; regions (the enterprise's GB/T 2260 code) roll up by prefix, months and years by range.
CREATE TABLE indicator_counts (
  indicator   text NOT NULL,
  org_id      uuid NOT NULL REFERENCES organisations (id),
  region_code text NOT NULL,
  category    text NOT NULL,
  day         date NOT NULL,
  numerator   bigint NOT NULL,
  denominator bigint NOT NULL,
  PRIMARY KEY (indicator, org_id, category, day)
);
CREATE INDEX indicator_counts_region ON indicator_counts (indicator, region_code text_pattern_ops, day);

CREATE TABLE alerts (
  id          uuid PRIMARY KEY,
  kind        text NOT NULL,
  severity    smallint NOT NULL CHECK (severity BETWEEN 1 AND 3),
  -- What raised it, as a key: the same evidence never raises the same kind twice.
  evidence_key text NOT NULL,
  -- The code or batch it is about (an EPC key), when one.
  subject     text,
  org_id      uuid REFERENCES organisations (id),
  region_code text NOT NULL,
  -- [{ event, eventId, ledgerIndex }]: the ledger records that raised it.
  evidence    jsonb NOT NULL,
  -- Organisations involved (the subject's producer first), and the facts the alert's words name.
  parties     uuid[] NOT NULL,
  facts       jsonb NOT NULL,
  state       text NOT NULL CHECK (state IN ('new', 'acknowledged', 'resolved', 'dismissed')),
  raised_at   timestamptz NOT NULL,
  updated_at  timestamptz NOT NULL,
  ledger_index bigint NOT NULL,
  UNIQUE (kind, evidence_key)
);
CREATE INDEX alerts_region ON alerts (region_code text_pattern_ops, raised_at);
CREATE INDEX alerts_state ON alerts (state, raised_at);

CREATE TABLE alert_steps (
  alert_id     uuid NOT NULL REFERENCES alerts (id),
  seq          int NOT NULL,
  state        text NOT NULL CHECK (state IN ('acknowledged', 'resolved', 'dismissed')),
  reason       text NOT NULL,
  user_id      uuid REFERENCES users (id),
  by_name      text NOT NULL,
  at           timestamptz NOT NULL,
  ledger_index bigint NOT NULL,
  PRIMARY KEY (alert_id, seq)
);
