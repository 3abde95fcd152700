"""Retention removes what outlived its period, in batches, and keeps everything younger."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid

import psycopg

from resumepilot.db.retention import run_retention


def _user(conn: psycopg.Connection) -> uuid.UUID:
    return conn.execute(
        "INSERT INTO auth.users (email) VALUES (%s) RETURNING id",
        [f"ret-{uuid.uuid4().hex[:10]}@example.com"],
    ).fetchone()[0]


def test_old_rows_go_in_batches_and_young_ones_stay(database_url: str) -> None:
    marker = uuid.uuid4().hex
    with psycopg.connect(database_url, autocommit=True) as conn:
        uid = _user(conn)
        for days in (200, 100, 91, 10):
            conn.execute(
                "INSERT INTO system_events (event_type, event_data, created_at)"
                " VALUES (%s, '{}', now() - make_interval(days => %s))",
                [f"test.{marker}", days],
            )
        for months_ago in (30, 6):
            conn.execute(
                "INSERT INTO interview_sessions (user_id, session_type, created_at)"
                " VALUES (%s, 'chat', now() - make_interval(months => %s))",
                [uid, months_ago],
            )
        conn.execute(
            "INSERT INTO usage_tracking (user_id, month) VALUES"
            " (%s, to_char(now() - interval '14 months', 'YYYY-MM')),"
            " (%s, to_char(now(), 'YYYY-MM'))",
            [uid, uid],
        )

    dry = {o.name: o.rows for o in run_retention(database_url, dry_run=True)}
    assert dry["system events (90 days)"] >= 3
    outcomes = {o.name: o for o in run_retention(database_url, batch_size=2)}
    assert outcomes["system events (90 days)"].rows >= 3
    assert outcomes["system events (90 days)"].batches >= 2  # bounded batches

    with psycopg.connect(database_url) as conn:
        left = conn.execute(
            "SELECT count(*) FROM system_events WHERE event_type = %s", [f"test.{marker}"]
        ).fetchone()[0]
        sessions = conn.execute(
            "SELECT count(*) FROM interview_sessions WHERE user_id = %s", [uid]
        ).fetchone()[0]
        usage = conn.execute(
            "SELECT count(*) FROM usage_tracking WHERE user_id = %s", [uid]
        ).fetchone()[0]
    assert (left, sessions, usage) == (1, 1, 1)
    again = {o.name: o.rows for o in run_retention(database_url, dry_run=True)}
    assert again["system events (90 days)"] == 0


def test_the_retention_command_prints_what_it_removes(database_url: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "resumepilot", "retention", "run", "--dry-run"],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "DATABASE_URL": database_url},
    )
    assert done.returncode == 0, done.stderr
    assert "system events (90 days): would remove" in done.stdout
    assert "finished jobs (30 days): would remove" in done.stdout
