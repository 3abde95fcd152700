"""A render job that runs twice for one generation leaves one correct result, and a transient
fault (its render process killed) is retried instead of failing the user's resume."""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from psycopg.types.json import Jsonb

from resumepilot.documents import pool
from resumepilot.jobs import build_job_app
from resumepilot.resumes.jobs import RENDER_TASK, RETRIES
from tests.conftest import run_async
from tests.resumes.render_support import generation_row, work_until_done
from tests.resumes.web_support import create_draft, generate, run_render_jobs


def _stored(database_url: str, gid: str) -> dict[str, Any]:
    """What a generation's result is made of: its row, its files and its download rows."""
    with psycopg.connect(database_url) as conn:
        row = conn.execute(
            "SELECT generation_status, page_count, completed_at, latex_content"
            " FROM resume_generations WHERE id = %s",
            [gid],
        ).fetchone()
        files = conn.execute(
            "SELECT format, md5(content) FROM resume_files WHERE generation_id = %s ORDER BY 1",
            [gid],
        ).fetchall()
        downloads = conn.execute(
            "SELECT format, download_count FROM resume_downloads WHERE generation_id = %s"
            " ORDER BY 1",
            [gid],
        ).fetchall()
    return {"row": row, "files": files, "downloads": downloads}


def _queue_duplicate(database_url: str, gid: str) -> None:
    """A second job for the generation, without its lock: what a retried stalled job, or one
    deferred before migration 0017, looks like to the worker."""
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute(
            "SELECT procrastinate_defer_jobs_v1(ARRAY[ROW('resumes', %s, 0, NULL, NULL, %s,"
            " NULL)]::procrastinate_job_to_defer_v1[])",
            [f"resumepilot:{RENDER_TASK}", Jsonb({"generation_id": gid})],
        )


def _job_states(database_url: str, gid: str) -> list[tuple[str, int]]:
    with psycopg.connect(database_url) as conn:
        return [
            (str(status), attempts)
            for status, attempts in conn.execute(
                "SELECT status, attempts FROM procrastinate_jobs"
                " WHERE args->>'generation_id' = %s ORDER BY id",
                [gid],
            ).fetchall()
        ]


def _run_jobs_side_by_side(database_url: str) -> None:
    """Runs every queued render with two at a time, until the queue is empty."""
    app = build_job_app(database_url)

    async def work() -> None:
        async with app.open_async():
            await app.run_worker_async(
                wait=False, concurrency=2, install_signal_handlers=False, queues=["resumes"]
            )

    run_async(work)


def _expect_one_complete_result(stored: dict[str, Any]) -> None:
    status, pages, completed_at, latex = stored["row"]
    assert (status, pages) == ("completed", 1)
    assert completed_at is not None and latex.startswith("\\documentclass")
    assert [f for f, _ in stored["files"]] == ["pdf", "preview", "word"]
    assert stored["downloads"] == [("latex", 0), ("pdf", 0), ("word", 0)]


def test_a_render_run_again_after_it_finished_changes_nothing(client, api_user, database_url):
    run_render_jobs(database_url)
    gid = generate(client, api_user, create_draft(client, api_user)["id"])["id"]
    run_render_jobs(database_url)
    first = _stored(database_url, gid)
    _expect_one_complete_result(first)

    _queue_duplicate(database_url, gid)
    run_render_jobs(database_url)

    assert _stored(database_url, gid) == first
    assert _job_states(database_url, gid) == [("succeeded", 1), ("succeeded", 1)]


def test_two_runs_of_one_render_at_once_leave_one_result(client, api_user, database_url):
    run_render_jobs(database_url)
    gid = generate(client, api_user, create_draft(client, api_user)["id"])["id"]
    _queue_duplicate(database_url, gid)

    _run_jobs_side_by_side(database_url)

    _expect_one_complete_result(_stored(database_url, gid))
    assert _job_states(database_url, gid) == [("succeeded", 1), ("succeeded", 1)]


@pytest.fixture
def one_render_process(monkeypatch) -> Iterator[multiprocessing.Process]:
    """A render pool of one process, started; the pool is rebuilt as usual afterwards."""
    pool.stop_render_processes()
    monkeypatch.setenv("RESUMEPILOT_RENDER_PROCESSES", "1")
    before = set(multiprocessing.active_children())
    run_async(lambda: pool.run_render(len, "started"))
    (process,) = set(multiprocessing.active_children()) - before
    yield process
    pool.stop_render_processes()


def test_a_render_whose_process_was_killed_is_retried_and_completes(
    client, api_user, database_url, one_render_process
):
    assert RETRIES == 2
    run_render_jobs(database_url)
    gid = generate(client, api_user, create_draft(client, api_user)["id"])["id"]
    # The render process dies (the kernel's out-of-memory killer, an operator): the pool it
    # belonged to is broken, and the first attempt fails with BrokenProcessPool.
    assert one_render_process.pid is not None
    os.kill(one_render_process.pid, signal.SIGKILL)
    one_render_process.join(10)

    run_async(lambda: work_until_done(database_url, [gid], concurrency=1, polling_seconds=0.2))

    assert generation_row(database_url, gid) == ("completed", None)
    _expect_one_complete_result(_stored(database_url, gid))
    # One failed attempt, then the retry that rendered it.
    assert _job_states(database_url, gid) == [("succeeded", 2)]


def test_a_render_that_fails_on_its_last_attempt_says_so(
    client, api_user, database_url, one_render_process
):
    run_render_jobs(database_url)
    gid = generate(client, api_user, create_draft(client, api_user)["id"])["id"]
    # As if the two retries had already been used up by earlier faults.
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute(
            "UPDATE procrastinate_jobs SET attempts = %s WHERE args->>'generation_id' = %s",
            [RETRIES, gid],
        )
    assert one_render_process.pid is not None
    os.kill(one_render_process.pid, signal.SIGKILL)
    one_render_process.join(10)

    run_render_jobs(database_url)

    status, message = generation_row(database_url, gid)
    assert status == "failed"
    assert message and message.startswith(
        "We could not render this resume because of an error on our side."
    )
    assert _job_states(database_url, gid) == [("failed", RETRIES + 1)]
