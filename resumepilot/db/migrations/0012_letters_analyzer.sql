-- Cover letters and the resume analyzer (issue 12).

-- The analyzer: one interview_sessions row of type 'resume_analyzer' per uploaded resume, with
-- what it found (the parsed JSON Resume, the headings and the report) kept as JSONB. Findings are
-- a record: written once by record_resume_analysis(), never edited by the user.
ALTER TABLE interview_sessions
  ADD COLUMN IF NOT EXISTS findings JSONB
    CHECK (findings IS NULL OR jsonb_typeof(findings) = 'object'),
  ADD COLUMN IF NOT EXISTS source_filename TEXT CHECK (char_length(source_filename) <= 255);

CREATE OR REPLACE FUNCTION record_resume_analysis(p_filename TEXT, p_findings JSONB)
RETURNS UUID
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_user UUID := auth.uid();
  v_id UUID;
BEGIN
  IF v_user IS NULL THEN
    RAISE EXCEPTION 'sign in to analyze a resume' USING ERRCODE = '42501';
  END IF;
  IF p_findings IS NULL OR jsonb_typeof(p_findings) <> 'object'
     OR octet_length(p_findings::text) > 2000000 THEN
    RAISE EXCEPTION 'findings must be one JSON object under 2 MB' USING ERRCODE = '22023';
  END IF;
  INSERT INTO interview_sessions
    (user_id, session_type, role_type, status, completed_at, findings, source_filename)
  VALUES (v_user, 'resume_analyzer', 'analyzer', 'completed', now(), p_findings,
          left(p_filename, 255))
  RETURNING id INTO v_id;
  RETURN v_id;
END;
$$;
REVOKE EXECUTE ON FUNCTION record_resume_analysis(TEXT, JSONB) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION record_resume_analysis(TEXT, JSONB) TO authenticated, service_role;

-- Cover letters: the posting they answer, the choices they were written with, the text the user
-- edits, and what the writer traced (claims with their sources, requirements covered and not).
CREATE TABLE IF NOT EXISTS cover_letters (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id UUID NOT NULL REFERENCES auth.users(id) ON DELETE CASCADE,
  draft_id UUID REFERENCES resume_drafts(id) ON DELETE SET NULL,
  template_name TEXT NOT NULL DEFAULT 'classic' CHECK (template_name ~ '^[a-z_-]{1,40}$'),
  job_title TEXT NOT NULL DEFAULT '' CHECK (char_length(job_title) <= 300),
  company TEXT NOT NULL DEFAULT '' CHECK (char_length(company) <= 300),
  posting_text TEXT NOT NULL CHECK (char_length(posting_text) <= 60000),
  tone TEXT NOT NULL CHECK (tone IN ('formal', 'warm', 'direct')),
  length TEXT NOT NULL CHECK (length IN ('short', 'standard')),
  sender JSONB NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(sender) = 'object'),
  body TEXT NOT NULL CHECK (char_length(body) BETWEEN 1 AND 20000),
  trace JSONB NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(trace) = 'object'),
  created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
  updated_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW()
);
CREATE INDEX IF NOT EXISTS idx_cover_letters_user_id ON cover_letters(user_id, updated_at DESC);
CREATE INDEX IF NOT EXISTS idx_cover_letters_draft_id ON cover_letters(draft_id);

DROP TRIGGER IF EXISTS update_cover_letters_updated_at ON cover_letters;
CREATE TRIGGER update_cover_letters_updated_at
  BEFORE UPDATE ON cover_letters
  FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();

ALTER TABLE cover_letters ENABLE ROW LEVEL SECURITY;

-- A letter is created only with a unit of the plan's cover letters, in the same statement
-- sequence (users have no INSERT), so no letter exists that was not paid for. NULL: refused.
CREATE OR REPLACE FUNCTION create_cover_letter(
  p_draft_id UUID, p_template_name TEXT, p_job_title TEXT, p_company TEXT, p_posting_text TEXT,
  p_tone TEXT, p_length TEXT, p_sender JSONB, p_body TEXT, p_trace JSONB)
RETURNS UUID
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_user UUID := auth.uid();
  v_id UUID;
BEGIN
  IF v_user IS NULL THEN
    RAISE EXCEPTION 'sign in to write a cover letter' USING ERRCODE = '42501';
  END IF;
  -- A draft named must be the caller's own (this function bypasses RLS).
  IF p_draft_id IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM resume_drafts d WHERE d.id = p_draft_id AND d.user_id = v_user) THEN
    RAISE EXCEPTION 'no such resume draft' USING ERRCODE = '42501';
  END IF;
  IF NOT try_consume_usage(v_user, 'cover_letter') THEN
    RETURN NULL;
  END IF;
  INSERT INTO cover_letters (user_id, draft_id, template_name, job_title, company, posting_text,
                             tone, length, sender, body, trace)
  VALUES (v_user, p_draft_id, p_template_name, left(p_job_title, 300), left(p_company, 300),
          p_posting_text, p_tone, p_length, p_sender, p_body, p_trace)
  RETURNING id INTO v_id;
  RETURN v_id;
END;
$$;
REVOKE EXECUTE ON FUNCTION create_cover_letter(UUID, TEXT, TEXT, TEXT, TEXT, TEXT, TEXT, JSONB,
                                               TEXT, JSONB) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION create_cover_letter(UUID, TEXT, TEXT, TEXT, TEXT, TEXT, TEXT, JSONB,
                                              TEXT, JSONB) TO authenticated, service_role;

-- Users read, edit (the text and the look) and delete their own letters.
GRANT SELECT, DELETE ON cover_letters TO authenticated;
GRANT UPDATE (body, template_name) ON cover_letters TO authenticated;
CREATE POLICY "Users view own cover letters" ON cover_letters
  FOR SELECT TO authenticated USING (auth.uid() = user_id);
CREATE POLICY "Users update own cover letters" ON cover_letters
  FOR UPDATE TO authenticated USING (auth.uid() = user_id) WITH CHECK (auth.uid() = user_id);
CREATE POLICY "Users delete own cover letters" ON cover_letters
  FOR DELETE TO authenticated USING (auth.uid() = user_id);
CREATE POLICY "Admins can view all cover letters" ON cover_letters
  FOR SELECT TO authenticated USING (is_admin());
GRANT SELECT, INSERT, UPDATE, DELETE ON cover_letters TO service_role;
