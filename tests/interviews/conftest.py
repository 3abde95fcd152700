"""Helpers for interview and bullets tests: accounts with credits, and the interview API."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import psycopg
import pytest

from tests.ai.fake_openai import FakeOpenAI

STORY = (
    "At Acme I led a team of 4 engineers to rebuild our checkout in Go and Postgres. "
    "It cut page load from 3 seconds to 800 ms and conversion rose 12% for 2 million users."
)
STORIES = [
    STORY,
    (
        "Our nightly billing job kept timing out, so I profiled it, found an N+1 query and "
        "batched it, which took the run from 6 hours to 40 minutes and saved about $20k a year."
    ),
    (
        "I mentored 3 junior developers through weekly code reviews and pairing; two of them were "
        "promoted within a year and our review turnaround dropped from 2 days to 4 hours."
    ),
]


def auth(user: dict[str, str]) -> dict[str, str]:
    return {"Authorization": f"Bearer {user['token']}"}


def give_plan(database_url: str, user_id: str, plan: str = "coach") -> None:
    """A live subscription, written as the billing webhooks would (trusted, not through RLS)."""
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute(
            "INSERT INTO subscriptions (user_id, plan_name, status) VALUES (%s, %s, 'active')",
            [user_id, plan],
        )


@pytest.fixture
def coach_user(api_user: dict[str, str], database_url: str) -> dict[str, str]:
    """An account on the unlimited coach plan, so a test can start many interviews."""
    give_plan(database_url, api_user["user_id"])
    return api_user


def start(
    client: httpx.Client, user: dict[str, str], role: str = "software_engineer", **fields: Any
) -> dict[str, Any]:
    r = client.post("/api/interviews", json={"role": role, **fields}, headers=auth(user))
    assert r.status_code == 201, r.text
    return r.json()


def answer(
    client: httpx.Client,
    user: dict[str, str],
    interview: dict[str, Any],
    text: str,
    turn_number: int | None = None,
) -> httpx.Response:
    number = turn_number if turn_number is not None else interview["next_turn_number"]
    return client.post(
        f"/api/interviews/{interview['id']}/answers",
        json={"text": text, "turn_number": number},
        headers=auth(user),
    )


def command(
    client: httpx.Client, user: dict[str, str], interview: dict[str, Any], name: str
) -> httpx.Response:
    return client.post(
        f"/api/interviews/{interview['id']}/commands",
        json={"command": name, "turn_number": interview["next_turn_number"]},
        headers=auth(user),
    )


@pytest.fixture(scope="module")
def fake_llm() -> Iterator[FakeOpenAI]:
    """A loopback OpenAI-compatible server for the tests that configure that provider."""
    fake = FakeOpenAI().start()
    yield fake
    fake.stop()
