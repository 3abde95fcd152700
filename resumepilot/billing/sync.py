"""Bringing a subscription row to Stripe's current state.

Events arrive more than once and in any order, so no handler trusts the object inside an event:
it takes a per-subscription lock, re-fetches the subscription from Stripe and stores that. The
lock makes the fetches and writes about one subscription happen one after another, so the last
writer is also the last reader and the row always ends at Stripe's latest state.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from resumepilot.auth import service as accounts
from resumepilot.billing import repository as repo
from resumepilot.billing.models import SubscriptionSnapshot, parse_user_id, plan_for_price
from resumepilot.clients.stripe import StripeGateway
from resumepilot.config import Settings
from resumepilot.db.types import Conn


@dataclass
class SyncContext:
    """What every trusted billing write needs: a service_role transaction, Stripe, settings."""

    conn: Conn
    gateway: StripeGateway
    settings: Settings


@dataclass(frozen=True)
class SyncResult:
    user_id: UUID
    plan_name: str
    effective_plan: str
    status: str
    row_id: UUID | None


async def resolve_user(conn: Conn, customer_id: str | None, *candidates: Any) -> UUID | None:
    """Whose subscription or invoice this is: our own customer record first, then the ids the
    checkout put on Stripe's objects (client_reference_id, metadata)."""
    return (await _resolve_user(conn, customer_id, *candidates))[0]


async def _resolve_user(
    conn: Conn, customer_id: str | None, *candidates: Any
) -> tuple[UUID | None, bool]:
    """(user, whether the customer is already linked to that user)."""
    if customer_id:
        owner = await repo.user_of_customer(conn, customer_id)
        if owner is not None:
            return owner, True
    for candidate in candidates:
        user_id = parse_user_id(candidate)
        if user_id is not None and await accounts.user_exists(conn, user_id):
            return user_id, False
    return None, False


async def sync_subscription(
    ctx: SyncContext,
    subscription_id: str,
    *,
    stripe_time: datetime | None = None,
    user_hint: UUID | None = None,
    snapshot: dict[str, Any] | None = None,
) -> SyncResult | None:
    """Fetches the subscription from Stripe and stores it; None when it cannot be stored.

    `snapshot` (the event's copy) is used only when Stripe no longer has the subscription at
    all, so that a deletion event for it still ends the plan.
    """
    conn = ctx.conn
    await repo.lock_stripe_subscription(conn, subscription_id)
    data = await ctx.gateway.retrieve_subscription(subscription_id)
    if data is None and snapshot is not None and snapshot.get("id") == subscription_id:
        data = {**snapshot, "status": "canceled"}
    if data is None:
        await accounts.record_event(
            conn,
            "billing.subscription_missing",
            user_id=None,
            data={"subscription": subscription_id},
        )
        return None
    sub = SubscriptionSnapshot.from_stripe(data)
    user_id, linked = await _resolve_user(conn, sub.customer_id, user_hint, sub.metadata_user_id)
    if user_id is None:
        await accounts.record_event(
            conn,
            "billing.unmatched_subscription",
            user_id=None,
            data={"subscription": sub.id, "customer": sub.customer_id},
        )
        return None
    if sub.customer_id and not linked:
        await repo.link_customer(conn, user_id, sub.customer_id)

    plan = plan_for_price(ctx.settings, sub.price_id)
    if plan is None:
        # Never grant more than was paid for: an unknown price gets the free plan, loudly.
        await accounts.record_event(
            conn,
            "billing.unknown_price",
            user_id=user_id,
            data={"subscription": sub.id, "price": sub.price_id},
        )
        plan = "starter"

    found = await repo.prepare_subscription_write(conn, user_id, sub.id, sub.is_live)
    before = found["before_plan"]
    if sub.is_live and found["other_live"]:
        # One live subscription per user: the first one stays; this one takes over when the
        # first ends (adopt_other_live_subscription). A parallel insert that slips past this
        # check hits the unique index, fails the event, and Stripe's retry lands here.
        await accounts.record_event(
            conn,
            "billing.duplicate_subscription",
            user_id=user_id,
            data={
                "subscription": sub.id,
                "status": sub.status,
                "plan": plan,
                "kept": found["other_live"],
            },
        )
        return None
    row_id = await repo.upsert_subscription(conn, user_id, plan, sub, stripe_time)
    after = await repo.effective_plan(conn, user_id)
    if before != after:
        await accounts.record_event(
            conn,
            "billing.plan_changed",
            user_id=user_id,
            data={"from": before, "to": after, "status": sub.status, "subscription": sub.id},
        )
    if not sub.is_live and sub.customer_id:
        await adopt_other_live_subscription(ctx, sub, user_id, stripe_time)
    return SyncResult(
        user_id=user_id, plan_name=plan, effective_plan=after, status=sub.status, row_id=row_id
    )


async def adopt_other_live_subscription(
    ctx: SyncContext, ended: SubscriptionSnapshot, user_id: UUID, stripe_time: datetime | None
) -> None:
    """When a subscription ends, a second one the customer still pays for takes over (it could
    not be stored while the first was live)."""
    if await repo.live_subscription_of(ctx.conn, user_id) is not None:
        return
    for other in await ctx.gateway.list_subscriptions(ended.customer_id or ""):
        if other.get("id") != ended.id and other.get("status") not in (
            "canceled",
            "incomplete_expired",
        ):
            await sync_subscription(ctx, other["id"], stripe_time=stripe_time, user_hint=user_id)
            return
