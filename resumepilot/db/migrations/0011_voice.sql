-- Voice interviews (issue 11): recorded answers waiting for, in, and after transcription.
-- The specification's tables keep their columns: interview_turns.audio_url names the recording
-- of a spoken answer, interview_transcripts holds what the engine heard (confidence_score,
-- processing_time_ms). A recording between upload and confirmation lives in voice_answers.

-- A transcript belongs to the interview it was spoken in, and goes with it.
ALTER TABLE interview_transcripts
  ADD COLUMN IF NOT EXISTS session_id UUID REFERENCES interview_sessions(id) ON DELETE CASCADE;
CREATE INDEX IF NOT EXISTS idx_interview_transcripts_session_id
  ON interview_transcripts(session_id);
DROP POLICY IF EXISTS "Transcripts link only own sessions" ON interview_transcripts;
CREATE POLICY "Transcripts link only own sessions" ON interview_transcripts
  AS RESTRICTIVE FOR ALL TO authenticated
  USING (true)
  WITH CHECK (session_id IS NULL OR owns_interview_session(session_id));

CREATE TABLE IF NOT EXISTS voice_answers (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id UUID NOT NULL DEFAULT auth.uid() REFERENCES auth.users(id) ON DELETE CASCADE,
  session_id UUID NOT NULL REFERENCES interview_sessions(id) ON DELETE CASCADE,
  -- The turn number the answer takes when confirmed (its question's + 1).
  turn_number INTEGER NOT NULL CHECK (turn_number > 0),
  -- Path of the recording under the data directory's files/ folder; never a user's text.
  audio_url TEXT NOT NULL CHECK (audio_url ~ '^voice/[0-9a-f-]{36}/[0-9a-f-]{36}\.[a-z0-9]{2,5}$'),
  audio_bytes INTEGER NOT NULL CHECK (audio_bytes > 0),
  duration_s REAL,
  status TEXT NOT NULL DEFAULT 'queued'
    CHECK (status IN ('queued', 'transcribing', 'ready', 'failed', 'confirmed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  error_message TEXT CHECK (char_length(error_message) <= 1000),
  transcript_id UUID REFERENCES interview_transcripts(id) ON DELETE SET NULL,
  words JSONB,
  engine TEXT CHECK (char_length(engine) <= 40),
  confirmed_text TEXT CHECK (char_length(confirmed_text) <= 20000),
  started_at TIMESTAMP WITH TIME ZONE,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
  updated_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS idx_voice_answers_session ON voice_answers(session_id, turn_number);
CREATE INDEX IF NOT EXISTS idx_voice_answers_user_status ON voice_answers(user_id, status);

DROP TRIGGER IF EXISTS update_voice_answers_updated_at ON voice_answers;
CREATE TRIGGER update_voice_answers_updated_at
  BEFORE UPDATE ON voice_answers
  FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();

ALTER TABLE voice_answers ENABLE ROW LEVEL SECURITY;
-- Users record and read their own answers and confirm them; only the job writes a transcript.
-- INSERT names its columns: the owner (user_id DEFAULT auth.uid()), the status and the
-- transcript are not the user's to set.
GRANT SELECT, DELETE ON voice_answers TO authenticated;
GRANT INSERT (id, session_id, turn_number, audio_url, audio_bytes, duration_s)
  ON voice_answers TO authenticated;
GRANT UPDATE (status, confirmed_text) ON voice_answers TO authenticated;
GRANT SELECT, INSERT, UPDATE, DELETE ON voice_answers TO service_role;
DROP POLICY IF EXISTS "Users view own voice answers" ON voice_answers;
CREATE POLICY "Users view own voice answers" ON voice_answers
  FOR SELECT TO authenticated USING (user_id = auth.uid());
DROP POLICY IF EXISTS "Users add own voice answers" ON voice_answers;
CREATE POLICY "Users add own voice answers" ON voice_answers
  FOR INSERT TO authenticated
  WITH CHECK (user_id = auth.uid() AND owns_interview_session(session_id));
DROP POLICY IF EXISTS "Users confirm own voice answers" ON voice_answers;
CREATE POLICY "Users confirm own voice answers" ON voice_answers
  FOR UPDATE TO authenticated USING (user_id = auth.uid())
  WITH CHECK (user_id = auth.uid() AND status = 'confirmed');
DROP POLICY IF EXISTS "Users delete own voice answers" ON voice_answers;
CREATE POLICY "Users delete own voice answers" ON voice_answers
  FOR DELETE TO authenticated USING (user_id = auth.uid());
DROP POLICY IF EXISTS "Admins can view all voice answers" ON voice_answers;
CREATE POLICY "Admins can view all voice answers" ON voice_answers
  FOR SELECT TO authenticated USING (is_admin());

-- A confirmed answer's turn points at its recording: the only column of a turn that changes.
GRANT UPDATE (audio_url) ON interview_turns TO authenticated;
DROP POLICY IF EXISTS "Users attach audio to own turns" ON interview_turns;
CREATE POLICY "Users attach audio to own turns" ON interview_turns
  FOR UPDATE TO authenticated
  USING (owns_interview_session(session_id) AND speaker = 'user')
  WITH CHECK (owns_interview_session(session_id) AND speaker = 'user');

-- Transcriptions one user may have waiting at once: each takes seconds of a shared CPU.
CREATE OR REPLACE FUNCTION max_waiting_transcriptions() RETURNS INTEGER
LANGUAGE sql IMMUTABLE AS $$ SELECT 4 $$;

-- Queues the transcription of an answer the caller owns that is queued (just uploaded) or
-- failed (a retry), in the caller's transaction: a request that rolls back leaves no job. The
-- per-user advisory lock makes "count, then queue" one step; the queueing lock refuses a second
-- job for the same answer while one waits. Returns the job's id.
CREATE OR REPLACE FUNCTION queue_voice_transcription(p_answer_id UUID) RETURNS BIGINT
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_owner UUID;
  v_status TEXT;
  v_waiting INTEGER;
  v_job BIGINT;
BEGIN
  SELECT user_id INTO v_owner FROM voice_answers WHERE id = p_answer_id;
  IF v_owner IS NULL OR NOT (caller_is_trusted() OR v_owner = auth.uid()) THEN
    RAISE EXCEPTION 'no such recording' USING ERRCODE = 'P0002';
  END IF;
  PERFORM pg_advisory_xact_lock(727211, hashtext(v_owner::text));
  SELECT status INTO v_status FROM voice_answers WHERE id = p_answer_id FOR UPDATE;
  IF v_status NOT IN ('queued', 'failed') THEN
    RAISE EXCEPTION 'this recording is not waiting to be transcribed' USING ERRCODE = '55000';
  END IF;
  SELECT count(*) INTO v_waiting FROM voice_answers
   WHERE user_id = v_owner AND id <> p_answer_id AND status IN ('queued', 'transcribing')
     AND updated_at > now() - interval '15 minutes';
  IF v_waiting >= max_waiting_transcriptions() THEN
    RAISE EXCEPTION 'You already have % recordings being transcribed; wait for one to finish, then try again.',
      max_waiting_transcriptions() USING ERRCODE = '53400';
  END IF;
  UPDATE voice_answers
     SET status = 'queued', error_message = NULL, attempts = attempts + 1, started_at = NULL
   WHERE id = p_answer_id;
  SELECT ids[1] INTO v_job FROM procrastinate_defer_jobs_v1(ARRAY[
    ROW('voice', 'resumepilot:transcribe_voice_answer', 0, NULL,
        'voice-answer:' || p_answer_id::text,
        jsonb_build_object('answer_id', p_answer_id::text), NULL)
  ]::procrastinate_job_to_defer_v1[]) AS ids;
  RETURN v_job;
END;
$$;
REVOKE EXECUTE ON FUNCTION queue_voice_transcription(UUID) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION queue_voice_transcription(UUID) TO authenticated, service_role;
