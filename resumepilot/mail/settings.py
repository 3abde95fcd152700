"""Mail settings, read from a mapping of environment-style names (the lead wires config.py)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from email.utils import parseaddr
from pathlib import Path

from resumepilot.mail.smtp_url import SmtpEndpoint, parse_smtp_url

SMTP_URL_VAR = "RESUMEPILOT_SMTP_URL"
MAIL_FROM_VAR = "RESUMEPILOT_MAIL_FROM"
# Good enough for mails that only land in the local outbox folder.
OFFLINE_SENDER = "ResumePilot <no-reply@localhost>"


class MailConfigError(ValueError):
    """A mail setting is unusable; the message names the variable and what to write instead."""


@dataclass(frozen=True)
class MailSettings:
    sender: str
    outbox_dir: Path
    # None: mails go to the outbox folder. Kept out of repr: the URL may hold a password.
    smtp: SmtpEndpoint | None = field(default=None, repr=False)

    @classmethod
    def from_mapping(cls, values: Mapping[str, str | None], *, data_dir: Path) -> MailSettings:
        """Reads RESUMEPILOT_SMTP_URL and RESUMEPILOT_MAIL_FROM; raises MailConfigError."""
        raw_url = (values.get(SMTP_URL_VAR) or "").strip()
        raw_sender = (values.get(MAIL_FROM_VAR) or "").strip()
        try:
            smtp = parse_smtp_url(raw_url) if raw_url else None
        except ValueError as exc:
            raise MailConfigError(f"{SMTP_URL_VAR} is not usable: {exc}") from exc
        if smtp is not None and not raw_sender:
            raise MailConfigError(
                f"{SMTP_URL_VAR} is set but {MAIL_FROM_VAR} is not: set it to the address mail "
                "is sent from, e.g. 'ResumePilot <no-reply@example.com>' (a domain your SMTP "
                "server may send for)."
            )
        sender = raw_sender or OFFLINE_SENDER
        _check_sender(sender)
        return cls(sender=sender, outbox_dir=data_dir / "outbox", smtp=smtp)


def _check_sender(sender: str) -> None:
    if "\r" in sender or "\n" in sender:
        raise MailConfigError(f"{MAIL_FROM_VAR} must be on one line.")
    _, address = parseaddr(sender)
    local, at, domain = address.rpartition("@")
    domain_ok = "." in domain.strip(".") or domain == "localhost"
    if not (local and at and domain_ok) or " " in address:
        raise MailConfigError(
            f"{MAIL_FROM_VAR}={sender!r} is not an email address; write it as "
            "'Name <address@example.com>' or 'address@example.com'."
        )
