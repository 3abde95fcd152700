"""Renders in separate processes, so one job worker's renders use every core (issue 14).

Typst and python-docx hold the GIL, so renders on threads of one process share one core
however many jobs run at once. The pool starts on first use with the "spawn" method (forking
a process that runs an event loop and database threads is unsafe) and stops at exit.
RESUMEPILOT_RENDER_PROCESSES sets its size (default: the number of cores; 0 renders on a
thread of the calling process instead).
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

T = TypeVar("T")

_pool: ProcessPoolExecutor | None = None
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
    global _pool
    with _lock:
        if _pool is None and (size := render_processes()) > 0:
            _pool = ProcessPoolExecutor(size, mp_context=multiprocessing.get_context("spawn"))
        return _pool


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
