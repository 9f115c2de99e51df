-- The tamper-evident ledger: one append-only Merkle log (RFC 6962/9162 hashing) over every
-- accepted record, written in the record's own transaction.

CREATE TABLE ledger_log (
  id         smallint PRIMARY KEY CHECK (id = 1),
  origin     text NOT NULL,
  hash       text NOT NULL CHECK (hash IN ('sm3', 'sha256')),
  -- The sequencer: appenders lock this row, so indexes are contiguous and the frontier
  -- (compact range, largest subtree first) always matches size.
  size       bigint NOT NULL DEFAULT 0,
  frontier   bytea[] NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE ledger_leaves (
  idx         bigint PRIMARY KEY CHECK (idx >= 0),
  type        text NOT NULL,
  subject_id  text NOT NULL,
  leaf_hash   bytea NOT NULL,
  -- The leaf data itself: RFC 8785 canonical JSON of {"record", "type", "v"}.
  record_json text NOT NULL,
  appended_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ledger_leaves_subject ON ledger_leaves (subject_id, idx);

-- Hashes of complete perfect subtrees from level 4 (16 leaves) up; lower ones are computed
-- from at most 16 leaf hashes. Never change once written.
CREATE TABLE ledger_nodes (
  level smallint NOT NULL,
  idx   bigint NOT NULL,
  hash  bytea NOT NULL,
  PRIMARY KEY (level, idx)
);

-- Every signed checkpoint, kept. One size, one root: the primary key refuses a second.
CREATE TABLE ledger_checkpoints (
  size       bigint PRIMARY KEY,
  root_hash  bytea NOT NULL,
  note       text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE ledger_cosignatures (
  size       bigint NOT NULL REFERENCES ledger_checkpoints (size),
  witness    text NOT NULL,
  signature  text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (size, witness)
);
