"""The account pages through real HTTP, as a browser sends them (forms, cookies, redirects)."""

from __future__ import annotations

import re

import httpx
import psycopg

from tests.conftest import STRONG_PASSWORD, unique_email


def csrf_from(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def sign_up(client: httpx.Client, email: str, password: str = STRONG_PASSWORD) -> httpx.Response:
    token = csrf_from(client.get("/signup").text)
    return client.post("/signup", data={"email": email, "password": password, "csrf_token": token})


def test_signup_sets_a_safe_session_cookie_and_opens_the_dashboard(client):
    r = sign_up(client, unique_email())
    assert r.status_code == 303 and r.headers["location"] == "/dashboard"
    cookie = r.headers["set-cookie"].lower()
    assert "rp_session=" in cookie and "httponly" in cookie and "samesite=lax" in cookie
    page = client.get("/dashboard")
    assert page.status_code == 200
    assert "Starter" in page.text and "Interviews left this month" in page.text


def test_forms_without_the_csrf_token_are_refused(client):
    r = client.post("/signup", data={"email": unique_email(), "password": STRONG_PASSWORD})
    assert r.status_code == 403 and "Reload the page" in r.text
    sign_up(client, unique_email())
    r = client.post("/profile", data={"full_name": "Mallory", "csrf_token": "forged"})
    assert r.status_code == 403


def test_logout_revokes_the_session_server_side(client):
    sign_up(client, unique_email())
    stolen = client.cookies.get("rp_session")
    page = client.get("/dashboard")
    r = client.post("/logout", data={"csrf_token": csrf_from(page.text)})
    assert r.status_code == 303
    with httpx.Client(base_url=str(client.base_url)) as thief:
        thief.cookies.set("rp_session", stolen)
        r = thief.get("/dashboard")
        assert r.status_code == 303 and r.headers["location"].startswith("/login")


def test_login_failure_shows_a_generic_message_and_keeps_the_email(client):
    email = unique_email()
    sign_up(client, email)
    client.cookies.clear()
    token = csrf_from(client.get("/login").text)
    r = client.post(
        "/login", data={"email": email, "password": "wrong password", "csrf_token": token}
    )
    assert r.status_code == 401
    assert "do not match an account" in r.text and f'value="{email}"' in r.text


def test_profile_edit_saves_and_rejected_fields_say_why(client, database_url):
    email = unique_email()
    sign_up(client, email)
    token = csrf_from(client.get("/profile").text)
    r = client.post(
        "/profile",
        data={
            "full_name": "Grace <b>Hopper</b>",
            "job_title": "Admiral",
            "company": "US Navy",
            "csrf_token": token,
        },
    )
    assert r.status_code == 303
    page = client.get("/profile").text
    assert "Grace &lt;b&gt;Hopper&lt;/b&gt;" in page and "<b>Hopper" not in page

    r = client.post("/profile", data={"full_name": "x" * 201, "csrf_token": token})
    assert r.status_code == 422 and "at most 200 characters" in r.text
    with psycopg.connect(database_url) as conn:
        saved = conn.execute(
            "SELECT full_name FROM profiles p JOIN auth.users u ON u.id ="
            " p.user_id WHERE u.email = %s",
            [email],
        ).fetchone()[0]
    assert saved == "Grace <b>Hopper</b>"  # the rejected edit changed nothing


def test_password_change_revokes_other_sessions(client, live_server):
    email = unique_email()
    sign_up(client, email)
    with httpx.Client(base_url=live_server.url) as other_device:
        token = csrf_from(other_device.get("/login").text)
        other_device.post(
            "/login", data={"email": email, "password": STRONG_PASSWORD, "csrf_token": token}
        )
        assert other_device.get("/dashboard").status_code == 200

        token = csrf_from(client.get("/profile").text)
        r = client.post(
            "/profile/password",
            data={
                "current_password": "not it at all",
                "new_password": "a brand new passphrase",
                "csrf_token": token,
            },
        )
        assert r.status_code == 422 and "not your current password" in r.text
        r = client.post(
            "/profile/password",
            data={
                "current_password": STRONG_PASSWORD,
                "new_password": "a brand new passphrase",
                "csrf_token": token,
            },
        )
        assert r.status_code == 303
        assert client.get("/dashboard").status_code == 200
        assert other_device.get("/dashboard").status_code == 303


def test_pages_need_a_login(client):
    for path in ("/dashboard", "/profile"):
        r = client.get(path)
        assert r.status_code == 303 and r.headers["location"].startswith("/login")


def test_cookies_are_secure_behind_a_trusted_https_proxy(database_url):
    from tests.conftest import LiveServer

    server = LiveServer(
        database_url, uvicorn_options={"proxy_headers": True, "forwarded_allow_ips": "127.0.0.1"}
    ).start()
    try:
        with httpx.Client(base_url=server.url, headers={"X-Forwarded-Proto": "https"}) as c:
            cookie = c.get("/signup").headers["set-cookie"].lower()
            assert "rp_csrf=" in cookie and "secure" in cookie
        with httpx.Client(base_url=server.url) as plain:  # the proxy's header is what counts
            assert "secure" not in plain.get("/signup").headers["set-cookie"].lower()
    finally:
        server.stop()


def test_password_change_is_recorded(client, database_url):
    email = unique_email()
    sign_up(client, email)
    token = csrf_from(client.get("/profile").text)
    client.post(
        "/profile/password",
        data={
            "current_password": STRONG_PASSWORD,
            "new_password": "another long passphrase",
            "csrf_token": token,
        },
    )
    with psycopg.connect(database_url) as conn:
        kinds = [
            r[0]
            for r in conn.execute(
                "SELECT event_type FROM system_events e JOIN auth.users u ON u.id = e.user_id"
                " WHERE u.email = %s ORDER BY e.created_at",
                [email],
            )
        ]
    assert kinds == ["auth.signup", "auth.password_changed"]
