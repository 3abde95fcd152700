"""Jobs survive their worker: retries on database errors, and jobs of dead workers run again.

A worker killed mid-job (SIGKILL, OOM, a lost machine) leaves its job `doing` forever. Every
worker records a heartbeat in procrastinate_workers; a periodic maintenance task finds the
running jobs of workers silent for longer than RESUMEPILOT_WORKER_STALLED_SECONDS and puts them
back in the queue, or, once a job has used up its retries, fails it for good. Tasks are
idempotent, so running one a second time after a half-finished first run does no harm.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import psycopg
from procrastinate import App, Blueprint, JobContext, PsycopgConnector, RetryStrategy
from procrastinate.exceptions import AlreadyEnqueued, ConnectorException
from procrastinate.jobs import Status

from resumepilot.db.types import Conn

log = logging.getLogger(__name__)
blueprint = Blueprint()

# A task that failed because the database went away (a restart, a failover, a dropped
# connection) runs again a few times, a little later each time; so does a job whose worker
# died. psycopg's pool timeout is an OperationalError too; procrastinate wraps the errors of
# its own queries.
MAX_RETRIES = 3
DATABASE_ERRORS: tuple[type[Exception], ...] = (
    psycopg.OperationalError,
    psycopg.InterfaceError,
    ConnectorException,
)
DATABASE_RETRY = RetryStrategy(
    max_attempts=MAX_RETRIES, exponential_wait=2, retry_exceptions=set(DATABASE_ERRORS)
)
RETRY_STALLED_TASK = "retry_stalled_jobs"


def is_database_error(exc: BaseException) -> bool:
    return isinstance(exc, DATABASE_ERRORS)


def retries_left(context: JobContext) -> bool:
    """Whether a failure of this run will be retried (the task's last chance is the 4th run)."""
    return context.job is not None and context.job.attempts < MAX_RETRIES


@blueprint.periodic(cron="* * * * *")
@blueprint.task(name=RETRY_STALLED_TASK, queue="maintenance", pass_context=True)
async def retry_stalled_jobs(
    context: JobContext, timestamp: int = 0, stalled_seconds: float | None = None
) -> int:
    """Requeues the running jobs of workers silent for `stalled_seconds`; returns how many."""
    if stalled_seconds is None:
        from resumepilot.config import get_settings

        stalled_seconds = get_settings().worker_stalled_seconds
    manager = context.app.job_manager
    retried = 0
    for job in await manager.get_stalled_jobs(seconds_since_heartbeat=stalled_seconds):
        if context.job is not None and job.id == context.job.id:
            continue
        assert job.id is not None
        if job.attempts >= MAX_RETRIES:
            log.error(
                "job %s (%s) lost its worker %d times; it has failed for good",
                job.id,
                job.task_name,
                job.attempts + 1,
            )
            await manager.finish_job_by_id_async(job.id, Status.FAILED, delete_job=False)
        else:
            log.warning("job %s (%s) lost its worker; running it again", job.id, job.task_name)
            await manager.retry_job(job)
            retried += 1
    await _settle_jobs_given_up(context.app)
    return retried


async def defer_stalled_job_check(app: App, stalled_seconds: float) -> None:
    """Checks for stalled jobs once, as soon as a worker that died just now counts as stalled.

    A restarted server would otherwise leave the jobs of its killed predecessor waiting for the
    next periodic run; the queueing lock keeps restarts from piling these up.
    """
    when = datetime.now(UTC) + timedelta(seconds=stalled_seconds + 1)
    task = app.configure_task(
        f"resumepilot:{RETRY_STALLED_TASK}",
        schedule_at=when,
        queueing_lock="retry-stalled-jobs-after-start",
    )
    with contextlib.suppress(AlreadyEnqueued):  # one is waiting already: it will do
        await task.defer_async(stalled_seconds=stalled_seconds)


# What a feature does about its jobs that failed for good: each hook gets a connection of the
# worker's own pool (the service role has no grant on the job table) and returns how many
# records it settled. A feature registers its hook where it defines its tasks.
GivenUpHook = Callable[[Conn], Awaitable[int]]
_given_up_hooks: dict[str, GivenUpHook] = {}


def when_jobs_given_up(name: str, hook: GivenUpHook) -> None:
    """Runs `hook` after every sweep for stalled jobs, so records whose job failed for good
    (retries used up, or a worker that died every time) do not wait forever."""
    _given_up_hooks[name] = hook


async def _settle_jobs_given_up(app: App) -> None:
    for name, hook in _given_up_hooks.items():
        async with _worker_pool(app).connection() as conn:
            settled = await hook(conn)
        if settled:
            log.error("%d %s failed for good; their users were told", settled, name)


def _worker_pool(app: App) -> Any:
    """The job app's own connection pool."""
    connector = app.connector
    if not isinstance(connector, PsycopgConnector):
        raise TypeError("the job app must use a PsycopgConnector")
    return connector.pool


async def worker_database_answers(app: App, *, timeout: float) -> None:
    """Raises unless a connection of the worker's own pool answers within `timeout` seconds."""
    async with asyncio.timeout(timeout):
        async with _worker_pool(app).connection() as conn:
            await conn.execute("SELECT 1")


async def live_workers(conn: Conn, seconds: float) -> int:
    """Job workers (in any process) whose heartbeat procrastinate recorded within `seconds`."""
    cursor = await conn.execute(
        "SELECT count(*) AS alive FROM procrastinate_workers"
        " WHERE last_heartbeat > now() - make_interval(secs => %s)",
        [seconds],
    )
    row = await cursor.fetchone()
    return int(row["alive"]) if row else 0
