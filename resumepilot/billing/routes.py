"""Pricing and billing pages, the billing API and the Stripe webhook endpoint."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import JSONResponse, RedirectResponse
from starlette.responses import Response

from resumepilot.billing import checkout, service
from resumepilot.billing.deps import MaybeStripe, Stripe
from resumepilot.billing.models import BillingStatus, CheckoutRequest, Plan, RedirectTo, price_ids
from resumepilot.billing.webhooks import ingest_event
from resumepilot.clients.stripe import BillingNotConfigured
from resumepilot.config import Settings
from resumepilot.db.request import RequestDb
from resumepilot.errors import AppError
from resumepilot.web.deps import AppSettings, CurrentUser, Db, Trusted
from resumepilot.web.errors import json_error
from resumepilot.web.pages import render, verify_csrf

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", tags=["billing"])
webhooks = APIRouter(prefix="/webhooks", tags=["billing"])
# The payment-problem banner create_app puts above every page.
BANNER = "billing/_banner.html"


def _base_url(request: Request) -> str:
    return str(request.base_url).rstrip("/")


async def _page_context(db: RequestDb, settings: Settings, active: str) -> dict[str, Any]:
    ctx: dict[str, Any] = {
        "active": active,
        "configured": service.billing_configured(settings),
        "buyable": set(price_ids(settings)) if settings.stripe_secret_key else set(),
    }
    if db.identity.user_id:
        status = await service.billing_status(db.conn, db.identity.user_id, settings)
        ctx.update(status=status, billing_alert=status.alert)
    return ctx


@pages.get("/pricing")
async def pricing(request: Request, db: Db, settings: AppSettings) -> Response:
    ctx = await _page_context(db, settings, "pricing")
    ctx["plans"] = await service.list_plans(db.conn)
    if db.identity.user_id:
        sub = await service.current_subscription(db.conn, db.identity.user_id)
        ctx["subscribed"] = bool(
            sub
            and sub["stripe_subscription_id"]
            and sub["status"] not in ("canceled", "incomplete_expired")
        )
    return render(request, "billing/pricing.html", ctx)


@pages.get("/billing")
async def billing_page(
    request: Request,
    db: Db,
    user: CurrentUser,
    trusted: Trusted,
    settings: AppSettings,
    gateway: MaybeStripe,
    source: str = Query("", alias="from"),
) -> Response:
    if source == "portal" and gateway is not None:
        # Back from Stripe's portal: show what was just changed there, not what the webhooks
        # have delivered so far.
        await checkout.sync_user_subscription(trusted, gateway, settings, user_id=user.id)
    ctx = await _page_context(db, settings, "billing")
    ctx["plan"] = await service.get_plan(db.conn, ctx["status"].plan_name)
    ctx["subscription"] = await service.current_subscription(db.conn, user.id)
    ctx["payments"] = await service.recent_payments(db.conn, user.id)
    ctx["resets_on"] = service.long_date(ctx["status"].resets_on)
    ctx["ends_on"] = service.long_date(ctx["status"].ends_on) if ctx["status"].ends_on else None
    return render(request, "billing/billing.html", ctx)


@pages.post("/billing/checkout")
async def checkout_submit(
    request: Request,
    user: CurrentUser,
    trusted: Trusted,
    settings: AppSettings,
    gateway: Stripe,
    plan: str = Form(""),
    csrf_token: str = Form(""),
) -> Response:
    verify_csrf(request, csrf_token)
    url = await checkout.start_checkout(
        trusted,
        gateway,
        settings,
        user_id=user.id,
        email=user.email,
        plan=plan[:40],
        base_url=_base_url(request),
    )
    return RedirectResponse(url, status_code=303)


@pages.post("/billing/portal")
async def portal_submit(
    request: Request,
    user: CurrentUser,
    trusted: Trusted,
    gateway: Stripe,
    csrf_token: str = Form(""),
) -> Response:
    verify_csrf(request, csrf_token)
    url = await checkout.portal_url(
        trusted, gateway, user_id=user.id, return_url=_base_url(request) + "/billing?from=portal"
    )
    return RedirectResponse(url, status_code=303)


@pages.get("/billing/success")
async def checkout_success(
    request: Request,
    db: Db,
    user: CurrentUser,
    trusted: Trusted,
    settings: AppSettings,
    gateway: Stripe,
    session_id: str = "",
) -> Response:
    result = await checkout.sync_checkout(
        trusted, gateway, settings, user_id=user.id, session_id=session_id[:300]
    )
    ctx = await _page_context(db, settings, "billing")
    ctx["plan"] = await service.get_plan(db.conn, ctx["status"].plan_name)
    ctx["pending"] = result is None or result.status not in ("active", "trialing")
    return render(request, "billing/success.html", ctx)


@pages.get("/billing/cancel")
async def checkout_cancel(
    request: Request, db: Db, user: CurrentUser, settings: AppSettings
) -> Response:
    return render(request, "billing/cancel.html", await _page_context(db, settings, "billing"))


@pages.get("/billing/alert")
async def alert_json(db: Db) -> Response:
    """The payment banner for pages that do not render it themselves (see billing.js)."""
    if db.identity.user_id is None:
        return Response(status_code=204)
    alert = await service.billing_alert(db.conn, db.identity.user_id)
    if alert is None:
        return Response(status_code=204, headers={"Cache-Control": "no-store"})
    return JSONResponse(alert.model_dump(), headers={"Cache-Control": "no-store"})


# --- JSON API ---


@api.get("/plans", response_model=list[Plan])
async def plans_api(db: Db) -> list[Plan]:
    """Every plan with its monthly limits (-1 means unlimited) and price."""
    return await service.list_plans(db.conn)


@api.get("/billing/status", response_model=BillingStatus)
async def status_api(db: Db, user: CurrentUser, settings: AppSettings) -> BillingStatus:
    """The caller's plan, subscription status and what is left this month."""
    return await service.billing_status(db.conn, user.id, settings)


@api.post("/billing/checkout", response_model=RedirectTo)
async def checkout_api(
    request: Request,
    body: CheckoutRequest,
    user: CurrentUser,
    trusted: Trusted,
    settings: AppSettings,
    gateway: Stripe,
) -> RedirectTo:
    """A Stripe Checkout address for upgrading to a paid plan."""
    url = await checkout.start_checkout(
        trusted,
        gateway,
        settings,
        user_id=user.id,
        email=user.email,
        plan=body.plan,
        base_url=_base_url(request),
    )
    return RedirectTo(url=url)


@api.post("/billing/portal", response_model=RedirectTo)
async def portal_api(
    request: Request, user: CurrentUser, trusted: Trusted, gateway: Stripe
) -> RedirectTo:
    """A Stripe customer portal address for managing the subscription."""
    url = await checkout.portal_url(
        trusted, gateway, user_id=user.id, return_url=_base_url(request) + "/billing?from=portal"
    )
    return RedirectTo(url=url)


# --- Stripe ---


@webhooks.post("/stripe")
async def stripe_webhook(
    request: Request, trusted: Trusted, settings: AppSettings, gateway: MaybeStripe
) -> Response:
    """Stripe's events, signed with STRIPE_WEBHOOK_SECRET."""
    if gateway is None:
        raise BillingNotConfigured()
    payload = await request.body()
    try:
        result = await ingest_event(
            trusted, gateway, settings, payload, request.headers.get("stripe-signature")
        )
    except AppError:
        raise
    except Exception:
        # Already logged and rolled back by ingest_event. Answered here rather than re-raised,
        # so the server keeps the connection: Stripe's retry comes in on it.
        return json_error(
            500,
            "internal_error",
            "The event could not be applied; nothing of it was saved. Please retry.",
        )
    return JSONResponse(result)
