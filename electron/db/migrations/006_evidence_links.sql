-- Schema 6: an evidence link may arrive before its file. On a member's machine the campaign package
-- brings the links (unit, criterion, hash, name, type, size) and the files come later in a separate
-- evidence bundle (.parevd), so a link no longer requires its evidence_blob row: the link carries the
-- file's size itself, and the file is "here" exactly when evidence_blob has the hash. SQLite cannot
-- drop a foreign key in place, so the table is rebuilt with its rows (ids kept, all 'local').

CREATE TABLE evidence_v6 (
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
  FOREIGN KEY (campaign_id, unit_code) REFERENCES unit(campaign_id, code) ON DELETE CASCADE ON UPDATE CASCADE,
  FOREIGN KEY (campaign_id, criterion_code) REFERENCES criterion(campaign_id, code) ON DELETE CASCADE
);
INSERT INTO evidence_v6 (id, campaign_id, unit_code, criterion_code, sha256, original_name, media_type, size, added_by, added_at)
  SELECT e.id, e.campaign_id, e.unit_code, e.criterion_code, e.sha256, e.original_name, e.media_type, b.size, e.added_by, e.added_at
  FROM evidence e JOIN evidence_blob b USING (sha256);
DROP TABLE evidence;
ALTER TABLE evidence_v6 RENAME TO evidence;
CREATE INDEX evidence_by_cell ON evidence (campaign_id, unit_code, criterion_code);
CREATE INDEX evidence_by_sha256 ON evidence (sha256);
