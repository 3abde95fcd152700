"""Background jobs on procrastinate (PostgreSQL-backed): the task blueprint and the worker.

Features register their tasks on `tasks`; `build_job_app(url)` binds them to one database, so
the web process (deferring) and any number of workers (running) share the queue.
"""

from __future__ import annotations

import logging

from procrastinate import App, Blueprint, PsycopgConnector

log = logging.getLogger(__name__)

tasks = Blueprint()


@tasks.periodic(cron="17 3 * * *")
@tasks.task(name="purge_expired_sessions", queue="maintenance", pass_context=True)
async def purge_expired_sessions(context, timestamp: int) -> int:
    """Deletes sessions that ended over a week ago and login attempts older than a day."""
    row = await context.app.connector.execute_query_one_async(
        """
        WITH gone AS (
          DELETE FROM app_auth.sessions
          WHERE COALESCE(revoked_at, expires_at) < now() - interval '7 days' RETURNING 1
        ), attempts AS (
          DELETE FROM app_auth.login_attempts WHERE created_at < now() - interval '1 day'
          RETURNING 1
        )
        SELECT (SELECT count(*) FROM gone) AS sessions, (SELECT count(*) FROM attempts) AS tries
        """
    )
    log.info("purged %s expired sessions and %s old login attempts", row["sessions"], row["tries"])
    return int(row["sessions"])


_job_app: App | None = None


def build_job_app(database_url: str) -> App:
    """The process's job app, pointed at `database_url`.

    Binding a blueprint renames its tasks in place ('name' -> 'resumepilot:name') and ties them
    to one App, so the App is built once per process and only its connector changes. One
    process works against one database; the App must not be open while this is called.
    """
    global _job_app
    import resumepilot.interviews.jobs  # noqa: F401  (registers the nightly abandon task)
    import resumepilot.resumes.jobs  # noqa: F401  (registers the resume render task)

    if _job_app is None:
        _job_app = App(connector=PsycopgConnector())
        _job_app.add_tasks_from(tasks, namespace="resumepilot")
    connector = PsycopgConnector(conninfo=database_url)
    # What App.replace_connector does, kept beyond a with-block.
    _job_app.connector = connector
    _job_app.job_manager.connector = connector
    return _job_app


async def run_worker(database_url: str, *, concurrency: int = 2) -> None:
    """Runs a worker until cancelled (in-process for `serve`, standalone for `worker`)."""
    async with build_job_app(database_url).open_async() as app:
        await app.run_worker_async(concurrency=concurrency, install_signal_handlers=False)
