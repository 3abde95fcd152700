"""All SQL of billing: plans, usage, customers, subscriptions, payments and Stripe events."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any
from uuid import UUID

from resumepilot.billing.models import InvoiceSnapshot, Plan, SubscriptionSnapshot
from resumepilot.db.rows import one_row
from resumepilot.db.types import Conn, Row

# --- plans and usage (any role: plans are public, the functions check who is asking) ---


async def list_plans(conn: Conn) -> list[Plan]:
    cur = await conn.execute("SELECT * FROM plans ORDER BY sort_order, name")
    return [Plan.model_validate(row) for row in await cur.fetchall()]


async def get_plan(conn: Conn, name: str) -> Plan | None:
    cur = await conn.execute("SELECT * FROM plans WHERE name = %s", [name])
    row = await cur.fetchone()
    return Plan.model_validate(row) if row else None


async def try_consume_usage(conn: Conn, user_id: UUID, action: str) -> bool:
    cur = await conn.execute("SELECT try_consume_usage(%s, %s) AS ok", [user_id, action])
    row = await one_row(cur)
    return bool(row["ok"])


async def subscription_status(conn: Conn, user_id: UUID) -> Row | None:
    cur = await conn.execute("SELECT * FROM get_user_subscription_status(%s)", [user_id])
    return await cur.fetchone()


_PLAN_STATUS = """
    SELECT s.plan_name, s.status, s.interviews_remaining, s.cover_letters_remaining, s.is_admin,
      pl.display_name AS plan_display_name, pl.interviews_per_month, pl.cover_letters_per_month
    FROM get_user_subscription_status(%s) s JOIN plans pl ON pl.name = s.plan_name
"""
_CURRENT_SUBSCRIPTION = """
    SELECT * FROM subscriptions WHERE user_id = %s
    ORDER BY (status NOT IN ('canceled', 'incomplete_expired')) DESC, updated_at DESC LIMIT 1
"""


async def plan_status(conn: Conn, user_id: UUID) -> Row | None:
    """The user's plan, its monthly limits and what is left of them; None for no such user."""
    cur = await conn.execute(_PLAN_STATUS, [user_id])
    return await cur.fetchone()


async def plan_status_and_subscription(conn: Conn, user_id: UUID) -> tuple[Row | None, Row | None]:
    """plan_status and current_subscription in one round trip (the dashboard is a hot page)."""
    async with conn.pipeline():
        status = await conn.execute(_PLAN_STATUS, [user_id])
        subscription = await conn.execute(_CURRENT_SUBSCRIPTION, [user_id])
    return await status.fetchone(), await subscription.fetchone()


async def current_subscription(conn: Conn, user_id: UUID) -> Row | None:
    """The user's live subscription row (RLS lets a user read their own), else the latest one."""
    cur = await conn.execute(_CURRENT_SUBSCRIPTION, [user_id])
    return await cur.fetchone()


async def past_due_grace_ends(conn: Conn, sub: dict[str, Any]) -> datetime:
    """When a past-due subscription's grace period ends (past_due_grace() after it fell due)."""
    cur = await conn.execute(
        "SELECT COALESCE(%s::timestamptz, %s::timestamptz, %s::timestamptz)"
        " + past_due_grace() AS ends",
        [sub["past_due_since"], sub["current_period_end"], sub["updated_at"]],
    )
    row = await one_row(cur)
    ends: datetime = row["ends"]
    return ends


async def latest_failed_payment(conn: Conn, user_id: UUID) -> Row | None:
    cur = await conn.execute(
        "SELECT * FROM payments WHERE user_id = %s AND status = 'failed'"
        " ORDER BY created_at DESC LIMIT 1",
        [user_id],
    )
    return await cur.fetchone()


async def recent_payments(conn: Conn, user_id: UUID, limit: int = 12) -> list[Row]:
    cur = await conn.execute(
        "SELECT * FROM payments WHERE user_id = %s ORDER BY created_at DESC LIMIT %s",
        [user_id, limit],
    )
    return await cur.fetchall()


# --- trusted writes (service_role) ---


async def lock_customer_row(conn: Conn, user_id: UUID) -> Row:
    """The user's billing_customers row, created if missing and locked for this transaction."""
    await conn.execute(
        "INSERT INTO billing_customers (user_id) VALUES (%s) ON CONFLICT (user_id) DO NOTHING",
        [user_id],
    )
    cur = await conn.execute(
        "SELECT * FROM billing_customers WHERE user_id = %s FOR UPDATE", [user_id]
    )
    return await one_row(cur)


async def customer_id_of(conn: Conn, user_id: UUID) -> str | None:
    cur = await conn.execute(
        "SELECT stripe_customer_id FROM billing_customers WHERE user_id = %s", [user_id]
    )
    row = await cur.fetchone()
    return row["stripe_customer_id"] if row else None


async def user_of_customer(conn: Conn, customer_id: str) -> UUID | None:
    cur = await conn.execute(
        "SELECT user_id FROM billing_customers WHERE stripe_customer_id = %s", [customer_id]
    )
    row = await cur.fetchone()
    return row["user_id"] if row else None


async def link_customer(conn: Conn, user_id: UUID, customer_id: str) -> None:
    """Records the user's Stripe customer unless the user already has one."""
    await conn.execute(
        "INSERT INTO billing_customers (user_id, stripe_customer_id) VALUES (%s, %s)"
        " ON CONFLICT (user_id) DO UPDATE SET stripe_customer_id = EXCLUDED.stripe_customer_id"
        " WHERE billing_customers.stripe_customer_id IS NULL",
        [user_id, customer_id],
    )


async def set_open_checkout(
    conn: Conn, user_id: UUID, session_id: str | None, expires_at: datetime | None
) -> None:
    await conn.execute(
        "UPDATE billing_customers SET open_checkout_session_id = %s,"
        " open_checkout_expires_at = %s WHERE user_id = %s",
        [session_id, expires_at, user_id],
    )


async def clear_open_checkout(conn: Conn, session_id: str) -> None:
    await conn.execute(
        "UPDATE billing_customers SET open_checkout_session_id = NULL,"
        " open_checkout_expires_at = NULL WHERE open_checkout_session_id = %s",
        [session_id],
    )


async def lock_stripe_subscription(conn: Conn, subscription_id: str) -> None:
    """Serialises everything done about one Stripe subscription until this transaction ends."""
    await conn.execute(
        "SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))",
        ["stripe-subscription:" + subscription_id],
    )


async def live_subscription_of(conn: Conn, user_id: UUID) -> Row | None:
    cur = await conn.execute(
        "SELECT * FROM subscriptions WHERE user_id = %s"
        " AND status NOT IN ('canceled', 'incomplete_expired') FOR UPDATE",
        [user_id],
    )
    return await cur.fetchone()


async def effective_plan(conn: Conn, user_id: UUID) -> str:
    cur = await conn.execute("SELECT effective_plan_name(%s) AS plan", [user_id])
    plan: str = (await one_row(cur))["plan"]
    return plan


async def end_manual_subscriptions(conn: Conn, user_id: UUID) -> int:
    """Ends plans assigned by hand (no Stripe id), which a paid subscription supersedes."""
    cur = await conn.execute(
        "UPDATE subscriptions SET status = 'canceled', canceled_at = now()"
        " WHERE user_id = %s AND stripe_subscription_id IS NULL"
        " AND status NOT IN ('canceled', 'incomplete_expired')",
        [user_id],
    )
    return cur.rowcount


async def prepare_subscription_write(
    conn: Conn, user_id: UUID, subscription_id: str, live: bool
) -> Row:
    """In one round trip: the plan the user has now, the user's other live Stripe subscription
    (if any), and, when the incoming one is live, plans given by hand ended (it supersedes
    them)."""
    cur = await conn.execute(
        """
        WITH before AS (SELECT effective_plan_name(%(user)s) AS plan),
        ended AS (
          UPDATE subscriptions SET status = 'canceled', canceled_at = now()
          WHERE %(live)s AND user_id = %(user)s AND stripe_subscription_id IS NULL
            AND status NOT IN ('canceled', 'incomplete_expired')
          RETURNING 1)
        SELECT (SELECT plan FROM before) AS before_plan,
               (SELECT count(*) FROM ended) AS ended_manual,
               (SELECT stripe_subscription_id FROM subscriptions
                 WHERE user_id = %(user)s AND stripe_subscription_id <> %(sub)s
                   AND status NOT IN ('canceled', 'incomplete_expired') LIMIT 1) AS other_live
        """,
        {"user": user_id, "sub": subscription_id, "live": live},
    )
    return await one_row(cur)


async def upsert_subscription(
    conn: Conn,
    user_id: UUID,
    plan_name: str,
    sub: SubscriptionSnapshot,
    stripe_time: datetime | None,
) -> UUID:
    """Stores Stripe's state of the subscription; stripe_updated_at only moves forward."""
    cur = await conn.execute(
        """
        INSERT INTO subscriptions AS s (user_id, stripe_customer_id, stripe_subscription_id,
          plan_name, status, current_period_start, current_period_end, cancel_at_period_end,
          stripe_price_id, cancel_at, canceled_at, past_due_since, stripe_updated_at)
        VALUES (%(user)s, %(customer)s, %(id)s, %(plan)s, %(status)s, %(start)s, %(end)s,
          %(cape)s, %(price)s, %(cancel_at)s, %(canceled_at)s,
          CASE WHEN %(status)s = 'past_due' THEN now() END, %(time)s)
        ON CONFLICT (stripe_subscription_id) DO UPDATE SET
          stripe_customer_id = EXCLUDED.stripe_customer_id,
          plan_name = EXCLUDED.plan_name,
          status = EXCLUDED.status,
          current_period_start = EXCLUDED.current_period_start,
          current_period_end = EXCLUDED.current_period_end,
          cancel_at_period_end = EXCLUDED.cancel_at_period_end,
          stripe_price_id = EXCLUDED.stripe_price_id,
          cancel_at = EXCLUDED.cancel_at,
          canceled_at = EXCLUDED.canceled_at,
          past_due_since = CASE WHEN EXCLUDED.status <> 'past_due' THEN NULL
                                ELSE COALESCE(s.past_due_since, now()) END,
          stripe_updated_at = GREATEST(s.stripe_updated_at, EXCLUDED.stripe_updated_at)
        RETURNING id
        """,
        {
            "user": user_id,
            "customer": sub.customer_id,
            "id": sub.id,
            "plan": plan_name,
            "status": sub.status,
            "start": sub.current_period_start,
            "end": sub.current_period_end,
            "cape": sub.cancel_at_period_end,
            "price": sub.price_id,
            "cancel_at": sub.cancel_at,
            "canceled_at": sub.canceled_at,
            "time": stripe_time,
        },
    )
    row_id: UUID = (await one_row(cur))["id"]
    return row_id


async def upsert_payment(
    conn: Conn,
    user_id: UUID,
    subscription_row_id: UUID | None,
    invoice: InvoiceSnapshot,
    status: str,
) -> Row:
    """Records an invoice paid or failed; a paid invoice never goes back to failed.

    Returns the status stored ('paid' when a late failure event follows the payment) and the
    status before (None for a new invoice).
    """
    cur = await conn.execute(
        """
        WITH prev AS (SELECT status FROM payments WHERE stripe_invoice_id = %(id)s)
        INSERT INTO payments AS p (user_id, subscription_id, stripe_invoice_id,
          stripe_customer_id, stripe_subscription_id, amount_cents, currency, status,
          period_start, period_end, hosted_invoice_url)
        VALUES (%(user)s, %(sub_row)s, %(id)s, %(customer)s, %(sub)s, %(amount)s, %(currency)s,
          %(status)s, %(start)s, %(end)s, %(url)s)
        ON CONFLICT (stripe_invoice_id) DO UPDATE SET
          subscription_id = COALESCE(EXCLUDED.subscription_id, p.subscription_id),
          amount_cents = CASE WHEN p.status = 'paid' THEN p.amount_cents
                              ELSE EXCLUDED.amount_cents END,
          status = CASE WHEN p.status = 'paid' THEN 'paid' ELSE EXCLUDED.status END,
          period_start = COALESCE(EXCLUDED.period_start, p.period_start),
          period_end = COALESCE(EXCLUDED.period_end, p.period_end),
          hosted_invoice_url = COALESCE(EXCLUDED.hosted_invoice_url, p.hosted_invoice_url)
        RETURNING status, (SELECT status FROM prev) AS previous
        """,
        {
            "user": user_id,
            "sub_row": subscription_row_id,
            "id": invoice.id,
            "customer": invoice.customer_id,
            "sub": invoice.subscription_id,
            "amount": invoice.amount_cents,
            "currency": invoice.currency,
            "status": status,
            "start": invoice.period_start,
            "end": invoice.period_end,
            "url": invoice.hosted_invoice_url,
        },
    )
    return await one_row(cur)


async def subscription_row_id(conn: Conn, subscription_id: str | None) -> Row | None:
    if not subscription_id:
        return None
    cur = await conn.execute(
        "SELECT id, user_id FROM subscriptions WHERE stripe_subscription_id = %s", [subscription_id]
    )
    return await cur.fetchone()


async def update_plan(conn: Conn, plan: str, changes: dict[str, int]) -> bool:
    """Sets a plan's limits or price; False when there is no such plan."""
    # Column names come from the service's fixed list, never from input.
    sets = ", ".join(f"{k} = %({k})s" for k in changes)
    cur = await conn.execute(
        f"UPDATE plans SET {sets} WHERE name = %(plan)s", {**changes, "plan": plan}
    )
    return cur.rowcount > 0


async def assign_manual_plan(conn: Conn, user_id: UUID, plan_name: str) -> None:
    await conn.execute(
        "INSERT INTO subscriptions (user_id, plan_name, status, stripe_updated_at)"
        " VALUES (%s, %s, 'active', NULL)",
        [user_id, plan_name],
    )


# --- Stripe events: stored by id, processed once ---


async def claim_stripe_event(conn: Conn, event: dict[str, Any], created: datetime) -> bool:
    """True when this transaction should process the event; False when it already was.

    A concurrent delivery of the same event waits on the row until the first one commits (then
    finds it processed) or rolls back (then claims it itself).
    """
    cur = await conn.execute(
        """
        INSERT INTO stripe_events AS e (id, event_type, payload, stripe_created_at)
        VALUES (%s, %s, %s::jsonb, %s)
        ON CONFLICT (id) DO UPDATE SET received_at = now()
          WHERE e.processed_at IS NULL
        RETURNING id
        """,
        [event["id"], event["type"][:200], json.dumps(event), created],
    )
    return await cur.fetchone() is not None


async def mark_event_processed(conn: Conn, event_id: str) -> None:
    await conn.execute(
        "UPDATE stripe_events SET processed_at = now(), last_error = NULL WHERE id = %s", [event_id]
    )


async def record_event_failure(
    conn: Conn, event: dict[str, Any], created: datetime, error: str
) -> None:
    """Keeps a failed event on record (unprocessed) so an operator sees what Stripe retries."""
    await conn.execute(
        """
        INSERT INTO stripe_events AS e (id, event_type, payload, stripe_created_at, last_error)
        VALUES (%s, %s, %s::jsonb, %s, %s)
        ON CONFLICT (id) DO UPDATE SET last_error = EXCLUDED.last_error
          WHERE e.processed_at IS NULL
        """,
        [event["id"], event["type"][:200], json.dumps(event), created, error[:2000]],
    )
