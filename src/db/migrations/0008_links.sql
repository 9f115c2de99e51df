-- Producer links (GS1-Conformant Resolver 1.2 §2.5): a producer attaches links to the GTINs of its own
-- products, optionally narrowed to one lot (AI 10), each with a GS1 Web Vocabulary link type. The resolver
-- publishes them in linksets and redirects `?linkType=…` requests to them.
--
-- A deleted link is deleted: the ledger keeps what it said and when it went (`link`, `link.deleted`).

CREATE TABLE links (
  id          uuid PRIMARY KEY,
  -- The owner of the GTIN's product when the link was made: whose scope the link is in.
  org_id      uuid NOT NULL REFERENCES organisations (id),
  -- GTIN-14 of one of the organisation's products (product_gtins), checked by the service.
  gtin        text NOT NULL CHECK (gtin ~ '^[0-9]{14}$'),
  -- A batch/lot (AI 10) value, or NULL for every lot of the GTIN.
  lot         text CHECK (lot IS NULL OR length(lot) BETWEEN 1 AND 20),
  -- A CURIE of the GS1 Web Vocabulary, e.g. gs1:pip.
  link_type   text NOT NULL,
  href        text NOT NULL,
  title       text NOT NULL,
  -- Language tags of the target (BCP 47, as the GS1 linkset schema accepts them: ll or ll-CC).
  hreflang    text[] NOT NULL DEFAULT '{}',
  media_type  text,
  -- The default link of its link type for its anchor (GTIN, or GTIN + lot): at most one.
  is_default  boolean NOT NULL DEFAULT false,
  created_by  text NOT NULL,
  created_at  timestamptz NOT NULL
);
-- The resolver's lookup: a GTIN's links and those of one of its lots.
CREATE INDEX links_anchor ON links (gtin, lot);
CREATE INDEX links_org ON links (org_id, created_at DESC, id);
-- One default per anchor and link type; NULLS NOT DISTINCT (PostgreSQL 15+) makes the GTIN-level
-- anchor (lot IS NULL) one anchor, not many.
CREATE UNIQUE INDEX links_one_default ON links (gtin, lot, link_type) NULLS NOT DISTINCT WHERE is_default;
