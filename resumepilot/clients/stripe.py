"""The one place ResumePilot talks to Stripe, through the official SDK.

`StripeGateway` is built once at start-up from settings (STRIPE_API_BASE points the SDK at
another address, for tests and proxies) and hands back plain dicts shaped like Stripe's JSON, so
billing never sees SDK types.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any
from uuid import UUID

import stripe

from resumepilot.config import Settings
from resumepilot.errors import AppError
from resumepilot.storable_text import strip_unstorable

# A webhook signed longer ago than this is refused (Stripe's own default).
SIGNATURE_TOLERANCE_SECONDS = 300


class BillingNotConfigured(AppError):
    status_code = 503
    code = "billing_not_configured"

    def __init__(self, message: str = "Billing is not configured on this server."):
        super().__init__(message)


class InvalidWebhook(AppError):
    status_code = 400
    code = "invalid_webhook"


class StripeUnavailable(AppError):
    status_code = 502
    code = "stripe_unavailable"

    def __init__(
        self,
        message: str = "Stripe did not answer. Nothing was charged; please try again in a minute.",
    ):
        super().__init__(message)


def _plain(obj: Any) -> dict[str, Any]:
    return obj.to_dict() if hasattr(obj, "to_dict") else dict(obj)


class StripeGateway:
    """Checkout, portal, customers and subscriptions, and webhook verification."""

    def __init__(self, settings: Settings):
        if not settings.stripe_secret_key:
            raise BillingNotConfigured()
        self.webhook_secret = settings.stripe_webhook_secret
        base = {"api": settings.stripe_api_base.rstrip("/")} if settings.stripe_api_base else None
        self.client = stripe.StripeClient(
            settings.stripe_secret_key,
            base_addresses=base,  # type: ignore[arg-type]
            http_client=stripe.HTTPXClient(timeout=20),
            max_network_retries=2,
        )

    def verify_event(self, payload: bytes, signature: str | None) -> dict[str, Any]:
        """The event, once its signature over the raw body checks out; else InvalidWebhook."""
        if not self.webhook_secret:
            raise BillingNotConfigured("Stripe webhooks are not configured on this server.")
        try:
            stripe.WebhookSignature.verify_header(
                payload, signature, self.webhook_secret, tolerance=SIGNATURE_TOLERANCE_SECONDS
            )
            event = _storable(json.loads(payload))
        except stripe.SignatureVerificationError as exc:
            raise InvalidWebhook(f"Invalid Stripe signature: {exc.user_message or exc}") from exc
        except (UnicodeDecodeError, ValueError) as exc:
            raise InvalidWebhook("The webhook body is not a JSON Stripe event.") from exc
        if not (
            isinstance(event, dict)
            and isinstance(event.get("id"), str)
            and isinstance(event.get("type"), str)
            and isinstance((event.get("data") or {}).get("object"), dict)
        ):
            raise InvalidWebhook("The webhook body is not a Stripe event.")
        return event

    async def create_customer(self, *, user_id: UUID, email: str | None) -> str:
        customer = await self.client.v1.customers.create_async(
            params={"email": email or "", "metadata": {"user_id": str(user_id)}},
            # Same key for the same user: a retry after a lost answer gets the same customer.
            options={"idempotency_key": f"resumepilot-customer-{user_id}"},
        )
        return customer.id

    async def create_checkout_session(
        self,
        *,
        customer_id: str,
        user_id: UUID,
        plan: str,
        price_id: str,
        success_url: str,
        cancel_url: str,
        expires_at: datetime,
    ) -> dict[str, Any]:
        metadata = {"user_id": str(user_id), "plan": plan}
        session = await self.client.v1.checkout.sessions.create_async(
            params={
                "mode": "subscription",
                "customer": customer_id,
                "client_reference_id": str(user_id),
                "line_items": [{"price": price_id, "quantity": 1}],
                "metadata": metadata,
                "subscription_data": {"metadata": metadata},
                "success_url": success_url,
                "cancel_url": cancel_url,
                "expires_at": int(expires_at.timestamp()),
            }
        )
        return _plain(session)

    async def expire_checkout_session(self, session_id: str) -> dict[str, Any]:
        """Expires an open session; returns it as it is now (complete if it was paid first)."""
        try:
            return _plain(await self.client.v1.checkout.sessions.expire_async(session_id))
        except stripe.InvalidRequestError:
            # Already complete or expired: Stripe refuses, and the session says which.
            return await self.retrieve_checkout_session(session_id)

    async def retrieve_checkout_session(self, session_id: str) -> dict[str, Any]:
        return _plain(await self.client.v1.checkout.sessions.retrieve_async(session_id))

    async def create_portal_session(self, *, customer_id: str, return_url: str) -> str:
        session = await self.client.v1.billing_portal.sessions.create_async(
            params={"customer": customer_id, "return_url": return_url}
        )
        return session.url

    async def retrieve_subscription(self, subscription_id: str) -> dict[str, Any] | None:
        """Stripe's current state of a subscription; None if Stripe has no such subscription."""
        try:
            sub = await self.client.v1.subscriptions.retrieve_async(subscription_id)
        except stripe.InvalidRequestError as exc:
            if exc.http_status == 404:
                return None
            raise
        return _plain(sub)

    async def list_subscriptions(self, customer_id: str) -> list[dict[str, Any]]:
        """The customer's subscriptions that have not ended."""
        page = await self.client.v1.subscriptions.list_async(
            params={"customer": customer_id, "limit": 20}
        )
        return [_plain(s) for s in page.data]

    async def cancel_subscription(self, subscription_id: str) -> None:
        """Ends the subscription now (no refund); one Stripe no longer has counts as ended."""
        try:
            await self.client.v1.subscriptions.cancel_async(subscription_id)
        except stripe.InvalidRequestError as exc:
            if exc.http_status != 404:
                raise


def build_stripe(settings: Settings) -> StripeGateway | None:
    """The gateway, or None when billing is not configured (no STRIPE_SECRET_KEY)."""
    return StripeGateway(settings) if settings.stripe_secret_key else None


def _storable(value: Any) -> Any:
    """`value` (parsed JSON) with NUL and lone surrogates removed from every key and string.

    A signed Stripe event is accepted whatever its text holds (a customer may well type a NUL
    into a name); refusing it would only make Stripe deliver it again for days.
    """
    if isinstance(value, str):
        return strip_unstorable(value)
    if isinstance(value, dict):
        return {strip_unstorable(k): _storable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_storable(v) for v in value]
    return value
