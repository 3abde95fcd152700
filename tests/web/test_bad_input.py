"""Bad input gets a clear 4xx, no stack trace, and leaves no partial rows."""

from __future__ import annotations

import psycopg

from tests.conftest import STRONG_PASSWORD, unique_email


def count_users(database_url: str) -> int:
    with psycopg.connect(database_url) as conn:
        return conn.execute("SELECT count(*) FROM auth.users").fetchone()[0]


def test_malformed_json_is_a_clear_422(client):
    r = client.post(
        "/api/auth/signup",
        content=b'{"email": "a@b.c", "password": ',
        headers={"content-type": "application/json"},
    )
    assert r.status_code == 422
    assert "JSON" in r.json()["error"]["message"] and "Traceback" not in r.text


def test_wrong_types_and_unknown_fields_are_named(client):
    r = client.post("/api/auth/signup", json={"email": 42, "password": ["x"]})
    assert r.status_code == 422
    assert {"email", "password"} <= set(r.json()["error"]["fields"])
    r = client.post(
        "/api/auth/signup",
        json={"email": unique_email(), "password": STRONG_PASSWORD, "is_admin": True},
    )
    assert r.status_code == 422 and "is_admin" in r.json()["error"]["fields"]


def test_bodies_over_the_cap_are_refused_before_parsing(client, database_url):
    before = count_users(database_url)
    big = {"email": unique_email(), "password": "p" * 200_000}
    r = client.post("/api/auth/signup", json=big)
    assert r.status_code == 413 and "larger than" in r.json()["error"]["message"]
    assert count_users(database_url) == before


def test_chunked_bodies_over_the_cap_are_refused(client):
    def chunks():
        for _ in range(200):
            yield b"x" * 1000

    r = client.post(
        "/api/auth/signup", content=chunks(), headers={"content-type": "application/json"}
    )
    assert r.status_code == 413


def test_a_rejected_signup_leaves_no_rows(client, database_url):
    before = count_users(database_url)
    r = client.post("/api/auth/signup", json={"email": unique_email(), "password": "short"})
    assert r.status_code == 422
    assert count_users(database_url) == before


def test_unknown_pages_are_a_friendly_404(client):
    r = client.get("/no-such-page")
    assert r.status_code == 404 and "nothing at this address" in r.text
    r = client.get("/api/no-such-endpoint")
    assert r.status_code == 404 and r.json()["error"]["message"]


def test_profile_patch_over_field_limit(client, api_user):
    r = client.patch(
        "/api/me",
        headers={"Authorization": f"Bearer {api_user['token']}"},
        json={"full_name": "x" * 5000},
    )
    assert r.status_code == 422 and "full_name" in r.json()["error"]["fields"]
