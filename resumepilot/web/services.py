"""What a web process builds once at start-up and every request reads: settings, the database
pools and the clients of outside services. web.deps hands them to endpoints, typed."""

from __future__ import annotations

from dataclasses import dataclass

from resumepilot.clients.ai import AIClient
from resumepilot.clients.stripe import StripeGateway
from resumepilot.config import Settings
from resumepilot.db.notify_waiters import NotifyWaiters
from resumepilot.db.pool import Pools
from resumepilot.mail import MailComposer, Mailer
from resumepilot.observability.metrics import Metrics


@dataclass(frozen=True)
class Services:
    settings: Settings
    database_url: str
    pools: Pools
    ai: AIClient
    # None when billing is not configured (no STRIPE_SECRET_KEY).
    stripe: StripeGateway | None
    metrics: Metrics
    # SMTP when RESUMEPILOT_SMTP_URL is set, else the outbox folder in the data directory.
    mailer: Mailer
    mail: MailComposer
    # Requests long-polling a resume generation wake when it finishes (migration 0019).
    generation_finished: NotifyWaiters
