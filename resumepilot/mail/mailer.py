"""The one interface the app sends mail through, and the choice of implementation."""

from __future__ import annotations

import ssl
from email.message import EmailMessage
from typing import Protocol

from resumepilot.errors import AppError
from resumepilot.mail.settings import MailSettings


class Mailer(Protocol):
    async def send(self, message: EmailMessage) -> None:
        """Delivers the message or raises MailDeliveryError."""
        ...


class MailDeliveryError(AppError):
    """The mail could not be handed over.

    `message` is what a user may read; `str(exc)` is the cause for the operator's log (server,
    its answer), never a password.
    """

    status_code = 503
    code = "mail_unavailable"

    def __init__(self, detail: str):
        super().__init__("We could not send the email just now. Please try again in a few minutes.")
        self.detail = detail

    def __str__(self) -> str:
        return self.detail


def build_mailer(settings: MailSettings, *, tls_context: ssl.SSLContext | None = None) -> Mailer:
    """SMTP when a URL is configured, else the outbox folder in the data directory.

    `tls_context` replaces the system's trusted certificates (a private relay's own CA).
    """
    if settings.smtp is None:
        from resumepilot.mail.outbox import OutboxMailer

        return OutboxMailer(settings.outbox_dir)
    from resumepilot.mail.smtp import SmtpMailer

    return SmtpMailer(settings.smtp, tls_context=tls_context)
