"""Sign-up, login, sessions, profiles and the system event log: the rules, with no HTTP in them.

Sign-up, login, logout and password changes are trusted work (service_role): they take an
opener of trusted transactions, each of which commits on its own, so that a failed login is
recorded even though the request reporting it fails, and no transaction is held while a
password hashes.
"""

from __future__ import annotations

import math
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import psycopg
from email_validator import EmailNotValidError, validate_email

from resumepilot.auth import passwords
from resumepilot.auth import repository as repo
from resumepilot.config import Settings
from resumepilot.db.request import Identity, User, hash_token
from resumepilot.db.types import Conn, Row, UnitOfWork
from resumepilot.errors import AppError, Forbidden, TooManyRequests, ValidationFailed

GENERIC_LOGIN_ERROR = "That email and password do not match an account."
DISABLED_ACCOUNT = "This account is disabled; contact support."
PROFILE_FIELDS = ("full_name", "job_title", "company")

# For other features: the event log, profiles and account look-ups.
record_event = repo.record_event
get_profile = repo.get_profile
user_exists = repo.user_exists
user_by_email = repo.user_by_email


@dataclass(frozen=True)
class NewSession:
    user_id: UUID
    token: str
    csrf_token: str
    expires_at: datetime


def normalise_email(raw: str) -> str:
    """The address as stored; raises with a reason a person understands."""
    try:
        return validate_email(raw.strip(), check_deliverability=False).normalized
    except EmailNotValidError as exc:
        raise ValidationFailed({"email": str(exc)}) from exc


async def sign_up(
    trusted: UnitOfWork,
    settings: Settings,
    *,
    email: str,
    password: str,
    identity: Identity,
    kind: str,
) -> NewSession:
    errors: dict[str, str] = {}
    try:
        email = normalise_email(email)
    except ValidationFailed as exc:
        errors.update(exc.errors)
    problem = passwords.password_problem(password, email=email)
    if problem:
        errors["password"] = problem
    if errors:
        raise ValidationFailed(errors)

    password_hash = await passwords.hash_password(password)
    try:
        async with trusted() as conn:
            wait = await repo.register_signup(
                conn,
                ip_address=identity.ip_address,
                max_per_address=settings.signup_max_per_address,
                window_minutes=settings.signup_window_minutes,
            )
            if wait:
                raise TooManyRequests(
                    f"Too many new accounts from your network. Try again in {_minutes(wait)}.",
                    retry_after_seconds=wait,
                )
            if await repo.email_taken(conn, email):
                raise ValidationFailed(
                    {"email": "An account with this email already exists. Log in instead."}
                )
            user_id = await repo.insert_user(conn, email, password_hash)
            await repo.record_event(
                conn,
                "auth.signup",
                user_id=user_id,
                ip_address=identity.ip_address,
                user_agent=identity.user_agent,
                data={"email": email},
            )
            return await _open_session(conn, settings, user_id, identity, kind)
    except psycopg.errors.UniqueViolation as exc:  # a parallel sign-up with the same email
        raise ValidationFailed({"email": "An account with this email already exists."}) from exc


async def log_in(
    trusted: UnitOfWork,
    settings: Settings,
    *,
    email: str,
    password: str,
    identity: Identity,
    kind: str,
) -> NewSession:
    email = email.strip()[:320]
    # The attempt is counted before the password is checked, atomically, so parallel guesses
    # cannot slip past the limit while earlier ones are still being checked.
    async with trusted() as conn:
        attempt_id, wait = await repo.begin_login_attempt(
            conn,
            email=email,
            ip_address=identity.ip_address,
            max_per_account_and_address=settings.login_max_failures,
            max_per_address=settings.login_max_failures_per_address,
            max_per_account=settings.login_max_failures_per_account,
            window_minutes=settings.login_window_minutes,
        )
        if attempt_id is None:
            raise TooManyRequests(
                f"Too many failed logins. Try again in {_minutes(wait)}.",
                retry_after_seconds=_whole_minutes(wait) * 60,
            )
        account = await repo.credentials_by_email(conn, email)
    ok = await passwords.verify_password(
        account["encrypted_password"] if account else None, password
    )
    async with trusted() as conn:
        await repo.finish_login_attempt(conn, attempt_id, ok)
        if not ok:
            await repo.record_event(
                conn,
                "auth.login_failed",
                user_id=account["id"] if account else None,
                ip_address=identity.ip_address,
                user_agent=identity.user_agent,
                data={"email": email.lower()},
            )
    if not ok or account is None:
        raise AppError(GENERIC_LOGIN_ERROR, status_code=401)
    if account["disabled"]:
        # Said only to whoever knows the password: it confirms nothing to a guesser.
        raise Forbidden(DISABLED_ACCOUNT)
    async with trusted() as conn:
        await repo.mark_signed_in(conn, account["id"])
        await repo.record_event(
            conn,
            "auth.login",
            user_id=account["id"],
            ip_address=identity.ip_address,
            user_agent=identity.user_agent,
            data={"kind": kind},
        )
        return await _open_session(conn, settings, account["id"], identity, kind)


def _whole_minutes(seconds: int) -> int:
    return max(1, math.ceil(seconds / 60))


def _minutes(seconds: int) -> str:
    minutes = _whole_minutes(seconds)
    return f"{minutes} minute{'s' if minutes > 1 else ''}"


async def _open_session(
    conn: Conn, settings: Settings, user_id: UUID, identity: Identity, kind: str
) -> NewSession:
    token = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(32)
    expires_at = datetime.now(UTC) + timedelta(days=settings.session_days)
    await repo.insert_session(
        conn,
        user_id=user_id,
        token_hash=hash_token(token),
        kind=kind,
        csrf_token=csrf,
        ip_address=identity.ip_address,
        user_agent=identity.user_agent,
        expires_at=expires_at,
    )
    return NewSession(user_id=user_id, token=token, csrf_token=csrf, expires_at=expires_at)


async def log_out(trusted: UnitOfWork, identity: Identity) -> None:
    if identity.session_id is None:
        return
    async with trusted() as conn:
        await repo.revoke_session(conn, identity.session_id)
        await repo.record_event(
            conn,
            "auth.logout",
            user_id=identity.user_id,
            ip_address=identity.ip_address,
            user_agent=identity.user_agent,
        )


async def change_password(trusted: UnitOfWork, user: User, *, current: str, new: str) -> int:
    """Sets a new password and signs out every other session. Returns how many were revoked."""
    async with trusted() as conn:
        stored = await repo.password_hash_of(conn, user.id)
    if not await passwords.verify_password(stored, current):
        raise ValidationFailed({"current_password": "That is not your current password."})
    problem = passwords.password_problem(new, email=user.email)
    if problem:
        raise ValidationFailed({"new_password": problem})
    new_hash = await passwords.hash_password(new)
    async with trusted() as conn:
        await repo.set_password_hash(conn, user.id, new_hash)
        revoked = await repo.revoke_other_sessions(conn, user.id, user.session_id)
        await repo.record_event(
            conn,
            "auth.password_changed",
            user_id=user.id,
            ip_address=user.ip_address,
            user_agent=user.user_agent,
            data={"other_sessions_revoked": revoked},
        )
    return revoked


def clean_profile_fields(raw: dict[str, str | None]) -> dict[str, str | None]:
    """Trims, caps and drops control characters; empty means 'not set'."""
    cleaned: dict[str, str | None] = {}
    errors: dict[str, str] = {}
    for name in PROFILE_FIELDS:
        if name not in raw:
            continue
        value = raw[name]
        if value is None:
            cleaned[name] = None
            continue
        value = "".join(ch for ch in value if ch.isprintable()).strip()
        if len(value) > 200:
            errors[name] = "Use at most 200 characters."
        cleaned[name] = value or None
    if errors:
        raise ValidationFailed(errors)
    return cleaned


async def update_profile(conn: Conn, user: User, raw: dict[str, str | None]) -> Row:
    fields = clean_profile_fields(raw)
    before = await repo.get_profile(conn)
    if fields:
        await repo.update_profile(conn, fields)
    changed = sorted(k for k, v in fields.items() if before is None or before.get(k) != v)
    if changed:
        data: dict[str, Any] = {"fields": changed}
        await repo.record_event(
            conn,
            "profile.updated",
            user_id=user.id,
            ip_address=user.ip_address,
            user_agent=user.user_agent,
            data=data,
        )
    return await repo.get_profile(conn) or {}


async def password_matches(trusted: UnitOfWork, user_id: UUID, password: str) -> bool:
    """Re-authentication before a grave step (deleting the account)."""
    async with trusted() as conn:
        stored = await repo.password_hash_of(conn, user_id)
    return await passwords.verify_password(stored, password)
