"""The landing page, the dashboard, and the account overview of the JSON API (/api/me)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from resumepilot.auth import service as accounts
from resumepilot.auth.models import ProfileUpdate
from resumepilot.dashboard import service
from resumepilot.dashboard.models import Me
from resumepilot.web.deps import CurrentUser, Db
from resumepilot.web.pages import render

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", tags=["accounts"])


@pages.get("/")
async def home(request: Request, db: Db) -> Response:
    if db.identity.user_id:
        return RedirectResponse("/dashboard", status_code=303)
    return render(request, "dashboard/home.html")


@pages.get("/favicon.ico")
async def favicon() -> Response:
    """Browsers ask for /favicon.ico whatever the page says; the icon is an SVG."""
    return RedirectResponse("/static/favicon.svg", status_code=301)


@pages.get("/dashboard")
async def dashboard(request: Request, db: Db, user: CurrentUser) -> Response:
    context = await service.dashboard(db.conn, user)
    return render(request, "dashboard/dashboard.html", {"active": "dashboard", **context})


@api.get("/me")
async def api_me(db: Db, user: CurrentUser) -> Me:
    return await service.me(db.conn, user)


@api.patch("/me")
async def api_update_me(body: ProfileUpdate, db: Db, user: CurrentUser) -> Me:
    await accounts.update_profile(db.conn, user, body.model_dump(exclude_unset=True))
    return await service.me(db.conn, user)
