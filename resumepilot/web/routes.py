"""The landing page, the dashboard and the health endpoints."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, RedirectResponse
from starlette.responses import Response

from resumepilot.auth import repository as auth_repo
from resumepilot.auth.deps import UserDb
from resumepilot.billing import repository as billing_repo
from resumepilot.billing import service as billing
from resumepilot.db.migrate import pending_migrations
from resumepilot.db.request import Db
from resumepilot.web.pages import render

router = APIRouter(include_in_schema=False)
health = APIRouter(tags=["health"])


@router.get("/")
async def index(request: Request, db: Db) -> Response:
    if db.identity.user_id:
        return RedirectResponse("/dashboard", status_code=303)
    return render(request, "index.html")


def first_of_next_month_utc(now: datetime) -> str:
    year, month = (now.year + 1, 1) if now.month == 12 else (now.year, now.month + 1)
    return datetime(year, month, 1, tzinfo=UTC).strftime("%B %-d, %Y")


@router.get("/dashboard")
async def dashboard(request: Request, db: UserDb) -> Response:
    # Two queries: the hottest signed-in page should not pay a round trip per panel.
    overview = await auth_repo.account_overview(db.conn) or {}
    subscription = await billing_repo.current_subscription(db.conn, db.identity.user_id)
    ends_on = billing.ends_on(subscription)
    return render(request, "dashboard.html", {
        "active": "dashboard", "profile": overview, "status": overview,
        "plan": {"display_name": overview.get("plan_display_name"),
                 "cover_letters_per_month": overview.get("cover_letters_per_month")},
        "resets_on": first_of_next_month_utc(datetime.now(UTC)),
        "ends_on": billing.long_date(ends_on) if ends_on else None,
        "billing_alert": await billing.billing_alert(db.conn, db.identity.user_id, subscription),
    })


@health.get("/healthz")
async def healthz() -> dict[str, str]:
    """The process is up."""
    return {"status": "ok"}


@health.get("/readyz")
async def readyz(request: Request) -> Response:
    """The database answers and its schema is current."""
    try:
        async with request.app.state.pool.connection(timeout=2) as conn:
            await conn.execute("SELECT 1")
        pending = await asyncio.to_thread(pending_migrations, request.app.state.database_url)
    except Exception as exc:  # any failure means not ready; say which
        return JSONResponse({"status": "unavailable", "detail": str(exc)[:200]}, status_code=503)
    if pending:
        return JSONResponse({"status": "migrations pending", "pending": pending}, status_code=503)
    return JSONResponse({"status": "ready"})
