"""Admins exporting and deleting a user (permissions users.export and users.delete). Each is
checked by the database for this admin, done by trusted code, and audited: who, what, why."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from uuid import UUID

from resumepilot.admin import repository as repo
from resumepilot.admin.deps import Admin
from resumepilot.clients.stripe import StripeGateway
from resumepilot.db.types import Conn, Row, UnitOfWork
from resumepilot.errors import NotFound, ValidationFailed
from resumepilot.privacy import service as privacy

NO_USER = "There is no user with this id."


def _reason(reason: str) -> str:
    # Checked here too, before anything is queued or deleted; the database checks again.
    reason = reason.strip()
    if len(reason) < 3:
        raise ValidationFailed({"reason": "Give a reason (a few words) for this action."})
    return reason[:500]


async def start_export(
    conn: Conn, trusted: UnitOfWork, admin: Admin, user_id: UUID, reason: str, data_dir: Path
) -> UUID:
    """Queues the zip of everything about the user; returns the export's id."""
    admin.require("users.export")
    reason = _reason(reason)
    await repo.require(conn, "users.export")
    export_id = await privacy.queue_export(trusted, user_id, data_dir, by_admin=True)
    if export_id is None:
        raise NotFound(NO_USER)
    await repo.record_user_export(conn, user_id, reason, export_id)
    return export_id


async def export_of(
    conn: Conn, trusted: UnitOfWork, admin: Admin, user_id: UUID, export_id: UUID
) -> Row:
    admin.require("users.export")
    await repo.require(conn, "users.export")
    row = await privacy.export_row(trusted, export_id, user_id)
    if row is None:
        raise NotFound("There is no such export of this user's data.")
    return row


@dataclass(frozen=True)
class DeletedUser:
    email: str
    deletion: privacy.Deletion


async def delete_user(
    conn: Conn,
    trusted: UnitOfWork,
    stripe: StripeGateway | None,
    data_dir: Path,
    admin: Admin,
    user_id: UUID,
    reason: str,
) -> DeletedUser:
    """Deletes the account as "Delete my account" does, then records the admin and the reason
    (with the person's address and id taken out of it: the audit keeps no personal data)."""
    admin.require("users.delete")
    checked = await repo.check_user_deletion(conn, user_id, _reason(reason))
    email = await privacy.account_email(trusted, user_id)
    if email is None:
        raise NotFound(NO_USER)
    deletion = await privacy.delete_account(trusted, stripe, data_dir, user_id)
    for mention in (email, str(user_id)):
        checked = re.sub(re.escape(mention), "[deleted user]", checked, flags=re.IGNORECASE)
    details = {
        "subscriptions_cancelled": deletion.subscriptions_cancelled,
        "jobs_removed": deletion.jobs_removed,
        "audit_rows_anonymised": deletion.audit_rows_anonymised,
    }
    await repo.record_user_deletion(conn, checked, details)
    return DeletedUser(email, deletion)
