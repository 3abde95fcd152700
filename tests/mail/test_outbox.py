"""Without SMTP, mails land as .eml files in <data_dir>/outbox and the log says where."""

from __future__ import annotations

import asyncio
import logging
import stat
from datetime import UTC, datetime
from email import policy
from email.parser import BytesParser
from pathlib import Path

import pytest

from resumepilot.mail import MailComposer, MailDeliveryError, MailSettings, build_mailer
from tests.conftest import run_async


def test_a_mail_is_written_as_an_eml_file_and_logged(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    settings = MailSettings.from_mapping({}, data_dir=tmp_path)
    message = MailComposer(settings.sender).email_verification(
        "ada@example.com", verify_url="https://app.test/verify?token=tok", valid_hours=48
    )

    with caplog.at_level(logging.INFO, logger="resumepilot.mail"):
        run_async(lambda: build_mailer(settings).send(message))

    [path] = (tmp_path / "outbox").iterdir()
    assert path.name.endswith("-email-verification-" + path.name.rsplit("-", 1)[1])
    assert path.suffix == ".eml"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600  # it holds a sign-in link
    stored = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
    assert stored["To"] == "ada@example.com"
    body = stored.get_body(("plain",))
    assert body is not None
    assert "https://app.test/verify?token=tok" in body.get_content()
    assert str(path) in caplog.text
    assert "RESUMEPILOT_SMTP_URL" in caplog.text


def test_two_mails_in_the_same_instant_get_two_files(tmp_path: Path) -> None:
    settings = MailSettings.from_mapping({}, data_dir=tmp_path)
    composer = MailComposer(settings.sender)
    mailer = build_mailer(settings)

    async def send_both() -> None:
        now = datetime.now(UTC)
        await asyncio.gather(
            *(
                mailer.send(composer.account_deleted(f"user{i}@example.com", deleted_at=now))
                for i in range(2)
            )
        )

    run_async(lambda: send_both())
    assert len(list((tmp_path / "outbox").glob("*.eml"))) == 2


def test_an_unwritable_outbox_is_a_delivery_error(tmp_path: Path) -> None:
    blocker = tmp_path / "data"
    blocker.write_text("a file where the data folder should be")
    settings = MailSettings.from_mapping({}, data_dir=blocker)
    message = MailComposer(settings.sender).password_reset(
        "ada@example.com", reset_url="https://app.test/r", valid_minutes=5
    )
    with pytest.raises(MailDeliveryError, match="Could not write the mail to the outbox folder"):
        run_async(lambda: build_mailer(settings).send(message))
