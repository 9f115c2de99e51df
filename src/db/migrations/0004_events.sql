-- Events: EPCIS 2.0 / CBV 2.0, the one event model for production, inspection, packing, flow,
-- purchase, sale, return, recall and destruction. Append-only: a correction is an error
-- declaration (a new record repeating the eventID) plus corrective events, never an UPDATE.

CREATE TABLE capture_jobs (
  id             uuid PRIMARY KEY,
  org_id         uuid REFERENCES organisations (id),
  created_by     text NOT NULL,
  behaviour      text NOT NULL CHECK (behaviour IN ('rollback', 'proceed')),
  event_count    integer NOT NULL,
  captured       integer NOT NULL DEFAULT 0,
  running        boolean NOT NULL,
  success        boolean,
  errors         jsonb NOT NULL DEFAULT '[]',
  created_at     timestamptz NOT NULL,
  finished_at    timestamptz
);
CREATE INDEX capture_jobs_org ON capture_jobs (org_id, created_at);

CREATE TABLE events (
  -- Record order: the repository's own sequence, used for paging and subscriptions.
  id                bigserial PRIMARY KEY,
  event_id          text NOT NULL,
  event_type        text NOT NULL,
  action            text,
  event_time        timestamptz NOT NULL,
  record_time       timestamptz NOT NULL,
  biz_step          text,
  disposition       text,
  read_point        text,
  biz_location      text,
  transformation_id text,
  -- This record declares an earlier event (same eventID) erroneous (EPCIS 2.0 §7.4.1.2).
  error_declared    boolean NOT NULL DEFAULT false,
  error_time        timestamptz,
  error_reason      text,
  -- The organisation that captured it (null: the platform admin, for migrations).
  org_id            uuid REFERENCES organisations (id),
  capture_id        uuid,
  -- The data-requirements profile version the event was checked against, when one applied.
  profile_version   text,
  ledger_index      bigint NOT NULL,
  -- The event as accepted (with its eventID), without recordTime; and the document's @context
  -- entries its CURIEs need, to give them back.
  doc               jsonb NOT NULL,
  context           jsonb
);
-- An eventID names one event; error declarations repeat it.
CREATE UNIQUE INDEX events_event_id ON events (event_id) WHERE NOT error_declared;
CREATE INDEX events_event_id_declared ON events (event_id) WHERE error_declared;
CREATE INDEX events_record_time ON events (record_time, id);
CREATE INDEX events_event_time ON events (event_time, id);
CREATE INDEX events_org ON events (org_id, id);
CREATE INDEX events_biz_step ON events (biz_step, event_time);

-- What an event is about, one row per identifier: the EPC key (see src/epcis/epc-key.ts) joins
-- URNs, Digital Links of any domain and element strings naming the same thing.
-- role: epc, parent, child, input, output (instances); class, child_class, input_class,
-- output_class (quantities).
CREATE TABLE event_epcs (
  event    bigint NOT NULL REFERENCES events (id),
  role     text NOT NULL,
  key      text NOT NULL,
  quantity double precision,
  uom      text
);
CREATE INDEX event_epcs_key ON event_epcs (key text_pattern_ops, event);
CREATE INDEX event_epcs_event ON event_epcs (event);

-- Why: business transactions, sources and destinations; party values that name an organisation
-- on the platform carry its id (visibility and trace).
CREATE TABLE event_links (
  event  bigint NOT NULL REFERENCES events (id),
  kind   text NOT NULL CHECK (kind IN ('bizTransaction', 'source', 'destination')),
  type   text NOT NULL,
  value  text NOT NULL,
  org_id uuid REFERENCES organisations (id)
);
CREATE INDEX event_links_value ON event_links (value, kind);
CREATE INDEX event_links_event ON event_links (event);
CREATE INDEX event_links_org ON event_links (org_id, event) WHERE org_id IS NOT NULL;
