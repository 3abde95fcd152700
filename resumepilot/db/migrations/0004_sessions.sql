-- Per-request authentication. The web process connects as the owner and, at the start of each
-- request's transaction, calls app_auth.start_request(): it resolves the session token and switches
-- the transaction to 'authenticated' (with Supabase-shaped claims) or 'anon'. Everything after
-- that in the transaction is subject to row-level security.

-- Resolves a token (its SHA-256) to a live session. Safe for anon: without the token there is
-- nothing to learn.
CREATE OR REPLACE FUNCTION app_auth.resolve_session(p_token_hash BYTEA)
RETURNS TABLE(session_id UUID, user_id UUID, email TEXT, csrf_token TEXT, kind TEXT)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = app_auth, pg_temp AS $$
  SELECT s.id, s.user_id, u.email, s.csrf_token, s.kind
  FROM app_auth.sessions s JOIN auth.users u ON u.id = s.user_id
  WHERE s.token_hash = p_token_hash AND s.revoked_at IS NULL AND s.expires_at > now()
$$;

CREATE OR REPLACE FUNCTION app_auth.start_request(p_token_hash BYTEA)
RETURNS TABLE(session_id UUID, user_id UUID, email TEXT, csrf_token TEXT, kind TEXT)
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
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
REVOKE ALL ON FUNCTION app_auth.start_request(BYTEA) FROM PUBLIC;
REVOKE ALL ON FUNCTION app_auth.resolve_session(BYTEA) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app_auth.resolve_session(BYTEA) TO anon, authenticated, service_role;

-- The auth server (our sign-up, login and session code) runs as service_role, like Supabase's
-- auth server runs as its own role: it alone reads password hashes and sessions.
GRANT USAGE ON SCHEMA app_auth TO anon, authenticated, service_role;
GRANT SELECT, INSERT, UPDATE, DELETE ON app_auth.sessions, app_auth.login_attempts TO service_role;
GRANT USAGE ON SEQUENCE app_auth.login_attempts_id_seq TO service_role;
DO $$
BEGIN
  GRANT SELECT, INSERT, UPDATE, DELETE ON auth.users TO service_role;
EXCEPTION WHEN insufficient_privilege THEN
  -- Supabase owns auth.users there; its service_role already has what it needs.
  RAISE NOTICE 'auth.users belongs to another role; grants left to it';
END
$$;
GRANT USAGE ON SCHEMA public TO anon, authenticated, service_role;

-- Starting an interview takes a credit in the same statement sequence as creating the session,
-- so a session cannot exist without a credit (users have no INSERT on interview_sessions).
CREATE OR REPLACE FUNCTION start_interview_session(p_session_type TEXT, p_role_type TEXT)
RETURNS UUID
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_user UUID := auth.uid();
  v_id UUID;
BEGIN
  IF v_user IS NULL THEN
    RAISE EXCEPTION 'sign in to start an interview' USING ERRCODE = '42501';
  END IF;
  IF p_session_type IN ('chat', 'voice') AND NOT try_consume_usage(v_user, 'interview') THEN
    RETURN NULL;
  END IF;
  INSERT INTO interview_sessions (user_id, session_type, role_type)
  VALUES (v_user, p_session_type, left(p_role_type, 200))
  RETURNING id INTO v_id;
  RETURN v_id;
END;
$$;
