"""The signed-in user's overview: their profile (accounts) beside their plan and what is left
of it this month (billing), asked of each feature's service."""

from __future__ import annotations

from typing import Any

from resumepilot.auth import service as accounts
from resumepilot.billing import service as billing
from resumepilot.bullets import service as bullets
from resumepilot.dashboard.models import Me
from resumepilot.db.request import User
from resumepilot.db.types import Conn
from resumepilot.errors import NotAuthenticated
from resumepilot.resumes import service as resumes


async def next_step(conn: Conn) -> dict[str, str]:
    """The one thing to do next on the way from an interview to a resume."""
    made, chosen = await bullets.progress(conn)
    if not made:
        return {
            "title": "Start an interview",
            "why": "Talk through your work for ten minutes; your answers become resume bullets.",
            "href": "/interviews",
        }
    if not chosen:
        return {
            "title": "Choose your bullets",
            "why": f"You have {made} bullet{'' if made == 1 else 's'}. Mark the ones your "
            "resume should use.",
            "href": "/bullets",
        }
    drafts = await resumes.count_drafts(conn)
    return {
        "title": "Open your resume" if drafts else "Build your resume",
        "why": f"{chosen} chosen bullet{' goes' if chosen == 1 else 's go'} on a new draft, "
        "under the jobs they came from.",
        "href": "/resumes",
    }


async def dashboard(conn: Conn, user: User) -> dict[str, Any]:
    """What the dashboard page shows, in four round trips: it is the hottest signed-in page."""
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
        "next_step": await next_step(conn),
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
