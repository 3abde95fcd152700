"""Billing types: plans, and the parts of Stripe's objects that ResumePilot keeps.

Stripe objects are read from plain dicts (the JSON of the API and of webhook events). Both the
current shape (periods on subscription items, an invoice's subscription under `parent`, since
API version 2025-03-31) and the older one are understood, since a webhook endpoint may be pinned
to either.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from resumepilot.config import Settings

USAGE_ACTIONS: tuple[str, ...] = ("interview", "cover_letter")
# Stripe statuses after which a subscription grants nothing and never comes back.
ENDED_STATUSES = ("canceled", "incomplete_expired")
# The setting that holds each paid plan's Stripe price id.
PLAN_PRICE_SETTINGS = {
    "pro": "stripe_price_pro",
    "career": "stripe_price_career",
    "coach": "stripe_price_coach",
}


def price_ids(settings: Settings) -> dict[str, str]:
    """plan name -> Stripe price id, for the paid plans whose price is configured."""
    prices = {}
    for plan, attr in PLAN_PRICE_SETTINGS.items():
        value = getattr(settings, attr)
        if value:
            prices[plan] = value
    return prices


def plan_for_price(settings: Settings, price_id: str | None) -> str | None:
    for plan, price in price_ids(settings).items():
        if price == price_id:
            return plan
    return None


class Plan(BaseModel):
    name: str
    display_name: str
    description: str
    interviews_per_month: int
    cover_letters_per_month: int
    price_cents: int
    currency: str
    sort_order: int

    @property
    def is_free(self) -> bool:
        return self.price_cents == 0

    @property
    def price_label(self) -> str:
        if self.is_free:
            return "Free"
        amount = self.price_cents / 100
        text = f"{amount:,.0f}" if self.price_cents % 100 == 0 else f"{amount:,.2f}"
        return f"${text}" if self.currency.lower() == "usd" else f"{text} {self.currency.upper()}"

    def limit_of(self, action: str) -> int:
        return self.interviews_per_month if action == "interview" else self.cover_letters_per_month


def from_epoch(value: Any) -> datetime | None:
    """Stripe's Unix timestamps as aware UTC datetimes; None stays None."""
    if value is None or value == "":
        return None
    return datetime.fromtimestamp(int(value), tz=UTC)


def expandable_id(value: Any) -> str | None:
    """An id from a field Stripe may send as an id or as an expanded object."""
    if isinstance(value, dict):
        return value.get("id")
    return value or None


class SubscriptionSnapshot(BaseModel):
    """A Stripe subscription as ResumePilot stores it."""

    model_config = ConfigDict(frozen=True)

    id: str
    customer_id: str | None
    status: str
    price_id: str | None
    metadata_user_id: str | None
    current_period_start: datetime | None
    current_period_end: datetime | None
    cancel_at_period_end: bool
    cancel_at: datetime | None
    canceled_at: datetime | None

    @classmethod
    def from_stripe(cls, sub: dict[str, Any]) -> SubscriptionSnapshot:
        items = (sub.get("items") or {}).get("data") or []
        first = items[0] if items else {}
        price = first.get("price") or first.get("plan") or {}
        return cls(
            id=sub["id"],
            customer_id=expandable_id(sub.get("customer")),
            status=sub["status"],
            price_id=expandable_id(price),
            metadata_user_id=(sub.get("metadata") or {}).get("user_id"),
            current_period_start=from_epoch(
                first.get("current_period_start") or sub.get("current_period_start")
            ),
            current_period_end=from_epoch(
                first.get("current_period_end") or sub.get("current_period_end")
            ),
            cancel_at_period_end=bool(sub.get("cancel_at_period_end")),
            cancel_at=from_epoch(sub.get("cancel_at")),
            canceled_at=from_epoch(sub.get("canceled_at")),
        )

    @property
    def is_live(self) -> bool:
        return self.status not in ENDED_STATUSES


class InvoiceSnapshot(BaseModel):
    """A Stripe invoice, paid or failed, as a row of `payments`."""

    model_config = ConfigDict(frozen=True)

    id: str
    customer_id: str | None
    subscription_id: str | None
    metadata_user_id: str | None
    amount_cents: int
    currency: str
    period_start: datetime | None
    period_end: datetime | None
    hosted_invoice_url: str | None
    attempt_count: int
    next_payment_attempt: datetime | None

    @classmethod
    def from_stripe(cls, invoice: dict[str, Any], *, paid: bool) -> InvoiceSnapshot:
        lines = (invoice.get("lines") or {}).get("data") or []
        line = lines[0] if lines else {}
        details = (invoice.get("parent") or {}).get("subscription_details") or {}
        line_parent = (line.get("parent") or {}).get("subscription_item_details") or {}
        subscription = (
            details.get("subscription")
            or invoice.get("subscription")
            or line_parent.get("subscription")
            or line.get("subscription")
        )
        period = line.get("period") or {}
        url = invoice.get("hosted_invoice_url")
        return cls(
            id=invoice["id"],
            customer_id=expandable_id(invoice.get("customer")),
            subscription_id=expandable_id(subscription),
            metadata_user_id=(details.get("metadata") or {}).get("user_id"),
            amount_cents=int(invoice.get("amount_paid" if paid else "amount_due") or 0),
            currency=str(invoice.get("currency") or "usd").lower(),
            period_start=from_epoch(period.get("start") or invoice.get("period_start")),
            period_end=from_epoch(period.get("end") or invoice.get("period_end")),
            # Shown as a link: only web addresses, never javascript: or data: URLs.
            hosted_invoice_url=url
            if isinstance(url, str) and url.startswith(("https://", "http://"))
            else None,
            attempt_count=int(invoice.get("attempt_count") or 0),
            next_payment_attempt=from_epoch(invoice.get("next_payment_attempt")),
        )


class BillingAlert(BaseModel):
    """A payment problem the user should fix, shown as a banner on every page."""

    kind: Literal["past_due", "payment_failed", "paused"]
    message: str
    fix_url: str
    fix_label: str


class BillingStatus(BaseModel):
    """What the user has this month: GET /api/billing/status."""

    plan_name: str
    plan_display_name: str
    status: str
    is_admin: bool
    interviews_remaining: int = Field(description="-1 means unlimited")
    cover_letters_remaining: int = Field(description="-1 means unlimited")
    interviews_per_month: int
    cover_letters_per_month: int
    resets_on: date
    ends_on: date | None = Field(default=None, description="set when a cancellation is pending")
    billing_configured: bool
    alert: BillingAlert | None = None


class CheckoutRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    plan: str = Field(max_length=40)


class RedirectTo(BaseModel):
    url: str


def parse_user_id(value: Any) -> UUID | None:
    """A user id from Stripe metadata or client_reference_id; None when it is not a UUID."""
    try:
        return UUID(str(value)) if value else None
    except ValueError:
        return None
