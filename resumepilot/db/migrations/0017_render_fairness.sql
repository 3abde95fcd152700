-- Fair renders (issue 8): one user's queue never holds another user's render behind it.
--
-- Every render job carries the lock 'resume-render:<user id>', so procrastinate runs at most one
-- render per user at a time and skips the rest of that user's queue to reach other users' jobs.
-- Its priority falls with each render the user already has waiting (0, -1, -2), so even a
-- single worker slot alternates between users instead of finishing one user's queue first.

CREATE OR REPLACE FUNCTION defer_resume_generation(p_generation_id UUID) RETURNS BIGINT
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_owner UUID;
  v_status TEXT;
  v_waiting INTEGER;
  v_job BIGINT;
BEGIN
  SELECT user_id INTO v_owner FROM resume_generations WHERE id = p_generation_id;
  IF v_owner IS NULL OR NOT (caller_is_trusted() OR v_owner = auth.uid() OR is_admin()) THEN
    RAISE EXCEPTION 'no such resume' USING ERRCODE = 'P0002';
  END IF;
  -- As in 0009: "count, then queue" is one step per user.
  PERFORM pg_advisory_xact_lock(727204, hashtext(v_owner::text));
  SELECT generation_status INTO v_status FROM resume_generations WHERE id = p_generation_id;
  IF v_status IS DISTINCT FROM 'processing' THEN
    RAISE EXCEPTION 'this resume is not waiting to be rendered' USING ERRCODE = '55000';
  END IF;
  -- Includes this generation, so the user's first waiting render counts 1.
  SELECT count(*) INTO v_waiting FROM resume_generations
   WHERE user_id = v_owner AND generation_status = 'processing'
     AND created_at > now() - interval '10 minutes';
  IF v_waiting > max_waiting_renders() THEN
    RAISE EXCEPTION 'You already have % resumes rendering; wait for one to finish, then try again.',
      max_waiting_renders() USING ERRCODE = '53400';
  END IF;
  SELECT ids[1] INTO v_job FROM procrastinate_defer_jobs_v1(ARRAY[
    ROW('resumes', 'resumepilot:render_resume_generation', 1 - v_waiting,
        'resume-render:' || v_owner::text,
        'resume-generation:' || p_generation_id::text,
        jsonb_build_object('generation_id', p_generation_id::text), NULL)
  ]::procrastinate_job_to_defer_v1[]) AS ids;
  RETURN v_job;
END;
$$;
REVOKE EXECUTE ON FUNCTION defer_resume_generation(UUID) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION defer_resume_generation(UUID) TO authenticated, service_role;

-- Freed work is picked up at once --------------------------------------------------------------

-- A worker wakes on a "job_inserted" notification or every few seconds. A job held back by its
-- lock is not inserted when the lock frees, so without this it would wait for the next poll:
-- when a locked job stops running (finished, failed, retried or deleted), the next job waiting
-- on that lock is announced exactly as procrastinate announces a new one.
CREATE OR REPLACE FUNCTION announce_next_locked_job() RETURNS TRIGGER
LANGUAGE plpgsql AS $$
DECLARE
  v_next_id BIGINT;
  v_queue TEXT;
  v_payload TEXT;
BEGIN
  SELECT id, queue_name INTO v_next_id, v_queue FROM procrastinate_jobs
   WHERE lock = OLD.lock AND status = 'todo'
   ORDER BY priority DESC, id LIMIT 1;
  IF v_next_id IS NOT NULL THEN
    v_payload := json_build_object('type', 'job_inserted', 'job_id', v_next_id)::text;
    PERFORM pg_notify('procrastinate_queue_v1#' || v_queue, v_payload);
    PERFORM pg_notify('procrastinate_any_queue_v1', v_payload);
  END IF;
  RETURN NULL;
END;
$$;

-- procrastinate's tables are installed after our migrations on a new database (db/migrate.py),
-- so the triggers are added by this function, called here and again after that install.
CREATE OR REPLACE FUNCTION install_job_queue_hooks() RETURNS VOID
LANGUAGE plpgsql AS $$
BEGIN
  IF to_regclass('public.procrastinate_jobs') IS NULL THEN
    RETURN;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'announce_next_locked_job_on_update'
                 AND tgrelid = 'public.procrastinate_jobs'::regclass) THEN
    CREATE TRIGGER announce_next_locked_job_on_update
      AFTER UPDATE OF status ON procrastinate_jobs FOR EACH ROW
      WHEN (OLD.status = 'doing' AND NEW.status <> 'doing' AND OLD.lock IS NOT NULL)
      EXECUTE FUNCTION announce_next_locked_job();
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'announce_next_locked_job_on_delete'
                 AND tgrelid = 'public.procrastinate_jobs'::regclass) THEN
    CREATE TRIGGER announce_next_locked_job_on_delete
      AFTER DELETE ON procrastinate_jobs FOR EACH ROW
      WHEN (OLD.status = 'doing' AND OLD.lock IS NOT NULL)
      EXECUTE FUNCTION announce_next_locked_job();
  END IF;
  -- The lookup above, and procrastinate's own "is an earlier job waiting on this lock?".
  CREATE INDEX IF NOT EXISTS procrastinate_jobs_waiting_lock_idx
    ON procrastinate_jobs (lock, priority DESC, id) WHERE status = 'todo' AND lock IS NOT NULL;
END;
$$;

DO $$ BEGIN PERFORM install_job_queue_hooks(); END $$;
