"""The console's users, billing and events, through the JSON API and the pages, as an admin
uses them; every action leaves an audit event with who, what and why."""

from __future__ import annotations

import uuid

from tests.admin.conftest import csrf_from, sign_up


def test_search_finds_users_by_part_of_their_email(client, super_admin, user):
    part = user["email"].split("@")[0][-8:].upper()
    r = client.get("/api/admin/users", params={"q": part}, headers=super_admin["headers"])
    assert r.status_code == 200
    (found,) = r.json()
    assert found["email"] == user["email"]
    assert (found["plan_name"], found["disabled"], found["interviews_used"]) == (
        "starter",
        False,
        0,
    )
    r = client.get("/api/admin/users", params={"q": "%"}, headers=super_admin["headers"])
    assert all("%" in (u["email"] or "") for u in r.json())  # a wildcard is matched literally
    r = client.get("/admin/users", params={"q": part}, cookies=super_admin["cookies"])
    assert r.status_code == 200 and user["email"] in r.text and "1 user matching" in r.text


def test_disabling_signs_the_user_out_and_enabling_lets_them_back(client, make_admin, user, db):
    admin = make_admin("users.read", "users.write", "events.read")
    path = f"/api/admin/users/{user['user_id']}"
    r = client.post(path + "/disable", json={"reason": "x"}, headers=admin["headers"])
    assert r.status_code == 422  # a reason of a few words is required
    assert client.get("/api/me", headers=user["headers"]).status_code == 200

    r = client.post(
        path + "/disable", json={"reason": "chargeback fraud"}, headers=admin["headers"]
    )
    assert r.status_code == 204
    assert client.get("/api/me", headers=user["headers"]).status_code == 401
    assert client.get(path, headers=admin["headers"]).json()["user"]["disabled"] is True

    r = client.post(
        path + "/enable", json={"reason": "resolved with the bank"}, headers=admin["headers"]
    )
    assert r.status_code == 204
    r = client.post("/api/auth/login", json={"email": user["email"], "password": user["password"]})
    assert r.status_code == 200, r.text
    token = r.json()["access_token"]
    assert client.get("/api/me", headers={"Authorization": f"Bearer {token}"}).status_code == 200

    r = client.get(
        "/api/admin/events",
        params={"type": "admin.user_*", "user_id": user["user_id"]},
        headers=admin["headers"],
    )
    events = sorted(r.json(), key=lambda e: e["created_at"])
    assert [e["event_type"] for e in events] == ["admin.user_disabled", "admin.user_enabled"]
    assert events[0]["event_data"]["reason"] == "chargeback fraud"
    assert events[0]["event_data"]["actor_email"] == admin["email"]
    assert events[0]["event_data"]["actor"] == "web console"


def test_an_admin_cannot_disable_themselves(client, super_admin):
    r = client.post(
        f"/api/admin/users/{super_admin['user_id']}/disable",
        json={"reason": "oops"},
        headers=super_admin["headers"],
    )
    assert r.status_code == 422 and "your own account" in r.json()["error"]["message"]


def test_reset_usage_gives_the_month_back_and_records_the_old_counts(client, super_admin, user, db):
    assert db.execute(
        "SELECT try_consume_usage(%s, 'interview') AS ok", [user["user_id"]]
    ).fetchone()["ok"]
    assert (
        client.get("/api/billing/status", headers=user["headers"]).json()["interviews_remaining"]
        == 0
    )
    r = client.post(
        f"/api/admin/users/{user['user_id']}/reset-usage",
        json={"reason": "the interview crashed"},
        headers=super_admin["headers"],
    )
    assert r.status_code == 204
    assert (
        client.get("/api/billing/status", headers=user["headers"]).json()["interviews_remaining"]
        == 1
    )
    event = db.execute(
        "SELECT event_data FROM system_events WHERE user_id = %s"
        " AND event_type = 'admin.usage_reset'",
        [user["user_id"]],
    ).fetchone()
    assert event["event_data"]["before"] == {"interviews_used": 1, "cover_letters_used": 0}
    assert event["event_data"]["reason"] == "the interview crashed"
    missing = client.post(
        f"/api/admin/users/{uuid.uuid4()}/reset-usage",
        json={"reason": "no one"},
        headers=super_admin["headers"],
    )
    assert missing.status_code == 404


def test_subscriptions_and_payments_are_listed(client, make_admin, user, db):
    db.execute(
        "INSERT INTO subscriptions (user_id, plan_name, status) VALUES (%s, 'pro', 'active')",
        [user["user_id"]],
    )
    invoice = f"in_{uuid.uuid4().hex[:12]}"
    db.execute(
        "INSERT INTO payments (user_id, stripe_invoice_id, amount_cents, currency, status)"
        " VALUES (%s, %s, 1900, 'usd', 'failed')",
        [user["user_id"], invoice],
    )
    admin = make_admin("billing.read", "users.read")
    subs = client.get("/api/admin/subscriptions", headers=admin["headers"]).json()
    assert {"email": user["email"], "plan_name": "pro", "status": "active"}.items() <= next(
        s for s in subs if s["user_id"] == user["user_id"]
    ).items()
    pays = client.get("/api/admin/payments", headers=admin["headers"]).json()
    assert next(p for p in pays if p["stripe_invoice_id"] == invoice)["status"] == "failed"
    page = client.get("/admin/billing", cookies=admin["cookies"])
    assert page.status_code == 200 and invoice in page.text and "19.00 USD" in page.text
    detail = client.get(f"/api/admin/users/{user['user_id']}", headers=admin["headers"]).json()
    assert detail["user"]["plan_name"] == "pro"
    assert [p["stripe_invoice_id"] for p in detail["payments"]] == [invoice]
    assert detail["events"] == []  # no events.read: none shown
    assert detail["sign_ins"][0]["kind"] == "api"


def test_the_user_page_acts_through_forms_with_a_reason(client, super_admin, user):
    page = client.get(f"/admin/users/{user['user_id']}", cookies=super_admin["cookies"])
    assert page.status_code == 200 and "Sign-in history" in page.text
    token = csrf_from(page.text)
    r = client.post(
        f"/admin/users/{user['user_id']}/disable",
        cookies=super_admin["cookies"],
        data={"reason": "spam from this account"},
    )
    assert r.status_code == 403  # no CSRF token
    r = client.post(
        f"/admin/users/{user['user_id']}/disable",
        cookies=super_admin["cookies"],
        data={"reason": "spam from this account", "csrf_token": token},
    )
    assert r.status_code == 303
    page = client.get(r.headers["location"], cookies=super_admin["cookies"])
    assert "The account is disabled" in page.text and "Enable account" in page.text
    events = client.get(
        "/admin/events",
        params={"type": "admin.*", "user_id": user["user_id"]},
        cookies=super_admin["cookies"],
    )
    assert "admin.user_disabled" in events.text and "spam from this account" in events.text
    bad = client.get(
        "/admin/events", params={"user_id": "not-an-id"}, cookies=super_admin["cookies"]
    )
    assert bad.status_code == 422 and "not a valid id" in bad.text


def test_a_super_admin_grants_and_revokes_on_the_admins_page(client, super_admin):
    other = sign_up(client)
    page = client.get("/admin/admins", cookies=super_admin["cookies"])
    r = client.post(
        "/admin/admins",
        cookies=super_admin["cookies"],
        data={
            "email": other["email"],
            "role": "admin",
            "permission": ["events.read", "users.read"],
            "csrf_token": csrf_from(page.text),
        },
    )
    assert r.status_code == 303
    page = client.get(r.headers["location"], cookies=super_admin["cookies"])
    assert "Admin rights granted" in page.text and "events.read, users.read" in page.text
    assert client.get("/admin/users", cookies=other["cookies"]).status_code == 200
    r = client.post(
        "/admin/admins",
        cookies=super_admin["cookies"],
        data={"revoke": other["email"], "csrf_token": csrf_from(page.text)},
    )
    assert r.status_code == 303
    assert client.get("/admin/users", cookies=other["cookies"]).status_code == 404


def test_the_page_shell_links_to_the_console_for_admins_only(client, make_admin, user):
    admin = make_admin("events.read")
    assert 'href="/admin"' in client.get("/dashboard", cookies=admin["cookies"]).text
    assert 'href="/admin"' not in client.get("/dashboard", cookies=user["cookies"]).text
    r = client.get("/admin", cookies=admin["cookies"])
    assert r.status_code == 303 and r.headers["location"] == "/admin/events"
