-- A resume generation that leaves 'processing' (completed, or failed, by the render job or by
-- the stalled-job sweep) is announced on the channel 'resume_generation_finished' with its id,
-- so a request long-polling its status (GET /api/resumes/generations/{id}?wait=S) answers at
-- once instead of at its next poll. NOTIFY is sent at commit, so a listener that is woken reads
-- the finished row.

CREATE OR REPLACE FUNCTION notify_resume_generation_finished() RETURNS TRIGGER
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('resume_generation_finished', NEW.id::text);
  RETURN NEW;
END;
$$;

DROP TRIGGER IF EXISTS resume_generation_finished ON resume_generations;
CREATE TRIGGER resume_generation_finished
  AFTER UPDATE OF generation_status ON resume_generations
  FOR EACH ROW
  WHEN (OLD.generation_status = 'processing' AND NEW.generation_status <> 'processing')
  EXECUTE FUNCTION notify_resume_generation_finished();
