"""The admin console's types, as its JSON API returns them."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from pydantic import BaseModel, Field


class UserSummary(BaseModel):
    user_id: UUID
    email: str | None
    full_name: str | None
    created_at: datetime | None
    last_sign_in_at: datetime | None
    disabled: bool
    plan_name: str
    interviews_used: int
    cover_letters_used: int
    admin_role: str | None


class SignIn(BaseModel):
    created_at: datetime
    kind: str
    ip_address: str | None
    user_agent: str | None
    live: bool


class Subscription(BaseModel):
    id: UUID
    user_id: UUID | None
    email: str | None
    plan_name: str
    status: str
    current_period_end: datetime | None
    cancel_at_period_end: bool
    created_at: datetime | None
    updated_at: datetime | None


class Payment(BaseModel):
    id: UUID
    user_id: UUID | None
    email: str | None
    amount_cents: int
    currency: str
    status: str
    stripe_invoice_id: str
    created_at: datetime | None


class SystemEvent(BaseModel):
    id: UUID
    event_type: str
    event_data: dict[str, Any] | None
    user_id: UUID | None
    email: str | None
    ip_address: str | None
    created_at: datetime | None


class UserDetail(BaseModel):
    user: UserSummary
    sign_ins: list[SignIn]
    subscriptions: list[Subscription]
    payments: list[Payment]
    events: list[SystemEvent]


class AdminAction(BaseModel):
    """An action on a user: why it is done is required, and goes into the audit event."""

    reason: str = Field(min_length=3, max_length=500)


class GrantRequest(BaseModel):
    email: str = Field(min_length=3, max_length=320)
    role: str = Field(default="admin", pattern="^(admin|super_admin)$")
    permissions: list[str] = Field(default_factory=list, max_length=20)


class AdminRow(BaseModel):
    user_id: UUID | None
    email: str
    role: str
    permissions: dict[str, Any]
    created_at: datetime | None


class DailyMetric(BaseModel):
    day: date
    new_users: int
    total_users: int
    interviews: int
    generations: int
    new_paid: int
    churned: int
    events: int
    error_events: int
    avg_duration_ms: Decimal | None


class PlanCount(BaseModel):
    plan_name: str
    count: int


class Completion(BaseModel):
    session_type: str
    total_sessions: int
    completed_sessions: int
    completion_rate: Decimal


class ConsistencyCheck(BaseModel):
    check_name: str
    problem_count: int
    sample_ids: list[str]


class Totals(BaseModel):
    users: int
    paying_users: int
    canceled_last_30_days: int
    disabled_users: int

    @property
    def conversion_percent(self) -> float:
        return round(100.0 * self.paying_users / self.users, 1) if self.users else 0.0

    @property
    def churn_percent(self) -> float:
        base = self.paying_users + self.canceled_last_30_days
        return round(100.0 * self.canceled_last_30_days / base, 1) if base else 0.0


class Monitoring(BaseModel):
    """The seed's monitoring queries and consistency checks (what `resumepilot doctor` prints)."""

    active_users_this_month: int
    popular_plans: list[PlanCount]
    interview_completion: list[Completion]
    consistency: list[ConsistencyCheck]

    @property
    def problems(self) -> list[ConsistencyCheck]:
        return [c for c in self.consistency if c.problem_count > 0]


class Metrics(BaseModel):
    totals: Totals
    conversion_percent: float
    churn_percent: float
    daily: list[DailyMetric]
    monitoring: Monitoring
