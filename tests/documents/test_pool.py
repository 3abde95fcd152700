"""Renders run in separate processes (every core), or on a thread when the pool is off."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys

import psutil
import pytest

from resumepilot.documents import pool
from resumepilot.documents.render import render_resume
from tests.conftest import run_async
from tests.documents.conftest import load_sample


def _pid_and_pages(resume: dict) -> tuple[int, int]:
    return os.getpid(), render_resume(resume, "classic", "pdf").page_count


def _typst_loaded() -> bool:
    return "typst" in sys.modules and "resumepilot.documents.formats.word_xml" in sys.modules


def test_renders_run_in_other_processes_and_the_pool_stops() -> None:
    async def two_renders() -> list[tuple[int, int]]:
        sample = load_sample()
        return list(
            await asyncio.gather(
                pool.run_render(_pid_and_pages, sample), pool.run_render(_pid_and_pages, sample)
            )
        )

    try:
        results = run_async(two_renders)
    finally:
        pool.stop_render_processes()
    assert [pages for _, pages in results] == [1, 1]
    assert all(pid != os.getpid() for pid, _ in results)


def test_size_zero_renders_on_a_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RESUMEPILOT_RENDER_PROCESSES", "0")
    pid, pages = run_async(lambda: pool.run_render(_pid_and_pages, load_sample()))
    assert (pid, pages) == (os.getpid(), 1)


def test_a_bad_size_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RESUMEPILOT_RENDER_PROCESSES", "many")
    with pytest.raises(ValueError, match="RESUMEPILOT_RENDER_PROCESSES must be a whole number"):
        pool.render_processes()


def test_starting_the_pool_starts_and_warms_every_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RESUMEPILOT_RENDER_PROCESSES", "2")
    pool.stop_render_processes()  # a pool another test started may have another size
    try:
        pids = run_async(pool.start_render_processes)
        assert len(pids) == 2 and os.getpid() not in pids

        async def both_loaded() -> list[bool]:
            return list(await asyncio.gather(*(pool.run_render(_typst_loaded) for _ in range(4))))

        # Before any render of ours, each process had Typst and the Word writer loaded.
        assert run_async(both_loaded) == [True] * 4
        # Renders then run in those same processes.
        sample = load_sample()

        async def two_renders() -> list[tuple[int, int]]:
            return list(
                await asyncio.gather(
                    pool.run_render(_pid_and_pages, sample), pool.run_render(_pid_and_pages, sample)
                )
            )

        assert {pid for pid, _ in run_async(two_renders)} <= pids
    finally:
        pool.stop_render_processes()


def test_starting_without_a_pool_starts_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RESUMEPILOT_RENDER_PROCESSES", "0")
    pool.stop_render_processes()
    assert run_async(pool.start_render_processes) == set()


def test_render_processes_end_when_their_server_is_killed() -> None:
    started = (
        "import asyncio, sys\n"
        "from resumepilot.documents import pool\n"
        "print(*asyncio.run(pool.start_render_processes()), flush=True)\n"
        "sys.stdin.read()\n"
    )
    server = subprocess.Popen(
        [sys.executable, "-c", started],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "RESUMEPILOT_RENDER_PROCESSES": "2"},
    )
    assert server.stdout is not None
    render = [psutil.Process(int(pid)) for pid in server.stdout.readline().split()]
    assert len(render) == 2
    server.kill()  # no chance to stop its pool
    server.wait()
    _, alive = psutil.wait_procs(render, timeout=15)
    assert alive == []
