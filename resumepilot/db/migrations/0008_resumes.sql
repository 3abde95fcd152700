-- The resume builder and its background renders (issue 5): drafts the user edits, the options a
-- generation was rendered with, the rendered files, and the one door into the job queue.

-- A draft is what the builder edits: a JSON Resume (basics, work, education, skills, projects and
-- anything an import brought along) plus the choices that shape the render.
CREATE TABLE IF NOT EXISTS resume_drafts (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id UUID NOT NULL REFERENCES auth.users(id) ON DELETE CASCADE,
  title TEXT NOT NULL DEFAULT 'My resume' CHECK (length(title) BETWEEN 1 AND 120),
  role_type TEXT NOT NULL DEFAULT 'default' CHECK (role_type ~ '^[a-z_]{1,40}$'),
  template_name TEXT NOT NULL DEFAULT 'classic' CHECK (template_name ~ '^[a-z_-]{1,40}$'),
  fit_one_page BOOLEAN NOT NULL DEFAULT FALSE,
  trim_older_roles BOOLEAN NOT NULL DEFAULT TRUE,
  paper TEXT NOT NULL DEFAULT 'letter' CHECK (paper IN ('letter', 'a4')),
  resume_data JSONB NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(resume_data) = 'object'),
  created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
  updated_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW()
);
CREATE INDEX IF NOT EXISTS idx_resume_drafts_user_id ON resume_drafts(user_id, updated_at DESC);

DROP TRIGGER IF EXISTS update_resume_drafts_updated_at ON resume_drafts;
CREATE TRIGGER update_resume_drafts_updated_at
  BEFORE UPDATE ON resume_drafts
  FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();

-- What a generation was rendered with and what came out. Page count and LaTeX engine are shown
-- on the result page and feed the Overleaf form (xelatex when the text needs it).
ALTER TABLE resume_generations
  ADD COLUMN IF NOT EXISTS draft_id UUID REFERENCES resume_drafts(id) ON DELETE SET NULL,
  ADD COLUMN IF NOT EXISTS fit_one_page BOOLEAN NOT NULL DEFAULT FALSE,
  ADD COLUMN IF NOT EXISTS paper TEXT NOT NULL DEFAULT 'letter'
    CHECK (paper IN ('letter', 'a4')),
  ADD COLUMN IF NOT EXISTS page_count INTEGER CHECK (page_count > 0),
  ADD COLUMN IF NOT EXISTS latex_engine TEXT CHECK (latex_engine IN ('pdflatex', 'xelatex')),
  ADD COLUMN IF NOT EXISTS render_notes JSONB NOT NULL DEFAULT '[]'::jsonb;
CREATE INDEX IF NOT EXISTS idx_resume_generations_user_created
  ON resume_generations(user_id, created_at DESC);

-- Rendered files live in PostgreSQL, not in a folder: they are small (PDF and DOCX are tens of
-- kB), they are written in the same transaction that marks the generation completed (so a
-- completed generation always has its files and a failed one has none), any web process can
-- serve them whichever worker rendered them, RLS guards them like the generation, and deleting
-- the account deletes them by cascade. The LaTeX source stays in resume_generations.latex_content.
CREATE TABLE IF NOT EXISTS resume_files (
  generation_id UUID NOT NULL REFERENCES resume_generations(id) ON DELETE CASCADE,
  format TEXT NOT NULL CHECK (format IN ('pdf', 'word', 'preview')),
  media_type TEXT NOT NULL,
  filename TEXT NOT NULL,
  content BYTEA NOT NULL,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
  PRIMARY KEY (generation_id, format)
);

ALTER TABLE resume_drafts ENABLE ROW LEVEL SECURITY;
ALTER TABLE resume_files ENABLE ROW LEVEL SECURITY;

GRANT SELECT, INSERT, UPDATE, DELETE ON resume_drafts TO authenticated;
CREATE POLICY "Users manage own drafts" ON resume_drafts
  FOR ALL TO authenticated USING (auth.uid() = user_id) WITH CHECK (auth.uid() = user_id);
CREATE POLICY "Admins can view all drafts" ON resume_drafts
  FOR SELECT TO authenticated USING (is_admin());

-- Files are written only by the render job (service_role); users read their own.
GRANT SELECT ON resume_files TO authenticated;
CREATE POLICY "Users view own resume files" ON resume_files
  FOR SELECT TO authenticated USING (owns_resume_generation(generation_id));
CREATE POLICY "Admins can view all resume files" ON resume_files
  FOR SELECT TO authenticated USING (is_admin());

-- A generation's outcome (status, LaTeX, timings, page count) is written by the render job
-- alone: users create a request and may delete it, but cannot mark it completed with a source
-- that never went through the renderer's escaping.
REVOKE INSERT, UPDATE ON resume_generations FROM authenticated;
GRANT INSERT (user_id, session_id, template_name, role_type, resume_data, draft_id, fit_one_page,
              paper, render_notes) ON resume_generations TO authenticated;

GRANT SELECT, INSERT, UPDATE, DELETE ON resume_drafts, resume_files TO service_role;

-- Deferring the render job in the request's own transaction: procrastinate_defer_jobs_v1 inserts
-- into procrastinate_jobs, which `authenticated` has no grant on (and must not: anyone could
-- queue any task with any arguments). This SECURITY DEFINER wrapper queues exactly one task, for
-- a generation the caller owns that is still waiting. Because it runs inside the request's
-- transaction, a request that rolls back (an error after the INSERT, a failed commit) leaves no
-- job behind, and a committed request always has its job. The worker is woken by procrastinate's
-- NOTIFY trigger, which PostgreSQL delivers at commit. The queueing lock refuses a second job for
-- the same generation while one is waiting. The body is PL/pgSQL, resolved when first called,
-- so it may be created before procrastinate's schema is installed (migrate.py installs it last).
CREATE OR REPLACE FUNCTION defer_resume_generation(p_generation_id UUID) RETURNS BIGINT
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_owner UUID;
  v_status TEXT;
  v_job BIGINT;
BEGIN
  SELECT user_id, generation_status INTO v_owner, v_status
    FROM resume_generations WHERE id = p_generation_id;
  IF v_owner IS NULL THEN
    RAISE EXCEPTION 'no such resume' USING ERRCODE = 'P0002';
  END IF;
  PERFORM assert_acting_for(v_owner);
  IF v_status IS DISTINCT FROM 'processing' THEN
    RAISE EXCEPTION 'this resume is not waiting to be rendered' USING ERRCODE = '55000';
  END IF;
  SELECT ids[1] INTO v_job FROM procrastinate_defer_jobs_v1(ARRAY[
    ROW('resumes', 'resumepilot:render_resume_generation', 0, NULL,
        'resume-generation:' || p_generation_id::text,
        jsonb_build_object('generation_id', p_generation_id::text), NULL)
  ]::procrastinate_job_to_defer_v1[]) AS ids;
  RETURN v_job;
END;
$$;
REVOKE EXECUTE ON FUNCTION defer_resume_generation(UUID) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION defer_resume_generation(UUID) TO authenticated, service_role;
