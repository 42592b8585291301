-- Schema 5: two appraisal rounds. The campaign carries its current round; opening round 2 keeps a
-- snapshot of round 1's final scores (round_result), so each round's results survive; the secretariat's
-- decisions are kept per round (a round-1 decision stays as it was when round 2 decides the same cell).

ALTER TABLE campaign ADD COLUMN round INTEGER NOT NULL DEFAULT 1 CHECK (round IN (1, 2));
ALTER TABLE campaign ADD COLUMN round_opened_at TEXT;
ALTER TABLE campaign ADD COLUMN round_reason TEXT NOT NULL DEFAULT '';

-- The final score of every cell at the close of a round (every score row with points or a not-applicable mark).
CREATE TABLE round_result (
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
  FOREIGN KEY (campaign_id, unit_code) REFERENCES unit(campaign_id, code) ON DELETE CASCADE ON UPDATE CASCADE,
  FOREIGN KEY (campaign_id, criterion_code) REFERENCES criterion(campaign_id, code) ON DELETE CASCADE
) WITHOUT ROWID;

-- Decisions per round: the table is rebuilt with the round in its key; existing decisions are round 1.
CREATE TABLE decision_by_round (
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
  FOREIGN KEY (campaign_id, unit_code) REFERENCES unit(campaign_id, code) ON DELETE CASCADE ON UPDATE CASCADE,
  FOREIGN KEY (campaign_id, criterion_code) REFERENCES criterion(campaign_id, code) ON DELETE CASCADE
) WITHOUT ROWID;
INSERT INTO decision_by_round (campaign_id, unit_code, criterion_code, round, points_milli, not_applicable, reason, decided_by, decided_at)
  SELECT campaign_id, unit_code, criterion_code, 1, points_milli, not_applicable, reason, decided_by, decided_at FROM decision;
DROP TABLE decision;
ALTER TABLE decision_by_round RENAME TO decision;
