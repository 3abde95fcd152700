"""RESUMEPILOT_SMTP_URL: smtp://[user:password@]host[:port][?starttls=auto|require|off&timeout=S]
or smtps://... for TLS from the first byte."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import parse_qs, unquote, urlsplit

StartTls = Literal["auto", "require", "off"]
DEFAULT_PORTS = {"smtp": 25, "smtps": 465}
DEFAULT_TIMEOUT_SECONDS = 10.0
MAX_TIMEOUT_SECONDS = 300.0


@dataclass(frozen=True)
class SmtpEndpoint:
    host: str
    port: int
    implicit_tls: bool
    # smtp:// only: "auto" upgrades when the server offers STARTTLS, "require" fails without it.
    starttls: StartTls
    timeout_seconds: float
    username: str | None = None
    password: str | None = field(default=None, repr=False)

    @property
    def address(self) -> str:
        """host:port, for messages (never the credentials)."""
        return f"{self.host}:{self.port}"


def parse_smtp_url(url: str) -> SmtpEndpoint:
    """Parses and checks the URL; ValueError says what is wrong (without echoing a password)."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS:
        raise ValueError(
            f"the scheme must be smtp:// or smtps://, not {parts.scheme + '://' or 'nothing'}"
        )
    if not parts.hostname:
        raise ValueError("it names no host (expected smtp://host:port)")
    try:
        port = parts.port or DEFAULT_PORTS[scheme]
    except ValueError as exc:  # a port that is not a number, or out of range
        raise ValueError("its port must be a number from 1 to 65535") from exc
    options = parse_qs(parts.query, keep_blank_values=True)
    unknown = sorted(set(options) - {"starttls", "timeout"})
    if unknown:
        raise ValueError(f"unknown option(s) {', '.join(unknown)}; known: starttls, timeout")
    starttls = _one(options, "starttls", "auto")
    if starttls not in ("auto", "require", "off"):
        raise ValueError("starttls must be auto, require or off")
    timeout = _timeout(_one(options, "timeout", str(DEFAULT_TIMEOUT_SECONDS)))
    username = unquote(parts.username) if parts.username else None
    password = unquote(parts.password) if parts.password is not None else None
    if password and not username:
        raise ValueError("it has a password but no user name (expected smtp://user:password@host)")
    return SmtpEndpoint(
        host=parts.hostname,
        port=port,
        implicit_tls=scheme == "smtps",
        starttls=starttls,  # type: ignore[arg-type]  # checked just above
        timeout_seconds=timeout,
        username=username,
        password=password,
    )


def _one(options: dict[str, list[str]], name: str, default: str) -> str:
    values = options.get(name)
    if not values:
        return default
    if len(values) > 1:
        raise ValueError(f"{name} is given more than once")
    return values[0].strip().lower()


def _timeout(text: str) -> float:
    try:
        seconds = float(text)
    except ValueError as exc:
        raise ValueError(f"timeout must be a number of seconds, not {text!r}") from exc
    if not 0 < seconds <= MAX_TIMEOUT_SECONDS:
        raise ValueError(f"timeout must be above 0 and at most {MAX_TIMEOUT_SECONDS:.0f} seconds")
    return seconds
