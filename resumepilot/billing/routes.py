"""Pricing and billing pages, the billing API and the Stripe webhook endpoint."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import JSONResponse, RedirectResponse
from starlette.responses import Response

from resumepilot.auth.deps import UserDb
from resumepilot.billing import repository as repo
from resumepilot.billing import service
from resumepilot.billing.models import BillingStatus, CheckoutRequest, Plan, RedirectTo
from resumepilot.billing.stripe_client import (
    BillingNotConfigured,
    gateway_for,
    price_ids,
    require_gateway,
)
from resumepilot.billing.webhooks import ingest_event
from resumepilot.db.request import Db, RequestDb
from resumepilot.errors import AppError
from resumepilot.web.pages import render, verify_csrf

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", tags=["billing"])
webhooks = APIRouter(prefix="/webhooks", tags=["billing"])


def _me(db: RequestDb) -> UUID:
    """The signed-in user (UserDb has already refused anonymous callers)."""
    assert db.identity.user_id is not None
    return db.identity.user_id


def _base_url(request: Request) -> str:
    return str(request.base_url).rstrip("/")


def usage_limit_page(request: Request, exc: service.UsageLimitReached) -> Response:
    """A page for features to show when consume_or_refuse refuses (limit, reset, upgrade)."""
    return render(request, "usage_limit.html", {"limit": exc, "resets_on": service.long_date(
        exc.resets_on)}, status_code=exc.status_code)


async def _page_context(request: Request, db, active: str) -> dict:
    settings = request.app.state.settings
    ctx: dict = {"active": active, "configured": service.billing_configured(settings),
                 "buyable": set(price_ids(settings)) if settings.stripe_secret_key else set()}
    if db.identity.user_id:
        status = await service.billing_status(db.conn, db.identity.user_id, settings)
        ctx.update(status=status, billing_alert=status.alert)
    return ctx


@pages.get("/pricing")
async def pricing(request: Request, db: Db) -> Response:
    ctx = await _page_context(request, db, "pricing")
    ctx["plans"] = await repo.list_plans(db.conn)
    if db.identity.user_id:
        sub = await repo.current_subscription(db.conn, _me(db))
        ctx["subscribed"] = bool(sub and sub["stripe_subscription_id"]
                                 and sub["status"] not in ("canceled", "incomplete_expired"))
    return render(request, "pricing.html", ctx)


@pages.get("/billing")
async def billing_page(request: Request, db: UserDb, source: str = Query("", alias="from")
                       ) -> Response:
    user_id = _me(db)
    gateway = gateway_for(request)
    if source == "portal" and gateway is not None:
        # Back from Stripe's portal: show what was just changed there, not what the webhooks
        # have delivered so far.
        await service.sync_user_subscription(request.app.state.pool, gateway,
                                             request.app.state.settings, user_id=user_id)
    ctx = await _page_context(request, db, "billing")
    ctx["plan"] = await repo.get_plan(db.conn, ctx["status"].plan_name)
    ctx["subscription"] = await repo.current_subscription(db.conn, user_id)
    ctx["payments"] = await repo.recent_payments(db.conn, user_id)
    ctx["resets_on"] = service.long_date(ctx["status"].resets_on)
    ctx["ends_on"] = service.long_date(ctx["status"].ends_on) if ctx["status"].ends_on else None
    return render(request, "billing.html", ctx)


@pages.post("/billing/checkout")
async def checkout_submit(request: Request, db: UserDb, plan: str = Form(""),
                          csrf_token: str = Form("")) -> Response:
    verify_csrf(request, csrf_token)
    url = await service.start_checkout(
        request.app.state.pool, require_gateway(request), request.app.state.settings,
        user_id=_me(db), email=db.identity.email, plan=plan[:40],
        base_url=_base_url(request))
    return RedirectResponse(url, status_code=303)


@pages.post("/billing/portal")
async def portal_submit(request: Request, db: UserDb, csrf_token: str = Form("")) -> Response:
    verify_csrf(request, csrf_token)
    url = await service.portal_url(request.app.state.pool, require_gateway(request),
                                   user_id=_me(db),
                                   return_url=_base_url(request) + "/billing?from=portal")
    return RedirectResponse(url, status_code=303)


@pages.get("/billing/success")
async def checkout_success(request: Request, db: UserDb, session_id: str = "") -> Response:
    result = await service.sync_checkout(
        request.app.state.pool, require_gateway(request), request.app.state.settings,
        user_id=_me(db), session_id=session_id[:300])
    ctx = await _page_context(request, db, "billing")
    ctx["plan"] = await repo.get_plan(db.conn, ctx["status"].plan_name)
    ctx["pending"] = result is None or result.status not in ("active", "trialing")
    return render(request, "billing_success.html", ctx)


@pages.get("/billing/cancel")
async def checkout_cancel(request: Request, db: UserDb) -> Response:
    return render(request, "billing_cancel.html", await _page_context(request, db, "billing"))


@pages.get("/billing/alert")
async def alert_json(request: Request, db: Db) -> Response:
    """The payment banner for pages that do not render it themselves (see billing.js)."""
    if db.identity.user_id is None:
        return Response(status_code=204)
    alert = await service.billing_alert(db.conn, _me(db))
    if alert is None:
        return Response(status_code=204, headers={"Cache-Control": "no-store"})
    return JSONResponse(alert.model_dump(), headers={"Cache-Control": "no-store"})


# --- JSON API ---


@api.get("/plans", response_model=list[Plan])
async def plans_api(db: Db) -> list[Plan]:
    """Every plan with its monthly limits (-1 means unlimited) and price."""
    return await repo.list_plans(db.conn)


@api.get("/billing/status", response_model=BillingStatus)
async def status_api(request: Request, db: UserDb) -> BillingStatus:
    """The caller's plan, subscription status and what is left this month."""
    return await service.billing_status(db.conn, _me(db), request.app.state.settings)


@api.post("/billing/checkout", response_model=RedirectTo)
async def checkout_api(request: Request, body: CheckoutRequest, db: UserDb) -> RedirectTo:
    """A Stripe Checkout address for upgrading to a paid plan."""
    url = await service.start_checkout(
        request.app.state.pool, require_gateway(request), request.app.state.settings,
        user_id=_me(db), email=db.identity.email, plan=body.plan,
        base_url=_base_url(request))
    return RedirectTo(url=url)


@api.post("/billing/portal", response_model=RedirectTo)
async def portal_api(request: Request, db: UserDb) -> RedirectTo:
    """A Stripe customer portal address for managing the subscription."""
    url = await service.portal_url(request.app.state.pool, require_gateway(request),
                                   user_id=_me(db),
                                   return_url=_base_url(request) + "/billing?from=portal")
    return RedirectTo(url=url)


# --- Stripe ---


@webhooks.post("/stripe")
async def stripe_webhook(request: Request) -> Response:
    """Stripe's events, signed with STRIPE_WEBHOOK_SECRET."""
    gateway = gateway_for(request)
    if gateway is None:
        raise BillingNotConfigured()
    payload = await request.body()
    try:
        result = await ingest_event(request.app.state.pool, gateway, request.app.state.settings,
                                    payload, request.headers.get("stripe-signature"))
    except AppError:
        raise
    except Exception:
        # Already logged and rolled back by ingest_event. Answered here rather than re-raised,
        # so the server keeps the connection: Stripe's retry comes in on it.
        return JSONResponse({"error": {"code": "internal_error", "message": (
            "The event could not be applied; nothing of it was saved. Please retry.")}},
            status_code=500)
    return JSONResponse(result)

