"""Mail written to a folder as .eml files, for machines without an SMTP server (`make run`)."""

from __future__ import annotations

import asyncio
import logging
import os
import re
import secrets
from datetime import UTC, datetime
from email import policy
from email.message import EmailMessage
from pathlib import Path

from resumepilot.mail.mailer import MailDeliveryError

log = logging.getLogger(__name__)


class OutboxMailer:
    def __init__(self, folder: Path):
        self.folder = folder

    async def send(self, message: EmailMessage) -> None:
        path = await asyncio.to_thread(self.write, message)
        log.info(
            "No RESUMEPILOT_SMTP_URL is set: the mail %r to %s was written to %s",
            str(message["Subject"]),
            str(message["To"]),
            path,
        )

    def write(self, message: EmailMessage) -> Path:
        """Writes the message as one .eml file (any mail program opens it) and returns its path."""
        try:
            # The mails hold sign-in links: readable by this user only.
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            path = self.folder / _file_name(message)
            partial = path.with_suffix(".partial")
            fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as out:
                out.write(message.as_bytes(policy=policy.SMTP))
            partial.replace(path)  # a reader never sees half a mail
        except OSError as exc:
            raise MailDeliveryError(
                f"Could not write the mail to the outbox folder {self.folder}: {exc}. "
                "Check that the data directory is writable, or set RESUMEPILOT_SMTP_URL."
            ) from exc
        return path


def _file_name(message: EmailMessage) -> str:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    kind = re.sub(r"[^a-z0-9]+", "-", str(message.get("X-ResumePilot-Mail", "mail")).lower())
    return f"{stamp}-{kind.strip('-') or 'mail'}-{secrets.token_hex(3)}.eml"
