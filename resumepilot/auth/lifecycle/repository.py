"""SQL of the account lifecycle: mailed tokens, email changes and the mail request log."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from resumepilot.db.rows import one_row
from resumepilot.db.types import Conn, Row


async def count_mail_requests(
    conn: Conn, *, kind: str, email: str, ip_address: str | None, window_minutes: int
) -> Row:
    """How many mails of this kind were asked for this address and from this network lately."""
    cur = await conn.execute(
        """
        SELECT count(*) FILTER (WHERE email = lower(%(email)s)) AS for_email,
               count(*) FILTER (WHERE ip_address = %(ip)s::inet) AS from_address
        FROM app_auth.mail_requests
        WHERE kind = %(kind)s AND created_at > now() - make_interval(mins => %(window)s)
          AND (email = lower(%(email)s) OR ip_address = %(ip)s::inet)
        """,
        {"kind": kind, "email": email, "ip": ip_address, "window": window_minutes},
    )
    return await one_row(cur)


async def log_mail_request(conn: Conn, *, kind: str, email: str, ip_address: str | None) -> None:
    await conn.execute(
        "INSERT INTO app_auth.mail_requests (kind, email, ip_address)"
        " VALUES (%s, lower(%s), %s::inet)",
        [kind, email, ip_address],
    )


async def insert_token(
    conn: Conn,
    *,
    user_id: UUID,
    purpose: str,
    token_hash: bytes,
    email: str,
    expires_at: datetime,
) -> None:
    await conn.execute(
        "INSERT INTO app_auth.account_tokens (user_id, purpose, token_hash, email, expires_at)"
        " VALUES (%s, %s, %s, %s, %s)",
        [user_id, purpose, token_hash, email, expires_at],
    )


async def take_token(conn: Conn, *, purpose: str, token_hash: bytes) -> Row | None:
    """Marks a live token used and returns it (with the user's current email); None when it
    is unknown, used or expired. The UPDATE makes it single-use even under parallel calls."""
    cur = await conn.execute(
        """
        UPDATE app_auth.account_tokens t SET used_at = now()
        FROM auth.users u
        WHERE t.token_hash = %s AND t.purpose = %s AND t.used_at IS NULL
          AND t.expires_at > now() AND u.id = t.user_id
        RETURNING t.user_id, t.email AS token_email, u.email AS current_email
        """,
        [token_hash, purpose],
    )
    return await cur.fetchone()


async def token_is_live(conn: Conn, *, purpose: str, token_hash: bytes) -> bool:
    cur = await conn.execute(
        "SELECT 1 FROM app_auth.account_tokens WHERE token_hash = %s AND purpose = %s"
        " AND used_at IS NULL AND expires_at > now()",
        [token_hash, purpose],
    )
    return await cur.fetchone() is not None


async def retire_tokens(conn: Conn, user_id: UUID, purpose: str) -> None:
    """Earlier unused tokens stop working once one is used or a newer one is sent."""
    await conn.execute(
        "UPDATE app_auth.account_tokens SET used_at = now()"
        " WHERE user_id = %s AND purpose = %s AND used_at IS NULL",
        [user_id, purpose],
    )


async def confirm_email(conn: Conn, user_id: UUID) -> None:
    await conn.execute(
        "UPDATE auth.users SET email_confirmed_at = now(), updated_at = now() WHERE id = %s",
        [user_id],
    )


async def email_confirmed_at(conn: Conn, user_id: UUID) -> datetime | None:
    cur = await conn.execute("SELECT email_confirmed_at FROM auth.users WHERE id = %s", [user_id])
    row = await cur.fetchone()
    return row["email_confirmed_at"] if row else None


async def revoke_all_sessions(conn: Conn, user_id: UUID) -> int:
    cur = await conn.execute(
        "UPDATE app_auth.sessions SET revoked_at = now() WHERE user_id = %s AND revoked_at IS NULL",
        [user_id],
    )
    return cur.rowcount


async def open_email_change(
    conn: Conn,
    *,
    user_id: UUID,
    old_email: str,
    new_email: str,
    old_token_hash: bytes,
    new_token_hash: bytes,
    expires_at: datetime,
) -> None:
    """Replaces any open request of the user by this one."""
    await conn.execute(
        "UPDATE app_auth.email_changes SET closed_at = now()"
        " WHERE user_id = %s AND closed_at IS NULL",
        [user_id],
    )
    await conn.execute(
        "INSERT INTO app_auth.email_changes"
        " (user_id, old_email, new_email, old_token_hash, new_token_hash, expires_at)"
        " VALUES (%s, %s, %s, %s, %s, %s)",
        [user_id, old_email, new_email, old_token_hash, new_token_hash, expires_at],
    )


async def confirm_email_change_side(conn: Conn, token_hash: bytes) -> Row | None:
    """Marks the side (old or new address) this token belongs to as confirmed; returns the
    request, locked, or None when the token matches no open, unexpired request."""
    cur = await conn.execute(
        """
        UPDATE app_auth.email_changes SET
          old_confirmed_at = CASE WHEN old_token_hash = %(h)s
                                  THEN coalesce(old_confirmed_at, now()) ELSE old_confirmed_at END,
          new_confirmed_at = CASE WHEN new_token_hash = %(h)s
                                  THEN coalesce(new_confirmed_at, now()) ELSE new_confirmed_at END
        WHERE (old_token_hash = %(h)s OR new_token_hash = %(h)s)
          AND closed_at IS NULL AND expires_at > now()
        RETURNING id, user_id, old_email, new_email, old_confirmed_at, new_confirmed_at
        """,
        {"h": token_hash},
    )
    return await cur.fetchone()


async def email_change_by_token(conn: Conn, token_hash: bytes) -> Row | None:
    cur = await conn.execute(
        "SELECT id, new_email, old_token_hash = %(h)s AS from_old FROM app_auth.email_changes"
        " WHERE (old_token_hash = %(h)s OR new_token_hash = %(h)s)"
        " AND closed_at IS NULL AND expires_at > now()",
        {"h": token_hash},
    )
    return await cur.fetchone()


async def apply_email_change(conn: Conn, change_id: UUID, user_id: UUID, new_email: str) -> None:
    await conn.execute(
        "UPDATE auth.users SET email = %s, email_confirmed_at = now(), updated_at = now()"
        " WHERE id = %s",
        [new_email, user_id],
    )
    await conn.execute(
        "UPDATE app_auth.email_changes SET closed_at = now() WHERE id = %s", [change_id]
    )


async def email_of(conn: Conn, user_id: UUID) -> str | None:
    cur = await conn.execute("SELECT email FROM auth.users WHERE id = %s", [user_id])
    row = await cur.fetchone()
    return str(row["email"]) if row and row["email"] else None
