-- Schema 8: the index rules that vary by province become campaign settings. Existing campaigns keep
-- what the app always did: the index clamped to 100 % and competition ranking (1, 2, 2, 4).
ALTER TABLE campaign ADD COLUMN index_capped INTEGER NOT NULL DEFAULT 1 CHECK (index_capped IN (0, 1));
ALTER TABLE campaign ADD COLUMN tie_ranking TEXT NOT NULL DEFAULT 'competition' CHECK (tie_ranking IN ('competition', 'dense'));
