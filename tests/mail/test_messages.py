"""The mails' content: every kind renders both parts, links are ours, values are escaped."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser

import pytest

from resumepilot.mail import MailComposer

composer = MailComposer("ResumePilot <no-reply@resumepilot.test>")
WHEN = datetime(2025, 3, 4, 17, 5, tzinfo=timezone(timedelta(hours=2)))

EVERY_KIND: dict[str, Callable[[str], EmailMessage]] = {
    "password_reset": lambda to: composer.password_reset(
        to, reset_url="https://app.test/reset?token=t1", valid_minutes=30
    ),
    "email_verification": lambda to: composer.email_verification(
        to, verify_url="https://app.test/verify?token=t2", valid_hours=48
    ),
    "email_change_old": lambda to: composer.email_change_to_old_address(
        to,
        new_address="new@example.com",
        confirm_url="https://app.test/change?token=t3",
        valid_hours=24,
    ),
    "email_change_new": lambda to: composer.email_change_to_new_address(
        to, confirm_url="https://app.test/change?token=t4", valid_hours=24
    ),
    "account_deleted": lambda to: composer.account_deleted(to, deleted_at=WHEN),
    "export_ready": lambda to: composer.export_ready(
        to, download_url="https://app.test/api/me/export/5", expires_at=WHEN
    ),
}


def parts(message: EmailMessage) -> tuple[str, str]:
    """The text and HTML as a mail program would read them, after a round trip through bytes."""
    parsed = BytesParser(policy=policy.default).parsebytes(message.as_bytes())
    text, html = parsed.get_body(("plain",)), parsed.get_body(("html",))
    assert text is not None and html is not None
    return text.get_content(), html.get_content()


@pytest.mark.parametrize("kind", sorted(EVERY_KIND))
def test_every_mail_has_text_and_html_and_the_usual_headers(kind: str) -> None:
    message = EVERY_KIND[kind]("ada@example.com")
    text, html = parts(message)
    assert message["To"] == "ada@example.com"
    assert message["From"] == "ResumePilot <no-reply@resumepilot.test>"
    assert message["X-ResumePilot-Mail"] == kind
    assert message["Auto-Submitted"] == "auto-generated"
    assert message["Message-ID"].endswith("@resumepilot.test>")
    assert message["Subject"] and "ResumePilot" in message["Subject"]
    assert "ResumePilot" in text and html.lstrip().startswith("<!DOCTYPE html>")
    assert "{{" not in text + html and "{%" not in text + html


def test_the_link_and_its_lifetime_are_in_both_parts() -> None:
    text, html = parts(EVERY_KIND["password_reset"]("ada@example.com"))
    for part in (text, html):
        assert "https://app.test/reset?token=t1" in part
        assert "30 minutes" in part


def test_dates_are_shown_in_utc() -> None:
    text, _ = parts(EVERY_KIND["export_ready"]("ada@example.com"))
    assert "4 March 2025 at 15:05 UTC" in text


def test_the_old_address_is_told_the_new_one() -> None:
    text, html = parts(EVERY_KIND["email_change_old"]("old@example.com"))
    assert "from old@example.com to new@example.com" in text
    assert "<strong>new@example.com</strong>" in html


def test_values_are_escaped_in_html() -> None:
    # Legal in an address's local part, dangerous in HTML.
    odd = "o'brien&co@example.com"
    link = 'https://app.test/verify?token=a"><script>alert(1)</script>'
    message = composer.email_change_to_old_address(
        "ada@example.com", new_address=odd, confirm_url=link, valid_hours=1
    )
    text, html = parts(message)
    assert "<script>" not in html
    assert "o&#39;brien&amp;co@example.com" in html
    assert 'href="https://app.test/verify?token=a&#34;&gt;&lt;script&gt;' in html
    assert odd in text and link in text  # plain text is shown as it is


@pytest.mark.parametrize("url", ["javascript:alert(1)", "/reset?token=x", "ftp://app.test/x"])
def test_only_absolute_web_links_are_accepted(url: str) -> None:
    with pytest.raises(ValueError, match="absolute http"):
        composer.password_reset("ada@example.com", reset_url=url, valid_minutes=5)


@pytest.mark.parametrize(
    "to",
    [
        "ada@example.com\r\nBcc: all@example.com",
        "Ada <ada@example.com>, bob@example.com",
        "not-an-address",
    ],
)
def test_a_recipient_must_be_one_address(to: str) -> None:
    with pytest.raises(ValueError, match="not a single email address"):
        EVERY_KIND["account_deleted"](to)


def test_dates_without_a_time_zone_are_refused() -> None:
    with pytest.raises(ValueError, match="time zone"):
        composer.account_deleted("ada@example.com", deleted_at=datetime(2025, 1, 1))
    assert composer.account_deleted("ada@example.com", deleted_at=datetime.now(UTC))
