"""`resumepilot serve --workers N`: N web processes on one socket, one database, one job worker.

The parent process starts the embedded PostgreSQL (cli.serve), runs the job worker on a thread
of its own, binds the socket and lets uvicorn's supervisor spawn N web processes that accept on
it, replace any that die, and stop them all on SIGTERM or Ctrl-C. Web processes get the
database URL and "no in-process worker" through the environment, so each builds the same app
without starting a database or a worker of its own. When the supervisor returns, the worker
thread stops and the process exits normally, so the database stops too (atexit).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fastapi import FastAPI

log = logging.getLogger(__name__)

WORKERS_ENV = "RESUMEPILOT_WEB_WORKERS"


def default_workers() -> int:
    """Web processes to run when --workers is not given: RESUMEPILOT_WEB_WORKERS, else cores."""
    raw = os.environ.get(WORKERS_ENV, "").strip()
    if raw:
        if not raw.isdigit() or int(raw) < 1:
            raise ValueError(f"{WORKERS_ENV} must be a whole number of at least 1, not {raw!r}")
        return int(raw)
    return os.cpu_count() or 1


def web_app() -> FastAPI:
    """The app of one web process (uvicorn calls this factory in each process it spawns)."""
    from resumepilot.app import create_app
    from resumepilot.config import get_settings
    from resumepilot.parent_watch import end_with_parent

    end_with_parent()

    settings = get_settings()
    if not settings.database_url:
        raise RuntimeError(
            "web processes are started by `resumepilot serve`, which sets DATABASE_URL"
        )
    settings.run_worker_in_process = False
    return create_app(settings, settings.database_url)


class _JobWorkerThread:
    """The one job worker of a multi-process server, on its own thread and event loop,
    supervised (started again when it stops)."""

    def __init__(self, database_url: str) -> None:
        self._url = database_url
        self._loop: asyncio.AbstractEventLoop | None = None
        self._task: asyncio.Task[None] | None = None
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, name="job-worker", daemon=True)

    def start(self) -> None:
        self._thread.start()
        self._ready.wait(10)

    def _run(self) -> None:
        from resumepilot.config import get_settings
        from resumepilot.jobs_supervision import supervise_worker, supervision_for

        async def main() -> None:
            self._loop = asyncio.get_running_loop()
            self._task = asyncio.current_task()
            self._ready.set()
            with contextlib.suppress(asyncio.CancelledError):
                await supervise_worker(supervision_for(get_settings(), self._url))

        try:
            asyncio.run(main())
        except Exception:
            log.exception("the background job worker stopped")
        finally:
            self._ready.set()

    def stop(self, timeout: float = 15) -> None:
        loop, task = self._loop, self._task
        if loop is not None and task is not None and not loop.is_closed():
            with contextlib.suppress(RuntimeError):  # the loop closed meanwhile
                loop.call_soon_threadsafe(task.cancel)
        self._thread.join(timeout)


def serve_processes(
    database_url: str,
    host: str,
    port: int,
    workers: int,
    *,
    run_worker: bool = True,
    forwarded_allow_ips: str | None = None,
) -> None:
    """Serves with `workers` web processes until SIGTERM or Ctrl-C; returns once all stopped."""
    import uvicorn

    from resumepilot.documents.pool import stop_render_processes

    os.environ["DATABASE_URL"] = database_url
    os.environ["RESUMEPILOT_IN_PROCESS_WORKER"] = "false"
    job_worker = _JobWorkerThread(database_url) if run_worker else None
    if job_worker is not None:
        job_worker.start()
    try:
        uvicorn.run(
            "resumepilot.serving:web_app",
            factory=True,
            workers=workers,
            host=host,
            port=port,
            log_level="warning",
            proxy_headers=bool(forwarded_allow_ips),
            forwarded_allow_ips=forwarded_allow_ips,
        )
    finally:
        if job_worker is not None:
            job_worker.stop()
        stop_render_processes()
