-- Supabase-compatible roles and auth schema, so the specification's policies (auth.uid()) work
-- unchanged here and the schema can be deployed onto a Supabase project. On Supabase the roles,
-- auth.users and the auth.*() functions already exist and belong to Supabase: every object
-- here is created only when missing, and ResumePilot's own session tables live in app_auth.

-- Roles are cluster-wide: create them only when missing so several databases share a cluster.
-- Databases of one cluster may be migrated at the same moment (a test run does), so a role that
-- another session creates between our check and our CREATE is fine too.
DO $$
DECLARE
  r RECORD;
BEGIN
  FOR r IN SELECT * FROM (VALUES ('anon', 'NOLOGIN NOINHERIT'),
                                 ('authenticated', 'NOLOGIN NOINHERIT'),
                                 ('service_role', 'NOLOGIN NOINHERIT BYPASSRLS')) AS v(name, options)
  LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r.name) THEN
      BEGIN
        EXECUTE format('CREATE ROLE %I %s', r.name, r.options);
      EXCEPTION WHEN duplicate_object OR unique_violation THEN
        NULL;
      END;
    END IF;
    -- The connecting (owner) role switches to these per transaction with SET LOCAL ROLE.
    IF NOT pg_has_role(current_user, r.name, 'MEMBER') THEN
      BEGIN
        EXECUTE format('GRANT %I TO %I', r.name, current_user);
      EXCEPTION WHEN unique_violation OR duplicate_object OR internal_error THEN
        NULL;  -- granted meanwhile by a parallel migration
      END;
    END IF;
  END LOOP;
END
$$;

CREATE SCHEMA IF NOT EXISTS auth;

DO $$
BEGIN
  IF to_regclass('auth.users') IS NULL THEN
    CREATE TABLE auth.users (
      id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
      aud TEXT DEFAULT 'authenticated',
      role TEXT DEFAULT 'authenticated',
      email TEXT,
      encrypted_password TEXT,
      email_confirmed_at TIMESTAMP WITH TIME ZONE,
      last_sign_in_at TIMESTAMP WITH TIME ZONE,
      raw_app_meta_data JSONB DEFAULT '{}'::jsonb,
      raw_user_meta_data JSONB DEFAULT '{}'::jsonb,
      created_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
      updated_at TIMESTAMP WITH TIME ZONE DEFAULT NOW()
    );
    CREATE UNIQUE INDEX users_email_lower_key ON auth.users (lower(email));
    GRANT USAGE ON SCHEMA auth TO anon, authenticated, service_role;
  END IF;

  -- Claims are set per transaction the way Supabase's PostgREST sets them.
  IF to_regprocedure('auth.jwt()') IS NULL THEN
    CREATE FUNCTION auth.jwt() RETURNS JSONB LANGUAGE sql STABLE AS $f$
      SELECT COALESCE(NULLIF(current_setting('request.jwt.claims', true), '')::jsonb, '{}'::jsonb)
    $f$;
  END IF;
  IF to_regprocedure('auth.uid()') IS NULL THEN
    CREATE FUNCTION auth.uid() RETURNS UUID LANGUAGE sql STABLE AS $f$
      SELECT COALESCE(NULLIF(current_setting('request.jwt.claim.sub', true), ''),
                      auth.jwt() ->> 'sub')::uuid
    $f$;
  END IF;
  IF to_regprocedure('auth.role()') IS NULL THEN
    CREATE FUNCTION auth.role() RETURNS TEXT LANGUAGE sql STABLE AS $f$
      SELECT COALESCE(NULLIF(current_setting('request.jwt.claim.role', true), ''),
                      auth.jwt() ->> 'role')
    $f$;
  END IF;
END
$$;

-- ResumePilot's own auth data, in a schema of its own (Supabase does not let a project create
-- tables in its auth schema). No grants to anon or authenticated.
CREATE SCHEMA IF NOT EXISTS app_auth;

-- Server-side sessions (browser cookies and API bearer tokens). Only the SHA-256 of a token is
-- stored, so a leaked table does not leak usable tokens.
CREATE TABLE IF NOT EXISTS app_auth.sessions (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id UUID NOT NULL REFERENCES auth.users(id) ON DELETE CASCADE,
  token_hash BYTEA NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('browser', 'api')),
  csrf_token TEXT NOT NULL,
  ip_address INET,
  user_agent TEXT,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
  expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
  revoked_at TIMESTAMP WITH TIME ZONE
);
CREATE INDEX IF NOT EXISTS sessions_user_id_idx ON app_auth.sessions (user_id);

CREATE TABLE IF NOT EXISTS app_auth.login_attempts (
  id BIGSERIAL PRIMARY KEY,
  email TEXT NOT NULL,
  ip_address INET,
  succeeded BOOLEAN NOT NULL,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW()
);
CREATE INDEX IF NOT EXISTS login_attempts_email_idx
  ON app_auth.login_attempts (lower(email), created_at);
CREATE INDEX IF NOT EXISTS login_attempts_ip_idx ON app_auth.login_attempts (ip_address, created_at);
