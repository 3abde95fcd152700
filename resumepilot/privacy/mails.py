"""The privacy mails: "your export is ready" and the goodbye after an account is deleted. Both
are sent after the work is done and committed; a mail that cannot be sent is logged, never
undoes the work."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from uuid import UUID

from resumepilot.mail import MailComposer, MailDeliveryError, Mailer

log = logging.getLogger(__name__)


async def send_goodbye(mailer: Mailer, compose: MailComposer, email: str) -> None:
    """Tells the former owner of `email` that the account and its data are gone."""
    try:
        await mailer.send(compose.account_deleted(email, deleted_at=datetime.now(UTC)))
    except (MailDeliveryError, ValueError) as exc:
        log.error("the goodbye mail could not be sent: %s", exc)


async def send_export_ready(
    mailer: Mailer,
    compose: MailComposer,
    *,
    email: str,
    base_url: str,
    export_id: UUID,
    expires_at: datetime,
) -> None:
    """Points to the privacy page, where the signed-in owner downloads the zip: the link alone
    opens nothing."""
    url = f"{base_url}/privacy?export={export_id}"
    try:
        await mailer.send(compose.export_ready(email, download_url=url, expires_at=expires_at))
    except (MailDeliveryError, ValueError) as exc:
        log.error("the export-ready mail could not be sent: %s", exc)
