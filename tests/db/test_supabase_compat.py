"""The migrations deploy onto a Supabase-shaped database: auth.users and auth.uid() already
exist and belong to another role, and migrations run as a non-superuser project owner."""

from __future__ import annotations

import contextlib

import psycopg
import pytest
from psycopg import sql

from resumepilot.db.embedded import with_database
from resumepilot.db.migrate import apply_migrations, pending_migrations

PROJECT_OWNER = "rp_project_owner"


def ensure_role(conn, name: str, options: str) -> None:
    if conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [name]).fetchone():
        return
    # Another xdist worker may create it at the same moment.
    with contextlib.suppress(psycopg.errors.DuplicateObject, psycopg.errors.UniqueViolation):
        conn.execute(sql.SQL("CREATE ROLE {} " + options).format(sql.Identifier(name)))


@pytest.fixture
def supabase_like_url(pg_server_url: str, worker_id: str):
    name = f"rp_supabase_like_{worker_id}"
    with psycopg.connect(pg_server_url, autocommit=True) as conn:
        for role, options in (
            ("anon", "NOLOGIN NOINHERIT"),
            ("authenticated", "NOLOGIN NOINHERIT"),
            ("service_role", "NOLOGIN NOINHERIT BYPASSRLS"),
            ("supabase_auth_admin", "NOLOGIN"),
            (PROJECT_OWNER, "LOGIN NOSUPERUSER"),
        ):
            ensure_role(conn, role, options)
        conn.execute(f"GRANT anon, authenticated, service_role TO {PROJECT_OWNER}")
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}" OWNER {PROJECT_OWNER}')
    superuser_url = with_database(pg_server_url, name)
    with psycopg.connect(superuser_url, autocommit=True) as conn:
        # What a Supabase project has before any migration of ours.
        conn.execute("""
            CREATE SCHEMA auth AUTHORIZATION supabase_auth_admin;
            CREATE TABLE auth.users (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), email text,
              encrypted_password text, raw_user_meta_data jsonb, last_sign_in_at timestamptz,
              email_confirmed_at timestamptz, created_at timestamptz, updated_at timestamptz,
              banned_until timestamptz);
            ALTER TABLE auth.users OWNER TO supabase_auth_admin;
            CREATE FUNCTION auth.uid() RETURNS uuid LANGUAGE sql STABLE AS
              $$ SELECT (nullif(current_setting('request.jwt.claims', true), '')::jsonb
                         ->> 'sub')::uuid $$;
            ALTER FUNCTION auth.uid() OWNER TO supabase_auth_admin;
            CREATE FUNCTION auth.role() RETURNS text LANGUAGE sql STABLE AS
              $$ SELECT nullif(current_setting('request.jwt.claims', true), '')::jsonb
                        ->> 'role' $$;
            ALTER FUNCTION auth.role() OWNER TO supabase_auth_admin;
            CREATE FUNCTION auth.jwt() RETURNS jsonb LANGUAGE sql STABLE AS
              $$ SELECT nullif(current_setting('request.jwt.claims', true), '')::jsonb $$;
            ALTER FUNCTION auth.jwt() OWNER TO supabase_auth_admin;
            GRANT USAGE ON SCHEMA auth TO anon, authenticated, service_role, rp_project_owner;
            GRANT ALL ON auth.users TO service_role;
            GRANT REFERENCES, TRIGGER, SELECT ON auth.users TO rp_project_owner;
        """)
    owner_url = superuser_url.replace("postgres:@", f"{PROJECT_OWNER}:@", 1)
    yield owner_url
    with psycopg.connect(pg_server_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_migrations_apply_onto_a_supabase_shaped_database(supabase_like_url):
    applied = apply_migrations(supabase_like_url)
    assert applied and pending_migrations(supabase_like_url) == []
    with psycopg.connect(supabase_like_url) as conn:
        owner = conn.execute(
            "SELECT proowner::regrole::text FROM pg_proc WHERE oid = 'auth.uid()'::regprocedure"
        ).fetchone()[0]
        assert owner == "supabase_auth_admin"  # Supabase's function was left alone
        conn.execute("SET LOCAL ROLE anon")
        assert conn.execute("SELECT count(*) FROM plans").fetchone()[0] == 4
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("SELECT * FROM app_auth.sessions")
