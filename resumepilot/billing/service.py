"""Plans, usage limits and subscriptions: the rules, with no HTTP in them.

Other features gate their work with `consume_or_refuse(conn, user.id, "interview")` (or
"cover_letter") inside the request's transaction: it takes one unit atomically or raises
UsageLimitReached, whose message names the limit, the reset date and the pricing page. If the
request fails later, the unit goes back with the rolled-back transaction.

Stripe Checkout and the portal are checkout.py; Stripe's events, webhooks.py and sync.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

from resumepilot.auth import service as accounts
from resumepilot.billing import repository as repo
from resumepilot.billing.models import (
    ENDED_STATUSES,
    USAGE_ACTIONS,
    BillingAlert,
    BillingStatus,
    Plan,
    price_ids,
)
from resumepilot.clients.stripe import BillingNotConfigured, StripeGateway
from resumepilot.config import Settings
from resumepilot.db.types import Conn, Row, UnitOfWork
from resumepilot.errors import AppError, Conflict, NotFound

UPGRADE_URL = "/pricing"
ACTION_WORDS = {
    "interview": ("interview", "interviews"),
    "cover_letter": ("cover letter", "cover letters"),
}


def first_of_next_month_utc(now: datetime | None = None) -> date:
    """The day monthly usage starts again (usage months are UTC months)."""
    now = (now or datetime.now(UTC)).astimezone(UTC)
    return date(now.year + 1, 1, 1) if now.month == 12 else date(now.year, now.month + 1, 1)


def long_date(day: date | datetime) -> str:
    return f"{day:%B} {day.day}, {day.year}"


class UsageLimitReached(AppError):
    """The plan's monthly allowance for an action is used up (402: paying more lifts it)."""

    status_code = 402
    code = "usage_limit_reached"
    page_template = "billing/usage_limit.html"

    def __init__(self, *, action: str, plan: Plan, resets_on: date):
        one, many = ACTION_WORDS[action]
        limit = plan.limit_of(action)
        if limit == 0:
            message = (
                f"{many.capitalize()} are not included in the {plan.display_name} plan. "
                f"Upgrade to a plan with {many} at {UPGRADE_URL}."
            )
        else:
            message = (
                f"You have used all {limit} {one if limit == 1 else many} of your "
                f"{plan.display_name} plan this month. Your allowance resets on "
                f"{long_date(resets_on)} (UTC). Upgrade for more at {UPGRADE_URL}."
            )
        super().__init__(message)
        self.action = action
        self.plan = plan
        self.limit = limit
        self.resets_on = resets_on
        self.upgrade_url = UPGRADE_URL

    def details(self) -> dict[str, Any]:
        return {
            "limit": self.limit,
            "plan": self.plan.name,
            "plan_name": self.plan.display_name,
            "resets_on": self.resets_on.isoformat(),
            "upgrade_url": self.upgrade_url,
        }

    def page_context(self) -> dict[str, Any]:
        return {"limit": self, "resets_on": long_date(self.resets_on)}


async def consume_or_refuse(conn: Conn, user_id: UUID, action: str) -> None:
    """Takes one unit of `action` ('interview', 'cover_letter') for this UTC month, or raises
    UsageLimitReached."""
    if action not in USAGE_ACTIONS:
        raise ValueError(f"unknown usage action: {action!r}")
    if await repo.try_consume_usage(conn, user_id, action):
        return
    raise await usage_refusal(conn, user_id, action)


async def usage_refusal(conn: Conn, user_id: UUID, action: str) -> UsageLimitReached:
    """The refusal to raise when a unit was refused elsewhere (e.g. start_interview_session()
    returned NULL): names the user's plan, its limit and the reset date."""
    status = await repo.subscription_status(conn, user_id)
    plan = await repo.get_plan(conn, status["plan_name"] if status else "starter")
    assert plan is not None, "the plans table has lost a plan that a subscription names"
    return UsageLimitReached(action=action, plan=plan, resets_on=first_of_next_month_utc())


# --- what the user has ---


async def plan_status(conn: Conn, user_id: UUID) -> Row | None:
    """The user's plan (plan_name, plan_display_name), its monthly limits and what is left of
    them (-1: unlimited), status and is_admin; None when there is no such user."""
    return await repo.plan_status(conn, user_id)


@dataclass(frozen=True)
class PlanOverview:
    """What the dashboard shows of billing."""

    status: Row  # as plan_status
    ends_on: date | None
    alert: BillingAlert | None


async def plan_overview(conn: Conn, user_id: UUID) -> PlanOverview:
    status, subscription = await repo.plan_status_and_subscription(conn, user_id)
    return PlanOverview(
        status=status or {},
        ends_on=ends_on(subscription),
        alert=await billing_alert(conn, user_id, subscription),
    )


async def current_subscription(conn: Conn, user_id: UUID) -> Row | None:
    """The user's live subscription row, else the latest one."""
    return await repo.current_subscription(conn, user_id)


def ends_on(sub: dict[str, Any] | None) -> date | None:
    """The date a pending cancellation takes effect, if one is pending."""
    if not sub or sub["status"] in ENDED_STATUSES:
        return None
    ends: datetime | None = sub.get("cancel_at")
    if not ends and sub.get("cancel_at_period_end"):
        ends = sub.get("current_period_end")
    return ends.astimezone(UTC).date() if ends else None


_UNREAD = object()


async def billing_alert(conn: Conn, user_id: UUID, sub: Any = _UNREAD) -> BillingAlert | None:
    """The payment problem to show on every page, if there is one. Pass the current
    subscription row when the caller has already read it (None for 'has none')."""
    if sub is _UNREAD:
        sub = await repo.current_subscription(conn, user_id)
    if not sub or sub["status"] in ENDED_STATUSES or sub["stripe_subscription_id"] is None:
        return None
    plan = await repo.get_plan(conn, sub["plan_name"])
    name = plan.display_name if plan else sub["plan_name"]
    failed = await repo.latest_failed_payment(conn, user_id)
    fix_url = (failed or {}).get("hosted_invoice_url") or "/billing"
    fix_label = "Pay the open invoice" if fix_url != "/billing" else "Update payment method"
    if sub["status"] == "past_due":
        until = await repo.past_due_grace_ends(conn, sub)
        return BillingAlert(
            kind="past_due",
            fix_url=fix_url,
            fix_label=fix_label,
            message=(
                f"Your last payment for {name} failed. You keep {name} until {long_date(until)} "
                "while the payment is retried; please update your payment method."
            ),
        )
    if sub["status"] in ("unpaid", "incomplete"):
        return BillingAlert(
            kind="payment_failed",
            fix_url=fix_url,
            fix_label=fix_label,
            message=f"Your payment for {name} did not go through, so your "
            f"account is on the free Starter plan until it is paid.",
        )
    if sub["status"] == "paused":
        return BillingAlert(
            kind="paused",
            fix_url="/billing",
            fix_label="Manage billing",
            message=f"Your {name} subscription is paused; you are on the free "
            "Starter plan until it resumes.",
        )
    return None


async def billing_status(conn: Conn, user_id: UUID, settings: Settings) -> BillingStatus:
    status = await repo.subscription_status(conn, user_id)
    if status is None:
        raise NotFound("There is no such account.")
    plan = await repo.get_plan(conn, status["plan_name"])
    assert plan is not None
    sub = await repo.current_subscription(conn, user_id)
    return BillingStatus(
        plan_name=plan.name,
        plan_display_name=plan.display_name,
        status=status["status"],
        is_admin=status["is_admin"],
        interviews_remaining=status["interviews_remaining"],
        cover_letters_remaining=status["cover_letters_remaining"],
        interviews_per_month=plan.interviews_per_month,
        cover_letters_per_month=plan.cover_letters_per_month,
        resets_on=first_of_next_month_utc(),
        ends_on=ends_on(sub),
        billing_configured=billing_configured(settings),
        alert=await billing_alert(conn, user_id),
    )


def billing_configured(settings: Settings) -> bool:
    return bool(settings.stripe_secret_key and price_ids(settings))


# --- plans set by hand (self-hosting without Stripe) ---


async def assign_plan(conn: Conn, *, email: str, plan_name: str) -> tuple[str, str]:
    """Puts a user on a plan without Stripe; returns (plan before, plan after)."""
    user = await accounts.user_by_email(conn, email)
    if user is None:
        raise NotFound(f"No account uses the email address {email}.")
    plan = await repo.get_plan(conn, plan_name)
    if plan is None:
        names = ", ".join(p.name for p in await repo.list_plans(conn))
        raise NotFound(f"There is no plan called {plan_name!r}. Plans: {names}.")
    live = await repo.live_subscription_of(conn, user["id"])
    if live is not None and live["stripe_subscription_id"]:
        raise Conflict(
            f"{email} pays through Stripe ({live['stripe_subscription_id']}); "
            "change the plan in Stripe instead."
        )
    before = await repo.effective_plan(conn, user["id"])
    await repo.end_manual_subscriptions(conn, user["id"])
    if plan.name != "starter":
        await repo.assign_manual_plan(conn, user["id"], plan.name)
    after = await repo.effective_plan(conn, user["id"])
    await accounts.record_event(
        conn,
        "billing.plan_assigned",
        user_id=user["id"],
        data={"from": before, "to": after, "by": "cli"},
    )
    if before != after:
        await accounts.record_event(
            conn,
            "billing.plan_changed",
            user_id=user["id"],
            data={"from": before, "to": after, "status": "active"},
        )
    return before, after


async def set_plan_limits(conn: Conn, plan: str, changes: dict[str, int]) -> None:
    """Changes a plan's monthly limits or displayed price (the columns interviews_per_month,
    cover_letters_per_month and price_cents); NotFound when there is no such plan."""
    unknown = set(changes) - {"interviews_per_month", "cover_letters_per_month", "price_cents"}
    if unknown:
        raise ValueError(f"not a plan setting: {', '.join(sorted(unknown))}")
    if not await repo.update_plan(conn, plan, changes):
        raise NotFound(f"there is no plan called {plan!r}")


async def list_plans(conn: Conn) -> list[Plan]:
    """Every plan, in the order the pricing page shows them."""
    return await repo.list_plans(conn)


async def get_plan(conn: Conn, name: str) -> Plan | None:
    return await repo.get_plan(conn, name)


async def recent_payments(conn: Conn, user_id: UUID) -> list[Row]:
    return await repo.recent_payments(conn, user_id)


async def cancel_all_subscriptions(
    trusted: UnitOfWork, stripe: StripeGateway | None, user_id: UUID
) -> int:
    """Ends every live Stripe subscription of the user's customer now (account deletion).

    Raises BillingNotConfigured when the user is a Stripe customer but billing is off: the
    account must not go while Stripe would keep charging it."""
    async with trusted() as conn:
        customer = await repo.customer_id_of(conn, user_id)
    if customer is None:
        return 0
    if stripe is None:
        raise BillingNotConfigured(
            "This account has a Stripe customer but billing is not configured here; set "
            "STRIPE_SECRET_KEY so its subscriptions can be cancelled first."
        )
    cancelled = 0
    for sub in await stripe.list_subscriptions(customer):
        await stripe.cancel_subscription(str(sub["id"]))
        cancelled += 1
    return cancelled
