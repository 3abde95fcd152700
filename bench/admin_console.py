"""The admin console's database cost on a large synthetic data set, each beside a baseline
measured in the same run (rounds interleaved):

- app_auth.start_request() now also says whether the caller is an admin (for the page shell's
  link): against the previous definition (migration 0009's), created in this throwaway database.
- admin_search_users() (permission check, plan, usage, profile, admin role per row): against the
  plain `SELECT id, email FROM auth.users WHERE email ILIKE ... LIMIT 50`.
- admin_daily_metrics(30), admin_totals() and monitor_consistency() (the console's overview and
  `resumepilot doctor`): timed alone, they have no older equivalent.

    .venv/bin/python bench/admin_console.py [--users 100000] [--events 300000] [--repeat 30]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import psycopg
from common import MachineLoad, command_line, machine_summary, now_utc, percentile

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

OLD_START_REQUEST = """
CREATE FUNCTION app_auth.bench_start_request_0009(p_token_hash BYTEA, p_client_ip INET DEFAULT NULL)
RETURNS TABLE(session_id UUID, user_id UUID, email TEXT, csrf_token TEXT, kind TEXT)
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
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
"""


def throwaway_database() -> str:
    from resumepilot.db.embedded import start_embedded_server, with_database
    from resumepilot.db.migrate import apply_migrations

    pgdata = Path(tempfile.mkdtemp(prefix="rp-bench-admin-")) / "pgdata"
    server = start_embedded_server(pgdata, cleanup="delete")
    url = server.get_uri()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute('CREATE DATABASE "bench_admin"')
    url = with_database(url, "bench_admin")
    apply_migrations(url)
    return url


def fill(conn: psycopg.Connection, users: int, events: int) -> bytes:
    """Synthetic users (profiles come from the sign-up trigger), a session each for 1 in 10,
    usage, subscriptions and events; returns the token hash of one user's session."""
    conn.execute(
        "INSERT INTO auth.users (email, created_at) SELECT 'user' || g || '@example.com',"
        " now() - (g %% 60) * interval '1 day' FROM generate_series(1, %s) g",
        [users],
    )
    conn.execute(
        "INSERT INTO app_auth.sessions (user_id, token_hash, kind, csrf_token, expires_at)"
        " SELECT id, sha256(id::text::bytea), 'browser', 'x', now() + interval '1 day'"
        " FROM auth.users TABLESAMPLE BERNOULLI (10)"
    )
    conn.execute(
        "INSERT INTO usage_tracking (user_id, month, interviews_used)"
        " SELECT id, current_usage_month(), 1 FROM auth.users TABLESAMPLE BERNOULLI (30)"
    )
    conn.execute(
        "INSERT INTO subscriptions (user_id, plan_name, status)"
        " SELECT id, (ARRAY['pro','career','coach'])[1 + (random() * 2)::int], 'active'"
        " FROM auth.users TABLESAMPLE BERNOULLI (5)"
    )
    conn.execute(
        "INSERT INTO system_events (event_type, event_data, created_at)"
        " SELECT (ARRAY['auth.login','render.done','render.failed'])[1 + g %% 3],"
        " jsonb_build_object('duration_ms', g %% 900),"
        " now() - (g %% 30) * interval '1 day'"
        " FROM generate_series(1, %s) g",
        [events],
    )
    conn.execute(OLD_START_REQUEST)
    conn.execute("ANALYZE")
    row = conn.execute("SELECT token_hash FROM app_auth.sessions LIMIT 1").fetchone()
    assert row is not None
    return bytes(row[0])


def timed(conn: psycopg.Connection, sql: str, params: list[object]) -> float:
    with conn.transaction():
        started = time.perf_counter()
        conn.execute(sql, params).fetchall()
        elapsed = (time.perf_counter() - started) * 1000
        conn.execute("RESET ROLE")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=100_000)
    parser.add_argument("--events", type=int, default=300_000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    url = throwaway_database()
    load = MachineLoad()
    with psycopg.connect(url, autocommit=True) as conn:
        token = fill(conn, args.users, args.events)
        pairs = {
            "start_request (with is_admin)": (
                "SELECT * FROM app_auth.start_request(%s, '127.0.0.1')",
                [token],
            ),
            "baseline: start_request of migration 0009": (
                "SELECT * FROM app_auth.bench_start_request_0009(%s, '127.0.0.1')",
                [token],
            ),
            "admin_search_users('user12', 50)": (
                "SELECT * FROM admin_search_users('user12', 50)",
                [],
            ),
            "baseline: SELECT id, email ... ILIKE ... LIMIT 50": (
                "SELECT id, email FROM auth.users WHERE email ILIKE '%%user12%%' LIMIT 50",
                [],
            ),
            "admin_daily_metrics(30)": ("SELECT * FROM admin_daily_metrics(30)", []),
            "admin_totals()": ("SELECT * FROM admin_totals()", []),
            "monitor_consistency()": ("SELECT * FROM monitor_consistency()", []),
        }
        samples: dict[str, list[float]] = {name: [] for name in pairs}
        load.start()
        for _ in range(args.repeat):
            for name, (sql, params) in pairs.items():
                samples[name].append(timed(conn, sql, params))
    print(f"{now_utc()}  {command_line()}")
    print(machine_summary())
    print(load.describe())
    print(f"{args.users} users, {args.events} system events, {args.repeat} runs each, interleaved")
    print("| query | median ms | p95 ms |\n|---|---|---|")
    for name, values in samples.items():
        print(f"| {name} | {statistics.median(values):.2f} | {percentile(values, 95):.2f} |")


if __name__ == "__main__":
    main()
