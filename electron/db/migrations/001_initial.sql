-- Schema 1: campaigns with their own copy of a criteria set, unit groups and bands, units, scores,
-- and an append-only history of every change (who, when, old, new).

CREATE TABLE app_meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE campaign (
  id            INTEGER PRIMARY KEY,
  uid           TEXT NOT NULL UNIQUE,
  name          TEXT NOT NULL,
  year          INTEGER NOT NULL,
  issuer        TEXT NOT NULL DEFAULT '',
  decision_no   TEXT NOT NULL DEFAULT '',
  decision_date TEXT NOT NULL DEFAULT '',
  status        TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'final')),
  created_at    TEXT NOT NULL
);

CREATE TABLE criterion (
  campaign_id INTEGER NOT NULL REFERENCES campaign(id) ON DELETE CASCADE,
  code        TEXT NOT NULL,
  parent_code TEXT,
  name        TEXT NOT NULL,
  max_milli   INTEGER NOT NULL CHECK (max_milli >= 0),
  kind        TEXT NOT NULL CHECK (kind IN ('appraised', 'survey', 'bonus', 'penalty')),
  rule        TEXT NOT NULL DEFAULT '',
  position    INTEGER NOT NULL,
  PRIMARY KEY (campaign_id, code),
  FOREIGN KEY (campaign_id, parent_code) REFERENCES criterion(campaign_id, code) ON DELETE CASCADE
) WITHOUT ROWID;

CREATE TABLE unit_group (
  campaign_id INTEGER NOT NULL REFERENCES campaign(id) ON DELETE CASCADE,
  code        TEXT NOT NULL,
  name        TEXT NOT NULL,
  ranked      INTEGER NOT NULL DEFAULT 1 CHECK (ranked IN (0, 1)),
  position    INTEGER NOT NULL,
  PRIMARY KEY (campaign_id, code)
) WITHOUT ROWID;

CREATE TABLE band (
  campaign_id     INTEGER NOT NULL,
  group_code      TEXT NOT NULL,
  label           TEXT NOT NULL,
  from_hundredths INTEGER NOT NULL CHECK (from_hundredths BETWEEN 0 AND 10000),
  PRIMARY KEY (campaign_id, group_code, from_hundredths),
  FOREIGN KEY (campaign_id, group_code) REFERENCES unit_group(campaign_id, code) ON DELETE CASCADE
) WITHOUT ROWID;

CREATE TABLE unit (
  campaign_id INTEGER NOT NULL,
  code        TEXT NOT NULL,
  name        TEXT NOT NULL,
  group_code  TEXT NOT NULL,
  position    INTEGER NOT NULL,
  PRIMARY KEY (campaign_id, code),
  FOREIGN KEY (campaign_id, group_code) REFERENCES unit_group(campaign_id, code) ON UPDATE CASCADE
) WITHOUT ROWID;

-- One row per (unit, criterion) that has anything: self score, the final points, a not-applicable mark or a note.
CREATE TABLE score (
  campaign_id    INTEGER NOT NULL,
  unit_code      TEXT NOT NULL,
  criterion_code TEXT NOT NULL,
  self_milli     INTEGER CHECK (self_milli IS NULL OR self_milli >= 0),
  points_milli   INTEGER CHECK (points_milli IS NULL OR points_milli >= 0),
  not_applicable INTEGER NOT NULL DEFAULT 0 CHECK (not_applicable IN (0, 1)),
  note           TEXT NOT NULL DEFAULT '',
  revision       INTEGER NOT NULL DEFAULT 1,
  updated_at     TEXT NOT NULL,
  PRIMARY KEY (campaign_id, unit_code, criterion_code),
  FOREIGN KEY (campaign_id, unit_code) REFERENCES unit(campaign_id, code) ON DELETE CASCADE ON UPDATE CASCADE,
  FOREIGN KEY (campaign_id, criterion_code) REFERENCES criterion(campaign_id, code) ON DELETE CASCADE
) WITHOUT ROWID;

-- Append-only: every change to a score (and later to anything else), with its author and source.
CREATE TABLE history (
  id             INTEGER PRIMARY KEY,
  campaign_id    INTEGER NOT NULL REFERENCES campaign(id) ON DELETE CASCADE,
  at             TEXT NOT NULL,
  actor          TEXT NOT NULL,
  action         TEXT NOT NULL,
  unit_code      TEXT,
  criterion_code TEXT,
  old_value      TEXT,
  new_value      TEXT,
  reason         TEXT NOT NULL DEFAULT '',
  source         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX history_by_cell ON history (campaign_id, unit_code, criterion_code, id);
