-- Schema 11: the unit's side. A unit (sở, xã/phường) self-assesses offline on its own machine and sends
-- a signed self-assessment package; the secretariat registers the unit's key beforehand.

-- Units' signing identities. On the secretariat's machine: the units a person registered from their .pub
-- (registered_at set), one per unit code. On a unit's machine: its own profile (is_self = 1), one only.
CREATE TABLE unit_identity (
  uid           TEXT PRIMARY KEY,
  unit_code     TEXT NOT NULL,
  name          TEXT NOT NULL,
  agency        TEXT NOT NULL DEFAULT '',
  public_key    TEXT NOT NULL,
  is_self       INTEGER NOT NULL DEFAULT 0 CHECK (is_self IN (0, 1)),
  registered_at TEXT,
  created_at    TEXT NOT NULL
) WITHOUT ROWID;
CREATE UNIQUE INDEX unit_identity_one_self ON unit_identity (is_self) WHERE is_self = 1;
CREATE UNIQUE INDEX unit_identity_by_code ON unit_identity (unit_code) WHERE is_self = 0;

-- The unit's own claims beside its self-score, never the official cell: a not-applicable claim (the
-- council decides; score.not_applicable stays the council's), why, the declared figures or option the
-- self-score came from (a rule input, JSON), and how many times the unit changed the cell on its machine.
ALTER TABLE score ADD COLUMN self_not_applicable INTEGER NOT NULL DEFAULT 0 CHECK (self_not_applicable IN (0, 1));
ALTER TABLE score ADD COLUMN self_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE score ADD COLUMN self_inputs TEXT NOT NULL DEFAULT '';
ALTER TABLE score ADD COLUMN self_revision INTEGER NOT NULL DEFAULT 0;

-- Where a set lets a unit claim "không áp dụng" (1: allowed, as every node was before).
ALTER TABLE criterion ADD COLUMN na_allowed INTEGER NOT NULL DEFAULT 1 CHECK (na_allowed IN (0, 1));

-- On a unit's machine: the council's explanation requests addressed to it (from the unit package), and its answers.
CREATE TABLE unit_request (
  campaign_id    INTEGER NOT NULL REFERENCES campaign(id) ON DELETE CASCADE,
  request_id     INTEGER NOT NULL,
  criterion_code TEXT NOT NULL,
  text           TEXT NOT NULL,
  asked_by       TEXT NOT NULL DEFAULT '',
  asked_at       TEXT NOT NULL,
  answer         TEXT NOT NULL DEFAULT '',
  answered_at    TEXT,
  PRIMARY KEY (campaign_id, request_id)
) WITHOUT ROWID;

-- Packages now also travel to and from units: the unit package (secretariat → unit) and the unit's
-- self-assessment package (unit → secretariat). The table has no dependants: rebuilt with the wider kind.
CREATE TABLE package_import_v11 (
  sha256      TEXT PRIMARY KEY,
  campaign_id INTEGER NOT NULL REFERENCES campaign(id) ON DELETE CASCADE,
  kind        TEXT NOT NULL CHECK (kind IN ('campaign', 'member', 'unit-campaign', 'unit')),
  author_uid  TEXT NOT NULL,
  sequence    INTEGER NOT NULL,
  imported_at TEXT NOT NULL,
  summary     TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
INSERT INTO package_import_v11 SELECT sha256, campaign_id, kind, author_uid, sequence, imported_at, summary FROM package_import;
DROP TABLE package_import;
ALTER TABLE package_import_v11 RENAME TO package_import;
