"""Outgoing mail: message building from templates, and one small interface to send it.

`build_mailer(MailSettings.from_mapping(os.environ, data_dir=...))` gives an SMTP mailer when
RESUMEPILOT_SMTP_URL is set, else a folder outbox, so a laptop works offline.
"""

from resumepilot.mail.mailer import MailDeliveryError, Mailer, build_mailer
from resumepilot.mail.messages import MailComposer
from resumepilot.mail.settings import MailConfigError, MailSettings

__all__ = [
    "MailComposer",
    "MailConfigError",
    "MailDeliveryError",
    "MailSettings",
    "Mailer",
    "build_mailer",
]
