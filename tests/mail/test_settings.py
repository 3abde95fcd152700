"""Mail settings from environment-style names, and the SMTP URL they carry."""

from __future__ import annotations

from pathlib import Path

import pytest

from resumepilot.mail import MailConfigError, MailSettings, build_mailer
from resumepilot.mail.outbox import OutboxMailer
from resumepilot.mail.smtp import SmtpMailer
from resumepilot.mail.smtp_url import parse_smtp_url


def test_without_an_smtp_url_mail_goes_to_the_outbox_in_the_data_dir(tmp_path: Path) -> None:
    settings = MailSettings.from_mapping({}, data_dir=tmp_path)
    mailer = build_mailer(settings)
    assert isinstance(mailer, OutboxMailer)
    assert mailer.folder == tmp_path / "outbox"
    assert settings.sender == "ResumePilot <no-reply@localhost>"


def test_an_smtp_url_gives_an_smtp_mailer(tmp_path: Path) -> None:
    settings = MailSettings.from_mapping(
        {
            "RESUMEPILOT_SMTP_URL": "smtps://bob:p%40ss@mail.example.com",
            "RESUMEPILOT_MAIL_FROM": "Jobs <jobs@example.com>",
        },
        data_dir=tmp_path,
    )
    mailer = build_mailer(settings)
    assert isinstance(mailer, SmtpMailer)
    assert settings.smtp is not None
    assert (settings.smtp.host, settings.smtp.port, settings.smtp.implicit_tls) == (
        "mail.example.com",
        465,
        True,
    )
    assert (settings.smtp.username, settings.smtp.password) == ("bob", "p@ss")
    assert "p@ss" not in repr(settings) and "p@ss" not in repr(mailer)


def test_url_options() -> None:
    endpoint = parse_smtp_url("smtp://relay.local:2525?starttls=off&timeout=3.5")
    assert (endpoint.port, endpoint.starttls, endpoint.timeout_seconds) == (2525, "off", 3.5)
    assert parse_smtp_url("smtp://relay.local").port == 25


@pytest.mark.parametrize(
    ("url", "complaint"),
    [
        ("http://mail.example.com", "scheme must be smtp:// or smtps://"),
        ("mail.example.com:587", "scheme must be smtp:// or smtps://"),
        ("smtp://", "names no host"),
        ("smtp://mail.example.com:99999", "port must be a number"),
        ("smtp://mail.example.com?tls=yes", "unknown option(s) tls"),
        ("smtp://mail.example.com?starttls=maybe", "starttls must be auto, require or off"),
        ("smtp://mail.example.com?timeout=soon", "timeout must be a number"),
        ("smtp://mail.example.com?timeout=0", "timeout must be above 0"),
        ("smtp://:secret@mail.example.com", "password but no user name"),
    ],
)
def test_a_bad_smtp_url_is_explained(url: str, complaint: str, tmp_path: Path) -> None:
    with pytest.raises(MailConfigError) as caught:
        MailSettings.from_mapping(
            {"RESUMEPILOT_SMTP_URL": url, "RESUMEPILOT_MAIL_FROM": "a@example.com"},
            data_dir=tmp_path,
        )
    assert "RESUMEPILOT_SMTP_URL is not usable" in str(caught.value)
    assert complaint in str(caught.value)
    assert "secret" not in str(caught.value)


def test_smtp_without_a_sender_address_is_refused_at_start(tmp_path: Path) -> None:
    with pytest.raises(MailConfigError, match="RESUMEPILOT_MAIL_FROM is not"):
        MailSettings.from_mapping(
            {"RESUMEPILOT_SMTP_URL": "smtp://mail.example.com"}, data_dir=tmp_path
        )


@pytest.mark.parametrize(
    "sender",
    [
        "ResumePilot",
        "no-reply@",
        "a b@example.com",
        "x@example.com\r\nBcc: victim@example.com",
        "localhost",
    ],
)
def test_a_bad_sender_is_refused(sender: str, tmp_path: Path) -> None:
    with pytest.raises(MailConfigError, match="RESUMEPILOT_MAIL_FROM"):
        MailSettings.from_mapping({"RESUMEPILOT_MAIL_FROM": sender}, data_dir=tmp_path)
