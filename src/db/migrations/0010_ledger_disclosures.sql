-- Per-field commitments (leaf encoding v2): the leaf data commits to a salted digest of each
-- member of the record; the disclosures ([salt, name, value], base64url, as SD-JWT) are kept
-- here, beside the leaf, as a JSON array. NULL for version 1 leaves, whose record_json holds the
-- values themselves. Like record_json, never changed once written: `yima ledger audit` re-hashes
-- every disclosure against the digests its leaf committed to.
ALTER TABLE ledger_leaves ADD COLUMN disclosures text;
