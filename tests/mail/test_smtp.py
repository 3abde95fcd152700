"""SmtpMailer against a real SMTP server on loopback: what arrives, and every way it can fail."""

from __future__ import annotations

import threading
from email.message import EmailMessage
from pathlib import Path

import pytest

from resumepilot.mail import MailComposer, MailDeliveryError, MailSettings, build_mailer
from resumepilot.mail.smtp import SmtpMailer
from resumepilot.mail.smtp_url import parse_smtp_url
from tests.conftest import run_async
from tests.mail.conftest import Certificate
from tests.mail.smtp_server import (
    REFUSED_DOMAIN,
    accept_only,
    free_port,
    silent_server,
    smtp_server,
)

SENDER = "ResumePilot <no-reply@resumepilot.test>"
PASSWORD = "s3cret-pass word"


def reset_mail(to: str = "ada@example.com") -> EmailMessage:
    return MailComposer(SENDER).password_reset(
        to, reset_url="https://app.test/reset?token=abc123", valid_minutes=30
    )


def send(mailer: SmtpMailer, message: EmailMessage) -> None:
    run_async(lambda: mailer.send(message))


def test_a_mail_sent_through_smtp_arrives_with_both_parts(tmp_path: Path) -> None:
    with smtp_server() as (port, inbox):
        settings = MailSettings.from_mapping(
            {"RESUMEPILOT_SMTP_URL": f"smtp://127.0.0.1:{port}", "RESUMEPILOT_MAIL_FROM": SENDER},
            data_dir=tmp_path,
        )
        mailer = build_mailer(settings)
        run_async(lambda: mailer.send(reset_mail()))

    [got] = inbox.received
    assert got.mail_from == "no-reply@resumepilot.test"
    assert got.rcpt_tos == ["ada@example.com"]
    assert got.message["Subject"] == "Reset your ResumePilot password"
    assert got.message["From"] == SENDER
    text = got.message.get_body(("plain",))
    html = got.message.get_body(("html",))
    assert text is not None and html is not None
    assert "https://app.test/reset?token=abc123" in text.get_content()
    assert 'href="https://app.test/reset?token=abc123"' in html.get_content()
    assert not got.over_tls


def test_starttls_then_login_with_the_credentials_from_the_url(
    loopback_certificate: Certificate,
) -> None:
    with smtp_server(
        tls_context=loopback_certificate.server_context(),
        require_starttls=True,
        auth_required=True,
        authenticator=accept_only("mailer", PASSWORD),
    ) as (port, inbox):
        endpoint = parse_smtp_url(
            f"smtp://mailer:s3cret-pass%20word@127.0.0.1:{port}?starttls=require"
        )
        send(SmtpMailer(endpoint, tls_context=loopback_certificate.client_context()), reset_mail())

    [got] = inbox.received
    assert got.over_tls
    assert got.login == "mailer"


def test_smtps_speaks_tls_from_the_first_byte(loopback_certificate: Certificate) -> None:
    with smtp_server(ssl_context=loopback_certificate.server_context()) as (port, inbox):
        endpoint = parse_smtp_url(f"smtps://127.0.0.1:{port}")
        send(SmtpMailer(endpoint, tls_context=loopback_certificate.client_context()), reset_mail())

    [got] = inbox.received
    assert got.over_tls


def test_an_untrusted_certificate_is_refused_with_a_clear_message(
    loopback_certificate: Certificate,
) -> None:
    with smtp_server(ssl_context=loopback_certificate.server_context()) as (port, inbox):
        mailer = SmtpMailer(parse_smtp_url(f"smtps://127.0.0.1:{port}"))  # system CAs only
        with pytest.raises(MailDeliveryError, match="TLS handshake .* failed"):
            send(mailer, reset_mail())
    assert inbox.received == []


def test_wrong_password_is_reported_without_echoing_it(loopback_certificate: Certificate) -> None:
    with smtp_server(
        tls_context=loopback_certificate.server_context(),
        auth_required=True,
        authenticator=accept_only("mailer", PASSWORD),
    ) as (port, inbox):
        endpoint = parse_smtp_url(f"smtp://mailer:wrong-guess@127.0.0.1:{port}")
        mailer = SmtpMailer(endpoint, tls_context=loopback_certificate.client_context())
        with pytest.raises(MailDeliveryError) as caught:
            send(mailer, reset_mail())
    assert "refused the user name and password" in str(caught.value)
    assert "wrong-guess" not in str(caught.value) and "wrong-guess" not in repr(mailer)
    assert inbox.received == []


def test_a_password_is_never_sent_over_a_plain_connection() -> None:
    with smtp_server(auth_require_tls=False) as (port, inbox):  # a server without STARTTLS
        endpoint = parse_smtp_url(f"smtp://mailer:{PASSWORD.replace(' ', '%20')}@127.0.0.1:{port}")
        with pytest.raises(MailDeliveryError, match="unencrypted connection"):
            send(SmtpMailer(endpoint), reset_mail())
    assert inbox.received == []


def test_starttls_required_but_not_offered() -> None:
    with smtp_server() as (port, inbox):
        endpoint = parse_smtp_url(f"smtp://127.0.0.1:{port}?starttls=require")
        with pytest.raises(MailDeliveryError, match="does not offer STARTTLS"):
            send(SmtpMailer(endpoint), reset_mail())
    assert inbox.received == []


def test_a_refused_recipient_is_named_with_the_servers_answer() -> None:
    with smtp_server() as (port, inbox):
        mailer = SmtpMailer(parse_smtp_url(f"smtp://127.0.0.1:{port}"))
        with pytest.raises(MailDeliveryError) as caught:
            send(mailer, reset_mail(f"nobody@{REFUSED_DOMAIN}"))
    assert f"nobody@{REFUSED_DOMAIN}: 550 5.1.1 No such user here" in str(caught.value)
    assert caught.value.status_code == 503
    assert "try again" in caught.value.message  # what a user is shown
    assert inbox.received == []


def test_nothing_listening_gives_a_clear_error() -> None:
    port = free_port()
    mailer = SmtpMailer(parse_smtp_url(f"smtp://127.0.0.1:{port}?timeout=2"))
    expected = f"Could not reach the SMTP server at 127.0.0.1:{port}"
    with pytest.raises(MailDeliveryError, match=expected):
        send(mailer, reset_mail())


def test_a_server_that_never_answers_times_out_instead_of_hanging() -> None:
    outcome: dict[str, BaseException] = {}

    def attempt(port: int) -> None:
        mailer = SmtpMailer(parse_smtp_url(f"smtp://127.0.0.1:{port}?timeout=0.5"))
        try:
            send(mailer, reset_mail())
        except BaseException as exc:  # handed to the test thread
            outcome["error"] = exc

    with silent_server() as port:
        worker = threading.Thread(target=attempt, args=(port,), daemon=True)
        worker.start()
        # Far above the 0.5 s timeout: this bounds a hang, it does not measure speed.
        worker.join(timeout=30)
    assert not worker.is_alive(), "sending to a silent server hung"
    error = outcome.get("error")
    assert isinstance(error, MailDeliveryError), error
    assert "did not answer within 0.5 s" in str(error)
