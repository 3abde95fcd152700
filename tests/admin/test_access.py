"""Who may see the console: a non-admin gets 404 everywhere, an admin without a permission 403,
and the database refuses a user's claims whatever the web layer does."""

from __future__ import annotations

import uuid

import psycopg
import pytest

PAGES = [
    "/admin",
    "/admin/users",
    "/admin/users/{id}",
    "/admin/billing",
    "/admin/events",
    "/admin/admins",
]
API = [
    "/api/admin/users",
    "/api/admin/users/{id}",
    "/api/admin/subscriptions",
    "/api/admin/payments",
    "/api/admin/events",
    "/api/admin/metrics",
    "/api/admin/admins",
]
WRITES = [
    ("post", "/api/admin/users/{id}/disable", {"reason": "testing access"}),
    ("post", "/api/admin/users/{id}/enable", {"reason": "testing access"}),
    ("post", "/api/admin/users/{id}/reset-usage", {"reason": "testing access"}),
    ("post", "/api/admin/admins", {"email": "x@example.com"}),
    ("delete", "/api/admin/admins/x@example.com", None),
]


def test_a_normal_user_gets_404_on_every_admin_address(client, user):
    target = user["user_id"]
    for path in PAGES:
        r = client.get(path.format(id=target), cookies=user["cookies"])
        assert r.status_code == 404, path
        assert "admin" not in r.text.lower(), path
    for path in API:
        r = client.get(path.format(id=target), headers=user["headers"])
        assert r.status_code == 404, path
        assert r.json()["error"]["code"] == "not_found"
    for method, path, body in WRITES:
        r = client.request(method, path.format(id=target), json=body, headers=user["headers"])
        assert r.status_code == 404, path


def test_an_anonymous_visitor_gets_404_too(client, user):
    for path in PAGES + API:
        assert client.get(path.format(id=user["user_id"])).status_code == 404, path


def test_an_admin_without_the_permission_gets_403(client, make_admin, user):
    reader = make_admin("events.read")
    assert client.get("/api/admin/events", headers=reader["headers"]).status_code == 200
    r = client.get("/api/admin/users", headers=reader["headers"])
    assert r.status_code == 403
    assert "users.read" in r.json()["error"]["message"]
    looker = make_admin("users.read")
    r = client.post(
        f"/api/admin/users/{user['user_id']}/disable",
        json={"reason": "no right to"},
        headers=looker["headers"],
    )
    assert r.status_code == 403
    assert client.get("/api/billing/status", headers=user["headers"]).status_code == 200
    r = client.post(
        "/api/admin/admins",
        json={"email": looker["email"], "role": "super_admin"},
        headers=looker["headers"],
    )
    assert r.status_code == 403
    assert client.get("/admin/billing", cookies=looker["cookies"]).status_code == 403


def test_only_a_super_admin_grants_in_the_web(client, make_admin, super_admin, user):
    r = client.post(
        "/api/admin/admins",
        json={"email": user["email"].upper(), "permissions": ["events.read"]},
        headers=super_admin["headers"],
    )
    assert r.status_code == 201, r.text
    assert client.get("/api/admin/events", headers=user["headers"]).status_code == 200
    assert client.get("/api/admin/users", headers=user["headers"]).status_code == 403
    r = client.post(
        "/api/admin/admins",
        json={"email": user["email"], "permissions": ["root"]},
        headers=super_admin["headers"],
    )
    assert r.status_code == 422 and "Unknown permission root" in r.json()["error"]["message"]
    r = client.delete(f"/api/admin/admins/{user['email']}", headers=super_admin["headers"])
    assert r.status_code == 204
    assert client.get("/api/admin/events", headers=user["headers"]).status_code == 404


def _as_user(conn: psycopg.Connection, user_id: str) -> None:
    """The claims a request of this user runs with (what app_auth.start_request sets)."""
    conn.execute(
        "SELECT set_config('request.jwt.claims', %s, true)",
        [f'{{"sub": "{user_id}", "role": "authenticated"}}'],
    )
    conn.execute("SET LOCAL ROLE authenticated")


ATTACKS = [
    ("SELECT * FROM admin_search_users('', 10)", "P0002"),
    ("SELECT * FROM admin_sign_ins('{other}', 10)", "P0002"),
    ("SELECT admin_set_disabled('{other}', true, 'because I can')", "P0002"),
    ("SELECT admin_reset_usage('{me}', 'free interviews')", "P0002"),
    ("SELECT * FROM admin_subscriptions(NULL, 10)", "P0002"),
    ("SELECT * FROM admin_payments(NULL, 10)", "P0002"),
    ("SELECT * FROM admin_events(NULL, NULL, NULL, 10)", "P0002"),
    ("SELECT admin_grant('{email}', 'super_admin', '{{}}')", "P0002"),
    ("SELECT admin_revoke('{email}')", "P0002"),
    ("SELECT * FROM admin_list_admins()", "P0002"),
    ("SELECT monitor_active_users_this_month()", "P0002"),
    ("SELECT * FROM monitor_consistency()", "P0002"),
    ("SELECT * FROM admin_daily_metrics(30)", "P0002"),
    ("SELECT * FROM admin_totals()", "P0002"),
    ("SELECT admin_audit('forged', '{other}', 'forged event')", "42501"),
    ("SELECT email FROM auth.users", "42501"),
    ("SELECT * FROM app_auth.sessions", "42501"),
    (
        "INSERT INTO admin_users (user_id, email, role) VALUES ('{me}', '{email}', 'super_admin')",
        "42501",
    ),
    ("UPDATE auth.users SET banned_until = NULL", "42501"),
]


@pytest.mark.parametrize(("sql", "sqlstate"), ATTACKS)
def test_a_users_claims_cannot_reach_admin_data(database_url, client, user, sql, sqlstate):
    other = str(uuid.uuid4())
    with psycopg.connect(database_url) as conn:
        _as_user(conn, user["user_id"])
        with pytest.raises(psycopg.Error) as failure:
            conn.execute(sql.format(me=user["user_id"], other=other, email=user["email"]))
        assert failure.value.sqlstate == sqlstate
        conn.rollback()


def test_an_admins_claims_read_only_what_their_permissions_allow(database_url, make_admin):
    reader = make_admin("events.read")
    with psycopg.connect(database_url) as conn:
        _as_user(conn, reader["user_id"])
        assert conn.execute("SELECT count(*) FROM admin_events(NULL, NULL, NULL, 5)").fetchone()
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("SELECT * FROM admin_search_users('', 5)")
        conn.rollback()
        _as_user(conn, reader["user_id"])
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("SELECT admin_grant(%s, 'super_admin', '{}')", [reader["email"]])
        conn.rollback()
