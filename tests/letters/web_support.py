"""Helpers of the cover letter web tests: plans, drafts and stored letters."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import psycopg

POSTING = """Senior Data Analyst at Harbor Health

Requirements
- Strong SQL and Python (pandas)
- Experience with Power BI or Tableau
- Experience with Epic or other EHR data

Nice to have
- Forecasting
"""

DRAFT = {
    "basics": {
        "name": "Tomasz Lindqvist",
        "label": "Data Analyst",
        "email": "tomasz@example.com",
        "phone": "+44 20 7946 0958",
    },
    "work": [
        {
            "name": "Harrowgate Building Society",
            "position": "Senior Data Analyst",
            "startDate": "2021-01",
            "highlights": [
                "Built a mortgage arrears dashboard in Power BI used by 40 branch managers",
                "Automated the monthly regulatory return, saving 3 analyst days each month",
            ],
        },
        {
            "name": "Northern Rail Freight",
            "position": "Data Analyst",
            "startDate": "2018-09",
            "endDate": "2020-12",
            "highlights": ["Modelled wagon utilisation across 12 depots with Python and pandas"],
        },
    ],
}


def bearer(user: dict[str, str]) -> dict[str, str]:
    return {"Authorization": f"Bearer {user['token']}"}


def on_plan(database_url: str, user_id: str, plan: str) -> None:
    """Gives the user an active subscription to `plan`, as a paid checkout would."""
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute(
            "INSERT INTO subscriptions (user_id, plan_name, status,"
            " stripe_subscription_id) VALUES (%s, %s, 'active', %s)",
            [user_id, plan, f"sub_{uuid.uuid4().hex}"],
        )


def make_draft(
    client: httpx.Client,
    user: dict[str, str],
    resume: dict[str, Any] | None = None,
    template: str = "modern",
) -> str:
    r = client.post(
        "/api/resumes/drafts",
        headers=bearer(user),
        json={"title": "Analyst", "template_name": template, "resume": resume or DRAFT},
    )
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


def write(
    client: httpx.Client, user: dict[str, str], draft_id: str, **extra: Any
) -> httpx.Response:
    return client.post(
        "/api/letters",
        headers=bearer(user),
        json={"draft_id": draft_id, "posting": POSTING, **extra},
        timeout=60,
    )


def letters_of(database_url: str, user_id: str) -> int:
    with psycopg.connect(database_url) as conn:
        row = conn.execute(
            "SELECT count(*) FROM cover_letters WHERE user_id = %s", [user_id]
        ).fetchone()
        assert row is not None
        return int(row[0])


def letters_used(database_url: str, user_id: str) -> int:
    with psycopg.connect(database_url) as conn:
        row = conn.execute(
            "SELECT COALESCE(sum(cover_letters_used), 0) FROM usage_tracking WHERE user_id = %s",
            [user_id],
        ).fetchone()
        assert row is not None
        return int(row[0])
