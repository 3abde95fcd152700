"""Renders in separate processes, so one job worker's renders use every core (issue 14).

Typst and python-docx hold the GIL, so renders on threads of one process share one core
however many jobs run at once. The pool starts on first use with the "spawn" method (forking
a process that runs an event loop and database threads is unsafe) and stops at exit.
RESUMEPILOT_RENDER_PROCESSES sets its size (default: the number of cores; 0 renders on a
thread of the calling process instead).

A new render process spends about a second on imports, fonts and its first layout. Each one
does that as it starts (the pool's initializer), and a job worker starts them all as it starts
(start_render_processes), so no user's render waits on it.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

from resumepilot.parent_watch import end_with_parent

T = TypeVar("T")
log = logging.getLogger(__name__)

_pool: ProcessPoolExecutor | None = None
_pool_size = 0
_lock = threading.Lock()


def render_processes() -> int:
    """How many render processes to run."""
    raw = os.environ.get("RESUMEPILOT_RENDER_PROCESSES", "").strip()
    if raw:
        try:
            return max(0, int(raw))
        except ValueError:
            raise ValueError(
                f"RESUMEPILOT_RENDER_PROCESSES must be a whole number, not {raw!r}"
            ) from None
    return os.cpu_count() or 1


def _render_pool() -> ProcessPoolExecutor | None:
    global _pool, _pool_size
    with _lock:
        if _pool is None and (size := render_processes()) > 0:
            _pool = ProcessPoolExecutor(
                size,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_prepare_render_process,
            )
            _pool_size = size
        return _pool


def _prepare_render_process() -> None:
    """Runs first in each render process: ends it when its parent goes, then loads the
    modules, the fonts and Typst's caches with one render of the bundled sample."""
    end_with_parent()
    try:
        from resumepilot.documents.render import warm_up

        warm_up()
    except Exception:  # an initializer that raises breaks the whole pool; renders still work
        log.warning("warming up a render process failed", exc_info=True)


async def start_render_processes(timeout: float = 60) -> set[int]:
    """Starts every render process and returns once each has warmed up and answered (their
    process ids); an empty set when renders run on threads."""
    pool = _render_pool()
    if pool is None:
        return set()
    loop = asyncio.get_running_loop()
    answered: set[int] = set()
    async with asyncio.timeout(timeout):
        while len(answered) < _pool_size:
            # A submit finding no idle process starts a new one, so `size` at once start them
            # all; a process still warming up answers in a later round.
            calls = [loop.run_in_executor(pool, os.getpid) for _ in range(_pool_size)]
            answered.update(await asyncio.gather(*calls))
            if len(answered) < _pool_size:
                await asyncio.sleep(0.05)
    return answered


async def run_render(function: Callable[..., T], *args: object) -> T:
    """`function(*args)` in a render process (or a thread when the pool is off).

    `function` and its arguments and result cross a process boundary, so they must pickle:
    a module-level function and plain data.
    """
    pool = _render_pool()
    if pool is None:
        return await asyncio.to_thread(function, *args)
    try:
        return await asyncio.get_running_loop().run_in_executor(pool, function, *args)
    except BrokenProcessPool:
        # A render process died (killed, out of memory): the next render starts a new pool.
        global _pool
        with _lock:
            if _pool is pool:
                _pool = None
        pool.shutdown(wait=False, cancel_futures=True)
        raise


def stop_render_processes() -> None:
    """Stops the pool's processes (waits for renders in progress)."""
    global _pool
    with _lock:
        pool, _pool = _pool, None
    if pool is not None:
        pool.shutdown(wait=True, cancel_futures=True)
