-- Schema 2: a previous year's published results per campaign, for year-over-year comparison, and the
-- manual mapping of current units to previous ones (renamed or merged units).

CREATE TABLE previous_result (
  campaign_id      INTEGER NOT NULL REFERENCES campaign(id) ON DELETE CASCADE,
  prev_code        TEXT NOT NULL,
  prev_name        TEXT NOT NULL,
  prev_group       TEXT NOT NULL DEFAULT '',
  index_hundredths INTEGER NOT NULL CHECK (index_hundredths BETWEEN 0 AND 10000),
  rank             INTEGER,
  PRIMARY KEY (campaign_id, prev_code)
) WITHOUT ROWID;

CREATE TABLE previous_source (
  campaign_id INTEGER PRIMARY KEY REFERENCES campaign(id) ON DELETE CASCADE,
  year        INTEGER NOT NULL,
  file_name   TEXT NOT NULL,
  imported_at TEXT NOT NULL
);

-- An explicit choice overrides matching by code; prev_code NULL means "no previous result".
CREATE TABLE previous_mapping (
  campaign_id INTEGER NOT NULL,
  unit_code   TEXT NOT NULL,
  prev_code   TEXT,
  PRIMARY KEY (campaign_id, unit_code),
  FOREIGN KEY (campaign_id, unit_code) REFERENCES unit(campaign_id, code) ON DELETE CASCADE ON UPDATE CASCADE
) WITHOUT ROWID;
