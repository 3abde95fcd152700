"""Audit events a user cannot forge, and functions that do not tell "not yours" from "no such"."""

from __future__ import annotations

import hashlib
import secrets
import uuid

import psycopg
import pytest

from tests.db.test_rls import acting_as, make_user

SERVER_SEEN_IP = "192.0.2.7"  # documentation range (RFC 5737): only ever stored, never reached
FORGED_IP = "198.51.100.66"


def start_request_as(owner, user_id: uuid.UUID, ip: str) -> None:
    """What the web server does first in a request: a real session token through start_request."""
    token = secrets.token_urlsafe(16)
    token_hash = hashlib.sha256(token.encode()).digest()
    owner.execute(
        "INSERT INTO app_auth.sessions (user_id, token_hash, kind, csrf_token,"
        " expires_at) VALUES (%s, %s, 'api', 'x', now() + interval '1 hour')",
        [user_id, token_hash],
    )
    owner.execute("SAVEPOINT request")
    row = owner.execute(
        "SELECT * FROM app_auth.start_request(%s, %s::inet)", [token_hash, ip]
    ).fetchone()
    assert row["user_id"] == user_id
    assert owner.execute("SELECT current_user AS who").fetchone()["who"] == "authenticated"


def error_of(conn, sql: str, params) -> tuple[str, str] | None:
    """(SQLSTATE, message) of the statement's error, or None when it succeeded."""
    conn.execute("SAVEPOINT probe")
    try:
        conn.execute(sql, params)
    except psycopg.Error as exc:
        conn.execute("ROLLBACK TO SAVEPOINT probe")
        return exc.sqlstate or "", exc.diag.message_primary or ""
    conn.execute("RELEASE SAVEPOINT probe")
    return None


@pytest.fixture
def two_users(owner) -> tuple[uuid.UUID, uuid.UUID]:
    return (
        make_user(owner, f"me-{uuid.uuid4().hex[:8]}@example.com"),
        make_user(owner, f"other-{uuid.uuid4().hex[:8]}@example.com"),
    )


def test_a_user_records_events_only_about_themselves(owner, two_users):
    me, other = two_users
    start_request_as(owner, me, SERVER_SEEN_IP)
    record = "SELECT record_system_event('probe', '{}', %s, NULL, 'agent')"
    assert error_of(owner, record, [other])[0] == "42501"
    assert error_of(owner, record, [None])[0] == "42501"  # no "anonymous" events either
    assert error_of(owner, record, [me]) is None


def test_the_address_of_a_users_event_is_the_servers(owner, two_users):
    me, _ = two_users
    start_request_as(owner, me, SERVER_SEEN_IP)
    forged = error_of(
        owner, "SELECT record_system_event('probe', '{}', %s, %s::inet, NULL)", [me, FORGED_IP]
    )
    assert forged is not None and forged[0] == "42501"
    event_id = owner.execute(
        "SELECT record_system_event('probe', '{}', %s, NULL, NULL) AS id", [me]
    ).fetchone()["id"]
    # Read back as the user (their own events are visible to them).
    stored = owner.execute(
        "SELECT host(ip_address) AS ip FROM system_events WHERE id = %s", [event_id]
    ).fetchone()
    assert stored["ip"] == SERVER_SEEN_IP


def test_trusted_code_passes_the_address_it_saw(owner, two_users):
    me, other = two_users
    owner.execute("SELECT set_config('role', 'service_role', true)")
    event_id = owner.execute(
        "SELECT record_system_event('auth.login_failed', '{}', %s, %s::inet, NULL) AS id",
        [other, FORGED_IP],
    ).fetchone()["id"]
    row = owner.execute(
        "SELECT host(ip_address) AS ip, user_id FROM system_events WHERE id = %s", [event_id]
    ).fetchone()
    assert row == {"ip": FORGED_IP, "user_id": other}


def test_anon_cannot_record_events(owner):
    with acting_as(owner, "anon", None):
        problem = error_of(owner, "SELECT record_system_event('probe', '{}', NULL, NULL, NULL)", [])
    assert problem is not None and problem[0] == "42501"


def test_downloads_and_renders_answer_alike_for_missing_and_foreign_resumes(owner, two_users):
    me, other = two_users
    theirs = owner.execute(
        "INSERT INTO resume_generations (user_id, template_name, role_type,"
        " resume_data) VALUES (%s, 'classic', 'default', '{}') RETURNING id",
        [other],
    ).fetchone()["id"]
    with acting_as(owner, "authenticated", me):
        for sql in ("SELECT record_download(%s, 'pdf')", "SELECT defer_resume_generation(%s)"):
            foreign = error_of(owner, sql, [theirs])
            missing = error_of(owner, sql, [uuid.uuid4()])
            assert foreign is not None and foreign == missing, sql
    counted = owner.execute(
        "SELECT count(*) AS n FROM resume_downloads WHERE generation_id = %s", [theirs]
    ).fetchone()["n"]
    assert counted == 0
