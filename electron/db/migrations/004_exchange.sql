-- Schema 4: offline exchange and consolidation. Signed packages travel between the secretariat and
-- members; every imported package is remembered by hash; the secretariat's decisions and the conflicts
-- a later package raises against them are kept; the campaign carries its consolidation policy.

ALTER TABLE campaign ADD COLUMN policy TEXT NOT NULL DEFAULT 'assigned' CHECK (policy IN ('assigned', 'mean', 'median', 'manual'));
-- Members whose proposals differ by more than this (milli-points) put the cell in the divergence queue.
ALTER TABLE campaign ADD COLUMN divergence_milli INTEGER NOT NULL DEFAULT 500 CHECK (divergence_milli >= 0);
-- An appraised score this far from the unit's self-score (milli-points) also goes to the queue.
ALTER TABLE campaign ADD COLUMN self_gap_milli INTEGER NOT NULL DEFAULT 1000 CHECK (self_gap_milli >= 0);
-- On a member's machine: the secretariat key the campaign package was signed with (pinned on first import).
ALTER TABLE campaign ADD COLUMN issuer_key TEXT;
ALTER TABLE campaign ADD COLUMN issuer_uid TEXT;

CREATE TABLE package_import (
  sha256      TEXT PRIMARY KEY,
  campaign_id INTEGER NOT NULL REFERENCES campaign(id) ON DELETE CASCADE,
  kind        TEXT NOT NULL CHECK (kind IN ('campaign', 'member')),
  author_uid  TEXT NOT NULL,
  sequence    INTEGER NOT NULL,
  imported_at TEXT NOT NULL,
  summary     TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;

CREATE TABLE decision (
  campaign_id    INTEGER NOT NULL,
  unit_code      TEXT NOT NULL,
  criterion_code TEXT NOT NULL,
  points_milli   INTEGER CHECK (points_milli IS NULL OR points_milli >= 0),
  not_applicable INTEGER NOT NULL DEFAULT 0 CHECK (not_applicable IN (0, 1)),
  reason         TEXT NOT NULL,
  decided_by     TEXT NOT NULL,
  decided_at     TEXT NOT NULL,
  PRIMARY KEY (campaign_id, unit_code, criterion_code),
  FOREIGN KEY (campaign_id, unit_code) REFERENCES unit(campaign_id, code) ON DELETE CASCADE ON UPDATE CASCADE,
  FOREIGN KEY (campaign_id, criterion_code) REFERENCES criterion(campaign_id, code) ON DELETE CASCADE
) WITHOUT ROWID;

-- A member's proposal that changed after the secretariat decided the cell: never applied silently.
CREATE TABLE conflict (
  campaign_id    INTEGER NOT NULL,
  unit_code      TEXT NOT NULL,
  criterion_code TEXT NOT NULL,
  member_uid     TEXT NOT NULL,
  points_milli   INTEGER,
  not_applicable INTEGER NOT NULL DEFAULT 0,
  reason         TEXT NOT NULL DEFAULT '',
  package_sha256 TEXT NOT NULL,
  created_at     TEXT NOT NULL,
  PRIMARY KEY (campaign_id, unit_code, criterion_code, member_uid),
  FOREIGN KEY (campaign_id, unit_code) REFERENCES unit(campaign_id, code) ON DELETE CASCADE ON UPDATE CASCADE
) WITHOUT ROWID;

-- Requests carried by member packages keep the member's own id, so a re-import never duplicates them.
ALTER TABLE explanation_request ADD COLUMN origin TEXT;
CREATE UNIQUE INDEX explanation_origin ON explanation_request (campaign_id, member_uid, origin) WHERE origin IS NOT NULL;
