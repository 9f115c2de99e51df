-- Scans of codes by the public (time, coarse place, device class), the places people chose to
-- share, and the problems they reported (to the regulators of the producer's region).

CREATE TABLE scans (
  id         uuid PRIMARY KEY,
  code_key   text NOT NULL,
  scanned_at timestamptz NOT NULL,
  -- GB/T 2260 region of the client's address, when the configured address table knows it.
  ip_region  text,
  -- A keyed hash of the client address: counts distinct scanners without keeping addresses.
  client     text NOT NULL,
  device     text NOT NULL CHECK (device IN ('mobile', 'desktop', 'wechat', 'other'))
);
CREATE INDEX scans_code ON scans (code_key, scanned_at);

CREATE TABLE scan_locations (
  scan_id   uuid PRIMARY KEY,
  latitude  real NOT NULL CHECK (latitude BETWEEN -90 AND 90),
  longitude real NOT NULL CHECK (longitude BETWEEN -180 AND 180),
  added_at  timestamptz NOT NULL
);

CREATE TABLE scan_reports (
  id          uuid PRIMARY KEY,
  code_input  text NOT NULL,
  code_key    text,
  -- The producer of a registered code; its region decides which regulators see the report.
  org_id      uuid REFERENCES organisations (id),
  region_code text,
  category    text NOT NULL CHECK (category IN ('counterfeit', 'quality', 'label', 'other')),
  message     text NOT NULL,
  contact     text,
  client      text NOT NULL,
  created_at  timestamptz NOT NULL
);
CREATE INDEX scan_reports_region ON scan_reports (region_code, created_at);
