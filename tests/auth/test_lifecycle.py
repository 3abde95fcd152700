"""Password reset, email verification and email change, end to end: a real SMTP server
(aiosmtpd) receives the mail, and the test follows the link in it."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path

import httpx
import psycopg
import pytest

from tests.conftest import STRONG_PASSWORD, LiveServer, unique_email
from tests.mail.smtp_server import RecordingHandler, smtp_server

NEW_PASSWORD = "a brand new passphrase 42"
LINK = re.compile(r"https?://\S+?token=[A-Za-z0-9_\-%]+")
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


class Mailed:
    def __init__(self, server: LiveServer, handler: RecordingHandler):
        self.server = server
        self.handler = handler

    def wait_for(self, to: str, kind: str, count: int = 1) -> list[EmailMessage]:
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            found = self.sent(to, kind)
            if len(found) >= count:
                return found
            time.sleep(0.05)
        raise AssertionError(f"no {kind} mail reached {to}")

    def sent(self, to: str, kind: str) -> list[EmailMessage]:
        return [
            r.message
            for r in self.handler.received
            if to in r.rcpt_tos and r.message["X-ResumePilot-Mail"] == kind
        ]


@pytest.fixture(autouse=True)
def forget_mail_requests(database_url: str) -> None:
    """Every test asks from 127.0.0.1: start each one below the per-network limit."""
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute("DELETE FROM app_auth.mail_requests")


@pytest.fixture(scope="module")
def mailed(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Mailed]:
    with smtp_server() as (port, handler):
        server = LiveServer(
            database_url,
            RESUMEPILOT_SMTP_URL=f"smtp://127.0.0.1:{port}?starttls=off",
            RESUMEPILOT_MAIL_FROM="ResumePilot <no-reply@example.com>",
            RESUMEPILOT_PUBLIC_URL="http://app.example",
            RESUMEPILOT_DATA_DIR=str(tmp_path_factory.mktemp("data")),
        ).start()
        yield Mailed(server, handler)
        server.stop()


@pytest.fixture
def web(mailed: Mailed) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=mailed.server.url, timeout=20) as c:
        yield c


def link_in(message: EmailMessage) -> str:
    body = message.get_body(("plain",))
    assert body is not None
    match = LINK.search(body.get_content())
    assert match, body.get_content()
    return match.group(0)


def token_of(link: str) -> str:
    return httpx.URL(link).params["token"]


def sign_up(web: httpx.Client, email: str | None = None) -> dict[str, str]:
    email = email or unique_email()
    r = web.post("/api/auth/signup", json={"email": email, "password": STRONG_PASSWORD})
    assert r.status_code == 201, r.text
    return {"email": email, "token": r.json()["access_token"]}


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_password_reset_by_mail_works_once_and_signs_out_everywhere(
    mailed: Mailed, web: httpx.Client
) -> None:
    account = sign_up(web)
    r = web.post("/api/auth/password-reset", json={"email": account["email"].upper()})
    assert r.status_code == 202
    link = link_in(mailed.wait_for(account["email"], "password_reset")[0])
    assert link.startswith("http://app.example/reset-password?token=")
    token = token_of(link)
    assert web.get("/reset-password", params={"token": token}).status_code == 200

    weak = web.post("/api/auth/password-reset/confirm", json={"token": token, "password": "x"})
    assert weak.status_code == 422  # the link still works after a refused password
    done = web.post(
        "/api/auth/password-reset/confirm", json={"token": token, "password": NEW_PASSWORD}
    )
    assert done.status_code == 200, done.text
    again = web.post(
        "/api/auth/password-reset/confirm", json={"token": token, "password": NEW_PASSWORD + "!"}
    )
    assert again.status_code == 400 and again.json()["error"]["code"] == "invalid_link"
    # The session from before the reset is gone; the new password works, the old does not.
    assert web.post("/api/auth/logout", headers=bearer(account["token"])).status_code == 401
    assert (
        web.post(
            "/api/auth/login", json={"email": account["email"], "password": STRONG_PASSWORD}
        ).status_code
        == 401
    )
    assert (
        web.post(
            "/api/auth/login", json={"email": account["email"], "password": NEW_PASSWORD}
        ).status_code
        == 200
    )


def test_the_answer_is_the_same_whether_or_not_the_address_exists(
    mailed: Mailed, web: httpx.Client
) -> None:
    account = sign_up(web)
    stranger = unique_email()
    unknown = web.post("/api/auth/password-reset", json={"email": stranger})
    known = web.post("/api/auth/password-reset", json={"email": account["email"]})
    assert (unknown.status_code, unknown.json()) == (known.status_code, known.json())
    mailed.wait_for(account["email"], "password_reset")
    assert not [r for r in mailed.handler.received if stranger in r.rcpt_tos]


def test_the_tokens_are_stored_hashed_and_expire(
    mailed: Mailed, web: httpx.Client, database_url: str
) -> None:
    account = sign_up(web)
    web.post("/api/auth/password-reset", json={"email": account["email"]})
    token = token_of(link_in(mailed.wait_for(account["email"], "password_reset")[0]))
    with psycopg.connect(database_url, autocommit=True) as conn:
        stored = conn.execute(
            "SELECT t.token_hash FROM app_auth.account_tokens t JOIN auth.users u"
            " ON u.id = t.user_id WHERE u.email = %s AND t.purpose = 'password_reset'",
            [account["email"]],
        ).fetchone()
        assert stored is not None and token.encode() not in bytes(stored[0])
        conn.execute(
            "UPDATE app_auth.account_tokens SET expires_at = now() - interval '1 s'"
            " WHERE token_hash = %s",
            [stored[0]],
        )
    page = web.get("/reset-password", params={"token": token})
    assert page.status_code == 400 and "not valid any more" in page.text


def test_an_address_gets_at_most_three_reset_mails_an_hour(
    mailed: Mailed, web: httpx.Client
) -> None:
    account = sign_up(web)
    answers = {
        web.post("/api/auth/password-reset", json={"email": account["email"]}).status_code
        for _ in range(5)
    }
    assert answers == {202}
    mailed.wait_for(account["email"], "password_reset", count=3)
    time.sleep(0.5)
    assert len(mailed.sent(account["email"], "password_reset")) == 3


def test_the_forgotten_password_pages_lead_to_a_new_password(
    mailed: Mailed, web: httpx.Client
) -> None:
    account = sign_up(web)
    form = web.get("/forgot-password")
    csrf = CSRF.search(form.text).group(1)  # type: ignore[union-attr]
    sent = web.post("/forgot-password", data={"email": account["email"], "csrf_token": csrf})
    assert sent.status_code == 200 and "If an account uses that address" in sent.text
    token = token_of(link_in(mailed.wait_for(account["email"], "password_reset")[0]))
    page = web.get("/reset-password", params={"token": token})
    csrf = CSRF.search(page.text).group(1)  # type: ignore[union-attr]
    done = web.post(
        "/reset-password",
        data={"token": token, "password": NEW_PASSWORD, "csrf_token": csrf},
        follow_redirects=False,
    )
    assert done.status_code == 303 and done.headers["location"] == "/login?reset=1"
    assert "Your password was changed" in web.get("/login?reset=1").text


def test_email_verification_by_link(mailed: Mailed, web: httpx.Client, database_url: str) -> None:
    account = sign_up(web)
    r = web.post("/api/auth/verify-email", headers=bearer(account["token"]))
    assert r.status_code == 202, r.text
    # the sign-up's own mail came first; asking again replaces its link
    link = link_in(mailed.wait_for(account["email"], "email_verification", count=2)[-1])
    assert link.startswith("http://app.example/verify-email?token=")
    page = web.get("/verify-email", params={"token": token_of(link)})
    assert page.status_code == 200 and "confirmed" in page.text
    with psycopg.connect(database_url) as conn:
        confirmed = conn.execute(
            "SELECT email_confirmed_at FROM auth.users WHERE email = %s", [account["email"]]
        ).fetchone()[0]
    assert confirmed is not None
    again = web.post("/api/auth/verify-email", headers=bearer(account["token"]))
    assert again.status_code == 409


def test_email_change_needs_the_password_and_both_addresses(
    mailed: Mailed, web: httpx.Client
) -> None:
    account = sign_up(web)
    new_email = unique_email()
    wrong = web.post(
        "/api/me/email",
        headers=bearer(account["token"]),
        json={"new_email": new_email, "password": "not my password"},
    )
    assert wrong.status_code == 422
    r = web.post(
        "/api/me/email",
        headers=bearer(account["token"]),
        json={"new_email": new_email, "password": STRONG_PASSWORD},
    )
    assert r.status_code == 202, r.text
    to_old = mailed.wait_for(account["email"], "email_change_old")[0]
    to_new = mailed.wait_for(new_email, "email_change_new")[0]
    assert new_email in to_old.get_body(("plain",)).get_content()  # type: ignore[union-attr]

    # The old address confirms through the page (a button, so link scanners change nothing).
    old_link = link_in(to_old)
    page = web.get("/email-change", params={"token": token_of(old_link)})
    assert page.status_code == 200 and new_email in page.text
    csrf = CSRF.search(page.text).group(1)  # type: ignore[union-attr]
    half = web.post("/email-change", data={"token": token_of(old_link), "csrf_token": csrf})
    assert half.status_code == 200 and "other address" in half.text
    assert (
        web.post(
            "/api/auth/login", json={"email": new_email, "password": STRONG_PASSWORD}
        ).status_code
        == 401
    )

    done = web.post("/api/auth/email-change/confirm", json={"token": token_of(link_in(to_new))})
    assert done.status_code == 200 and done.json()["changed"] is True
    assert (
        web.post(
            "/api/auth/login", json={"email": new_email, "password": STRONG_PASSWORD}
        ).status_code
        == 200
    )
    assert (
        web.post(
            "/api/auth/login", json={"email": account["email"], "password": STRONG_PASSWORD}
        ).status_code
        == 401
    )


def test_an_email_change_to_a_taken_address_is_refused(web: httpx.Client) -> None:
    first, second = sign_up(web), sign_up(web)
    r = web.post(
        "/api/me/email",
        headers=bearer(first["token"]),
        json={"new_email": second["email"], "password": STRONG_PASSWORD},
    )
    assert r.status_code == 422 and "Another account" in r.text


def test_without_smtp_the_mail_lands_in_the_outbox_folder(
    database_url: str, tmp_path: Path
) -> None:
    server = LiveServer(database_url, RESUMEPILOT_DATA_DIR=str(tmp_path)).start()
    try:
        with httpx.Client(base_url=server.url, timeout=20) as web:
            account = sign_up(web)
            web.post("/api/auth/password-reset", json={"email": account["email"]})
            deadline = time.monotonic() + 15
            while not list((tmp_path / "outbox").glob("*.eml")) and time.monotonic() < deadline:
                time.sleep(0.05)
    finally:
        server.stop()
    [eml] = list((tmp_path / "outbox").glob("*password-reset*.eml"))
    text = eml.read_text()
    assert account["email"] in text and "/reset-password?token=" in text
