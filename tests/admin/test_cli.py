"""`resumepilot admin grant|revoke|list` as an operator runs them, against the test database."""

from __future__ import annotations

import os
import subprocess
import sys


def admin(database_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": database_url}
    return subprocess.run(
        [sys.executable, "-m", "resumepilot", "admin", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_grant_and_revoke_open_and_close_the_console(client, database_url, user, db):
    assert client.get("/api/admin/users", headers=user["headers"]).status_code == 404
    result = admin(database_url, "grant", user["email"].upper(), "--super")
    assert result.returncode == 0, result.stderr
    assert "super admin" in result.stdout
    r = client.get("/api/admin/users", params={"q": user["email"]}, headers=user["headers"])
    assert r.status_code == 200
    assert [u["email"] for u in r.json()] == [user["email"]]
    assert user["email"] in admin(database_url, "list").stdout

    assert admin(database_url, "revoke", user["email"]).returncode == 0
    assert client.get("/api/admin/users", headers=user["headers"]).status_code == 404
    events = db.execute(
        "SELECT event_type, event_data->>'actor' AS actor FROM system_events"
        " WHERE user_id = %s AND event_type LIKE 'admin.%%' ORDER BY created_at",
        [user["user_id"]],
    ).fetchall()
    assert [(e["event_type"], e["actor"]) for e in events] == [
        ("admin.admin_granted", "command line"),
        ("admin.admin_revoked", "command line"),
    ]


def test_grant_without_super_gives_the_read_permissions(client, database_url, user):
    assert admin(database_url, "grant", user["email"]).returncode == 0
    assert client.get("/api/admin/users", headers=user["headers"]).status_code == 200
    r = client.post(
        f"/api/admin/users/{user['user_id']}/reset-usage",
        json={"reason": "read-only admin"},
        headers=user["headers"],
    )
    assert r.status_code == 403
    result = admin(database_url, "grant", user["email"], "-p", "users.read", "-p", "users.write")
    assert result.returncode == 0 and "users.read, users.write" in result.stdout
    assert client.get("/api/admin/events", headers=user["headers"]).status_code == 403


def test_bad_input_is_explained(database_url, user):
    result = admin(database_url, "grant", "nobody-here@example.com")
    assert result.returncode == 2 and "No account uses nobody-here@example.com" in result.stderr
    result = admin(database_url, "grant", user["email"], "-p", "everything")
    assert result.returncode == 2 and "Unknown permission everything" in result.stderr
    result = admin(database_url, "revoke", user["email"])
    assert result.returncode == 2 and "is not an admin" in result.stderr
