"""The job worker, supervised: started again, after a growing pause, whenever it stops.

procrastinate's worker ends for good when its database goes away (a query fails, or a side task
such as the heartbeat or the LISTEN connection dies). Left alone, the jobs of a server whose
database restarted would silently never run again. The supervisor logs every stop and restart
at ERROR, and keeps a heartbeat that /readyz reads: the worker is running and its database
connection answered recently.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from dataclasses import dataclass, field
from typing import Any

from procrastinate import App

from resumepilot.config import Settings
from resumepilot.db.job_recovery import defer_stalled_job_check, worker_database_answers
from resumepilot.documents.pool import start_render_processes
from resumepilot.jobs import build_job_app, worker_options
from resumepilot.observability.worker_heartbeat import WorkerHeartbeat

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Backoff:
    """Pauses before restarts: first, doubling up to `longest`; back to `first` once a run
    lasted `healthy_after` seconds (the fault is over)."""

    first: float = 1.0
    longest: float = 30.0
    healthy_after: float = 60.0


@dataclass
class WorkerSupervision:
    """Settings of one supervised worker."""

    database_url: str
    heartbeat: WorkerHeartbeat = field(default_factory=WorkerHeartbeat)
    heartbeat_seconds: float = 10
    stalled_seconds: float = 60
    backoff: Backoff = field(default_factory=Backoff)
    options: dict[str, Any] = field(default_factory=dict)


async def supervise_worker(supervision: WorkerSupervision) -> None:
    """Runs the worker until cancelled, starting it again whenever it stops."""
    queues = supervision.options.get("queues")
    renders = queues is None or "resumes" in queues
    warming = asyncio.create_task(_warm_render_processes()) if renders else None
    try:
        await _restart_whenever_stopped(supervision)
    finally:
        if warming is not None:
            warming.cancel()


async def _warm_render_processes() -> None:
    """Starts the render processes beside the worker, so the first renders do not wait for a
    process to start (documents/pool.py); a failure here only costs that wait."""
    try:
        await start_render_processes()
    except Exception:
        log.warning("starting the render processes ahead of time failed", exc_info=True)


async def _restart_whenever_stopped(supervision: WorkerSupervision) -> None:
    heartbeat, backoff = supervision.heartbeat, supervision.backoff
    pause = backoff.first
    while True:
        started = time.monotonic()
        try:
            await _run_worker_once(supervision)
            reason = "it stopped on its own, most likely after losing its database connection"
        except asyncio.CancelledError:
            heartbeat.running = False
            if _stop_requested():
                raise  # the supervisor itself is being stopped
            # procrastinate's worker loop can end cancelled from the inside when its database
            # goes away; that is a stop like any other.
            reason = "its work loop was cancelled, most likely after losing its database"
        except Exception as exc:
            reason = f"{type(exc).__name__}: {exc}".strip()[:300]
        heartbeat.running = False
        if _stop_requested():
            # Cancelled while the worker shut down against a dead database: its shutdown's
            # own error (a pool timeout) replaced the CancelledError. Restarting would loop
            # for good on a server that is being stopped.
            raise asyncio.CancelledError
        heartbeat.last_stop_reason = reason
        if time.monotonic() - started >= backoff.healthy_after:
            pause = backoff.first
        log.error(
            "the background job worker stopped: %s. Jobs wait until it runs again; "
            "starting it again in %.0f s",
            reason,
            pause,
        )
        await asyncio.sleep(pause)
        pause = min(pause * 2, backoff.longest)
        log.error("starting the background job worker again (start %d)", heartbeat.starts + 1)


def _stop_requested() -> bool:
    """Whether this task was asked to stop (a cancel nobody took back), whatever exception
    the cancelled code ended with."""
    current = asyncio.current_task()
    return current is None or current.cancelling() > 0


async def _run_worker_once(supervision: WorkerSupervision) -> None:
    heartbeat = supervision.heartbeat
    async with build_job_app(supervision.database_url).open_async() as app:
        heartbeat.starts += 1
        # Jobs left running by a worker that died just before this one started (this very
        # server, killed and started again) are retried once it counts as stalled.
        await defer_stalled_job_check(app, supervision.stalled_seconds)
        beating = asyncio.create_task(_beat(app, supervision))
        try:
            await app.run_worker_async(
                **worker_options(
                    heartbeat_seconds=supervision.heartbeat_seconds,
                    stalled_seconds=supervision.stalled_seconds,
                    **supervision.options,
                )
            )
        finally:
            heartbeat.running = False
            beating.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await beating


async def _beat(app: App, supervision: WorkerSupervision) -> None:
    """Beats while the worker's own database connections answer; a frozen or lost database
    leaves the heartbeat to go stale."""
    heartbeat = supervision.heartbeat
    heartbeat.running = True
    while True:
        try:
            await worker_database_answers(app, timeout=supervision.heartbeat_seconds)
            heartbeat.beat()
        except Exception as exc:  # the worker itself notices and stops; we only stop beating
            log.warning("the background job worker's database did not answer: %s", exc)
        await asyncio.sleep(supervision.heartbeat_seconds)


def supervision_for(settings: Settings, database_url: str, **options: Any) -> WorkerSupervision:
    """A supervised worker with the heartbeat settings of `settings` (RESUMEPILOT_WORKER_*)."""
    return WorkerSupervision(
        database_url=database_url,
        heartbeat_seconds=settings.worker_heartbeat_seconds,
        stalled_seconds=settings.worker_stalled_seconds,
        options=options,
    )
