"""The mails ResumePilot sends, each as plain text with an HTML alternative, from templates.

Templates stay dumb: the values are prepared here, HTML is autoescaped, and only links we made
(http or https) are accepted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr
from urllib.parse import urlsplit

from jinja2 import Environment, PackageLoader, StrictUndefined

_templates = Environment(
    loader=PackageLoader("resumepilot.mail", "templates"),
    autoescape=lambda name: name is not None and name.endswith(".html.j2"),
    undefined=StrictUndefined,  # a value the caller forgot is an error, not a blank
    keep_trailing_newline=True,
)


@dataclass(frozen=True)
class MailComposer:
    """Builds ready-to-send messages from `sender` (RESUMEPILOT_MAIL_FROM)."""

    sender: str
    product: str = "ResumePilot"

    def password_reset(self, to: str, *, reset_url: str, valid_minutes: int) -> EmailMessage:
        return self._compose(
            "password_reset",
            to,
            f"Reset your {self.product} password",
            reset_url=_link(reset_url),
            valid_minutes=valid_minutes,
        )

    def email_verification(self, to: str, *, verify_url: str, valid_hours: int) -> EmailMessage:
        return self._compose(
            "email_verification",
            to,
            f"Confirm your email for {self.product}",
            verify_url=_link(verify_url),
            valid_hours=valid_hours,
        )

    def email_change_to_old_address(
        self, to: str, *, new_address: str, confirm_url: str, valid_hours: int
    ) -> EmailMessage:
        """To the current address: the change happens only once it is confirmed from here too."""
        return self._compose(
            "email_change_old",
            to,
            f"Confirm the new email of your {self.product} account",
            new_address=_address(new_address),
            confirm_url=_link(confirm_url),
            valid_hours=valid_hours,
        )

    def email_change_to_new_address(
        self, to: str, *, confirm_url: str, valid_hours: int
    ) -> EmailMessage:
        return self._compose(
            "email_change_new",
            to,
            f"Confirm your new email for {self.product}",
            confirm_url=_link(confirm_url),
            valid_hours=valid_hours,
        )

    def account_deleted(self, to: str, *, deleted_at: datetime) -> EmailMessage:
        return self._compose(
            "account_deleted",
            to,
            f"Your {self.product} account was deleted",
            deleted_at=_when(deleted_at),
        )

    def export_ready(self, to: str, *, download_url: str, expires_at: datetime) -> EmailMessage:
        return self._compose(
            "export_ready",
            to,
            f"Your {self.product} data is ready to download",
            download_url=_link(download_url),
            expires_at=_when(expires_at),
        )

    def _compose(self, kind: str, to: str, subject: str, **values: object) -> EmailMessage:
        recipient = _address(to)
        context = {"product": self.product, "recipient": recipient, **values}
        message = EmailMessage()
        message["Subject"] = subject
        message["From"] = self.sender
        message["To"] = recipient
        message["Date"] = formatdate(usegmt=True)
        message["Message-ID"] = make_msgid(domain=parseaddr(self.sender)[1].rpartition("@")[2])
        # RFC 3834: out-of-office robots must not answer it.
        message["Auto-Submitted"] = "auto-generated"
        message["X-ResumePilot-Mail"] = kind
        message.set_content(_templates.get_template(f"{kind}.txt.j2").render(context))
        message.add_alternative(
            _templates.get_template(f"{kind}.html.j2").render(context), subtype="html"
        )
        return message


def _address(value: str) -> str:
    """One bare address; a value with line breaks or without '@' is a programming error."""
    _, address = parseaddr(value)
    if "\r" in value or "\n" in value or "@" not in address or address != value.strip():
        raise ValueError(f"not a single email address: {value!r}")
    return address


def _link(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"mail links must be absolute http(s) URLs, not {url!r}")
    return url


def _when(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("give mail dates with a time zone")
    utc = moment.astimezone(UTC)
    return f"{utc.day} {utc:%B %Y} at {utc:%H:%M} UTC"
