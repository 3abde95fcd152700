"""All SQL of accounts, sessions and login attempts."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any
from uuid import UUID

from psycopg import AsyncConnection


async def insert_user(conn: AsyncConnection, email: str, password_hash: str) -> UUID:
    cur = await conn.execute(
        "INSERT INTO auth.users (email, encrypted_password, email_confirmed_at)"
        " VALUES (%s, %s, NULL) RETURNING id",
        [email, password_hash],
    )
    row = await cur.fetchone()
    return row["id"]


async def email_taken(conn: AsyncConnection, email: str) -> bool:
    cur = await conn.execute("SELECT 1 FROM auth.users WHERE lower(email) = lower(%s)", [email])
    return await cur.fetchone() is not None


async def credentials_by_email(conn: AsyncConnection, email: str) -> dict[str, Any] | None:
    cur = await conn.execute(
        "SELECT id, email, encrypted_password FROM auth.users WHERE lower(email) = lower(%s)",
        [email],
    )
    return await cur.fetchone()


async def password_hash_of(conn: AsyncConnection, user_id: UUID) -> str | None:
    cur = await conn.execute("SELECT encrypted_password FROM auth.users WHERE id = %s", [user_id])
    row = await cur.fetchone()
    return row["encrypted_password"] if row else None


async def set_password_hash(conn: AsyncConnection, user_id: UUID, password_hash: str) -> None:
    await conn.execute(
        "UPDATE auth.users SET encrypted_password = %s WHERE id = %s", [password_hash, user_id]
    )


async def mark_signed_in(conn: AsyncConnection, user_id: UUID) -> None:
    await conn.execute("UPDATE auth.users SET last_sign_in_at = now() WHERE id = %s", [user_id])


async def insert_session(
    conn: AsyncConnection,
    *,
    user_id: UUID,
    token_hash: bytes,
    kind: str,
    csrf_token: str,
    ip_address: str | None,
    user_agent: str | None,
    expires_at: datetime,
) -> UUID:
    cur = await conn.execute(
        "INSERT INTO app_auth.sessions"
        " (user_id, token_hash, kind, csrf_token, ip_address, user_agent, expires_at)"
        " VALUES (%s, %s, %s, %s, %s, %s, %s) RETURNING id",
        [user_id, token_hash, kind, csrf_token, ip_address, user_agent, expires_at],
    )
    row = await cur.fetchone()
    return row["id"]


async def revoke_session(conn: AsyncConnection, session_id: UUID) -> None:
    await conn.execute(
        "UPDATE app_auth.sessions SET revoked_at = now() WHERE id = %s AND revoked_at IS NULL",
        [session_id],
    )


async def revoke_other_sessions(conn: AsyncConnection, user_id: UUID, keep: UUID | None) -> int:
    cur = await conn.execute(
        "UPDATE app_auth.sessions SET revoked_at = now()"
        " WHERE user_id = %s AND revoked_at IS NULL AND id IS DISTINCT FROM %s",
        [user_id, keep],
    )
    return cur.rowcount


async def begin_login_attempt(
    conn: AsyncConnection, *, email: str, ip_address: str | None, max_per_account_and_address: int,
    max_per_address: int, max_per_account: int, window_minutes: int,
) -> tuple[int | None, int]:
    """Records a pending attempt unless a limit is reached, in one atomic step (0009).

    Returns (attempt id, 0), or (None, seconds to wait)."""
    cur = await conn.execute(
        "SELECT * FROM app_auth.begin_login_attempt(%s, %s::inet, %s, %s, %s, %s)",
        [email, ip_address, max_per_account_and_address, max_per_address, max_per_account,
         window_minutes],
    )
    row = await cur.fetchone()
    return row["attempt_id"], row["retry_after_seconds"]


async def finish_login_attempt(conn: AsyncConnection, attempt_id: int, succeeded: bool) -> None:
    await conn.execute("SELECT app_auth.finish_login_attempt(%s, %s)", [attempt_id, succeeded])


async def register_signup(
    conn: AsyncConnection, *, ip_address: str | None, max_per_address: int, window_minutes: int
) -> int:
    """Counts a sign-up from the address, atomically; 0, or the seconds to wait when refused."""
    cur = await conn.execute("SELECT app_auth.register_signup(%s::inet, %s, %s) AS wait",
                             [ip_address, max_per_address, window_minutes])
    row = await cur.fetchone()
    return int(row["wait"])


async def record_event(
    conn: AsyncConnection,
    event_type: str,
    *,
    user_id: UUID | None,
    ip_address: str | None,
    user_agent: str | None,
    data: dict[str, Any] | None = None,
) -> None:
    await conn.execute(
        "SELECT record_system_event(%s, %s::jsonb, %s, %s::inet, %s)",
        [event_type, json.dumps(data or {}), user_id, ip_address, user_agent],
    )


async def get_profile(conn: AsyncConnection) -> dict[str, Any] | None:
    """The signed-in user's profile; row-level security picks the row."""
    cur = await conn.execute(
        "SELECT p.user_id, p.full_name, p.job_title, p.company, p.created_at, p.updated_at"
        " FROM profiles p WHERE p.user_id = auth.uid()"
    )
    return await cur.fetchone()


async def update_profile(conn: AsyncConnection, fields: dict[str, str | None]) -> None:
    # Column names come from a fixed allow-list in the service, never from the request.
    assignments = ", ".join(f"{name} = %({name})s" for name in fields)
    await conn.execute(f"UPDATE profiles SET {assignments} WHERE user_id = auth.uid()", fields)


async def subscription_status(conn: AsyncConnection, user_id: UUID) -> dict[str, Any] | None:
    cur = await conn.execute("SELECT * FROM get_user_subscription_status(%s)", [user_id])
    return await cur.fetchone()


async def account_overview(conn: AsyncConnection) -> dict[str, Any] | None:
    """Profile, plan and plan status of the signed-in user in one round trip (hot pages)."""
    cur = await conn.execute(
        "SELECT p.full_name, p.job_title, p.company, s.plan_name, s.status,"
        " s.interviews_remaining, s.cover_letters_remaining, s.is_admin,"
        " pl.display_name AS plan_display_name,"
        " pl.interviews_per_month, pl.cover_letters_per_month"
        " FROM get_user_subscription_status(auth.uid()) s"
        " JOIN plans pl ON pl.name = s.plan_name"
        " LEFT JOIN profiles p ON p.user_id = auth.uid()"
    )
    return await cur.fetchone()
