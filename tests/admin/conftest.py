"""Admin fixtures: accounts made through the real sign-up API, made admins the way an operator
does (the trusted admin_grant function, as `resumepilot admin grant` runs it)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import psycopg
import pytest
from psycopg.rows import dict_row

from tests.conftest import STRONG_PASSWORD, unique_email

Account = dict[str, Any]


def sign_up(client: httpx.Client) -> Account:
    email = unique_email()
    r = client.post("/api/auth/signup", json={"email": email, "password": STRONG_PASSWORD})
    assert r.status_code == 201, r.text
    body = r.json()
    return {
        "email": email,
        "password": STRONG_PASSWORD,
        "token": body["access_token"],
        "user_id": body["user_id"],
        "headers": {"Authorization": f"Bearer {body['access_token']}"},
        "cookies": {"rp_session": body["access_token"]},
    }


@pytest.fixture
def db(database_url: str) -> Iterator[psycopg.Connection]:
    """An autocommitting owner connection (trusted, like the command line)."""
    with psycopg.connect(database_url, row_factory=dict_row, autocommit=True) as conn:
        yield conn


@pytest.fixture
def user(client: httpx.Client) -> Account:
    return sign_up(client)


@pytest.fixture
def make_admin(client: httpx.Client, db: psycopg.Connection) -> Callable[..., Account]:
    def make(*permissions: str, role: str = "admin") -> Account:
        account = sign_up(client)
        db.execute(
            "SELECT admin_grant(%s, %s, %s::text[])", [account["email"], role, list(permissions)]
        )
        return account

    return make


@pytest.fixture
def super_admin(make_admin: Callable[..., Account]) -> Account:
    return make_admin(role="super_admin")


def csrf_from(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "the page has no form with a CSRF token"
    return match.group(1)
