-- Schema 10: the council's calendar. Each phase of a campaign may have a deadline (a day, meaning the
-- end of that day in Vietnam time) and one standing extension (a later day, with why, who and when);
-- every change is also a history row. No row: the phase has no deadline.
CREATE TABLE calendar_phase (
  campaign_id      INTEGER NOT NULL REFERENCES campaign(id) ON DELETE CASCADE,
  phase            TEXT NOT NULL CHECK (phase IN ('tu_danh_gia', 'tham_dinh_1', 'giai_trinh', 'tham_dinh_2', 'cong_bo')),
  deadline         TEXT NOT NULL CHECK (deadline GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  extended_to      TEXT CHECK (extended_to IS NULL OR extended_to GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  extension_reason TEXT NOT NULL DEFAULT '',
  extended_by      TEXT NOT NULL DEFAULT '',
  extended_at      TEXT,
  updated_at       TEXT NOT NULL,
  PRIMARY KEY (campaign_id, phase),
  CHECK (extended_to IS NULL OR extended_to > deadline)
) WITHOUT ROWID;
