"""`resumepilot doctor`: the seed's monitoring queries and consistency checks, exit 1 on a
problem. A deliberately broken row (a profile whose account is gone) must be caught."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


def doctor(database_url: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": database_url}
    return subprocess.run(
        [sys.executable, "-m", "resumepilot", "doctor"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def orphaned_profile(db):
    """A profile row whose account does not exist: what a failed cascade would leave behind."""
    row = db.execute(
        "INSERT INTO profiles (user_id, full_name) VALUES (NULL, 'Ghost') RETURNING id"
    ).fetchone()
    yield str(row["id"])
    db.execute("DELETE FROM profiles WHERE id = %s", [row["id"]])


def test_doctor_passes_on_a_consistent_database(database_url, user):
    result = doctor(database_url)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Active users this month:" in result.stdout
    assert "ok      orphaned_profiles" in result.stdout
    assert "ok      duplicate_live_subscriptions" in result.stdout
    assert "ok      system_events_partitions" in result.stdout
    assert "All checks passed." in result.stdout


def test_doctor_fails_on_an_orphaned_profile(database_url, orphaned_profile):
    result = doctor(database_url)
    assert result.returncode == 1
    assert f"PROBLEM orphaned_profiles: 1 (e.g. {orphaned_profile})" in result.stdout
    assert "1 check(s) found problems." in result.stderr


def test_doctor_prints_the_monitoring_queries(database_url, user, db):
    db.execute(
        "INSERT INTO interview_sessions (user_id, session_type, status)"
        " VALUES (%s, 'voice', 'completed')",
        [user["user_id"]],
    )
    db.execute(
        "INSERT INTO subscriptions (user_id, plan_name, status) VALUES (%s, 'coach', 'trialing')",
        [user["user_id"]],
    )
    out = doctor(database_url).stdout
    assert "Live subscriptions by plan:" in out and "  coach" in out
    voice = next(line for line in out.splitlines() if line.strip().startswith("voice"))
    assert "completed (" in voice


def test_doctor_fails_when_next_month_has_no_event_partition(database_url, db):
    name = db.execute(
        "SELECT system_events_partition_name(((now() AT TIME ZONE 'UTC')"
        " + interval '1 month')::date) AS name"
    ).fetchone()["name"]
    db.execute(f"DROP TABLE IF EXISTS {name}")
    try:
        result = doctor(database_url)
        assert result.returncode == 1
        assert "PROBLEM system_events_partitions: no partition for" in result.stdout
        assert "retention run" in result.stdout
    finally:
        db.execute(
            "SELECT create_system_events_partition(((now() AT TIME ZONE 'UTC')"
            " + interval '1 month')::date)"
        )
    assert doctor(database_url).returncode == 0
