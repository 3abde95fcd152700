"""The signed-in user's overview: their profile (accounts) beside their plan and what is left
of it this month (billing), asked of each feature's service."""

from __future__ import annotations

from typing import Any

from resumepilot.auth import service as accounts
from resumepilot.billing import service as billing
from resumepilot.dashboard.models import Me
from resumepilot.db.request import User
from resumepilot.db.types import Conn
from resumepilot.errors import NotAuthenticated


async def dashboard(conn: Conn, user: User) -> dict[str, Any]:
    """What the dashboard page shows, in two round trips: it is the hottest signed-in page."""
    profile = await accounts.get_profile(conn) or {}
    plan = await billing.plan_overview(conn, user.id)
    status = plan.status
    return {
        "profile": profile,
        "status": status,
        "plan": {
            "display_name": status.get("plan_display_name"),
            "cover_letters_per_month": status.get("cover_letters_per_month"),
        },
        "resets_on": billing.long_date(billing.first_of_next_month_utc()),
        "ends_on": billing.long_date(plan.ends_on) if plan.ends_on else None,
        "billing_alert": plan.alert,
    }


async def me(conn: Conn, user: User) -> Me:
    """The account as GET /api/me shows it."""
    status = await billing.plan_status(conn, user.id)
    if status is None:  # the account was deleted while this session was still open
        raise NotAuthenticated("This account no longer exists.")
    profile = await accounts.get_profile(conn) or {}
    return Me(
        id=user.id,
        email=user.email or "",
        full_name=profile.get("full_name"),
        job_title=profile.get("job_title"),
        company=profile.get("company"),
        plan_name=status["plan_name"],
        interviews_remaining=status["interviews_remaining"],
        cover_letters_remaining=status["cover_letters_remaining"],
        is_admin=status["is_admin"],
    )
