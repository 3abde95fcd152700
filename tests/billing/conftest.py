"""Billing fixtures: the fake Stripe API on loopback, a ResumePilot server whose `stripe` SDK
points at it, and helpers that deliver events signed the way Stripe signs them."""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Iterator
from typing import Any

import httpx
import psycopg
import pytest
from psycopg.rows import dict_row

from tests.billing.fake_stripe import FakeStripe, sign
from tests.conftest import STRONG_PASSWORD, LiveServer, unique_email

WEBHOOK_SECRET = "whsec_test_resumepilot"
PRICES = {"pro": "price_pro", "career": "price_career", "coach": "price_coach"}


@pytest.fixture(scope="session")
def fake_stripe() -> Iterator[FakeStripe]:
    fake = FakeStripe().start()
    yield fake
    fake.stop()


def stripe_settings(fake: FakeStripe) -> dict[str, str]:
    return {
        "STRIPE_SECRET_KEY": fake.api_key,
        "STRIPE_WEBHOOK_SECRET": WEBHOOK_SECRET,
        "STRIPE_API_BASE": fake.url,
        "STRIPE_PRICE_PRO": PRICES["pro"],
        "STRIPE_PRICE_CAREER": PRICES["career"],
        "STRIPE_PRICE_COACH": PRICES["coach"],
    }


@pytest.fixture(scope="session")
def billing_server(database_url: str, fake_stripe: FakeStripe) -> Iterator[LiveServer]:
    server = LiveServer(database_url, **stripe_settings(fake_stripe)).start()
    yield server
    server.stop()


@pytest.fixture
def bclient(billing_server: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=billing_server.url, timeout=30, follow_redirects=False) as c:
        yield c


def sign_up(client: httpx.Client) -> dict[str, Any]:
    email = unique_email()
    r = client.post("/api/auth/signup", json={"email": email, "password": STRONG_PASSWORD})
    assert r.status_code == 201, r.text
    body = r.json()
    return {
        "email": email,
        "token": body["access_token"],
        "user_id": body["user_id"],
        "headers": {"Authorization": f"Bearer {body['access_token']}"},
        "cookies": {"rp_session": body["access_token"]},
    }


@pytest.fixture
def account(bclient: httpx.Client) -> dict[str, Any]:
    return sign_up(bclient)


def post_event(
    client: httpx.Client,
    event: dict,
    *,
    secret: str = WEBHOOK_SECRET,
    timestamp: int | None = None,
    signature: str | None = None,
) -> httpx.Response:
    payload = json.dumps(event).encode()
    header = signature if signature is not None else sign(payload, secret, timestamp)
    return client.post(
        "/webhooks/stripe",
        content=payload,
        headers={"Stripe-Signature": header, "Content-Type": "application/json"},
    )


def deliver(client: httpx.Client, events: list[dict]) -> None:
    for event in events:
        r = post_event(client, event)
        assert r.status_code == 200, r.text


def start_checkout(client: httpx.Client, user: dict, plan: str) -> str:
    """Starts Checkout through the API; returns the session id."""
    r = client.post("/api/billing/checkout", json={"plan": plan}, headers=user["headers"])
    assert r.status_code == 200, r.text
    return r.json()["url"].rsplit("/", 1)[1]


def subscribe(client: httpx.Client, fake: FakeStripe, user: dict, plan: str) -> dict:
    """Checkout paid and its events delivered; returns the Stripe subscription."""
    session_id = start_checkout(client, user, plan)
    deliver(client, fake.complete_checkout(session_id))
    return fake.subscriptions[fake.sessions[session_id]["subscription"]]


def status_of(client: httpx.Client, user: dict) -> dict:
    r = client.get("/api/billing/status", headers=user["headers"])
    assert r.status_code == 200, r.text
    return r.json()


@pytest.fixture
def db(database_url: str) -> Iterator[psycopg.Connection]:
    """An autocommitting owner connection, to look at what the server stored."""
    with psycopg.connect(database_url, row_factory=dict_row, autocommit=True) as conn:
        yield conn


def rows(conn: psycopg.Connection, sql: str, *params: Any) -> list[dict]:
    return conn.execute(sql, list(params)).fetchall()


def token_hash(token: str) -> bytes:
    return hashlib.sha256(token.encode()).digest()


def wait_for(check, timeout: float = 10.0):
    """Polls until check() is truthy (for work the server finishes after answering)."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.05)
