"""Login and sign-up limits under attack: parallel guesses, one address guessing, many sign-ups.

The server here trusts X-Forwarded-For from loopback (as behind a proxy), so one test can speak
from several client addresses. The addresses are documentation ranges (RFC 5737) that only
ever appear in a header; no traffic goes to them.
"""

from __future__ import annotations

import asyncio
import itertools
from collections import Counter
from collections.abc import Iterator

import httpx
import psycopg
import pytest

from tests.conftest import STRONG_PASSWORD, LiveServer, run_async, unique_email

SIGNUPS_PER_ADDRESS = 5
_addresses = itertools.count(1)


def new_address() -> str:
    n = next(_addresses)
    return f"203.0.113.{n % 250 + 1}" if n < 250 else f"198.51.100.{n % 250 + 1}"


def from_address(address: str) -> dict[str, str]:
    return {"X-Forwarded-For": address}


@pytest.fixture(scope="module")
def proxied_server(database_url: str) -> Iterator[LiveServer]:
    server = LiveServer(
        database_url,
        uvicorn_options={"proxy_headers": True, "forwarded_allow_ips": "127.0.0.1"},
        RESUMEPILOT_SIGNUP_MAX_PER_ADDRESS=SIGNUPS_PER_ADDRESS,
    ).start()
    yield server
    server.stop()


@pytest.fixture
def pclient(proxied_server: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=proxied_server.url, timeout=60) as c:
        yield c


def sign_up(client: httpx.Client, address: str) -> httpx.Response:
    return client.post(
        "/api/auth/signup",
        headers=from_address(address),
        json={"email": unique_email(), "password": STRONG_PASSWORD},
    )


@pytest.fixture
def account(pclient: httpx.Client) -> dict[str, str]:
    email = unique_email()
    r = pclient.post(
        "/api/auth/signup",
        headers=from_address(new_address()),
        json={"email": email, "password": STRONG_PASSWORD},
    )
    assert r.status_code == 201, r.text
    return {"email": email, "password": STRONG_PASSWORD}


def login(client: httpx.Client, email: str, password: str, address: str) -> httpx.Response:
    return client.post(
        "/api/auth/login",
        headers=from_address(address),
        json={"email": email, "password": password},
    )


def test_parallel_wrong_passwords_get_at_most_ten_checked(proxied_server, account, database_url):
    address = new_address()

    async def burst() -> list[int]:
        async with httpx.AsyncClient(base_url=proxied_server.url, timeout=120) as c:
            replies = await asyncio.gather(
                *[
                    c.post(
                        "/api/auth/login",
                        headers=from_address(address),
                        json={"email": account["email"], "password": f"wrong guess {i:02d}"},
                    )
                    for i in range(40)
                ]
            )
        return [r.status_code for r in replies]

    statuses = Counter(run_async(burst))
    # 429: refused by the limit. 503: on a machine this busy, no pooled connection came free
    # within the checkout timeout; refused too, before anything was checked.
    assert set(statuses) <= {401, 429, 503}, statuses
    assert statuses[401] <= 10, statuses  # each 401 is a password that was checked
    assert statuses[429] > 0, statuses
    with psycopg.connect(database_url) as conn:
        recorded = conn.execute(
            "SELECT count(*) FROM app_auth.login_attempts WHERE email = %s", [account["email"]]
        ).fetchone()[0]
    assert recorded == statuses[401] <= 10


def test_guessing_from_one_address_does_not_lock_the_owner_out_elsewhere(pclient, account):
    attacker = new_address()
    for _ in range(10):
        assert login(pclient, account["email"], "not the password", attacker).status_code == 401
    refused = login(pclient, account["email"], account["password"], attacker)
    assert refused.status_code == 429 and int(refused.headers["retry-after"]) > 0
    assert "try again in" in refused.json()["error"]["message"].lower()
    owner = login(pclient, account["email"], account["password"], new_address())
    assert owner.status_code == 200, owner.text


def test_one_address_guessing_many_accounts_is_stopped(pclient, account):
    attacker = new_address()
    per_address = 30  # Settings.login_max_failures_per_address
    for i in range(per_address):
        r = login(pclient, f"sprayed-{i}-{unique_email()}", "not the password", attacker)
        assert r.status_code == 401
    assert login(pclient, account["email"], account["password"], attacker).status_code == 429
    assert login(pclient, account["email"], account["password"], new_address()).status_code == 200


def test_signups_are_limited_per_address(pclient, proxied_server):
    address = new_address()
    made = [sign_up(pclient, address).status_code for _ in range(SIGNUPS_PER_ADDRESS)]
    assert made == [201] * SIGNUPS_PER_ADDRESS
    refused = sign_up(pclient, address)
    assert refused.status_code == 429
    assert "too many new accounts" in refused.json()["error"]["message"].lower()
    assert 0 < int(refused.headers["retry-after"]) <= 3600
    # Other addresses are not affected.
    assert sign_up(pclient, new_address()).status_code == 201
    # The sign-up page says the same to a browser.
    page = pclient.get("/signup", headers=from_address(address))
    csrf = page.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    r = pclient.post(
        "/signup",
        headers=from_address(address),
        data={"email": unique_email(), "password": STRONG_PASSWORD, "csrf_token": csrf},
    )
    assert r.status_code == 429 and "Too many new accounts" in r.text
    assert r.headers["retry-after"]


def test_parallel_signups_from_one_address_get_at_most_the_limit(proxied_server):
    address = new_address()

    async def burst() -> list[int]:
        async with httpx.AsyncClient(base_url=proxied_server.url, timeout=120) as c:
            replies = await asyncio.gather(
                *[
                    c.post(
                        "/api/auth/signup",
                        headers=from_address(address),
                        json={"email": unique_email(), "password": STRONG_PASSWORD},
                    )
                    for _ in range(15)
                ]
            )
        return [r.status_code for r in replies]

    statuses = Counter(run_async(burst))
    assert set(statuses) <= {201, 429, 503}, statuses  # 503: see the login burst above
    assert statuses[201] == SIGNUPS_PER_ADDRESS and statuses[429] > 0, statuses
