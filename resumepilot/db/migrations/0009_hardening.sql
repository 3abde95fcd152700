-- Hardening against abuse (issue 8): ownership of every referenced row in RLS write checks,
-- audit events a user cannot forge, no "exists but not yours" oracle, and limits counted
-- atomically in the database: logins per account and address, sign-ups per address, renders
-- waiting per user. Advisory locks use the two-key form with a namespace of our own as the first
-- key, so locks of different kinds never collide.

-- Row-level security: references to other users' rows ----------------------------------------

CREATE OR REPLACE FUNCTION owns_resume_draft(p_draft_id UUID) RETURNS BOOLEAN
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT EXISTS (SELECT 1 FROM public.resume_drafts d
                 WHERE d.id = p_draft_id AND d.user_id = auth.uid())
$$;
REVOKE EXECUTE ON FUNCTION owns_resume_draft(UUID) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION owns_resume_draft(UUID) TO authenticated;

-- A foreign key only proves that the row exists, not whose it is: without this a user could
-- file a generation under somebody else's draft or interview (and read its title through it).
DROP POLICY IF EXISTS "Generations link only own drafts and sessions" ON resume_generations;
CREATE POLICY "Generations link only own drafts and sessions" ON resume_generations
  AS RESTRICTIVE FOR ALL TO authenticated
  USING (true)
  WITH CHECK ((session_id IS NULL OR owns_interview_session(session_id))
              AND (draft_id IS NULL OR owns_resume_draft(draft_id)));

-- The same for interview turns, written as a restrictive policy too, so that a permissive
-- policy added later cannot open the door again.
DROP POLICY IF EXISTS "Turns link only own sessions" ON interview_turns;
CREATE POLICY "Turns link only own sessions" ON interview_turns
  AS RESTRICTIVE FOR ALL TO authenticated
  USING (true)
  WITH CHECK (owns_interview_session(session_id));

-- Who is calling ------------------------------------------------------------------------------

-- Callers acting for a user (anon, authenticated) versus trusted code (the owner, service_role,
-- jobs). Inside a SECURITY DEFINER function current_user is the owner, but the 'role' setting
-- still names the role the caller switched to.
CREATE OR REPLACE FUNCTION caller_is_trusted() RETURNS BOOLEAN
LANGUAGE sql STABLE AS $$
  SELECT current_setting('role') NOT IN ('anon', 'authenticated')
$$;

-- The address the request came from, as the web server saw it: set by start_request() from the
-- connection, never from anything the client sends in its body.
CREATE OR REPLACE FUNCTION app_auth.request_ip() RETURNS INET
LANGUAGE sql STABLE AS $$
  SELECT NULLIF(current_setting('app_auth.client_ip', true), '')::inet
$$;
GRANT EXECUTE ON FUNCTION app_auth.request_ip() TO anon, authenticated, service_role;

DROP FUNCTION IF EXISTS app_auth.start_request(BYTEA);
CREATE OR REPLACE FUNCTION app_auth.start_request(p_token_hash BYTEA, p_client_ip INET DEFAULT NULL)
RETURNS TABLE(session_id UUID, user_id UUID, email TEXT, csrf_token TEXT, kind TEXT)
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  -- Set first, while the transaction still runs as the web server's own role.
  PERFORM set_config('app_auth.client_ip', COALESCE(host(p_client_ip), ''), true);
  IF p_token_hash IS NOT NULL THEN
    SELECT r.session_id, r.user_id, r.email, r.csrf_token, r.kind
      INTO session_id, user_id, email, csrf_token, kind
      FROM app_auth.resolve_session(p_token_hash) r LIMIT 1;
  END IF;
  IF user_id IS NULL THEN
    PERFORM set_config('request.jwt.claims', '{"role":"anon"}', true);
    PERFORM set_config('role', 'anon', true);
    RETURN;
  END IF;
  PERFORM set_config('request.jwt.claims',
    jsonb_build_object('sub', user_id, 'role', 'authenticated', 'email', email,
                       'session_id', session_id, 'aud', 'authenticated')::text, true);
  PERFORM set_config('role', 'authenticated', true);
  RETURN NEXT;
END;
$$;
REVOKE ALL ON FUNCTION app_auth.start_request(BYTEA, INET) FROM PUBLIC;

-- Audit events --------------------------------------------------------------------------------

-- A user writes events about themselves only, and the address is the server's: a caller acting
-- for a user may pass none or the one the server recorded; trusted code passes what it saw.
CREATE OR REPLACE FUNCTION record_system_event(
  p_event_type TEXT, p_event_data JSONB, p_user_id UUID, p_ip INET, p_user_agent TEXT
) RETURNS UUID
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_ip INET := p_ip;
  v_id UUID;
BEGIN
  IF NOT caller_is_trusted() THEN
    IF auth.uid() IS NULL OR p_user_id IS DISTINCT FROM auth.uid() THEN
      RAISE EXCEPTION 'events can only be recorded about yourself' USING ERRCODE = '42501';
    END IF;
    v_ip := app_auth.request_ip();
    IF p_ip IS NOT NULL AND p_ip IS DISTINCT FROM v_ip THEN
      RAISE EXCEPTION 'the address of an event is set by the server' USING ERRCODE = '42501';
    END IF;
  END IF;
  INSERT INTO system_events (event_type, event_data, user_id, ip_address, user_agent)
  VALUES (left(p_event_type, 100), p_event_data, p_user_id, COALESCE(v_ip, app_auth.request_ip()),
          left(p_user_agent, 500))
  RETURNING id INTO v_id;
  RETURN v_id;
END;
$$;

-- Downloads -----------------------------------------------------------------------------------

-- One answer for "no such resume" and "somebody else's resume", so ids cannot be probed.
CREATE OR REPLACE FUNCTION record_download(
  p_generation_id UUID, p_format TEXT, p_file_size_bytes INTEGER DEFAULT NULL
) RETURNS INTEGER
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_owner UUID;
  v_count INTEGER;
BEGIN
  SELECT user_id INTO v_owner FROM resume_generations WHERE id = p_generation_id;
  IF v_owner IS NULL
     OR NOT (caller_is_trusted() OR v_owner = auth.uid() OR is_admin()) THEN
    RAISE EXCEPTION 'no such resume' USING ERRCODE = 'P0002';
  END IF;
  INSERT INTO resume_downloads AS d (generation_id, format, file_size_bytes, download_count)
  VALUES (p_generation_id, p_format, p_file_size_bytes, 1)
  ON CONFLICT (generation_id, format) DO UPDATE
    SET download_count = COALESCE(d.download_count, 0) + 1,
        file_size_bytes = COALESCE(EXCLUDED.file_size_bytes, d.file_size_bytes)
  RETURNING download_count INTO v_count;
  RETURN v_count;
END;
$$;

-- Renders waiting per user --------------------------------------------------------------------

-- Renders one user may have waiting at once: each costs CPU that every user shares. A render
-- still processing after 10 minutes was lost (its worker died) and no longer counts.
CREATE OR REPLACE FUNCTION max_waiting_renders() RETURNS INTEGER
LANGUAGE sql IMMUTABLE AS $$ SELECT 3 $$;

-- Queues the render of a waiting generation the caller owns. The per-user advisory lock, held
-- to the end of the transaction, makes "count, then queue" one step: a parallel request of the
-- same user waits here until this one commits and then counts its generation too.
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
  PERFORM pg_advisory_xact_lock(727204, hashtext(v_owner::text));
  -- Read after the lock, so the count includes generations committed while we waited.
  SELECT generation_status INTO v_status FROM resume_generations WHERE id = p_generation_id;
  IF v_status IS DISTINCT FROM 'processing' THEN
    RAISE EXCEPTION 'this resume is not waiting to be rendered' USING ERRCODE = '55000';
  END IF;
  SELECT count(*) INTO v_waiting FROM resume_generations
   WHERE user_id = v_owner AND generation_status = 'processing'
     AND created_at > now() - interval '10 minutes';
  IF v_waiting > max_waiting_renders() THEN
    RAISE EXCEPTION 'You already have % resumes rendering; wait for one to finish, then try again.',
      max_waiting_renders() USING ERRCODE = '53400';
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

-- Login attempts ------------------------------------------------------------------------------

-- An attempt is recorded (pending, succeeded IS NULL) before the password is checked and counts
-- as a failure until finish_login_attempt() says otherwise, so a burst of parallel guesses is
-- counted as it arrives, not after each slow password check.
ALTER TABLE app_auth.login_attempts ALTER COLUMN succeeded DROP NOT NULL;
CREATE INDEX IF NOT EXISTS login_attempts_email_ip_idx
  ON app_auth.login_attempts (lower(email), ip_address, created_at);

-- Seconds until fewer than p_limit of the matching failures are inside the window; 0 when
-- already fewer. The p_limit-th newest failure is the one that must leave the window.
CREATE OR REPLACE FUNCTION app_auth.login_wait_seconds(
  p_email TEXT, p_ip INET, p_by_email BOOLEAN, p_by_ip BOOLEAN, p_limit INTEGER,
  p_window INTERVAL
) RETURNS INTEGER
LANGUAGE sql STABLE AS $$
  SELECT COALESCE((
    SELECT GREATEST(1, ceil(extract(epoch FROM a.created_at + p_window - clock_timestamp())))::int
    FROM app_auth.login_attempts a
    WHERE a.succeeded IS NOT TRUE
      AND a.created_at > clock_timestamp() - p_window
      AND (NOT p_by_email OR lower(a.email) = lower(p_email))
      AND (NOT p_by_ip OR a.ip_address IS NOT DISTINCT FROM p_ip)
    ORDER BY a.created_at DESC
    OFFSET GREATEST(p_limit, 1) - 1 LIMIT 1
  ), 0)
$$;

-- Checks the limits and, when none is reached, records the attempt: one step per account and
-- per address (advisory locks held to commit; always account first, then address, so two
-- attempts never wait on each other in a cycle). Three counters: the account from this address
-- (the tight one), this address over all accounts, and the account over all addresses, whose
-- ceiling is much higher so one address guessing cannot lock the owner out everywhere.
-- Returns the new attempt's id, or NULL and the seconds to wait.
CREATE OR REPLACE FUNCTION app_auth.begin_login_attempt(
  p_email TEXT, p_ip INET, p_max_per_account_and_address INTEGER, p_max_per_address INTEGER,
  p_max_per_account INTEGER, p_window_minutes INTEGER
) RETURNS TABLE(attempt_id BIGINT, retry_after_seconds INTEGER)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  v_window INTERVAL := make_interval(mins => p_window_minutes);
  v_wait INTEGER;
BEGIN
  PERFORM pg_advisory_xact_lock(727201, hashtext(lower(p_email)));
  PERFORM pg_advisory_xact_lock(727202, hashtext(COALESCE(host(p_ip), '')));
  v_wait := GREATEST(
    app_auth.login_wait_seconds(p_email, p_ip, true, true, p_max_per_account_and_address,
                                v_window),
    app_auth.login_wait_seconds(p_email, p_ip, false, true, p_max_per_address, v_window),
    app_auth.login_wait_seconds(p_email, p_ip, true, false, p_max_per_account, v_window));
  IF v_wait > 0 THEN
    attempt_id := NULL;
    retry_after_seconds := v_wait;
    RETURN NEXT;
    RETURN;
  END IF;
  INSERT INTO app_auth.login_attempts (email, ip_address, succeeded, created_at)
  VALUES (lower(p_email), p_ip, NULL, clock_timestamp())
  RETURNING id INTO attempt_id;
  retry_after_seconds := 0;
  RETURN NEXT;
END;
$$;

CREATE OR REPLACE FUNCTION app_auth.finish_login_attempt(p_attempt_id BIGINT, p_succeeded BOOLEAN)
RETURNS VOID
LANGUAGE sql VOLATILE AS $$
  UPDATE app_auth.login_attempts SET succeeded = p_succeeded WHERE id = p_attempt_id
$$;

REVOKE ALL ON FUNCTION app_auth.login_wait_seconds(TEXT, INET, BOOLEAN, BOOLEAN, INTEGER, INTERVAL)
  FROM PUBLIC;
REVOKE ALL ON FUNCTION app_auth.begin_login_attempt(TEXT, INET, INTEGER, INTEGER, INTEGER, INTEGER)
  FROM PUBLIC;
REVOKE ALL ON FUNCTION app_auth.finish_login_attempt(BIGINT, BOOLEAN) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app_auth.login_wait_seconds(TEXT, INET, BOOLEAN, BOOLEAN, INTEGER,
                                                      INTERVAL) TO service_role;
GRANT EXECUTE ON FUNCTION app_auth.begin_login_attempt(TEXT, INET, INTEGER, INTEGER, INTEGER,
                                                       INTEGER) TO service_role;
GRANT EXECUTE ON FUNCTION app_auth.finish_login_attempt(BIGINT, BOOLEAN) TO service_role;

-- Sign-ups per address ------------------------------------------------------------------------

CREATE TABLE IF NOT EXISTS app_auth.signups (
  id BIGSERIAL PRIMARY KEY,
  ip_address INET,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX IF NOT EXISTS signups_ip_idx ON app_auth.signups (ip_address, created_at);
CREATE INDEX IF NOT EXISTS signups_created_at_idx ON app_auth.signups (created_at);
-- UPDATE too: the purge below locks the rows it deletes (FOR UPDATE SKIP LOCKED).
GRANT SELECT, INSERT, UPDATE, DELETE ON app_auth.signups TO service_role;
GRANT USAGE ON SEQUENCE app_auth.signups_id_seq TO service_role;

-- Counts one sign-up from p_ip when fewer than p_max happened in the window; else returns the
-- seconds to wait. The per-address lock makes "count, then add" one step; called in the
-- sign-up's own transaction, so a sign-up that fails (a taken email) is not counted.
CREATE OR REPLACE FUNCTION app_auth.register_signup(
  p_ip INET, p_max INTEGER, p_window_minutes INTEGER
) RETURNS INTEGER
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  v_window INTERVAL := make_interval(mins => p_window_minutes);
  v_oldest TIMESTAMP WITH TIME ZONE;
BEGIN
  PERFORM pg_advisory_xact_lock(727203, hashtext(COALESCE(host(p_ip), '')));
  SELECT s.created_at INTO v_oldest FROM app_auth.signups s
   WHERE s.ip_address IS NOT DISTINCT FROM p_ip AND s.created_at > clock_timestamp() - v_window
   ORDER BY s.created_at DESC OFFSET GREATEST(p_max, 1) - 1 LIMIT 1;
  IF FOUND THEN
    RETURN GREATEST(1, ceil(extract(epoch FROM v_oldest + v_window - clock_timestamp())))::int;
  END IF;
  INSERT INTO app_auth.signups (ip_address) VALUES (p_ip);
  -- Addresses are personal data: rows past every window go, a few at a time, without waiting
  -- on rows another sign-up is deleting.
  DELETE FROM app_auth.signups WHERE id IN (
    SELECT id FROM app_auth.signups
     WHERE created_at < clock_timestamp() - GREATEST(v_window, interval '1 day')
     ORDER BY created_at LIMIT 100 FOR UPDATE SKIP LOCKED);
  RETURN 0;
END;
$$;
REVOKE ALL ON FUNCTION app_auth.register_signup(INET, INTEGER, INTEGER) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app_auth.register_signup(INET, INTEGER, INTEGER) TO service_role;
