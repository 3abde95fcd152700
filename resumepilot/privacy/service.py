"""Export and deletion of everything about one user, with no HTTP in them.

The tables come from the database's own foreign keys (privacy.repository.user_tables), so a
table added later is exported and swept without a list to keep up to date.
"""

from __future__ import annotations

import json
import logging
import shutil
import zipfile
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from uuid import UUID

from resumepilot.billing import service as billing
from resumepilot.clients.stripe import StripeGateway
from resumepilot.db.types import Row, UnitOfWork
from resumepilot.privacy import repository as repo
from resumepilot.privacy.mails import send_goodbye

__all__ = ["send_goodbye"]  # for the admin console, which may only import this service

log = logging.getLogger(__name__)
Progress = Callable[[int, int], Awaitable[None]]

README = """\
Your data from ResumePilot
==========================

Exported on {when} for the account {email}.

tables/      one JSON file per database table, holding every row about you (an array of
             objects, one per row, with the table's column names). Secrets such as password
             hashes and sign-in tokens are left out: they are of no use outside our servers.
files/       every file stored for you (rendered resumes, recordings), under the name of the
             table that holds it; the row in tables/ names the file in the same column.

The tables in this export:
{tables}
"""


def exports_folder(data_dir: Path, user_id: UUID) -> Path:
    """Where a user's export zips are kept (removed with the account)."""
    return data_dir / "exports" / str(user_id)


async def _noop(done: int, total: int) -> None:
    return None


async def write_export(
    trusted: UnitOfWork, user_id: UUID, destination: Path, progress: Progress = _noop
) -> int:
    """Writes the zip of every row and file about the user; returns its size in bytes."""
    async with trusted() as conn:
        tables = await repo.user_tables(conn)
        email = await repo.email_of(conn, user_id) or "(no email)"
    total = len(tables) + 1
    destination.parent.mkdir(parents=True, exist_ok=True)
    partial = destination.with_suffix(".partial")
    listing: list[str] = []
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for step, table in enumerate(tables, start=1):
            async with trusted() as conn:
                rows = await repo.rows_of(conn, table, user_id)
            clean = [_plain_row(archive, table.label, row) for row in rows]
            archive.writestr(
                f"tables/{table.label}.json",
                json.dumps(clean, indent=2, default=str, ensure_ascii=False),
            )
            listing.append(f"  tables/{table.label}.json  ({len(rows)} rows)")
            await progress(step, total)
        archive.writestr(
            "README.txt",
            README.format(
                when=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
                email=email,
                tables="\n".join(listing),
            ),
        )
    partial.replace(destination)
    await progress(total, total)
    return destination.stat().st_size


def _plain_row(archive: zipfile.ZipFile, label: str, row: dict[str, Any]) -> dict[str, Any]:
    """The row without secrets; bytes go into files/ and the row names the file instead."""
    out: dict[str, Any] = {}
    for column, value in row.items():
        if column in repo.SECRET_COLUMNS:
            continue
        if isinstance(value, bytes | memoryview):
            stem = str(row.get("id", len(archive.namelist())))
            name = Path(str(row.get("filename") or column)).name
            path = f"files/{label}/{stem}-{name}"
            archive.writestr(path, bytes(value))
            value = path
        out[column] = value
    return out


async def account_email(trusted: UnitOfWork, user_id: UUID) -> str | None:
    async with trusted() as conn:
        return await repo.email_of(conn, user_id)


async def queue_export(
    trusted: UnitOfWork, user_id: UUID, data_dir: Path, *, by_admin: bool = False
) -> UUID | None:
    """Queues the export job in the same transaction as its row; None when there is no user."""
    async with trusted() as conn:
        if await repo.email_of(conn, user_id) is None:
            return None
        export_id = await repo.insert_export(conn, user_id, by_admin=by_admin)
        await repo.defer_export(conn, export_id, exports_folder(data_dir, user_id))
    return export_id


async def export_row(trusted: UnitOfWork, export_id: UUID, user_id: UUID) -> Row | None:
    async with trusted() as conn:
        return await repo.get_export(conn, export_id, user_id)


@dataclass(frozen=True)
class Deletion:
    subscriptions_cancelled: int
    jobs_removed: int
    audit_rows_anonymised: int


async def delete_account(
    trusted: UnitOfWork, stripe: StripeGateway | None, data_dir: Path, user_id: UUID
) -> Deletion:
    """Cancels Stripe subscriptions first (the account must not go while Stripe still charges
    it), then removes every row, job and file about the user in one transaction."""
    cancelled = await billing.cancel_all_subscriptions(trusted, stripe, user_id)
    async with trusted() as conn:
        email = await repo.email_of(conn, user_id) or ""
        jobs = await repo.delete_jobs_about(conn, user_id)
        anonymised = await repo.anonymise_audit_rows(conn, user_id, email or str(user_id))
        await repo.anonymise_stripe_events(conn, user_id, email)
        if email:
            await repo.delete_rows_by_email(conn, email)
        await repo.delete_user(conn, user_id)
        await repo.record_deletion(conn)
    shutil.rmtree(exports_folder(data_dir, user_id), ignore_errors=True)
    return Deletion(cancelled, jobs, anonymised)


def export_status(row: dict[str, Any], download_path: str) -> dict[str, Any]:
    """What the API and pages say about an export; its zip is at `download_path` once ready."""
    return {
        "id": str(row["id"]),
        "status": row["status"],
        "done_steps": row["done_steps"],
        "total_steps": row["total_steps"],
        "size_bytes": row["size_bytes"],
        "error": row["error"],
        "download_url": download_path if row["status"] == "ready" else None,
    }
