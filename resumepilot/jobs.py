"""Background jobs on procrastinate (PostgreSQL-backed): the app object and the worker runner."""

from __future__ import annotations

import logging

from procrastinate import App, PsycopgConnector

log = logging.getLogger(__name__)

# One App for the whole package; features register their tasks on it. Its connector is opened
# by whoever runs it (the web process for deferring, the worker for running).
job_app = App(connector=PsycopgConnector(), import_paths=["resumepilot.jobs"])


@job_app.periodic(cron="17 3 * * *")
@job_app.task(name="purge_expired_sessions", queue="maintenance", pass_context=True)
async def purge_expired_sessions(context, timestamp: int) -> int:
    """Deletes sessions that ended over a week ago and login attempts older than a day."""
    row = await context.app.connector.execute_query_one_async(
        """
        WITH gone AS (
          DELETE FROM auth.app_sessions
          WHERE COALESCE(revoked_at, expires_at) < now() - interval '7 days' RETURNING 1
        ), attempts AS (
          DELETE FROM auth.login_attempts WHERE created_at < now() - interval '1 day' RETURNING 1
        )
        SELECT (SELECT count(*) FROM gone) AS sessions, (SELECT count(*) FROM attempts) AS tries
        """
    )
    log.info("purged %s expired sessions and %s old login attempts", row["sessions"], row["tries"])
    return int(row["sessions"])


async def run_worker(database_url: str, *, concurrency: int = 2) -> None:
    """Runs a worker until cancelled (in-process for `serve`, standalone for `worker`)."""
    connector = PsycopgConnector(conninfo=database_url)
    async with job_app.replace_connector(connector).open_async() as app:
        await app.run_worker_async(concurrency=concurrency, install_signal_handlers=False)
