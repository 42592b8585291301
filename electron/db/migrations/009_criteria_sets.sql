-- Schema 9: several criteria sets per campaign (since 2025 one decision appraises sở and xã/phường,
-- each level under its own set). A criterion is identified by (campaign, set, code): the same code may
-- mean different criteria in two sets. Each group is scored under one set, so a cell (unit, criterion
-- code) resolves through the unit's group. Every existing campaign becomes one set, "CHUNG".
-- The cell tables referenced criterion(campaign_id, code), which is no longer unique: they are rebuilt
-- without that reference (the services resolve the code in the unit's set), children first, so that
-- dropping the old criterion table cascades into nothing.

CREATE TABLE criteria_set (
  campaign_id INTEGER NOT NULL REFERENCES campaign(id) ON DELETE CASCADE,
  code        TEXT NOT NULL,
  name        TEXT NOT NULL,
  position    INTEGER NOT NULL,
  PRIMARY KEY (campaign_id, code)
) WITHOUT ROWID;
INSERT INTO criteria_set (campaign_id, code, name, position) SELECT id, 'CHUNG', 'Bộ tiêu chí chung', 1 FROM campaign;

CREATE TABLE score_v9 (
  campaign_id    INTEGER NOT NULL,
  unit_code      TEXT NOT NULL,
  criterion_code TEXT NOT NULL,
  self_milli     INTEGER CHECK (self_milli IS NULL OR self_milli >= 0),
  points_milli   INTEGER CHECK (points_milli IS NULL OR points_milli >= 0),
  not_applicable INTEGER NOT NULL DEFAULT 0 CHECK (not_applicable IN (0, 1)),
  note           TEXT NOT NULL DEFAULT '',
  revision       INTEGER NOT NULL DEFAULT 1,
  updated_at     TEXT NOT NULL,
  explanation    TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (campaign_id, unit_code, criterion_code),
  FOREIGN KEY (campaign_id, unit_code) REFERENCES unit(campaign_id, code) ON DELETE CASCADE ON UPDATE CASCADE
) WITHOUT ROWID;
INSERT INTO score_v9 (campaign_id, unit_code, criterion_code, self_milli, points_milli, not_applicable, note, revision, updated_at, explanation)
  SELECT campaign_id, unit_code, criterion_code, self_milli, points_milli, not_applicable, note, revision, updated_at, explanation FROM score;
DROP TABLE score;
ALTER TABLE score_v9 RENAME TO score;

CREATE TABLE proposal_v9 (
  campaign_id    INTEGER NOT NULL,
  unit_code      TEXT NOT NULL,
  criterion_code TEXT NOT NULL,
  member_uid     TEXT NOT NULL REFERENCES member(uid) ON DELETE CASCADE,
  round          INTEGER NOT NULL DEFAULT 1 CHECK (round IN (1, 2)),
  points_milli   INTEGER CHECK (points_milli IS NULL OR points_milli >= 0),
  not_applicable INTEGER NOT NULL DEFAULT 0 CHECK (not_applicable IN (0, 1)),
  reason         TEXT NOT NULL DEFAULT '',
  -- The input the rule was applied to (chosen tier, percentage, declared figures), as JSON.
  inputs         TEXT NOT NULL DEFAULT '',
  revision       INTEGER NOT NULL DEFAULT 1,
  updated_at     TEXT NOT NULL,
  PRIMARY KEY (campaign_id, unit_code, criterion_code, member_uid, round),
  FOREIGN KEY (campaign_id, unit_code) REFERENCES unit(campaign_id, code) ON DELETE CASCADE ON UPDATE CASCADE
) WITHOUT ROWID;
INSERT INTO proposal_v9 SELECT campaign_id, unit_code, criterion_code, member_uid, round, points_milli, not_applicable, reason, inputs, revision, updated_at FROM proposal;
DROP TABLE proposal;
ALTER TABLE proposal_v9 RENAME TO proposal;

CREATE TABLE explanation_request_v9 (
  id             INTEGER PRIMARY KEY,
  campaign_id    INTEGER NOT NULL,
  unit_code      TEXT NOT NULL,
  criterion_code TEXT NOT NULL,
  member_uid     TEXT NOT NULL REFERENCES member(uid) ON DELETE CASCADE,
  text           TEXT NOT NULL,
  status         TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'answered', 'withdrawn')),
  answer         TEXT NOT NULL DEFAULT '',
  created_at     TEXT NOT NULL,
  answered_at    TEXT,
  origin         TEXT,
  FOREIGN KEY (campaign_id, unit_code) REFERENCES unit(campaign_id, code) ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO explanation_request_v9 SELECT id, campaign_id, unit_code, criterion_code, member_uid, text, status, answer, created_at, answered_at, origin FROM explanation_request;
DROP TABLE explanation_request;
ALTER TABLE explanation_request_v9 RENAME TO explanation_request;
CREATE INDEX explanation_by_cell ON explanation_request (campaign_id, unit_code, criterion_code);
CREATE UNIQUE INDEX explanation_origin ON explanation_request (campaign_id, member_uid, origin) WHERE origin IS NOT NULL;

CREATE TABLE evidence_v9 (
  id             INTEGER PRIMARY KEY,
  campaign_id    INTEGER NOT NULL,
  unit_code      TEXT NOT NULL,
  criterion_code TEXT NOT NULL,
  sha256         TEXT NOT NULL CHECK (length(sha256) = 64),
  original_name  TEXT NOT NULL,
  media_type     TEXT NOT NULL DEFAULT 'application/octet-stream',
  -- The file's size in bytes, known before the file itself is here.
  size           INTEGER NOT NULL CHECK (size > 0),
  added_by       TEXT NOT NULL,
  added_at       TEXT NOT NULL,
  -- 'package': brought by the secretariat's campaign package (a later package may withdraw it);
  -- 'local': attached on this machine (never touched by a package).
  origin         TEXT NOT NULL DEFAULT 'local' CHECK (origin IN ('local', 'package')),
  UNIQUE (campaign_id, unit_code, criterion_code, sha256),
  FOREIGN KEY (campaign_id, unit_code) REFERENCES unit(campaign_id, code) ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO evidence_v9 SELECT id, campaign_id, unit_code, criterion_code, sha256, original_name, media_type, size, added_by, added_at, origin FROM evidence;
DROP TABLE evidence;
ALTER TABLE evidence_v9 RENAME TO evidence;
CREATE INDEX evidence_by_cell ON evidence (campaign_id, unit_code, criterion_code);
CREATE INDEX evidence_by_sha256 ON evidence (sha256);

CREATE TABLE decision_v9 (
  campaign_id    INTEGER NOT NULL,
  unit_code      TEXT NOT NULL,
  criterion_code TEXT NOT NULL,
  round          INTEGER NOT NULL DEFAULT 1 CHECK (round IN (1, 2)),
  points_milli   INTEGER CHECK (points_milli IS NULL OR points_milli >= 0),
  not_applicable INTEGER NOT NULL DEFAULT 0 CHECK (not_applicable IN (0, 1)),
  reason         TEXT NOT NULL,
  decided_by     TEXT NOT NULL,
  decided_at     TEXT NOT NULL,
  PRIMARY KEY (campaign_id, unit_code, criterion_code, round),
  FOREIGN KEY (campaign_id, unit_code) REFERENCES unit(campaign_id, code) ON DELETE CASCADE ON UPDATE CASCADE
) WITHOUT ROWID;
INSERT INTO decision_v9 SELECT campaign_id, unit_code, criterion_code, round, points_milli, not_applicable, reason, decided_by, decided_at FROM decision;
DROP TABLE decision;
ALTER TABLE decision_v9 RENAME TO decision;

CREATE TABLE round_result_v9 (
  campaign_id    INTEGER NOT NULL,
  unit_code      TEXT NOT NULL,
  criterion_code TEXT NOT NULL,
  round          INTEGER NOT NULL CHECK (round IN (1, 2)),
  points_milli   INTEGER CHECK (points_milli IS NULL OR points_milli >= 0),
  not_applicable INTEGER NOT NULL DEFAULT 0 CHECK (not_applicable IN (0, 1)),
  -- 1 when the secretariat decided the cell in that round (rather than the policy).
  decided        INTEGER NOT NULL DEFAULT 0 CHECK (decided IN (0, 1)),
  snapshot_at    TEXT NOT NULL,
  PRIMARY KEY (campaign_id, unit_code, criterion_code, round),
  FOREIGN KEY (campaign_id, unit_code) REFERENCES unit(campaign_id, code) ON DELETE CASCADE ON UPDATE CASCADE
) WITHOUT ROWID;
INSERT INTO round_result_v9 SELECT campaign_id, unit_code, criterion_code, round, points_milli, not_applicable, decided, snapshot_at FROM round_result;
DROP TABLE round_result;
ALTER TABLE round_result_v9 RENAME TO round_result;

-- Assignments are per (set, area): a member may appraise area 3 of both sets, or of one only.
CREATE TABLE assignment_v8 AS SELECT campaign_id, member_uid, area_code FROM assignment;
DROP TABLE assignment;

CREATE TABLE criterion_v9 (
  campaign_id INTEGER NOT NULL,
  set_code    TEXT NOT NULL,
  code        TEXT NOT NULL,
  parent_code TEXT,
  name        TEXT NOT NULL,
  max_milli   INTEGER NOT NULL CHECK (max_milli >= 0),
  kind        TEXT NOT NULL CHECK (kind IN ('appraised', 'survey', 'bonus', 'penalty')),
  rule        TEXT NOT NULL DEFAULT '',
  position    INTEGER NOT NULL,
  PRIMARY KEY (campaign_id, set_code, code),
  FOREIGN KEY (campaign_id, set_code) REFERENCES criteria_set(campaign_id, code) ON DELETE CASCADE,
  FOREIGN KEY (campaign_id, set_code, parent_code) REFERENCES criterion_v9(campaign_id, set_code, code) ON DELETE CASCADE
) WITHOUT ROWID;
INSERT INTO criterion_v9 (campaign_id, set_code, code, parent_code, name, max_milli, kind, rule, position)
  SELECT campaign_id, 'CHUNG', code, parent_code, name, max_milli, kind, rule, position FROM criterion ORDER BY campaign_id, position;
DROP TABLE criterion;
ALTER TABLE criterion_v9 RENAME TO criterion;

CREATE TABLE assignment (
  campaign_id INTEGER NOT NULL REFERENCES campaign(id) ON DELETE CASCADE,
  member_uid  TEXT NOT NULL REFERENCES member(uid) ON DELETE CASCADE,
  set_code    TEXT NOT NULL,
  area_code   TEXT NOT NULL,
  PRIMARY KEY (campaign_id, member_uid, set_code, area_code),
  FOREIGN KEY (campaign_id, set_code, area_code) REFERENCES criterion(campaign_id, set_code, code) ON DELETE CASCADE
) WITHOUT ROWID;
INSERT INTO assignment (campaign_id, member_uid, set_code, area_code) SELECT campaign_id, member_uid, 'CHUNG', area_code FROM assignment_v8;
DROP TABLE assignment_v8;

-- The set each group is scored under (the services keep it pointing at a set of the campaign).
ALTER TABLE unit_group ADD COLUMN set_code TEXT NOT NULL DEFAULT 'CHUNG';
