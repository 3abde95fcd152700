"""The accounts JSON API, as a script or a mobile app would use it."""

from __future__ import annotations

import psycopg

from resumepilot.config import Settings
from tests.conftest import STRONG_PASSWORD, unique_email


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_signup_login_me_patch_logout(client):
    email = unique_email()
    r = client.post("/api/auth/signup", json={"email": email, "password": STRONG_PASSWORD})
    assert r.status_code == 201
    r = client.post("/api/auth/login", json={"email": email.upper(), "password": STRONG_PASSWORD})
    assert r.status_code == 200
    token = r.json()["access_token"]

    me = client.get("/api/me", headers=bearer(token)).json()
    assert me["email"] == email and me["plan_name"] == "starter"
    assert me["interviews_remaining"] == 1 and me["cover_letters_remaining"] == 0

    r = client.patch(
        "/api/me",
        headers=bearer(token),
        json={"full_name": "Ada Lovelace", "job_title": "Engineer"},
    )
    assert r.status_code == 200
    assert (r.json()["full_name"], r.json()["job_title"]) == ("Ada Lovelace", "Engineer")

    assert client.post("/api/auth/logout", headers=bearer(token)).status_code == 204
    r = client.get("/api/me", headers=bearer(token))
    assert r.status_code == 401 and "log in" in r.json()["error"]["message"].lower()


def test_tokens_are_stored_hashed(client, api_user, database_url):
    with psycopg.connect(database_url) as conn:
        rows = conn.execute(
            "SELECT token_hash FROM app_auth.sessions s JOIN auth.users u"
            " ON u.id = s.user_id WHERE u.email = %s",
            [api_user["email"]],
        ).fetchall()
    assert rows and all(api_user["token"].encode() not in bytes(r[0]) for r in rows)
    assert all(len(bytes(r[0])) == 32 for r in rows)


def test_passwords_are_argon2_hashes(api_user, database_url):
    with psycopg.connect(database_url) as conn:
        stored = conn.execute(
            "SELECT encrypted_password FROM auth.users WHERE email = %s", [api_user["email"]]
        ).fetchone()[0]
    assert stored.startswith("$argon2id$") and STRONG_PASSWORD not in stored


def test_every_rejected_signup_field_says_why(client):
    r = client.post("/api/auth/signup", json={"email": "not-an-email", "password": "short"})
    assert r.status_code == 422
    fields = r.json()["error"]["fields"]
    assert "email" in fields and "10 characters" in fields["password"]


def test_duplicate_email_is_refused_case_insensitively(client, api_user):
    r = client.post(
        "/api/auth/signup", json={"email": api_user["email"].upper(), "password": STRONG_PASSWORD}
    )
    assert r.status_code == 422 and "already exists" in r.json()["error"]["fields"]["email"]


def test_failed_logins_get_one_generic_message(client, api_user):
    wrong_password = client.post(
        "/api/auth/login", json={"email": api_user["email"], "password": "wrong password!!"}
    )
    no_account = client.post(
        "/api/auth/login", json={"email": unique_email(), "password": "wrong password!!"}
    )
    assert wrong_password.status_code == no_account.status_code == 401
    assert wrong_password.json() == no_account.json()


def test_failed_logins_are_rate_limited_per_account(client, api_user):
    for _ in range(10):
        client.post("/api/auth/login", json={"email": api_user["email"], "password": "nope" * 3})
    r = client.post(
        "/api/auth/login", json={"email": api_user["email"], "password": api_user["password"]}
    )
    assert r.status_code == 429
    assert "try again in 15 minutes" in r.json()["error"]["message"].lower()
    assert r.headers["retry-after"] == "900"


def test_failed_logins_are_rate_limited_per_ip(client, api_user):
    per_address = Settings.model_fields["login_max_failures_per_address"].default
    for _ in range(per_address):
        client.post("/api/auth/login", json={"email": unique_email(), "password": "nope" * 3})
    r = client.post(
        "/api/auth/login", json={"email": api_user["email"], "password": api_user["password"]}
    )
    assert r.status_code == 429


def test_account_events_are_recorded_with_ip_and_user_agent(client, database_url):
    email = unique_email()
    headers = {"User-Agent": "pytest-agent/1.0"}
    token = client.post(
        "/api/auth/signup", headers=headers, json={"email": email, "password": STRONG_PASSWORD}
    ).json()["access_token"]
    client.post("/api/auth/login", headers=headers, json={"email": email, "password": "bad" * 4})
    client.post(
        "/api/auth/login", headers=headers, json={"email": email, "password": STRONG_PASSWORD}
    )
    client.patch("/api/me", headers=headers | bearer(token), json={"company": "Initech"})
    client.post("/api/auth/logout", headers=headers | bearer(token))
    with psycopg.connect(database_url) as conn:
        rows = conn.execute(
            "SELECT e.event_type, host(e.ip_address) AS ip, e.user_agent FROM system_events e"
            " JOIN auth.users u ON u.id = e.user_id WHERE u.email = %s ORDER BY e.created_at",
            [email],
        ).fetchall()
    assert [r[0] for r in rows] == [
        "auth.signup",
        "auth.login_failed",
        "auth.login",
        "profile.updated",
        "auth.logout",
    ]
    assert all(r[1] == "127.0.0.1" and r[2] == "pytest-agent/1.0" for r in rows)


def test_me_needs_a_token(client):
    assert client.get("/api/me").status_code == 401
    assert client.get("/api/me", headers=bearer("forged-token")).status_code == 401


def test_api_ignores_the_browser_cookie(client, api_user):
    # A cookie is sent by browsers automatically; the API only trusts explicit bearer tokens.
    client.cookies.set("rp_session", api_user["token"])
    r = client.get("/api/me")
    assert r.status_code == 401


def test_openapi_documents_the_api(client):
    assert client.get("/docs").status_code == 200
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/auth/signup", "/api/auth/login", "/api/me", "/api/auth/logout"} <= set(paths)


def test_a_burst_of_signups_larger_than_the_pool_all_succeed(database_url):
    from concurrent.futures import ThreadPoolExecutor

    import httpx

    from tests.conftest import LiveServer

    # Each sign-up holds a request connection while its trusted work needs another: with one
    # shared pool, a burst as large as the pool waited on itself until time-out.
    server = LiveServer(database_url, RESUMEPILOT_POOL_MAX_SIZE=3).start()
    try:

        def sign_up(_: int) -> int:
            with httpx.Client(base_url=server.url, timeout=60) as c:
                return c.post(
                    "/api/auth/signup", json={"email": unique_email(), "password": STRONG_PASSWORD}
                ).status_code

        with ThreadPoolExecutor(max_workers=8) as pool:
            statuses = list(pool.map(sign_up, range(8)))
    finally:
        server.stop()
    assert statuses == [201] * 8
