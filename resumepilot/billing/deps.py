"""Typed dependencies of billing: the Stripe gateway create_app built, if billing is configured."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from resumepilot.clients.stripe import BillingNotConfigured, StripeGateway
from resumepilot.web.deps import AppServices


async def stripe_or_none(services: AppServices) -> StripeGateway | None:
    return services.stripe


async def stripe_gateway(services: AppServices) -> StripeGateway:
    """The gateway; BillingNotConfigured (503) on a server without Stripe settings."""
    if services.stripe is None:
        raise BillingNotConfigured()
    return services.stripe


MaybeStripe = Annotated[StripeGateway | None, Depends(stripe_or_none)]
Stripe = Annotated[StripeGateway, Depends(stripe_gateway)]
