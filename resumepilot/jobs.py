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


async def run_worker(
    database_url: str, *, concurrency: int = 2, metrics: Metrics | None = None, **options: Any
) -> None:
    """Runs a worker until cancelled (in-process for `serve`, standalone for `worker`).

    With `metrics`, every job is counted there (the web app's /metrics for the in-process one).
    """
    middleware = [counting_jobs(metrics)] if metrics is not None else []
    async with build_job_app(database_url).open_async() as app:
        await app.run_worker_async(
            concurrency=concurrency,
            install_signal_handlers=False,
            worker_middleware=middleware,
            **options,
        )
