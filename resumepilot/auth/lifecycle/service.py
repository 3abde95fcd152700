"""The account lifecycle by email: password reset, email verification and email change.

Tokens are random, mailed once, stored by their SHA-256, single-use and short-lived. Asking for
a reset answers the same whether or not the address has an account, and the mail goes out after
the answer (a background task), so the answer's timing does not tell either.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from urllib.parse import quote
from uuid import UUID

import psycopg

from resumepilot.auth import passwords
from resumepilot.auth.lifecycle import repository as repo
from resumepilot.auth.repository import (
    credentials_by_email,
    email_taken,
    password_hash_of,
    record_event,
    set_password_hash,
)
from resumepilot.auth.service import normalise_email
from resumepilot.db.request import Identity, User, hash_token
from resumepilot.db.types import UnitOfWork
from resumepilot.errors import AppError, TooManyRequests, ValidationFailed
from resumepilot.mail import MailComposer, MailDeliveryError, Mailer

log = logging.getLogger(__name__)

RESET_MINUTES = 60
VERIFY_HOURS = 48
CHANGE_HOURS = 24
# Mails of one kind per address, and per network address, within the window.
MAX_PER_EMAIL = 3
MAX_PER_NETWORK = 20
WINDOW_MINUTES = 60
RESET_REQUESTED = (
    "If an account uses that address, we have sent it a link to choose a new password. "
    "The link works once, for one hour."
)
BAD_LINK = "This link is not valid any more: it was used already, replaced by a newer one, or it "
BAD_LINK += "expired. Ask for a new one."

# A deferred mail: the route runs it after the answer is sent.
SendLater = Callable[[], Awaitable[None]]


@dataclass(frozen=True)
class MailKit:
    mailer: Mailer
    compose: MailComposer
    base_url: str  # where the links point, e.g. https://resumepilot.example

    def link(self, path: str, token: str) -> str:
        return f"{self.base_url}{path}?token={quote(token)}"


class InvalidLink(AppError):
    status_code = 400
    code = "invalid_link"

    def __init__(self) -> None:
        super().__init__(BAD_LINK)


def _new_token() -> tuple[str, bytes]:
    token = secrets.token_urlsafe(32)
    return token, hash_token(token)


def _sender(kit: MailKit, message_of: Callable[[], EmailMessage]) -> SendLater:
    async def send() -> None:
        message = message_of()
        try:
            await kit.mailer.send(message)
        except MailDeliveryError as exc:
            log.error("a mail could not be sent: %s", exc)

    return send


async def _within_limits(
    trusted: UnitOfWork, kind: str, email: str, ip_address: str | None
) -> bool:
    """Logs the request; False when this address asked too often (then nothing is sent).
    Raises TooManyRequests when one network asks too often, whatever the address."""
    async with trusted() as conn:
        counts = await repo.count_mail_requests(
            conn,
            kind=kind,
            email=email,
            ip_address=ip_address,
            window_minutes=WINDOW_MINUTES,
        )
        if ip_address is not None and counts["from_address"] >= MAX_PER_NETWORK:
            raise TooManyRequests(
                "Too many requests from your network. Try again in an hour.",
                retry_after_seconds=WINDOW_MINUTES * 60,
            )
        await repo.log_mail_request(conn, kind=kind, email=email, ip_address=ip_address)
    return int(counts["for_email"]) < MAX_PER_EMAIL


async def request_password_reset(
    trusted: UnitOfWork, kit: MailKit, *, email: str, identity: Identity
) -> SendLater | None:
    """Makes a reset token when the address has an account; returns the mail to send, or None.
    The caller answers RESET_REQUESTED in every case."""
    email = email.strip()[:320]
    if "@" not in email:
        raise ValidationFailed({"email": "Enter the email address of your account."})
    if not await _within_limits(trusted, "password_reset", email, identity.ip_address):
        return None
    token, token_hash = _new_token()
    async with trusted() as conn:
        account = await credentials_by_email(conn, email)
        if account is None:
            return None
        await repo.retire_tokens(conn, account["id"], "password_reset")
        await repo.insert_token(
            conn,
            user_id=account["id"],
            purpose="password_reset",
            token_hash=token_hash,
            email=account["email"],
            expires_at=datetime.now(UTC) + timedelta(minutes=RESET_MINUTES),
        )
        await record_event(
            conn,
            "auth.password_reset_requested",
            user_id=account["id"],
            ip_address=identity.ip_address,
            user_agent=identity.user_agent,
        )
    to = account["email"]
    url = kit.link("/reset-password", token)
    return _sender(
        kit, lambda: kit.compose.password_reset(to, reset_url=url, valid_minutes=RESET_MINUTES)
    )


async def reset_link_is_live(trusted: UnitOfWork, token: str) -> bool:
    async with trusted() as conn:
        return await repo.token_is_live(
            conn, purpose="password_reset", token_hash=hash_token(token)
        )


async def reset_password(
    trusted: UnitOfWork, *, token: str, new_password: str, identity: Identity
) -> None:
    """Sets the password from a reset link, once; every session of the account is signed out."""
    # Checked before the slow hashing, which runs outside any transaction.
    if not await reset_link_is_live(trusted, token):
        raise InvalidLink()
    new_hash = await passwords.hash_password(new_password)
    async with trusted() as conn:
        taken = await repo.take_token(conn, purpose="password_reset", token_hash=hash_token(token))
        if taken is None:
            raise InvalidLink()
        problem = passwords.password_problem(new_password, email=taken["current_email"])
        if problem:
            raise ValidationFailed({"password": problem})
        await repo.retire_tokens(conn, taken["user_id"], "password_reset")
        await set_password_hash(conn, taken["user_id"], new_hash)
        revoked = await repo.revoke_all_sessions(conn, taken["user_id"])
        await record_event(
            conn,
            "auth.password_reset",
            user_id=taken["user_id"],
            ip_address=identity.ip_address,
            user_agent=identity.user_agent,
            data={"sessions_revoked": revoked},
        )


async def email_is_confirmed(trusted: UnitOfWork, user_id: UUID) -> bool:
    async with trusted() as conn:
        return await repo.email_confirmed_at(conn, user_id) is not None


async def request_verification(trusted: UnitOfWork, kit: MailKit, user: User) -> SendLater:
    """A link that confirms the account's current address."""
    async with trusted() as conn:
        if await repo.email_confirmed_at(conn, user.id) is not None:
            raise AppError("Your email address is already confirmed.", status_code=409)
    identity_email = user.email or ""
    if not await _within_limits(trusted, "email_verification", identity_email, user.ip_address):
        raise TooManyRequests(
            "We sent several confirmation mails already; check your inbox and spam folder, "
            "or try again in an hour.",
            retry_after_seconds=WINDOW_MINUTES * 60,
        )
    return await _verification_mail(trusted, kit, user.id, identity_email)


async def verification_after_signup(
    trusted: UnitOfWork, kit: MailKit, user_id: UUID
) -> SendLater | None:
    """The confirmation mail of a new account. Sign-ups have their own limit per network, so
    this first mail does not count against the limits on asking for more."""
    async with trusted() as conn:
        email = await repo.email_of(conn, user_id)
    if email is None:
        return None
    return await _verification_mail(trusted, kit, user_id, email)


async def _verification_mail(
    trusted: UnitOfWork, kit: MailKit, user_id: UUID, email: str
) -> SendLater:
    token, token_hash = _new_token()
    async with trusted() as conn:
        await repo.retire_tokens(conn, user_id, "email_verification")
        await repo.insert_token(
            conn,
            user_id=user_id,
            purpose="email_verification",
            token_hash=token_hash,
            email=email,
            expires_at=datetime.now(UTC) + timedelta(hours=VERIFY_HOURS),
        )
    url = kit.link("/verify-email", token)
    return _sender(
        kit,
        lambda: kit.compose.email_verification(email, verify_url=url, valid_hours=VERIFY_HOURS),
    )


async def verify_email(trusted: UnitOfWork, *, token: str, identity: Identity) -> None:
    async with trusted() as conn:
        taken = await repo.take_token(
            conn, purpose="email_verification", token_hash=hash_token(token)
        )
        # A link sent to an earlier address must not confirm the one in use now.
        if taken is None or taken["token_email"].lower() != taken["current_email"].lower():
            raise InvalidLink()
        await repo.confirm_email(conn, taken["user_id"])
        await record_event(
            conn,
            "auth.email_verified",
            user_id=taken["user_id"],
            ip_address=identity.ip_address,
            user_agent=identity.user_agent,
        )


async def request_email_change(
    trusted: UnitOfWork, kit: MailKit, user: User, *, new_email: str, password: str
) -> list[SendLater]:
    """After re-authentication, mails both addresses; the change happens once both confirm."""
    async with trusted() as conn:
        stored = await password_hash_of(conn, user.id)
    if not await passwords.verify_password(stored, password):
        raise ValidationFailed({"password": "That is not your current password."})
    new_email = normalise_email(new_email)
    old_email = user.email or ""
    if new_email.lower() == old_email.lower():
        raise ValidationFailed({"new_email": "That is already your email address."})
    old_token, old_hash = _new_token()
    new_token, new_hash = _new_token()
    async with trusted() as conn:
        if await email_taken(conn, new_email):
            raise ValidationFailed({"new_email": "Another account uses this address."})
        await repo.open_email_change(
            conn,
            user_id=user.id,
            old_email=old_email,
            new_email=new_email,
            old_token_hash=old_hash,
            new_token_hash=new_hash,
            expires_at=datetime.now(UTC) + timedelta(hours=CHANGE_HOURS),
        )
        await record_event(
            conn,
            "auth.email_change_requested",
            user_id=user.id,
            ip_address=user.ip_address,
            user_agent=user.user_agent,
        )
    old_url = kit.link("/email-change", old_token)
    new_url = kit.link("/email-change", new_token)
    return [
        _sender(
            kit,
            lambda: kit.compose.email_change_to_old_address(
                old_email, new_address=new_email, confirm_url=old_url, valid_hours=CHANGE_HOURS
            ),
        ),
        _sender(
            kit,
            lambda: kit.compose.email_change_to_new_address(
                new_email, confirm_url=new_url, valid_hours=CHANGE_HOURS
            ),
        ),
    ]


async def pending_email_change(trusted: UnitOfWork, token: str) -> str:
    """The new address a live change link is about (for the confirmation page)."""
    async with trusted() as conn:
        change = await repo.email_change_by_token(conn, hash_token(token))
    if change is None:
        raise InvalidLink()
    return str(change["new_email"])


async def confirm_email_change(trusted: UnitOfWork, *, token: str, identity: Identity) -> bool:
    """Confirms one side; True once both have and the address changed."""
    try:
        async with trusted() as conn:
            change = await repo.confirm_email_change_side(conn, hash_token(token))
            if change is None:
                raise InvalidLink()
            if change["old_confirmed_at"] is None or change["new_confirmed_at"] is None:
                return False
            await repo.apply_email_change(
                conn, change["id"], change["user_id"], change["new_email"]
            )
            await record_event(
                conn,
                "auth.email_changed",
                user_id=change["user_id"],
                ip_address=identity.ip_address,
                user_agent=identity.user_agent,
            )
            return True
    except psycopg.errors.UniqueViolation as exc:  # another account took it meanwhile
        raise AppError(
            "Another account started using this address meanwhile; the change was not made.",
            status_code=409,
        ) from exc
