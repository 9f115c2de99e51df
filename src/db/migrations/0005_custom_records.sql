-- Custom products (定制产品): made to order, they carry no trace codes, so the producer keeps a ledger
-- entry (台账) or a contract (合同) for each order, for at least the retention period (3 years by policy).
--
-- Rows are never rewritten: a correction is a new row pointing at the one it replaces (`supersedes`,
-- unique: a record is corrected once, by its successor), and documents are only ever appended. A deletion
-- after the retention period keeps the row as a tombstone (who, when, why) and clears every business
-- column; the ledger keeps the hash of what the row held.

CREATE TABLE custom_records (
  id                 uuid PRIMARY KEY,
  org_id             uuid NOT NULL REFERENCES organisations (id),
  kind               text NOT NULL CHECK (kind IN ('ledger', 'contract')),
  supersedes         uuid UNIQUE REFERENCES custom_records (id),
  -- Contract date, else delivery date, else the day it was recorded (China Standard Time): what the
  -- list's date filters apply to.
  record_date        date NOT NULL,
  contract_number    text,
  buyer_name         text,
  buyer_uscc         text,
  buyer_address      text,
  buyer_contact      text,
  product_name       text,
  product_model      text,
  product_id         uuid REFERENCES products (id),
  category_code      text,
  quantity           numeric CHECK (quantity > 0),
  unit               text,
  contract_date      date,
  delivery_date      date,
  notes              text,
  correction_reason  text,
  documents          jsonb,
  created_by         text NOT NULL,
  created_at         timestamptz NOT NULL,
  deleted_at         timestamptz,
  deleted_by         text,
  deletion_reason    text,
  CHECK ((deleted_at IS NULL) = (deletion_reason IS NULL)),
  CHECK (deleted_at IS NOT NULL OR (buyer_name IS NOT NULL AND product_name IS NOT NULL AND quantity IS NOT NULL AND unit IS NOT NULL AND documents IS NOT NULL)),
  CHECK (deleted_at IS NOT NULL OR kind <> 'contract' OR contract_number IS NOT NULL)
);
CREATE INDEX custom_records_org ON custom_records (org_id, created_at DESC, id DESC);
CREATE INDEX custom_records_created ON custom_records (created_at DESC, id DESC);
CREATE INDEX custom_records_contract ON custom_records (contract_number) WHERE contract_number IS NOT NULL;
