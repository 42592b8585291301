-- Schema 3: the member scoring workspace. Members (this machine's profile among them), their assigned
-- areas and units, recusals, their proposed scores with reasons (per round), explanation requests,
-- the unit's own explanation per criterion, and evidence files stored by content hash.

CREATE TABLE member (
  uid        TEXT PRIMARY KEY,
  name       TEXT NOT NULL,
  agency     TEXT NOT NULL DEFAULT '',
  -- The member's role in the council, as written ("Thành viên", "Tổ trưởng Tổ giúp việc").
  role       TEXT NOT NULL DEFAULT '',
  -- What this person does in the app: appraise assigned areas, or consolidate as the secretariat.
  kind       TEXT NOT NULL DEFAULT 'member' CHECK (kind IN ('member', 'secretariat')),
  -- The profile of whoever uses this machine (at most one).
  is_self    INTEGER NOT NULL DEFAULT 0 CHECK (is_self IN (0, 1)),
  -- Filled by the exchange work: the member's public key, as text.
  public_key TEXT,
  created_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE UNIQUE INDEX member_one_self ON member (is_self) WHERE is_self = 1;

CREATE TABLE assignment (
  campaign_id INTEGER NOT NULL REFERENCES campaign(id) ON DELETE CASCADE,
  member_uid  TEXT NOT NULL REFERENCES member(uid) ON DELETE CASCADE,
  area_code   TEXT NOT NULL,
  PRIMARY KEY (campaign_id, member_uid, area_code),
  FOREIGN KEY (campaign_id, area_code) REFERENCES criterion(campaign_id, code) ON DELETE CASCADE
) WITHOUT ROWID;

-- Optional: when a member has rows here, only these units are theirs (within their areas).
CREATE TABLE assignment_unit (
  campaign_id INTEGER NOT NULL,
  member_uid  TEXT NOT NULL REFERENCES member(uid) ON DELETE CASCADE,
  unit_code   TEXT NOT NULL,
  PRIMARY KEY (campaign_id, member_uid, unit_code),
  FOREIGN KEY (campaign_id, unit_code) REFERENCES unit(campaign_id, code) ON DELETE CASCADE ON UPDATE CASCADE
) WITHOUT ROWID;

CREATE TABLE recusal (
  campaign_id INTEGER NOT NULL,
  member_uid  TEXT NOT NULL REFERENCES member(uid) ON DELETE CASCADE,
  unit_code   TEXT NOT NULL,
  reason      TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  PRIMARY KEY (campaign_id, member_uid, unit_code),
  FOREIGN KEY (campaign_id, unit_code) REFERENCES unit(campaign_id, code) ON DELETE CASCADE ON UPDATE CASCADE
) WITHOUT ROWID;

-- A member's proposed points for one leaf in one round; the reason is required where it differs from the self score.
CREATE TABLE proposal (
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
  FOREIGN KEY (campaign_id, unit_code) REFERENCES unit(campaign_id, code) ON DELETE CASCADE ON UPDATE CASCADE,
  FOREIGN KEY (campaign_id, criterion_code) REFERENCES criterion(campaign_id, code) ON DELETE CASCADE
) WITHOUT ROWID;

CREATE TABLE explanation_request (
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
  FOREIGN KEY (campaign_id, unit_code) REFERENCES unit(campaign_id, code) ON DELETE CASCADE ON UPDATE CASCADE,
  FOREIGN KEY (campaign_id, criterion_code) REFERENCES criterion(campaign_id, code) ON DELETE CASCADE
);
CREATE INDEX explanation_by_cell ON explanation_request (campaign_id, unit_code, criterion_code);

-- The unit's own explanation (giải trình) where evidence is missing.
ALTER TABLE score ADD COLUMN explanation TEXT NOT NULL DEFAULT '';

-- Evidence files, content-addressed: one blob per SHA-256, however many cells it is attached to.
CREATE TABLE evidence_blob (
  sha256     TEXT PRIMARY KEY CHECK (length(sha256) = 64),
  size       INTEGER NOT NULL CHECK (size > 0),
  stored_at  TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE evidence (
  id             INTEGER PRIMARY KEY,
  campaign_id    INTEGER NOT NULL,
  unit_code      TEXT NOT NULL,
  criterion_code TEXT NOT NULL,
  sha256         TEXT NOT NULL REFERENCES evidence_blob(sha256),
  original_name  TEXT NOT NULL,
  media_type     TEXT NOT NULL DEFAULT 'application/octet-stream',
  added_by       TEXT NOT NULL,
  added_at       TEXT NOT NULL,
  UNIQUE (campaign_id, unit_code, criterion_code, sha256),
  FOREIGN KEY (campaign_id, unit_code) REFERENCES unit(campaign_id, code) ON DELETE CASCADE ON UPDATE CASCADE,
  FOREIGN KEY (campaign_id, criterion_code) REFERENCES criterion(campaign_id, code) ON DELETE CASCADE
);
CREATE INDEX evidence_by_cell ON evidence (campaign_id, unit_code, criterion_code);
