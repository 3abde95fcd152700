-- Account lifecycle (issue #13): one-time tokens mailed to users (password reset, email
-- verification), email changes confirmed from both addresses, and the requests that sent mail
-- (for rate limits). Tokens are stored by their SHA-256 only, like sessions.

CREATE TABLE IF NOT EXISTS app_auth.account_tokens (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id UUID NOT NULL REFERENCES auth.users(id) ON DELETE CASCADE,
  purpose TEXT NOT NULL CHECK (purpose IN ('password_reset', 'email_verification')),
  token_hash BYTEA NOT NULL UNIQUE,
  -- The address the token was sent to: verifying it must not confirm a later address.
  email TEXT NOT NULL,
  expires_at TIMESTAMPTZ NOT NULL,
  used_at TIMESTAMPTZ,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS account_tokens_user_idx ON app_auth.account_tokens (user_id, purpose);
CREATE INDEX IF NOT EXISTS account_tokens_expires_idx ON app_auth.account_tokens (expires_at);

CREATE TABLE IF NOT EXISTS app_auth.email_changes (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id UUID NOT NULL REFERENCES auth.users(id) ON DELETE CASCADE,
  old_email TEXT NOT NULL,
  new_email TEXT NOT NULL,
  old_token_hash BYTEA NOT NULL UNIQUE,
  new_token_hash BYTEA NOT NULL UNIQUE,
  old_confirmed_at TIMESTAMPTZ,
  new_confirmed_at TIMESTAMPTZ,
  expires_at TIMESTAMPTZ NOT NULL,
  -- Set when the change was applied, or when a newer request replaced this one.
  closed_at TIMESTAMPTZ,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS email_changes_user_idx ON app_auth.email_changes (user_id);
CREATE INDEX IF NOT EXISTS email_changes_expires_idx ON app_auth.email_changes (expires_at);

-- Who asked for mail, for the limits (the address is kept lower-case, for one hour or so).
CREATE TABLE IF NOT EXISTS app_auth.mail_requests (
  id BIGSERIAL PRIMARY KEY,
  kind TEXT NOT NULL,
  email TEXT NOT NULL,
  ip_address INET,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS mail_requests_email_idx ON app_auth.mail_requests (email, created_at);
CREATE INDEX IF NOT EXISTS mail_requests_ip_idx ON app_auth.mail_requests (ip_address, created_at);

GRANT SELECT, INSERT, UPDATE, DELETE
  ON app_auth.account_tokens, app_auth.email_changes, app_auth.mail_requests TO service_role;
GRANT USAGE ON SEQUENCE app_auth.mail_requests_id_seq TO service_role;

-- "Download my data" (issue #13): one row per export, built by a background job; the zip lives
-- in <data dir>/exports/<user id>/ and goes with the account.
CREATE TABLE IF NOT EXISTS data_exports (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id UUID NOT NULL REFERENCES auth.users(id) ON DELETE CASCADE,
  status TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'ready', 'failed')),
  done_steps INTEGER NOT NULL DEFAULT 0,
  total_steps INTEGER NOT NULL DEFAULT 0,
  file_path TEXT,
  size_bytes BIGINT,
  error TEXT,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  finished_at TIMESTAMPTZ,
  expires_at TIMESTAMPTZ NOT NULL DEFAULT now() + interval '7 days'
);
CREATE INDEX IF NOT EXISTS data_exports_user_idx ON data_exports (user_id, created_at);
ALTER TABLE data_exports ENABLE ROW LEVEL SECURITY;
GRANT SELECT ON data_exports TO authenticated;
CREATE POLICY "Users view own data exports" ON data_exports
  FOR SELECT TO authenticated USING (auth.uid() = user_id);
GRANT SELECT, INSERT, UPDATE, DELETE ON data_exports TO service_role;

-- Queues the export job in the caller's transaction (the way 0008 queues renders).
CREATE OR REPLACE FUNCTION defer_data_export(p_export_id UUID, p_folder TEXT) RETURNS BIGINT
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_job BIGINT;
BEGIN
  SELECT ids[1] INTO v_job FROM procrastinate_defer_jobs_v1(ARRAY[
    ROW('privacy', 'resumepilot:build_data_export', 0, NULL,
        'data-export:' || p_export_id::text,
        jsonb_build_object('export_id', p_export_id::text, 'folder', p_folder), NULL)
  ]::procrastinate_job_to_defer_v1[]) AS ids;
  RETURN v_job;
END;
$$;
REVOKE EXECUTE ON FUNCTION defer_data_export(UUID, TEXT) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION defer_data_export(UUID, TEXT) TO service_role;

-- Account deletion removes the background jobs whose arguments name the user (queued ones would
-- otherwise run for an account that is gone; finished ones keep its id). Not the running ones.
CREATE OR REPLACE FUNCTION forget_jobs_about(p_user_id UUID) RETURNS INTEGER
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_count INTEGER;
BEGIN
  DELETE FROM procrastinate_jobs
   WHERE status <> 'doing' AND strpos(args::text, p_user_id::text) > 0;
  GET DIAGNOSTICS v_count = ROW_COUNT;
  RETURN v_count;
END;
$$;
REVOKE EXECUTE ON FUNCTION forget_jobs_about(UUID) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION forget_jobs_about(UUID) TO service_role;

-- Retention of finished jobs: deletes up to p_limit jobs finished before now() - p_age and
-- returns how many; with a NULL limit it only counts them (a dry run).
CREATE OR REPLACE FUNCTION forget_finished_jobs(p_age INTERVAL, p_limit INTEGER)
RETURNS INTEGER
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_count INTEGER;
BEGIN
  IF p_limit IS NULL THEN
    SELECT count(*) INTO v_count FROM procrastinate_jobs j
     WHERE j.status IN ('succeeded', 'failed', 'cancelled', 'aborted')
       AND coalesce((SELECT max(e.at) FROM procrastinate_events e WHERE e.job_id = j.id),
                    j.scheduled_at, now()) < now() - p_age;
    RETURN v_count;
  END IF;
  DELETE FROM procrastinate_jobs WHERE id IN (
    SELECT j.id FROM procrastinate_jobs j
     WHERE j.status IN ('succeeded', 'failed', 'cancelled', 'aborted')
       AND coalesce((SELECT max(e.at) FROM procrastinate_events e WHERE e.job_id = j.id),
                    j.scheduled_at, now()) < now() - p_age
     LIMIT p_limit);
  GET DIAGNOSTICS v_count = ROW_COUNT;
  RETURN v_count;
END;
$$;
REVOKE EXECUTE ON FUNCTION forget_finished_jobs(INTERVAL, INTEGER) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION forget_finished_jobs(INTERVAL, INTEGER) TO service_role;
