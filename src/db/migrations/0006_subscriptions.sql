-- EPCIS 2.0 named queries and their webhook subscriptions (REST binding /queries…). Configuration,
-- not trace data: kept out of the ledger, changed and deleted freely.

-- A named query belongs to an organisation (owner 'org:<id>'), or to a person without one
-- (regulators, the admin: 'user:<id>'); names are unique per owner.
CREATE TABLE epcis_queries (
  id          uuid PRIMARY KEY,
  owner       text NOT NULL,
  name        text NOT NULL CHECK (name ~ '^[A-Za-z0-9_.-]{1,100}$'),
  -- The query as the client gave it (JSON form: arrays for multi-values), parsed again at each run.
  query       jsonb NOT NULL,
  created_by  text NOT NULL,
  created_at  timestamptz NOT NULL,
  UNIQUE (owner, name)
);

CREATE TABLE epcis_subscriptions (
  id                  uuid PRIMARY KEY,
  query_id            uuid NOT NULL REFERENCES epcis_queries (id) ON DELETE CASCADE,
  dest                text NOT NULL,
  -- The client's HMAC key for GS1-Signature. Secret: never given back.
  signature_token     text,
  stream              boolean NOT NULL,
  schedule            jsonb,
  report_if_empty     boolean NOT NULL,
  epc_format          text NOT NULL,
  -- Who subscribed: the subscription queries with exactly this identity's visibility.
  actor_role          text NOT NULL,
  actor_org_id        uuid,
  actor_regions       text[] NOT NULL,
  actor_user_id       uuid,
  actor_api_key_id    uuid,
  actor_name          text,
  initial_record_time timestamptz NOT NULL,
  -- Delivery state. Every event with events.id <= cursor_id was delivered (2xx) or does not match;
  -- min_record_time is the recordTime of the last event delivered. Both move only after a 2xx.
  cursor_id           bigint NOT NULL DEFAULT 0,
  min_record_time     timestamptz NOT NULL,
  last_notified_at    timestamptz,
  -- Scheduled subscriptions: the next query time; it stays due until its report was delivered.
  next_run_at         timestamptz,
  -- Failures in a row, the last one, and when to try again (capped exponential backoff).
  failures            integer NOT NULL DEFAULT 0,
  last_error          text,
  last_attempt_at     timestamptz,
  retry_at            timestamptz,
  -- The worker delivering it now (several processes may share a database).
  lease_owner         uuid,
  lease_until         timestamptz,
  created_at          timestamptz NOT NULL,
  CHECK (stream = (schedule IS NULL)),
  CHECK (stream OR next_run_at IS NOT NULL)
);
CREATE INDEX epcis_subscriptions_query ON epcis_subscriptions (query_id, created_at, id);
