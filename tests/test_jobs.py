"""The background worker runs jobs deferred into PostgreSQL (procrastinate, no extra server)."""

from __future__ import annotations

import uuid

import psycopg

from resumepilot.jobs import build_job_app
from tests.conftest import run_async


def test_worker_purges_sessions_that_ended_long_ago(database_url):
    with psycopg.connect(database_url, autocommit=True) as conn:
        uid = conn.execute(
            "INSERT INTO auth.users (email) VALUES (%s) RETURNING id",
            [f"jobs-{uuid.uuid4().hex[:8]}@example.com"],
        ).fetchone()[0]
        for days_ago in (30, 0):
            conn.execute(
                "INSERT INTO app_auth.sessions (user_id, token_hash, kind, csrf_token, expires_at)"
                " VALUES (%s, %s, 'browser', 'x', now() - make_interval(days => %s) + '1 hour')",
                [uid, uuid.uuid4().bytes * 2, days_ago],
            )

    async def defer_and_work() -> None:
        async with build_job_app(database_url).open_async() as app:
            await app.configure_task("resumepilot:purge_expired_sessions").defer_async(timestamp=0)
            await app.run_worker_async(
                wait=False, install_signal_handlers=False, queues=["maintenance"]
            )

    run_async(defer_and_work)
    with psycopg.connect(database_url) as conn:
        left = conn.execute(
            "SELECT count(*) FROM app_auth.sessions WHERE user_id = %s", [uid]
        ).fetchone()[0]
        status = conn.execute(
            "SELECT status FROM procrastinate_jobs"
            " WHERE task_name = 'resumepilot:purge_expired_sessions'"
            " ORDER BY id DESC LIMIT 1"
        ).fetchone()[0]
    assert left == 1 and status == "succeeded"


def test_the_job_app_can_be_built_again_in_one_process():
    first = build_job_app("postgresql:///one")
    again = build_job_app("postgresql:///two")
    assert "resumepilot:purge_expired_sessions" in again.tasks
    assert not any(name.startswith("resumepilot:resumepilot:") for name in again.tasks)
    assert first is again


def test_the_nightly_job_marks_long_idle_interviews_abandoned(database_url):
    with psycopg.connect(database_url, autocommit=True) as conn:
        uid = conn.execute(
            "INSERT INTO auth.users (email) VALUES (%s) RETURNING id",
            [f"idle-{uuid.uuid4().hex[:8]}@example.com"],
        ).fetchone()[0]
        old, fresh = (
            conn.execute(
                "INSERT INTO interview_sessions (user_id, session_type, created_at)"
                " VALUES (%s, 'chat', now() - make_interval(days => %s)) RETURNING id",
                [uid, days],
            ).fetchone()[0]
            for days in (45, 2)
        )

    async def defer_and_work() -> None:
        async with build_job_app(database_url).open_async() as app:
            await app.configure_task("resumepilot:abandon_idle_interviews").defer_async(timestamp=0)
            await app.run_worker_async(
                wait=False, install_signal_handlers=False, queues=["maintenance"]
            )

    run_async(defer_and_work)
    with psycopg.connect(database_url) as conn:
        status = dict(
            conn.execute(
                "SELECT id, status FROM interview_sessions WHERE user_id = %s", [uid]
            ).fetchall()
        )
    assert status == {old: "abandoned", fresh: "active"}
