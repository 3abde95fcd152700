"""The background job that builds a "Download my data" zip, reporting progress as it goes."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from uuid import UUID

from procrastinate import Blueprint, JobContext, PsycopgConnector

from resumepilot.config import Settings
from resumepilot.db.retention import run_retention
from resumepilot.db.trusted import job_transaction
from resumepilot.db.types import Conn
from resumepilot.mail.configured import mail_kit
from resumepilot.privacy import repository as repo
from resumepilot.privacy.mails import send_export_ready
from resumepilot.privacy.service import write_export

log = logging.getLogger(__name__)
blueprint = Blueprint()


@blueprint.task(name="build_data_export", queue="privacy", pass_context=True)
async def build_data_export(context: JobContext, export_id: str, folder: str) -> None:
    """Writes <folder>/<export id>.zip and marks the export ready (or failed, with why); the
    owner gets a mail saying so, unless an admin asked for it."""

    @asynccontextmanager
    async def trusted() -> AsyncIterator[Conn]:
        async with job_transaction(context) as conn:
            yield conn

    export = UUID(export_id)
    async with trusted() as conn:
        owner = await repo.export_owner(conn, export)
        if owner is None:
            return  # the account was deleted meanwhile
        await repo.update_export(conn, export, status="running")

    async def progress(done: int, total: int) -> None:
        async with trusted() as conn:
            await repo.update_export(conn, export, done_steps=done, total_steps=total)

    path = Path(folder) / f"{export_id}.zip"
    try:
        size = await write_export(trusted, owner, path, progress)
    except Exception as exc:
        log.exception("the data export %s failed", export_id)
        async with trusted() as conn:
            await repo.update_export(
                conn, export, status="failed", error=str(exc)[:500], finished_at=datetime.now(UTC)
            )
        raise
    async with trusted() as conn:
        await repo.update_export(
            conn,
            export,
            status="ready",
            file_path=str(path),
            size_bytes=size,
            finished_at=datetime.now(UTC),
        )
        details = await repo.export_mail_details(conn, export)
    if details is not None and not details["requested_by_admin"]:
        settings = Settings()
        mailer, compose = mail_kit(settings)
        await send_export_ready(
            mailer,
            compose,
            email=details["email"],
            base_url=settings.base_url,
            export_id=export,
            expires_at=details["expires_at"],
        )


@blueprint.periodic(cron="41 3 * * *")
@blueprint.task(name="apply_retention", queue="maintenance", pass_context=True)
async def apply_retention(context: JobContext, timestamp: int) -> int:
    """Nightly: deletes what outlived its retention period, in bounded batches."""
    connector = context.app.connector
    if not isinstance(connector, PsycopgConnector):
        raise RuntimeError("retention needs the PostgreSQL connector")
    conninfo = connector.pool.conninfo
    if not isinstance(conninfo, str):
        raise RuntimeError("retention needs the connection string of the worker's pool")
    outcomes = await asyncio.to_thread(run_retention, conninfo)
    for outcome in outcomes:
        if outcome.rows:
            log.info("retention: %s rows of %s removed", outcome.rows, outcome.name)
    return sum(outcome.rows for outcome in outcomes)
