"""Databases, rows, files and command runs for the backup tests."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

import psycopg

from resumepilot.db.backup import embedded_tools
from resumepilot.db.embedded import with_database
from resumepilot.db.migrate import apply_migrations

REPOSITORY = Path(__file__).resolve().parents[2]
AUDIO_BYTES = bytes(range(256)) * 40  # not text: the file must come back byte for byte


def scratch_folder(label: str) -> Path:
    """A folder the embedded server's own user can use (pytest's tmp_path is root's alone)."""
    folder = Path(tempfile.gettempdir()) / "resumepilot-tests" / f"{label}-{uuid.uuid4().hex[:8]}"
    folder.mkdir(parents=True)
    return folder


def create_database(server_url: str, label: str, *, migrate: bool) -> str:
    name = f"rp_{label}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = with_database(server_url, name)
    if migrate:
        apply_migrations(url)
    return url


def drop_database(server_url: str, url: str) -> None:
    name = psycopg.conninfo.conninfo_to_dict(url)["dbname"]
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def add_rows(url: str) -> None:
    """Rows in several tables, with the types that are easy to get wrong: unicode, JSONB,
    INET, timestamps, numerics, NULLs, and bytes."""
    ada, zoe = uuid.uuid4(), uuid.uuid4()
    session = uuid.uuid4()
    with psycopg.connect(url) as conn:
        conn.execute(
            "INSERT INTO auth.users (id, email, encrypted_password, created_at) VALUES"
            " (%s, 'ada@example.com', 'argon2-hash-a', '2024-02-29 23:59:59.123456+05:30'),"
            " (%s, 'zoe@example.com', NULL, now())",
            [ada, zoe],
        )  # the sign-up trigger adds a profile for each
        conn.execute(
            "UPDATE profiles SET full_name = 'Zoë O''Brien — 张伟' WHERE user_id = %s", [zoe]
        )
        conn.execute(
            "INSERT INTO interview_sessions (id, user_id, session_type, role_type, status,"
            " duration_seconds) VALUES (%s, %s, 'chat', 'software_engineer', 'completed', 1234)",
            [session, ada],
        )
        for turn, (speaker, text) in enumerate(
            [
                ("ai", "Tell me about a project."),
                ("user", "I cut build times by 40%.\n\tTabs!"),
                ("ai", "What did you measure?"),
            ],
            start=1,
        ):
            conn.execute(
                "INSERT INTO interview_turns (session_id, speaker, message, turn_number)"
                " VALUES (%s, %s, %s, %s)",
                [session, speaker, text, turn],
            )
        conn.execute(
            "INSERT INTO resume_bullets (user_id, question, transcript, bullets, role)"
            " VALUES (%s, 'Biggest win?', 'We shipped.', %s::jsonb, 'engineer')",
            [ada, '[{"text": "Cut build time 40%", "grounded": true, "n": 1.5e-7}]'],
        )
        conn.execute(
            "INSERT INTO interview_transcripts (user_id, audio_file_url, transcript_text,"
            " confidence_score) VALUES (%s, 'files/audio/answer.webm', 'hello', 0.87)",
            [ada],
        )
        conn.execute(
            "INSERT INTO system_events (event_type, event_data, user_id, ip_address, user_agent)"
            " VALUES ('login', '{\"ok\": true}', %s, '2001:db8::1', NULL),"
            " ('signup', NULL, NULL, '10.0.0.1', 'curl/8')",
            [ada],
        )
        # A month with no partition of its own: the row waits in the default partition.
        conn.execute(
            "INSERT INTO system_events (event_type, created_at)"
            " VALUES ('old.event', '2019-03-04 05:06:07+00')"
        )
        conn.execute(
            "INSERT INTO usage_tracking (user_id, month, interviews_used)"
            " VALUES (%s, '2025-01', 3)",
            [ada],
        )


def table_fingerprints(url: str) -> dict[str, tuple[int, str]]:
    """Every table's row count and md5 of its rows' text in a fixed order, computed here in
    the test (not by the code under test). A partitioned table is listed whole and by partition."""
    fingerprints = {}
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("SET TimeZone = 'UTC'")
        tables = conn.execute(
            "SELECT format('%I.%I', n.nspname, c.relname) FROM pg_class c"
            " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p')"
            " AND n.nspname NOT IN ('pg_catalog', 'information_schema')"
            " AND n.nspname NOT LIKE 'pg\\_%' ORDER BY 1"
        ).fetchall()
        for (table,) in tables:
            row = conn.execute(
                f"SELECT count(*), md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), ''))"
                f" FROM {table} AS t"
            ).fetchone()
            assert row is not None
            fingerprints[table] = (int(row[0]), str(row[1]))
    return fingerprints


def bin_folder_with_embedded_tools(folder: Path) -> Path:
    """A folder with only pg_dump and pg_restore (the embedded server's), to put on PATH."""
    tools = embedded_tools()
    folder.mkdir(parents=True, exist_ok=True)
    for tool in (tools.pg_dump, tools.pg_restore):
        (folder / tool.name).symlink_to(tool)
    return folder


def fake_old_tools(folder: Path, version: str) -> Path:
    """pg_dump and pg_restore that claim an older version, like an outdated distribution's."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("pg_dump", "pg_restore"):
        script = folder / name
        script.write_text(f"#!/bin/sh\necho '{name} (PostgreSQL) {version}'\n")
        script.chmod(0o755)
    return folder


def run_cli(
    *args: str, env: dict[str, str], cwd: Path = REPOSITORY
) -> subprocess.CompletedProcess[str]:
    """Runs `resumepilot ARGS` as a user would, with exactly the given settings."""
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "RESUMEPILOT_DATA_DIR", "PATH")
    }
    base["PATH"] = os.environ.get("PATH", "")
    return subprocess.run(
        [sys.executable, "-m", "resumepilot", *args],
        cwd=cwd,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=300,
    )


def partitions_of(url: str, table: str) -> set[str]:
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT inhrelid::regclass::text FROM pg_inherits WHERE inhparent = %s::regclass",
            [table],
        ).fetchall()
    return {str(r[0]) for r in rows}
