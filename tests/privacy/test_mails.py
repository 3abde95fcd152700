"""The account's mails around privacy and sign-in: the confirmation mail on sign-up, "your
export is ready", the goodbye after deletion, and the message a disabled account sees. A real
SMTP server (aiosmtpd) on loopback receives them."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import psycopg
import pytest

from tests.auth.test_lifecycle import Mailed, link_in, token_of
from tests.conftest import STRONG_PASSWORD, LiveServer, unique_email
from tests.mail.smtp_server import smtp_server
from tests.privacy.test_privacy import work_jobs

PUBLIC_URL = "http://app.example"


@pytest.fixture(scope="module")
def smtp_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    with smtp_server() as (port, handler):
        env = {
            "RESUMEPILOT_SMTP_URL": f"smtp://127.0.0.1:{port}?starttls=off",
            "RESUMEPILOT_MAIL_FROM": "ResumePilot <no-reply@example.com>",
            "RESUMEPILOT_PUBLIC_URL": PUBLIC_URL,
            "RESUMEPILOT_DATA_DIR": str(tmp_path_factory.mktemp("mails-data")),
        }
        env["handler"] = handler  # type: ignore[assignment]
        yield env


@pytest.fixture(scope="module")
def mailed(database_url: str, smtp_env: dict) -> Iterator[Mailed]:
    settings = {k: v for k, v in smtp_env.items() if k != "handler"}
    server = LiveServer(database_url, **settings).start()
    yield Mailed(server, smtp_env["handler"])
    server.stop()


@pytest.fixture
def web(mailed: Mailed) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=mailed.server.url, timeout=20) as c:
        yield c


def sign_up(web: httpx.Client) -> dict[str, str]:
    email = unique_email()
    r = web.post("/api/auth/signup", json={"email": email, "password": STRONG_PASSWORD})
    assert r.status_code == 201, r.text
    body = r.json()
    return {"email": email, "user_id": body["user_id"], "token": body["access_token"]}


def test_signing_up_mails_a_link_that_confirms_the_address(
    mailed: Mailed, web: httpx.Client, database_url: str
) -> None:
    account = sign_up(web)
    [message] = mailed.wait_for(account["email"], "email_verification")
    link = link_in(message)
    assert link.startswith(f"{PUBLIC_URL}/verify-email?token=")
    assert web.get("/verify-email", params={"token": token_of(link)}).status_code == 200
    with psycopg.connect(database_url) as conn:
        confirmed = conn.execute(
            "SELECT email_confirmed_at FROM auth.users WHERE id = %s", [account["user_id"]]
        ).fetchone()[0]
    assert confirmed is not None


def test_signing_up_in_the_browser_mails_the_link_too(mailed: Mailed, web: httpx.Client) -> None:
    page = web.get("/signup")
    csrf = page.text.split('name="csrf_token" value="')[1].split('"')[0]
    email = unique_email()
    r = web.post("/signup", data={"email": email, "password": STRONG_PASSWORD, "csrf_token": csrf})
    assert r.status_code == 303, r.text
    assert mailed.wait_for(email, "email_verification")


def test_a_finished_export_is_announced_by_mail(
    mailed: Mailed,
    web: httpx.Client,
    database_url: str,
    smtp_env: dict,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    account = sign_up(web)
    headers = {"Authorization": f"Bearer {account['token']}"}
    started = web.post("/api/me/export", headers=headers)
    assert started.status_code == 202
    assert not mailed.sent(account["email"], "export_ready")
    for name, value in smtp_env.items():
        if name != "handler":
            monkeypatch.setenv(name, value)  # the worker runs here, with the server's settings
    work_jobs(database_url)
    [message] = mailed.wait_for(account["email"], "export_ready")
    body = message.get_body(("plain",)).get_content()
    assert f"{PUBLIC_URL}/privacy?export={started.json()['id']}" in body


def test_a_deleted_account_gets_a_goodbye_mail(mailed: Mailed, web: httpx.Client) -> None:
    account = sign_up(web)
    headers = {"Authorization": f"Bearer {account['token']}"}
    gone = web.request("DELETE", "/api/me", json={"password": STRONG_PASSWORD}, headers=headers)
    assert gone.status_code == 204
    [message] = mailed.wait_for(account["email"], "account_deleted")
    assert "deleted" in message["Subject"]


def test_a_disabled_account_is_told_so_at_sign_in(web: httpx.Client, database_url: str) -> None:
    account = sign_up(web)
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute(
            "UPDATE auth.users SET banned_until = 'infinity' WHERE id = %s", [account["user_id"]]
        )
    r = web.post("/api/auth/login", json={"email": account["email"], "password": STRONG_PASSWORD})
    assert r.status_code == 403
    assert r.json()["error"]["message"] == "This account is disabled; contact support."
    # A wrong password learns nothing about the account's state.
    wrong = web.post("/api/auth/login", json={"email": account["email"], "password": "nope"})
    assert wrong.status_code == 401 and "disabled" not in wrong.text
    page = web.get("/login")
    csrf = page.text.split('name="csrf_token" value="')[1].split('"')[0]
    form = web.post(
        "/login",
        data={"email": account["email"], "password": STRONG_PASSWORD, "csrf_token": csrf},
    )
    assert form.status_code == 403 and "This account is disabled; contact support." in form.text
