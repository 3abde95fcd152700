-- Bullets library (issue 10): what regenerating must not bring back, and why candidates were left
-- out. `dismissed` holds the texts the user deleted, replaced by an edit or by a rewrite, so a
-- later "Rewrite bullets" (or a follow-up answer on the same topic) never re-adds them.
-- `rejected` holds the engine's candidates that failed the checks, each {"text", "reason"}, so
-- the page can say why a line from the answer did not become a bullet.
ALTER TABLE resume_bullets
  ADD COLUMN IF NOT EXISTS dismissed JSONB NOT NULL DEFAULT '[]'::jsonb,
  ADD COLUMN IF NOT EXISTS rejected JSONB NOT NULL DEFAULT '[]'::jsonb;
