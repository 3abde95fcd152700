"""All SQL of accounts, sessions, login attempts, profiles and the system event log."""

from __future__ import annotations

import json
from datetime import datetime
from uuid import UUID

from resumepilot.db.rows import one_row
from resumepilot.db.types import Conn, Row


async def insert_user(conn: Conn, email: str, password_hash: str) -> UUID:
    cur = await conn.execute(
        "INSERT INTO auth.users (email, encrypted_password, email_confirmed_at)"
        " VALUES (%s, %s, NULL) RETURNING id",
        [email, password_hash],
    )
    new_id: UUID = (await one_row(cur))["id"]
    return new_id


async def email_taken(conn: Conn, email: str) -> bool:
    cur = await conn.execute("SELECT 1 FROM auth.users WHERE lower(email) = lower(%s)", [email])
    return await cur.fetchone() is not None


async def credentials_by_email(conn: Conn, email: str) -> Row | None:
    cur = await conn.execute(
        "SELECT id, email, encrypted_password, banned_until > now() AS disabled"
        " FROM auth.users WHERE lower(email) = lower(%s)",
        [email],
    )
    return await cur.fetchone()


async def password_hash_of(conn: Conn, user_id: UUID) -> str | None:
    cur = await conn.execute("SELECT encrypted_password FROM auth.users WHERE id = %s", [user_id])
    row = await cur.fetchone()
    return row["encrypted_password"] if row else None


async def set_password_hash(conn: Conn, user_id: UUID, password_hash: str) -> None:
    await conn.execute(
        "UPDATE auth.users SET encrypted_password = %s WHERE id = %s", [password_hash, user_id]
    )


async def mark_signed_in(conn: Conn, user_id: UUID) -> None:
    await conn.execute("UPDATE auth.users SET last_sign_in_at = now() WHERE id = %s", [user_id])


async def insert_session(
    conn: Conn,
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
    new_id: UUID = (await one_row(cur))["id"]
    return new_id


async def revoke_session(conn: Conn, session_id: UUID) -> None:
    await conn.execute(
        "UPDATE app_auth.sessions SET revoked_at = now() WHERE id = %s AND revoked_at IS NULL",
        [session_id],
    )


async def revoke_other_sessions(conn: Conn, user_id: UUID, keep: UUID | None) -> int:
    cur = await conn.execute(
        "UPDATE app_auth.sessions SET revoked_at = now()"
        " WHERE user_id = %s AND revoked_at IS NULL AND id IS DISTINCT FROM %s",
        [user_id, keep],
    )
    return cur.rowcount


async def begin_login_attempt(
    conn: Conn,
    *,
    email: str,
    ip_address: str | None,
    max_per_account_and_address: int,
    max_per_address: int,
    max_per_account: int,
    window_minutes: int,
) -> tuple[int | None, int]:
    """Records a pending attempt unless a limit is reached, in one atomic step (0009).

    Returns (attempt id, 0), or (None, seconds to wait)."""
    cur = await conn.execute(
        "SELECT * FROM app_auth.begin_login_attempt(%s, %s::inet, %s, %s, %s, %s)",
        [
            email,
            ip_address,
            max_per_account_and_address,
            max_per_address,
            max_per_account,
            window_minutes,
        ],
    )
    row = await one_row(cur)
    return row["attempt_id"], row["retry_after_seconds"]


async def finish_login_attempt(conn: Conn, attempt_id: int, succeeded: bool) -> None:
    await conn.execute("SELECT app_auth.finish_login_attempt(%s, %s)", [attempt_id, succeeded])


async def register_signup(
    conn: Conn, *, ip_address: str | None, max_per_address: int, window_minutes: int
) -> int:
    """Counts a sign-up from the address, atomically; 0, or the seconds to wait when refused."""
    cur = await conn.execute(
        "SELECT app_auth.register_signup(%s::inet, %s, %s) AS wait",
        [ip_address, max_per_address, window_minutes],
    )
    row = await one_row(cur)
    return int(row["wait"])


async def record_event(
    conn: Conn,
    event_type: str,
    *,
    user_id: UUID | None,
    data: Row | None = None,
    ip_address: str | None = None,
    user_agent: str | None = None,
) -> None:
    # default=str: event data may carry dates (a retry time), stored as ISO text.
    await conn.execute(
        "SELECT record_system_event(%s, %s::jsonb, %s, %s::inet, %s)",
        [event_type, json.dumps(data or {}, default=str), user_id, ip_address, user_agent],
    )


async def user_exists(conn: Conn, user_id: UUID) -> bool:
    cur = await conn.execute("SELECT 1 FROM auth.users WHERE id = %s", [user_id])
    return await cur.fetchone() is not None


async def user_by_email(conn: Conn, email: str) -> Row | None:
    cur = await conn.execute(
        "SELECT id, email FROM auth.users WHERE lower(email) = lower(%s)", [email]
    )
    return await cur.fetchone()


async def purge_expired_sessions(conn: Conn) -> Row:
    """Deletes sessions that ended over a week ago and login attempts older than a day;
    returns how many of each (sessions, tries)."""
    cur = await conn.execute(
        """
        WITH gone AS (
          DELETE FROM app_auth.sessions
          WHERE COALESCE(revoked_at, expires_at) < now() - interval '7 days' RETURNING 1
        ), attempts AS (
          DELETE FROM app_auth.login_attempts WHERE created_at < now() - interval '1 day'
          RETURNING 1
        )
        SELECT (SELECT count(*) FROM gone) AS sessions, (SELECT count(*) FROM attempts) AS tries
        """
    )
    return await one_row(cur)


async def get_profile(conn: Conn) -> Row | None:
    """The signed-in user's profile; row-level security picks the row."""
    cur = await conn.execute(
        "SELECT p.user_id, p.full_name, p.job_title, p.company, p.created_at, p.updated_at"
        " FROM profiles p WHERE p.user_id = auth.uid()"
    )
    return await cur.fetchone()


async def update_profile(conn: Conn, fields: dict[str, str | None]) -> None:
    # Column names come from a fixed allow-list in the service, never from the request.
    assignments = ", ".join(f"{name} = %({name})s" for name in fields)
    await conn.execute(f"UPDATE profiles SET {assignments} WHERE user_id = auth.uid()", fields)
