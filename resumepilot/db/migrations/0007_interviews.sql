-- Interviews and the bullets library (issue 4). The specification's tables keep their names and
-- columns; these add what the feature needs beside them.

-- What an interview is about: the free job title of an 'other' role, and the experience
-- (company, title, dates) the answers describe. Written right after start_interview_session().
ALTER TABLE interview_sessions
  ADD COLUMN IF NOT EXISTS target_title TEXT CHECK (char_length(target_title) <= 200),
  ADD COLUMN IF NOT EXISTS experience_details JSONB;
GRANT UPDATE (target_title, experience_details) ON interview_sessions TO authenticated;

-- Which planned question an interviewer turn asked (e.g. 'opening/main', 'challenge/f-result'),
-- so the planner follows the interview even when a provider reworded the question.
ALTER TABLE interview_turns ADD COLUMN IF NOT EXISTS question_id TEXT
  CHECK (char_length(question_id) <= 100);

-- One row of bullets per interview topic: the main answer and its follow-ups make one story,
-- and a follow-up's figures ground the bullets of the answer it completes. A bullet list
-- outlives its interview (SET NULL): the user's material is theirs to keep.
ALTER TABLE resume_bullets
  ADD COLUMN IF NOT EXISTS session_id UUID REFERENCES interview_sessions(id) ON DELETE SET NULL,
  ADD COLUMN IF NOT EXISTS topic TEXT CHECK (char_length(topic) <= 100),
  ADD COLUMN IF NOT EXISTS experience_details JSONB,
  ADD COLUMN IF NOT EXISTS updated_at TIMESTAMP WITH TIME ZONE DEFAULT NOW();
CREATE UNIQUE INDEX IF NOT EXISTS resume_bullets_session_topic_key
  ON resume_bullets(session_id, topic) WHERE session_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS idx_resume_bullets_experience ON resume_bullets(user_id, experience);

DROP TRIGGER IF EXISTS update_resume_bullets_updated_at ON resume_bullets;
CREATE TRIGGER update_resume_bullets_updated_at
  BEFORE UPDATE ON resume_bullets
  FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();

-- A user's bullets may point only at the user's own interviews (a foreign key check alone would
-- accept anybody's session id).
DROP POLICY IF EXISTS "Bullets link only own sessions" ON resume_bullets;
CREATE POLICY "Bullets link only own sessions" ON resume_bullets
  AS RESTRICTIVE FOR ALL TO authenticated
  USING (true)
  WITH CHECK (session_id IS NULL OR owns_interview_session(session_id));
