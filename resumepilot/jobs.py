"""Background jobs on procrastinate (PostgreSQL-backed): every feature's tasks and the worker.

Each feature's jobs.py keeps its tasks on a Blueprint of its own; build_job_app(url) collects
them under the "resumepilot" namespace and binds them to one database, so the web process
(deferring) and any number of workers (running) share the queue.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from procrastinate import App, Blueprint, JobContext, PsycopgConnector

from resumepilot.auth.jobs import blueprint as auth_tasks
from resumepilot.db.job_recovery import DATABASE_RETRY
from resumepilot.db.job_recovery import blueprint as recovery_tasks
from resumepilot.interviews.jobs import blueprint as interview_tasks
from resumepilot.observability.metrics import Metrics
from resumepilot.privacy.jobs import blueprint as privacy_tasks
from resumepilot.resumes.jobs import blueprint as resume_tasks
from resumepilot.voice.jobs import blueprint as voice_tasks

# Task names are "resumepilot:<task>"; SQL defers some by that name (migration 0008).
NAMESPACE = "resumepilot"
BLUEPRINTS: tuple[Blueprint, ...] = (
    auth_tasks,
    interview_tasks,
    resume_tasks,
    voice_tasks,
    privacy_tasks,
    recovery_tasks,
)

_job_app: App | None = None


def build_job_app(database_url: str) -> App:
    """The process's job app, pointed at `database_url`.

    Binding a blueprint renames its tasks in place ('name' -> 'resumepilot:name') and ties them
    to one App, so the App is built once per process and only its connector changes. One
    process works against one database; the App must not be open while this is called.
    """
    global _job_app
    if _job_app is None:
        _job_app = App(connector=PsycopgConnector())
        for blueprint in BLUEPRINTS:
            _job_app.add_tasks_from(blueprint, namespace=NAMESPACE)
        # Here rather than on each decorator, so that no task, present or future, goes without.
        for task in _job_app.tasks.values():
            if task.retry_strategy is None:
                task.retry_strategy = DATABASE_RETRY
    connector = PsycopgConnector(conninfo=database_url)
    # What App.replace_connector does, kept beyond a with-block.
    _job_app.connector = connector
    _job_app.job_manager.connector = connector
    return _job_app


def counting_jobs(metrics: Metrics) -> Callable[..., Awaitable[Any]]:
    """A worker middleware that counts and times every job by task and outcome."""

    async def count(
        call_next: Callable[[], Awaitable[Any]], context: JobContext, worker: object
    ) -> Any:
        task = context.job.task_name if context.job else "unknown"
        with metrics.track_job(task):
            return await call_next()

    return count


def worker_options(
    *,
    concurrency: int = 2,
    metrics: Metrics | None = None,
    heartbeat_seconds: float = 10,
    stalled_seconds: float = 60,
    **options: Any,
) -> dict[str, Any]:
    """Arguments of App.run_worker_async for one of our workers.

    With `metrics`, every job is counted there (the web app's /metrics for the in-process one).
    The worker records a heartbeat in the database every `heartbeat_seconds`; workers silent for
    `stalled_seconds` are forgotten and their running jobs retried (db/job_recovery.py).
    """
    return {
        "concurrency": concurrency,
        "install_signal_handlers": False,
        "worker_middleware": [counting_jobs(metrics)] if metrics is not None else [],
        "update_heartbeat_interval": heartbeat_seconds,
        "stalled_worker_timeout": stalled_seconds,
        **options,
    }


async def run_worker(database_url: str, **options: Any) -> None:
    """Runs a worker until cancelled, until it runs out of jobs (wait=False), or until it fails
    (its database went away). Servers run it under jobs_supervision.supervise_worker instead,
    which starts it again whenever it stops."""
    async with build_job_app(database_url).open_async() as app:
        await app.run_worker_async(**worker_options(**options))
