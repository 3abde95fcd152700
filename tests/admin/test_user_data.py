"""Admins exporting and deleting a user: 404 for non-admins, 403 without the permission, the
zip, the deletion sweep, and the audit event with who, what and why."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable, Iterator

import httpx
import psycopg
import pytest
from psycopg.rows import dict_row

from tests.admin.conftest import Account, csrf_from, sign_up
from tests.conftest import LiveServer
from tests.privacy.test_privacy import traces_of, work_jobs

REASON = {"reason": "GDPR request, ticket 4711"}


@pytest.fixture(scope="module")
def server(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    live = LiveServer(
        database_url, RESUMEPILOT_DATA_DIR=str(tmp_path_factory.mktemp("admin-data"))
    ).start()
    yield live
    live.stop()


@pytest.fixture
def web(server: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=30) as c:
        yield c


@pytest.fixture
def admin_with(web: httpx.Client, database_url: str) -> Callable[..., Account]:
    def make(*permissions: str) -> Account:
        account = sign_up(web)
        with psycopg.connect(database_url, autocommit=True) as conn:
            conn.execute(
                "SELECT admin_grant(%s, 'admin', %s::text[])", [account["email"], list(permissions)]
            )
        return account

    return make


def audit_events(database_url: str, event_type: str, actor_id: str) -> list[dict]:
    with psycopg.connect(database_url, row_factory=dict_row) as conn:
        return conn.execute(
            "SELECT user_id, event_data FROM system_events"
            " WHERE event_type = %s AND event_data ->> 'actor_id' = %s",
            [event_type, actor_id],
        ).fetchall()


def test_a_non_admin_gets_404_and_an_admin_without_the_permission_403(
    web: httpx.Client, admin_with: Callable[..., Account]
) -> None:
    target = sign_up(web)
    nobody = sign_up(web)
    reader = admin_with("users.read", "users.write")
    some_id = "00000000-0000-4000-8000-000000000000"
    calls = [
        ("post", f"/api/admin/users/{target['user_id']}/export", REASON),
        ("get", f"/api/admin/users/{target['user_id']}/export/{some_id}", None),
        ("delete", f"/api/admin/users/{target['user_id']}", REASON),
    ]
    for method, path, body in calls:
        r = web.request(method, path, json=body, headers=nobody["headers"])
        assert r.status_code == 404, path
        r = web.request(method, path, json=body, headers=reader["headers"])
        assert r.status_code == 403, path
        assert "users.export" in r.text or "users.delete" in r.text
    assert web.get("/api/billing/status", headers=target["headers"]).status_code == 200


def test_an_admin_exports_a_user_and_the_export_is_audited(
    web: httpx.Client, admin_with: Callable[..., Account], database_url: str
) -> None:
    target = sign_up(web)
    admin = admin_with("users.read", "users.export")
    no_reason = web.post(
        f"/api/admin/users/{target['user_id']}/export",
        json={"reason": " "},
        headers=admin["headers"],
    )
    assert no_reason.status_code == 422
    started = web.post(
        f"/api/admin/users/{target['user_id']}/export", json=REASON, headers=admin["headers"]
    )
    assert started.status_code == 202, started.text
    status_url = started.json()["status_url"]
    assert web.get(status_url, headers=admin["headers"]).status_code == 202
    # The user cannot reach it through the admin address, nor another admin without the right.
    assert web.get(status_url, headers=target["headers"]).status_code == 404

    work_jobs(database_url)
    ready = web.get(status_url, headers=admin["headers"])
    assert ready.status_code == 200 and ready.headers["content-type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(ready.content))
    [row] = json.loads(archive.read("tables/auth.users.json"))
    assert row["email"] == target["email"]

    [event] = audit_events(database_url, "admin.user_exported", admin["user_id"])
    assert str(event["user_id"]) == target["user_id"]
    assert event["event_data"]["reason"] == REASON["reason"]
    assert event["event_data"]["actor_email"] == admin["email"]
    assert event["event_data"]["export_id"] == started.json()["id"]


def test_an_admin_deletes_a_user_leaving_nothing_but_the_audit(
    web: httpx.Client, admin_with: Callable[..., Account], database_url: str
) -> None:
    target = sign_up(web)
    admin = admin_with("users.read", "users.delete")
    path = f"/api/admin/users/{target['user_id']}"
    assert web.request("DELETE", path, json={}, headers=admin["headers"]).status_code == 422
    assert traces_of(database_url, target["user_id"], target["email"])  # still there
    reason = {"reason": f"asked by {target['email'].upper()} on the phone"}
    done = web.request("DELETE", path, json=reason, headers=admin["headers"])
    assert done.status_code == 204, done.text

    assert traces_of(database_url, target["user_id"], target["email"]) == []
    [event] = audit_events(database_url, "admin.user_deleted", admin["user_id"])
    assert event["user_id"] is None
    assert event["event_data"]["reason"] == "asked by [deleted user] on the phone"
    assert event["event_data"]["actor_email"] == admin["email"]
    assert web.request("DELETE", path, json=REASON, headers=admin["headers"]).status_code == 404
    own = web.request(
        "DELETE", f"/api/admin/users/{admin['user_id']}", json=REASON, headers=admin["headers"]
    )
    assert own.status_code == 422 and "privacy page" in own.json()["error"]["message"]


def test_the_user_page_exports_and_deletes_with_a_reason_and_a_confirmation(
    web: httpx.Client, admin_with: Callable[..., Account], database_url: str
) -> None:
    target = sign_up(web)
    looker = admin_with("users.read")
    page = web.get(f"/admin/users/{target['user_id']}", cookies=looker["cookies"])
    assert page.status_code == 200 and "Delete account" not in page.text
    admin = admin_with("users.read", "users.export", "users.delete")
    web.cookies.set("rp_session", admin["token"])
    page = web.get(f"/admin/users/{target['user_id']}")
    assert "Export data" in page.text and "Delete account" in page.text
    csrf = csrf_from(page.text)
    exported = web.post(
        f"/admin/users/{target['user_id']}/export", data={"csrf_token": csrf, **REASON}
    )
    assert exported.status_code == 303
    assert "Preparing the export" in web.get(exported.headers["location"]).text
    work_jobs(database_url)
    assert "download the zip" in web.get(exported.headers["location"]).text

    wrong = web.post(
        f"/admin/users/{target['user_id']}/delete",
        data={"csrf_token": csrf, "confirm_email": "someone@else.example", **REASON},
    )
    assert wrong.status_code == 422
    deleted = web.post(
        f"/admin/users/{target['user_id']}/delete",
        data={"csrf_token": csrf, "confirm_email": target["email"], **REASON},
    )
    assert deleted.status_code == 303 and deleted.headers["location"] == "/admin/users?done=deleted"
    assert "are deleted" in web.get(deleted.headers["location"]).text
    assert traces_of(database_url, target["user_id"], target["email"]) == []
