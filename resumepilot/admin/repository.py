"""The admin console's SQL: every statement calls one of migration 0014's functions, each of
which checks the caller's permission in the database first."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any
from uuid import UUID

from psycopg import errors as pg_errors
from psycopg.types.json import Jsonb

from resumepilot.db.rows import one_row
from resumepilot.db.types import Conn, Row
from resumepilot.errors import AppError, Forbidden, NotFound

NOT_FOUND_MESSAGE = "There is no page at this address."


@contextlib.asynccontextmanager
async def _checked() -> AsyncIterator[None]:
    """Turns the functions' refusals into the errors users see: a non-admin gets 404 (the
    console is not confirmed to exist), an admin without the permission 403."""
    try:
        yield
    except pg_errors.NoDataFound as exc:
        text = exc.diag.message_primary or ""
        raise NotFound(NOT_FOUND_MESSAGE if text == "no such page" else _sentence(text)) from exc
    except pg_errors.InsufficientPrivilege as exc:
        raise Forbidden(_sentence(exc.diag.message_primary or "not allowed")) from exc
    except pg_errors.InvalidParameterValue as exc:
        raise AppError(
            _sentence(exc.diag.message_primary or "invalid value"), status_code=422
        ) from exc


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


async def _rows(conn: Conn, sql: str, params: list[Any] | None = None) -> list[Row]:
    async with _checked():
        cur = await conn.execute(sql, params or [])
        return await cur.fetchall()


async def caller(conn: Conn) -> Row | None:
    """The caller's admin role and permissions, or None for everyone else."""
    cur = await conn.execute("SELECT role, permissions FROM admin_caller()")
    return await cur.fetchone()


async def require(conn: Conn, permission: str) -> None:
    await _rows(conn, "SELECT admin_require(%s)", [permission])


async def search_users(conn: Conn, query: str, limit: int) -> list[Row]:
    return await _rows(conn, "SELECT * FROM admin_search_users(%s, %s)", [query, limit])


async def user_by_id(conn: Conn, user_id: UUID) -> Row | None:
    rows = await _rows(conn, "SELECT * FROM admin_search_users(%s, 1)", [str(user_id)])
    return rows[0] if rows else None


async def sign_ins(conn: Conn, user_id: UUID, limit: int = 20) -> list[Row]:
    return await _rows(conn, "SELECT * FROM admin_sign_ins(%s, %s)", [user_id, limit])


async def set_disabled(conn: Conn, user_id: UUID, disabled: bool, reason: str) -> None:
    await _rows(conn, "SELECT admin_set_disabled(%s, %s, %s)", [user_id, disabled, reason])


async def reset_usage(conn: Conn, user_id: UUID, reason: str) -> None:
    await _rows(conn, "SELECT admin_reset_usage(%s, %s)", [user_id, reason])


async def record_user_export(conn: Conn, user_id: UUID, reason: str, export_id: UUID) -> None:
    await _rows(conn, "SELECT admin_record_user_export(%s, %s, %s)", [user_id, reason, export_id])


async def check_user_deletion(conn: Conn, user_id: UUID, reason: str) -> str:
    """The reason as it will be recorded, once the database agrees this admin may do it."""
    rows = await _rows(
        conn, "SELECT admin_check_user_deletion(%s, %s) AS reason", [user_id, reason]
    )
    return str(rows[0]["reason"])


async def record_user_deletion(conn: Conn, reason: str, details: dict[str, Any]) -> None:
    await _rows(conn, "SELECT admin_record_user_deletion(%s, %s)", [reason, Jsonb(details)])


async def subscriptions(conn: Conn, user_id: UUID | None, limit: int = 100) -> list[Row]:
    return await _rows(conn, "SELECT * FROM admin_subscriptions(%s, %s)", [user_id, limit])


async def payments(conn: Conn, user_id: UUID | None, limit: int = 100) -> list[Row]:
    return await _rows(conn, "SELECT * FROM admin_payments(%s, %s)", [user_id, limit])


async def events(
    conn: Conn, event_type: str | None, user_id: UUID | None, since: datetime | None, limit: int
) -> list[Row]:
    return await _rows(
        conn, "SELECT * FROM admin_events(%s, %s, %s, %s)", [event_type, user_id, since, limit]
    )


async def grant(conn: Conn, email: str, role: str, permissions: list[str]) -> UUID:
    async with _checked():
        cur = await conn.execute(
            "SELECT admin_grant(%s, %s, %s::text[]) AS user_id", [email, role, permissions]
        )
        user_id: UUID = (await one_row(cur))["user_id"]
        return user_id


async def revoke(conn: Conn, email: str) -> bool:
    async with _checked():
        cur = await conn.execute("SELECT admin_revoke(%s) AS revoked", [email])
        return bool((await one_row(cur))["revoked"])


async def admins(conn: Conn) -> list[Row]:
    return await _rows(conn, "SELECT * FROM admin_list_admins()")


async def active_users_this_month(conn: Conn) -> int:
    rows = await _rows(conn, "SELECT monitor_active_users_this_month() AS n")
    return int(rows[0]["n"])


async def popular_plans(conn: Conn) -> list[Row]:
    return await _rows(conn, "SELECT * FROM monitor_popular_plans()")


async def interview_completion(conn: Conn) -> list[Row]:
    return await _rows(conn, "SELECT * FROM monitor_interview_completion()")


async def consistency(conn: Conn) -> list[Row]:
    return await _rows(conn, "SELECT * FROM monitor_consistency()")


async def daily_metrics(conn: Conn, days: int) -> list[Row]:
    return await _rows(conn, "SELECT * FROM admin_daily_metrics(%s)", [days])


async def totals(conn: Conn) -> Row:
    rows = await _rows(conn, "SELECT * FROM admin_totals()")
    return rows[0]


async def months_without_event_partition(conn: Conn) -> list[str]:
    """This month and the next without a system_events partition (retention makes them)."""
    rows = await _rows(
        conn,
        "SELECT to_char(month, 'YYYY-MM') AS month FROM ("
        " SELECT ((now() AT TIME ZONE 'UTC') + make_interval(months => m))::date AS month"
        " FROM generate_series(0, 1) m) months"
        " WHERE to_regclass('public.' || system_events_partition_name(month)) IS NULL",
    )
    return [str(r["month"]) for r in rows]
