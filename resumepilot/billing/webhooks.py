"""Stripe webhook events: verified, stored by id, applied once, in one transaction each.

The event row, everything the handler changes and processed_at commit together. A handler that
fails rolls all of it back and the endpoint answers 500, so Stripe delivers the event again; the
failure itself is then noted on the event row in a transaction of its own.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

from resumepilot.auth import service as accounts
from resumepilot.billing import repository as repo
from resumepilot.billing.models import InvoiceSnapshot, expandable_id, from_epoch, parse_user_id
from resumepilot.billing.sync import SyncContext, resolve_user, sync_subscription
from resumepilot.clients.stripe import StripeGateway
from resumepilot.config import Settings
from resumepilot.db.types import UnitOfWork

log = logging.getLogger(__name__)
Handler = Callable[[SyncContext, dict[str, Any]], Awaitable[None]]


async def on_checkout_completed(ctx: SyncContext, event: dict[str, Any]) -> None:
    session = event["data"]["object"]
    await repo.clear_open_checkout(ctx.conn, session["id"])
    if session.get("mode") != "subscription":
        return
    hint = parse_user_id(session.get("client_reference_id")) or parse_user_id(
        (session.get("metadata") or {}).get("user_id")
    )
    customer = expandable_id(session.get("customer"))
    if hint is not None and customer and await accounts.user_exists(ctx.conn, hint):
        await repo.link_customer(ctx.conn, hint, customer)
    subscription_id = expandable_id(session.get("subscription"))
    if subscription_id:
        await sync_subscription(
            ctx, subscription_id, stripe_time=from_epoch(event["created"]), user_hint=hint
        )


async def on_subscription_changed(ctx: SyncContext, event: dict[str, Any]) -> None:
    sub = event["data"]["object"]
    await sync_subscription(ctx, sub["id"], stripe_time=from_epoch(event["created"]), snapshot=sub)


async def record_invoice(ctx: SyncContext, event: dict[str, Any], *, paid: bool) -> None:
    invoice = InvoiceSnapshot.from_stripe(event["data"]["object"], paid=paid)
    synced = None
    if invoice.subscription_id:
        # The subscription first, so the payment can point at its row and the plan follows
        # the payment (past_due -> active on recovery).
        synced = await sync_subscription(
            ctx, invoice.subscription_id, stripe_time=from_epoch(event["created"])
        )
        if synced is None:  # not stored (a duplicate, say): the row may still exist
            row = await repo.subscription_row_id(ctx.conn, invoice.subscription_id)
            synced_ids = (row["id"], row["user_id"]) if row else (None, None)
        else:
            synced_ids = (synced.row_id, synced.user_id)
    else:
        synced_ids = (None, None)
    row_id, user_id = synced_ids
    if user_id is None:
        user_id = await resolve_user(ctx.conn, invoice.customer_id, invoice.metadata_user_id)
    if user_id is None:
        await accounts.record_event(
            ctx.conn,
            "billing.unmatched_invoice",
            user_id=None,
            data={"invoice": invoice.id, "customer": invoice.customer_id},
        )
        return
    stored = await repo.upsert_payment(
        ctx.conn, user_id, row_id, invoice, "paid" if paid else "failed"
    )
    details = {
        "invoice": invoice.id,
        "subscription": invoice.subscription_id,
        "amount_cents": invoice.amount_cents,
        "currency": invoice.currency,
    }
    if not paid and stored["status"] == "failed":
        await accounts.record_event(
            ctx.conn,
            "billing.payment_failed",
            user_id=user_id,
            data={
                **details,
                "attempt_count": invoice.attempt_count,
                "next_payment_attempt": invoice.next_payment_attempt,
            },
        )
    elif paid and stored["previous"] == "failed":
        await accounts.record_event(
            ctx.conn, "billing.payment_recovered", user_id=user_id, data=details
        )


async def on_invoice_paid(ctx: SyncContext, event: dict[str, Any]) -> None:
    await record_invoice(ctx, event, paid=True)


async def on_invoice_failed(ctx: SyncContext, event: dict[str, Any]) -> None:
    await record_invoice(ctx, event, paid=False)


HANDLERS: dict[str, Handler] = {
    "checkout.session.completed": on_checkout_completed,
    "customer.subscription.created": on_subscription_changed,
    "customer.subscription.updated": on_subscription_changed,
    "customer.subscription.deleted": on_subscription_changed,
    "invoice.paid": on_invoice_paid,
    "invoice.payment_failed": on_invoice_failed,
}


async def ingest_event(
    trusted: UnitOfWork,
    gateway: StripeGateway,
    settings: Settings,
    payload: bytes,
    signature: str | None,
) -> dict[str, Any]:
    """Verifies, stores and applies one delivery. Raises InvalidWebhook (400) before storing
    anything; lets any other failure through (500) after rolling everything back."""
    event = gateway.verify_event(payload, signature)
    created = from_epoch(event.get("created")) or datetime.now(UTC)
    handler = HANDLERS.get(event["type"])
    try:
        async with trusted() as conn:
            if not await repo.claim_stripe_event(conn, event, created):
                return {"received": True, "duplicate": True}
            if handler is not None:
                await handler(SyncContext(conn, gateway, settings), event)
            await repo.mark_event_processed(conn, event["id"])
    except Exception as exc:
        log.exception("Stripe event %s (%s) failed; Stripe will retry", event["id"], event["type"])
        try:
            async with trusted() as conn:
                await repo.record_event_failure(
                    conn, event, created, f"{type(exc).__name__}: {exc}"
                )
        except Exception:
            log.exception("could not record the failure of Stripe event %s", event["id"])
        raise
    return {"received": True, "duplicate": False, "handled": handler is not None}
