"""Stripe Checkout and the customer portal: starting them, and applying what they changed.

These take an opener of trusted transactions: a Stripe call is made inside the transaction that
locks the user's billing row (so two clicks make one customer and one open session), and the
re-read after the portal in a transaction of its own.
"""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime, timedelta
from uuid import UUID

import stripe

from resumepilot.billing import repository as repo
from resumepilot.billing.models import parse_user_id, price_ids
from resumepilot.billing.sync import SyncContext, SyncResult, sync_subscription
from resumepilot.clients.stripe import StripeGateway, StripeUnavailable
from resumepilot.config import Settings
from resumepilot.db.types import UnitOfWork
from resumepilot.errors import Conflict, NotFound, ValidationFailed

log = logging.getLogger(__name__)
CHECKOUT_LIFETIME = timedelta(minutes=30)  # Stripe's shortest allowed session lifetime
CHECKOUT_SESSION_ID = re.compile(r"^cs_[A-Za-z0-9_]{1,250}$")


async def start_checkout(
    trusted: UnitOfWork,
    gateway: StripeGateway,
    settings: Settings,
    *,
    user_id: UUID,
    email: str | None,
    plan: str,
    base_url: str,
) -> str:
    """The Checkout address for `plan`. One customer per user, one open session per user."""
    price = price_ids(settings).get(plan)
    if price is None:
        raise ValidationFailed({"plan": "That plan cannot be bought here."})
    try:
        async with trusted() as conn:
            row = await repo.lock_customer_row(conn, user_id)  # serialises this user's clicks
            live = await repo.live_subscription_of(conn, user_id)
            if live is not None and live["stripe_subscription_id"]:
                raise Conflict(
                    "You already have a subscription. Change or cancel it under Manage billing."
                )
            customer = row["stripe_customer_id"]
            if not customer:
                customer = await gateway.create_customer(user_id=user_id, email=email)
                await repo.link_customer(conn, user_id, customer)
            if row["open_checkout_session_id"]:
                earlier = await gateway.expire_checkout_session(row["open_checkout_session_id"])
                if earlier.get("status") == "complete":
                    await repo.set_open_checkout(conn, user_id, None, None)
                    return f"{base_url}/billing/success?session_id={earlier['id']}"
            expires = datetime.now(UTC) + CHECKOUT_LIFETIME
            session = await gateway.create_checkout_session(
                customer_id=customer,
                user_id=user_id,
                plan=plan,
                price_id=price,
                success_url=f"{base_url}/billing/success?session_id={{CHECKOUT_SESSION_ID}}",
                cancel_url=f"{base_url}/billing/cancel",
                expires_at=expires,
            )
            await repo.set_open_checkout(conn, user_id, session["id"], expires)
            url: str = session["url"]
            return url
    except stripe.StripeError as exc:
        log.warning("Stripe refused to start a checkout: %s", exc)
        raise StripeUnavailable() from exc


async def portal_url(
    trusted: UnitOfWork, gateway: StripeGateway, *, user_id: UUID, return_url: str
) -> str:
    async with trusted() as conn:
        customer = await repo.customer_id_of(conn, user_id)
    if not customer:
        raise NotFound("You have no billing account yet. Choose a plan on the pricing page.")
    try:
        return await gateway.create_portal_session(customer_id=customer, return_url=return_url)
    except stripe.StripeError as exc:
        log.warning("Stripe refused a portal session: %s", exc)
        raise StripeUnavailable() from exc


async def sync_checkout(
    trusted: UnitOfWork,
    gateway: StripeGateway,
    settings: Settings,
    *,
    user_id: UUID,
    session_id: str,
) -> SyncResult | None:
    """Applies a finished Checkout at once (the webhooks will find nothing left to change).

    None while Stripe has not completed the session yet."""
    if not CHECKOUT_SESSION_ID.match(session_id or ""):
        raise NotFound("There is no such checkout.")
    try:
        session = await gateway.retrieve_checkout_session(session_id)
    except stripe.InvalidRequestError as exc:
        raise NotFound("There is no such checkout.") from exc
    except stripe.StripeError as exc:
        raise StripeUnavailable() from exc
    if parse_user_id(session.get("client_reference_id")) != user_id:
        raise NotFound("There is no such checkout.")
    subscription = session.get("subscription")
    if session.get("status") != "complete" or not subscription:
        return None
    if isinstance(subscription, dict):
        subscription = subscription["id"]
    try:
        async with trusted() as conn:
            if session.get("customer"):
                await repo.link_customer(conn, user_id, str(session["customer"]))
            await repo.clear_open_checkout(conn, session_id)
            return await sync_subscription(
                SyncContext(conn, gateway, settings), subscription, user_hint=user_id
            )
    except stripe.StripeError as exc:
        raise StripeUnavailable() from exc


async def sync_user_subscription(
    trusted: UnitOfWork, gateway: StripeGateway, settings: Settings, *, user_id: UUID
) -> SyncResult | None:
    """Re-reads the user's live Stripe subscription (after the portal); None if there is none.

    Stripe being unreachable is not an error here: the webhooks will bring the change."""
    async with trusted() as conn:
        live = await repo.live_subscription_of(conn, user_id)
    if live is None or not live["stripe_subscription_id"]:
        return None
    try:
        async with trusted() as conn:
            return await sync_subscription(
                SyncContext(conn, gateway, settings),
                live["stripe_subscription_id"],
                user_hint=user_id,
            )
    except stripe.StripeError as exc:
        log.warning("could not re-read a subscription after the portal: %s", exc)
        return None
