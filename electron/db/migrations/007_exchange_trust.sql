-- Schema 7: trust boundaries of the exchange.
-- Members whose key a person registered on this machine (from their .pub, fingerprint checked by phone).
-- Their key never changes except by an explicit re-registration, and a machine that registered members
-- is the secretariat's: it never imports campaign packages. Members a campaign package lists are not here.
CREATE TABLE member_registration (
  uid           TEXT PRIMARY KEY REFERENCES member(uid) ON DELETE CASCADE,
  registered_at TEXT NOT NULL
) WITHOUT ROWID;
INSERT INTO member_registration (uid, registered_at)
  SELECT json_extract(h.new_value, '$.uid'), min(h.at) FROM history h
  WHERE h.action = 'member.register' AND json_valid(h.new_value)
    AND json_extract(h.new_value, '$.uid') IN (SELECT uid FROM member WHERE is_self = 0 AND public_key IS NOT NULL)
  GROUP BY 1;

-- A member package's own history is the member's account of their work: evidence, kept apart from the
-- secretariat's history (which records what the import applied), and shown as the member's.
CREATE TABLE member_history (
  id             INTEGER PRIMARY KEY,
  campaign_id    INTEGER NOT NULL REFERENCES campaign(id) ON DELETE CASCADE,
  member_uid     TEXT NOT NULL,
  package_sha256 TEXT NOT NULL,
  at             TEXT NOT NULL,
  action         TEXT NOT NULL,
  unit_code      TEXT,
  criterion_code TEXT,
  old_value      TEXT,
  new_value      TEXT,
  reason         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX member_history_by_cell ON member_history (campaign_id, unit_code, criterion_code, id);

-- Who acted, by uid (a display name changes when the profile is renamed). On a member's machine the
-- rows the member wrote by hand before schema 7 are theirs: the workspace wrote them for this profile.
ALTER TABLE history ADD COLUMN actor_uid TEXT;
UPDATE history SET actor_uid = (SELECT uid FROM member WHERE is_self = 1)
  WHERE source = '' AND (action LIKE 'proposal.%' OR action LIKE 'explanation.%')
    AND EXISTS (SELECT 1 FROM member WHERE is_self = 1 AND kind = 'member');
CREATE INDEX history_by_actor ON history (campaign_id, actor_uid, id) WHERE actor_uid IS NOT NULL;
