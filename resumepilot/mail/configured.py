"""The mail set-up of a running ResumePilot, from its Settings."""

from __future__ import annotations

from resumepilot.config import Settings
from resumepilot.mail.mailer import Mailer, build_mailer
from resumepilot.mail.messages import MailComposer
from resumepilot.mail.settings import MAIL_FROM_VAR, SMTP_URL_VAR, MailSettings


def mail_settings(settings: Settings) -> MailSettings:
    """Raises MailConfigError naming the variable that is wrong."""
    return MailSettings.from_mapping(
        {SMTP_URL_VAR: settings.smtp_url, MAIL_FROM_VAR: settings.mail_from},
        data_dir=settings.data_dir,
    )


def mail_kit(settings: Settings) -> tuple[Mailer, MailComposer]:
    """The mailer and the composer for the configured sender."""
    configured = mail_settings(settings)
    return build_mailer(configured), MailComposer(sender=configured.sender)
