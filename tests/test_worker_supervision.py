"""The supervised job worker: restarted when its database connections die, with a heartbeat
for /readyz; every task retries on database errors; jobs of dead workers run again."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import psutil
import psycopg
import pytest

from resumepilot.db.embedded import start_embedded_server, with_database
from resumepilot.db.embedded_keeper import restart_if_dead
from resumepilot.db.job_recovery import DATABASE_RETRY
from resumepilot.db.migrate import apply_migrations
from resumepilot.jobs import build_job_app, run_worker
from resumepilot.jobs_supervision import Backoff, WorkerSupervision, supervise_worker
from resumepilot.observability.worker_heartbeat import WorkerHeartbeat
from resumepilot.resumes.jobs import RENDER_GIVEN_UP
from tests.conftest import run_async
from tests.fault_kit import postgres_processes_in
from tests.resumes.web_support import bearer, create_draft, generate


@pytest.fixture
def own_server(tmp_path: Path) -> Iterator[tuple[Any, str]]:
    """An embedded server of this test's own, with a migrated database: it gets killed."""
    server = start_embedded_server(tmp_path / "pgdata", cleanup="delete")
    with psycopg.connect(server.get_uri(), autocommit=True) as conn:
        conn.execute('CREATE DATABASE "supervised"')
    url = with_database(server.get_uri(), "supervised")
    apply_migrations(url)
    yield server, url
    for proc in postgres_processes_in(tmp_path):
        proc.kill()


def _quick_supervision(url: str) -> WorkerSupervision:
    """A maintenance-queue worker with a fast heartbeat and quick restarts."""
    return WorkerSupervision(
        url,
        heartbeat_seconds=0.2,
        stalled_seconds=5,
        backoff=Backoff(first=0.1, longest=0.5),
        options={"queues": ["maintenance"]},
    )


async def _until(condition: object, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        await asyncio.sleep(0.05)


def test_the_worker_is_restarted_after_its_database_was_killed_and_came_back(
    own_server: tuple[Any, str], caplog: pytest.LogCaptureFixture
) -> None:
    server, own_database = own_server
    supervision = _quick_supervision(own_database)
    heartbeat = supervision.heartbeat

    async def scenario() -> str:
        supervisor = asyncio.create_task(supervise_worker(supervision))
        try:
            await _until(lambda: heartbeat.running and heartbeat.last_beat is not None)
            assert heartbeat.problem(5) is None
            postmaster = int((server.pgdata / "postmaster.pid").read_text().split()[0])
            psutil.Process(postmaster).kill()
            # The worker notices when its listener or a query fails: up to its pool's 30 s.
            await _until(lambda: not heartbeat.running, timeout=120)
            assert await asyncio.to_thread(restart_if_dead, server)
            await _until(lambda: heartbeat.starts >= 2 and heartbeat.running)
            # The restarted worker runs jobs deferred after the fault (deferred in SQL: the
            # process's one job app is the supervised worker's).
            job = _defer_purge(own_database)
            await _until(lambda: _status(own_database, job) == "succeeded")
            return _status(own_database, job)
        finally:
            supervisor.cancel()
            await asyncio.gather(supervisor, return_exceptions=True)

    with caplog.at_level(logging.ERROR, logger="resumepilot.jobs_supervision"):
        assert run_async(scenario, timeout=240) == "succeeded"
    messages = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    assert any("the background job worker stopped" in m for m in messages), messages
    assert any("starting the background job worker again" in m for m in messages), messages
    assert heartbeat.problem(5) is not None  # cancelled: not running


def test_the_supervisor_stops_when_cancelled_while_its_database_is_down(
    own_server: tuple[Any, str],
) -> None:
    # The worker's shutdown then waits for a connection until the pool gives up (~30 s) and
    # ends with that error instead of the cancellation; the supervisor used to take it for a
    # crash and start the worker again, for good.
    server, own_database = own_server
    supervision = _quick_supervision(own_database)
    heartbeat = supervision.heartbeat

    async def scenario() -> bool:
        supervisor = asyncio.create_task(supervise_worker(supervision))
        await _until(lambda: heartbeat.running and heartbeat.last_beat is not None)
        postmaster = int((server.pgdata / "postmaster.pid").read_text().split()[0])
        psutil.Process(postmaster).kill()
        await asyncio.sleep(1)
        supervisor.cancel()
        done, _ = await asyncio.wait({supervisor}, timeout=90)
        return supervisor in done and supervisor.cancelled()

    assert run_async(scenario, timeout=150)


def _defer_purge(url: str) -> int:
    with psycopg.connect(url, autocommit=True) as conn:
        row = conn.execute(
            "SELECT (procrastinate_defer_jobs_v1(ARRAY[ROW('maintenance',"
            " 'resumepilot:purge_expired_sessions', 0, NULL, NULL, '{\"timestamp\": 0}'::jsonb,"
            " NULL)]::procrastinate_job_to_defer_v1[]))[1]"
        ).fetchone()
    assert row is not None
    return int(row[0])


def _status(url: str, job_id: int) -> str:
    with psycopg.connect(url) as conn:
        row = conn.execute("SELECT status::text FROM procrastinate_jobs WHERE id = %s", [job_id])
        found = row.fetchone()
    return str(found[0]) if found else "missing"


def test_the_heartbeat_says_why_a_worker_is_not_alive() -> None:
    heartbeat = WorkerHeartbeat()
    assert "not running" in (heartbeat.problem(60) or "")
    heartbeat.running = True
    assert "not answered" in (heartbeat.problem(60) or "")
    heartbeat.beat()
    assert heartbeat.problem(60) is None
    heartbeat.last_beat = time.monotonic() - 61
    assert "not answered" in (heartbeat.problem(60) or "")


def test_every_task_retries_on_database_errors() -> None:
    app = build_job_app("postgresql:///unused")
    without = [name for name, task in app.tasks.items() if task.retry_strategy is None]
    assert without == []
    # Tasks with no strategy of their own get DATABASE_RETRY; renders keep theirs (two retries,
    # which also cover a killed render process), and it retries database errors too.
    for name in ("resumepilot:render_resume_generation", "resumepilot:retry_stalled_jobs"):
        strategy = app.tasks[name].retry_strategy
        assert strategy is not None
        assert strategy.get_retry_decision(
            exception=psycopg.OperationalError("server closed the connection"), job=_job(0)
        )
        assert not strategy.get_retry_decision(exception=ValueError("bad input"), job=_job(0))
    assert app.tasks["resumepilot:retry_stalled_jobs"].retry_strategy is DATABASE_RETRY


def _job(attempts: int) -> object:
    from procrastinate.jobs import Job

    return Job(id=1, queue="q", lock=None, queueing_lock=None, task_name="t", attempts=attempts)


def _stalled_render(database_url: str, gid: str, attempts: int) -> None:
    """Makes the render job of `gid` look like its worker died while running it."""
    with psycopg.connect(database_url, autocommit=True) as conn:
        worker = conn.execute(
            "INSERT INTO procrastinate_workers (last_heartbeat) VALUES (now() - interval '1 hour')"
            " RETURNING id"
        ).fetchone()
        assert worker is not None
        conn.execute(
            "UPDATE procrastinate_jobs SET status = 'doing', attempts = %s, worker_id = %s"
            " WHERE args ->> 'generation_id' = %s",
            [attempts, worker[0], gid],
        )


def _sweep(database_url: str) -> None:
    async def sweep() -> None:
        async with build_job_app(database_url).open_async() as app:
            await app.configure_task("resumepilot:retry_stalled_jobs").defer_async(
                stalled_seconds=60
            )
        await run_worker(database_url, wait=False, queues=["maintenance"])

    run_async(sweep)


def test_a_render_whose_worker_died_runs_again_then_fails_for_good_with_a_reason(
    client: httpx.Client, api_user: dict[str, str], database_url: str
) -> None:
    draft = create_draft(client, api_user)
    first = generate(client, api_user, draft["id"])["id"]
    _stalled_render(database_url, first, attempts=0)
    _sweep(database_url)
    with psycopg.connect(database_url) as conn:
        row = conn.execute(
            "SELECT status::text, attempts FROM procrastinate_jobs"
            " WHERE args ->> 'generation_id' = %s",
            [first],
        ).fetchone()
    assert row == ("todo", 1)  # back in the queue, one attempt used

    second = generate(client, api_user, draft["id"])["id"]
    _stalled_render(database_url, second, attempts=3)
    _sweep(database_url)
    shown = client.get(f"/api/resumes/generations/{second}", headers=bearer(api_user)).json()
    assert shown["status"] == "failed"
    assert shown["error_message"] == RENDER_GIVEN_UP
