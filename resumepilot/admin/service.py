"""The admin console's use cases. The caller's permission is checked here (a clear 403) and
again by the database function behind every read and write."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from resumepilot.admin import repository as repo
from resumepilot.admin.deps import Admin
from resumepilot.admin.models import (
    AdminRow,
    Completion,
    ConsistencyCheck,
    DailyMetric,
    Metrics,
    Monitoring,
    Payment,
    PlanCount,
    SignIn,
    Subscription,
    SystemEvent,
    Totals,
    UserDetail,
    UserSummary,
)
from resumepilot.db.types import Conn, Row
from resumepilot.errors import NotFound

PERMISSIONS = (
    "users.read",
    "users.write",
    "users.export",
    "users.delete",
    "billing.read",
    "billing.refund",
    "events.read",
    "metrics.read",
    "admins.write",
)
# What `resumepilot admin grant EMAIL` gives without --permission: looking, not changing.
READ_PERMISSIONS = ("users.read", "billing.read", "events.read", "metrics.read")


def _address(row: Row) -> Row:
    # INET comes back as an ipaddress object; the API shows its text.
    if row.get("ip_address") is not None:
        row = {**row, "ip_address": str(row["ip_address"])}
    return row


async def search_users(conn: Conn, admin: Admin, query: str, limit: int = 50) -> list[UserSummary]:
    admin.require("users.read")
    rows = await repo.search_users(conn, query.strip()[:200], limit)
    return [UserSummary.model_validate(r) for r in rows]


async def user_detail(conn: Conn, admin: Admin, user_id: UUID) -> UserDetail:
    admin.require("users.read")
    row = await repo.user_by_id(conn, user_id)
    if row is None:
        raise NotFound("There is no user with this id.")
    billing = admin.can("billing.read")
    return UserDetail(
        user=UserSummary.model_validate(row),
        sign_ins=[SignIn.model_validate(_address(r)) for r in await repo.sign_ins(conn, user_id)],
        subscriptions=[
            Subscription.model_validate(r) for r in await repo.subscriptions(conn, user_id)
        ]
        if billing
        else [],
        payments=[Payment.model_validate(r) for r in await repo.payments(conn, user_id)]
        if billing
        else [],
        events=await events(conn, admin, user_id=user_id, limit=20)
        if admin.can("events.read")
        else [],
    )


async def set_disabled(
    conn: Conn, admin: Admin, user_id: UUID, *, disabled: bool, reason: str
) -> None:
    admin.require("users.write")
    await repo.set_disabled(conn, user_id, disabled, reason)


async def reset_usage(conn: Conn, admin: Admin, user_id: UUID, reason: str) -> None:
    admin.require("users.write")
    await repo.reset_usage(conn, user_id, reason)


async def subscriptions(conn: Conn, admin: Admin) -> list[Subscription]:
    admin.require("billing.read")
    return [Subscription.model_validate(r) for r in await repo.subscriptions(conn, None)]


async def payments(conn: Conn, admin: Admin) -> list[Payment]:
    admin.require("billing.read")
    return [Payment.model_validate(r) for r in await repo.payments(conn, None)]


async def events(
    conn: Conn,
    admin: Admin,
    *,
    event_type: str | None = None,
    user_id: UUID | None = None,
    since: datetime | None = None,
    limit: int = 100,
) -> list[SystemEvent]:
    admin.require("events.read")
    rows = await repo.events(conn, event_type or None, user_id, since, limit)
    return [SystemEvent.model_validate(_address(r)) for r in rows]


async def admins(conn: Conn, admin: Admin) -> list[AdminRow]:
    admin.require("users.read")
    return [AdminRow.model_validate(r) for r in await repo.admins(conn)]


async def grant(
    conn: Conn, admin: Admin | None, email: str, *, role: str, permissions: list[str]
) -> UUID:
    """Makes the account an admin (admin=None: the trusted command line)."""
    if admin is not None:
        admin.require("admins.write")
    return await repo.grant(conn, email, role, permissions)


async def revoke(conn: Conn, admin: Admin | None, email: str) -> bool:
    if admin is not None:
        admin.require("admins.write")
    return await repo.revoke(conn, email)


async def monitoring(conn: Conn) -> Monitoring:
    """The seed's monitoring queries and consistency checks (trusted callers, or metrics.read)."""
    return Monitoring(
        active_users_this_month=await repo.active_users_this_month(conn),
        popular_plans=[PlanCount.model_validate(r) for r in await repo.popular_plans(conn)],
        interview_completion=[
            Completion.model_validate(r) for r in await repo.interview_completion(conn)
        ],
        consistency=[ConsistencyCheck.model_validate(r) for r in await repo.consistency(conn)],
    )


async def metrics(conn: Conn, admin: Admin, days: int = 30) -> Metrics:
    admin.require("metrics.read")
    totals = Totals.model_validate(await repo.totals(conn))
    return Metrics(
        totals=totals,
        conversion_percent=totals.conversion_percent,
        churn_percent=totals.churn_percent,
        daily=[DailyMetric.model_validate(r) for r in await repo.daily_metrics(conn, days)],
        monitoring=await monitoring(conn),
    )
