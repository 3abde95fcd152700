"""Mail handed to an SMTP server with the standard library, in a worker thread."""

from __future__ import annotations

import asyncio
import smtplib
import ssl
from email.message import EmailMessage

from resumepilot.mail.mailer import MailDeliveryError
from resumepilot.mail.smtp_url import SmtpEndpoint


class SmtpMailer:
    def __init__(self, endpoint: SmtpEndpoint, *, tls_context: ssl.SSLContext | None = None):
        self.endpoint = endpoint
        self.tls_context = tls_context or ssl.create_default_context()

    def __repr__(self) -> str:
        return f"SmtpMailer({self.endpoint.address})"

    async def send(self, message: EmailMessage) -> None:
        await asyncio.to_thread(self.deliver, message)

    def deliver(self, message: EmailMessage) -> None:
        """Sends one message, blocking; every failure becomes a MailDeliveryError."""
        where = f"the SMTP server at {self.endpoint.address}"
        try:
            self._deliver(message)
        except MailDeliveryError:
            raise
        except smtplib.SMTPAuthenticationError as exc:
            raise MailDeliveryError(
                f"{where} refused the user name and password in RESUMEPILOT_SMTP_URL "
                f"({_answer(exc.smtp_code, exc.smtp_error)})."
            ) from exc
        except smtplib.SMTPRecipientsRefused as exc:
            refused = "; ".join(
                f"{address}: {_answer(code, text)}"
                for address, (code, text) in exc.recipients.items()
            )
            raise MailDeliveryError(f"{where} refused the recipient(s): {refused}.") from exc
        except smtplib.SMTPResponseException as exc:
            raise MailDeliveryError(
                f"{where} refused the mail ({_answer(exc.smtp_code, exc.smtp_error)})."
            ) from exc
        except smtplib.SMTPServerDisconnected as exc:
            if isinstance(exc.__context__, TimeoutError):
                raise self._timed_out(where) from exc
            raise MailDeliveryError(f"{where} closed the connection: {exc}.") from exc
        except smtplib.SMTPNotSupportedError as exc:
            raise MailDeliveryError(
                f"{where} does not support what RESUMEPILOT_SMTP_URL asks for: {exc}."
            ) from exc
        except smtplib.SMTPException as exc:
            raise MailDeliveryError(f"{where} failed to take the mail: {exc}.") from exc
        except ssl.SSLError as exc:
            raise MailDeliveryError(
                f"The TLS handshake with {where} failed ({exc.reason or exc}); check that the "
                "server's certificate is valid for this host name."
            ) from exc
        except TimeoutError as exc:
            raise self._timed_out(where) from exc
        except OSError as exc:  # connection refused, host unreachable, unknown host name
            raise MailDeliveryError(
                f"Could not reach {where}: {exc.strerror or exc}. Check RESUMEPILOT_SMTP_URL and "
                "that the server is running."
            ) from exc

    def _deliver(self, message: EmailMessage) -> None:
        endpoint = self.endpoint
        client: smtplib.SMTP
        if endpoint.implicit_tls:
            client = smtplib.SMTP_SSL(
                endpoint.host,
                endpoint.port,
                timeout=endpoint.timeout_seconds,
                context=self.tls_context,
            )
        else:
            client = smtplib.SMTP(endpoint.host, endpoint.port, timeout=endpoint.timeout_seconds)
        with client:
            client.ehlo()
            encrypted = endpoint.implicit_tls
            if not encrypted and endpoint.starttls != "off":
                if client.has_extn("starttls"):
                    client.starttls(context=self.tls_context)
                    client.ehlo()
                    encrypted = True
                elif endpoint.starttls == "require":
                    raise MailDeliveryError(
                        f"The SMTP server at {endpoint.address} does not offer STARTTLS, which "
                        "RESUMEPILOT_SMTP_URL requires (starttls=require)."
                    )
            if endpoint.username:
                if not encrypted:
                    raise MailDeliveryError(
                        f"Refusing to send the SMTP password to {endpoint.address} over an "
                        "unencrypted connection: use smtps://, or a server that offers STARTTLS."
                    )
                client.login(endpoint.username, endpoint.password or "")
            # Partly refused recipients come back here; every one refused raises above.
            refused = client.send_message(message)
            if refused:
                listed = ", ".join(sorted(refused))
                raise MailDeliveryError(
                    f"The SMTP server at {endpoint.address} refused some recipients: {listed}."
                )

    def _timed_out(self, where: str) -> MailDeliveryError:
        return MailDeliveryError(
            f"{where} did not answer within {self.endpoint.timeout_seconds:g} s. Check that "
            "RESUMEPILOT_SMTP_URL names an SMTP port (smtps:// for port 465)."
        )


def _answer(code: int, text: bytes | str) -> str:
    message = text.decode("utf-8", "replace") if isinstance(text, bytes) else text
    return f"{code} {message}".strip()
