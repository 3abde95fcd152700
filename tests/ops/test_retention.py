"""Retention removes what outlived its period, in batches, and keeps everything younger."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid

import psycopg

from resumepilot.db import event_partitions
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


def _exists(conn: psycopg.Connection, table: str) -> bool:
    return conn.execute("SELECT to_regclass(%s) IS NOT NULL", [table]).fetchone()[0]


def test_months_past_the_period_are_dropped_whole_and_upcoming_ones_made(
    database_url: str,
) -> None:
    marker = f"test.{uuid.uuid4().hex}"
    with psycopg.connect(database_url, autocommit=True) as conn:
        # Rows of an old month wait in the default partition until the month gets its own.
        conn.execute(
            "INSERT INTO system_events (event_type, created_at)"
            " SELECT %s, date_trunc('month', now() - interval '8 months')"
            " + make_interval(days => d) FROM generate_series(1, 5) d",
            [marker],
        )
        name = conn.execute(
            "SELECT create_system_events_partition((now() - interval '8 months')::date)"
        ).fetchone()[0]
        in_partition = conn.execute(
            f"SELECT count(*) FROM {name} WHERE event_type = %s", [marker]
        ).fetchone()[0]
        assert in_partition == 5  # moved out of the default partition
        conn.execute(
            "INSERT INTO system_events (event_type, created_at)"
            " VALUES (%s, now() - interval '1 day')",
            [marker],
        )

    dry = {o.name: o for o in run_retention(database_url, dry_run=True)}
    assert dry["system events (90 days)"].partitions_dropped >= 1
    with psycopg.connect(database_url) as conn:
        assert _exists(conn, f"public.{name}")  # a dry run drops nothing

    done = {o.name: o for o in run_retention(database_url)}
    assert done["system events (90 days)"].partitions_dropped >= 1
    assert done["system events (90 days)"].rows >= 5
    with psycopg.connect(database_url) as conn:
        assert not _exists(conn, f"public.{name}")
        left = conn.execute(
            "SELECT count(*) FROM system_events WHERE event_type = %s", [marker]
        ).fetchone()[0]
        assert left == 1
        upcoming = conn.execute(
            "SELECT count(*) FROM system_events_partitions()"
            " WHERE range_from > now() AND range_from < now() + interval '2 months'"
        ).fetchone()[0]
        assert upcoming >= 1
        # the partitions keep the table's protections: nobody but the owner reads one directly
        assert conn.execute(
            "SELECT bool_and(c.relrowsecurity) FROM pg_inherits i"
            " JOIN pg_class c ON c.oid = i.inhrelid"
            " WHERE i.inhparent = 'public.system_events'::regclass AND c.relkind = 'r'"
        ).fetchone()[0]


def test_expired_export_zips_go_with_their_rows(database_url: str, tmp_path) -> None:
    old_zip, young_zip = tmp_path / "old.zip", tmp_path / "young.zip"
    old_zip.write_bytes(b"PK")
    young_zip.write_bytes(b"PK")
    with psycopg.connect(database_url, autocommit=True) as conn:
        uid = _user(conn)
        old_id, young_id = (
            conn.execute(
                "INSERT INTO data_exports (user_id, status, file_path, expires_at)"
                " VALUES (%s, 'ready', %s, now() + %s::interval) RETURNING id",
                [uid, str(path), when],
            ).fetchone()[0]
            for path, when in ((old_zip, "-1 hour"), (young_zip, "6 days"))
        )
    outcomes = {o.name: o.rows for o in run_retention(database_url)}
    assert outcomes["expired data exports (zip files)"] >= 1
    assert not old_zip.exists() and young_zip.exists()
    with psycopg.connect(database_url) as conn:
        ids = {r[0] for r in conn.execute("SELECT id FROM data_exports WHERE user_id = %s", [uid])}
    assert ids == {young_id} and old_id not in ids


def test_a_month_whose_lock_is_busy_goes_by_batches_instead(database_url: str) -> None:
    marker = f"test.{uuid.uuid4().hex}"
    with psycopg.connect(database_url, autocommit=True) as conn:
        name = conn.execute(
            "SELECT create_system_events_partition((now() - interval '10 months')::date)"
        ).fetchone()[0]
        conn.execute(
            "INSERT INTO system_events (event_type, created_at)"
            " SELECT %s, date_trunc('month', now() - interval '10 months')"
            " + make_interval(hours => h) FROM generate_series(1, 7) h",
            [marker],
        )
    with (
        psycopg.connect(database_url) as reader,
        psycopg.connect(database_url, autocommit=True) as conn,
    ):
        reader.execute("SELECT count(*) FROM system_events")  # holds its lock until rollback
        conn.execute("SET lock_timeout = '200ms'")
        outcome = event_partitions.apply_event_retention(conn, batch_size=3)
        reader.rollback()
        assert outcome.drops_deferred >= 1
        assert _exists(conn, f"public.{name}")  # not dropped, but emptied
        left = conn.execute(
            "SELECT count(*) FROM system_events WHERE event_type = %s", [marker]
        ).fetchone()[0]
        assert left == 0
