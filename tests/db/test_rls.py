"""Row-level security attacked the way an attacker would: as `authenticated` with another
user's claims, and as `anon`, against every user-data table and every verb."""

from __future__ import annotations

import json
import uuid
from contextlib import contextmanager

import psycopg
import pytest

USER_TABLES = [
    "profiles",
    "subscriptions",
    "usage_tracking",
    "resume_bullets",
    "interview_sessions",
    "interview_turns",
    "interview_transcripts",
    "resume_generations",
    "resume_downloads",
    "admin_users",
    "system_events",
    "payments",
]


def make_user(conn, email: str) -> uuid.UUID:
    return conn.execute(
        "INSERT INTO auth.users (email) VALUES (%s) RETURNING id", [email]
    ).fetchone()["id"]


@pytest.fixture
def victim(owner) -> dict[str, object]:
    """A user with one row in every user-data table; returns their ids by table."""
    uid = make_user(owner, f"victim-{uuid.uuid4().hex[:8]}@example.com")
    q = lambda sql, *a: owner.execute(sql, a).fetchone()["id"]  # noqa: E731
    session = q(
        "INSERT INTO interview_sessions (user_id, session_type, role_type)"
        " VALUES (%s, 'chat', 'software_engineer') RETURNING id",
        uid,
    )
    generation = q(
        "INSERT INTO resume_generations (user_id, session_id, template_name, role_type,"
        " resume_data) VALUES (%s, %s, 'classic', 'swe', '{}') RETURNING id",
        uid,
        session,
    )
    subscription = q(
        "INSERT INTO subscriptions (user_id, plan_name, status,"
        " stripe_subscription_id) VALUES (%s, 'pro', 'active', %s) RETURNING id",
        uid,
        f"sub_{uuid.uuid4().hex[:10]}",
    )
    ids = {
        "user_id": uid,
        "profiles": owner.execute("SELECT id FROM profiles WHERE user_id = %s", [uid]).fetchone()[
            "id"
        ],
        "subscriptions": subscription,
        "usage_tracking": q(
            "INSERT INTO usage_tracking (user_id, month, interviews_used)"
            " VALUES (%s, '2026-01', 1) RETURNING id",
            uid,
        ),
        "resume_bullets": q(
            "INSERT INTO resume_bullets (user_id, question, transcript, bullets)"
            " VALUES (%s, 'q', 't', '[]') RETURNING id",
            uid,
        ),
        "interview_sessions": session,
        "interview_turns": q(
            "INSERT INTO interview_turns (session_id, speaker, message,"
            " turn_number) VALUES (%s, 'user', 'hello', 1) RETURNING id",
            session,
        ),
        "interview_transcripts": q(
            "INSERT INTO interview_transcripts (user_id, audio_file_url,"
            " transcript_text) VALUES (%s, 'a.webm', 'hi') RETURNING id",
            uid,
        ),
        "resume_generations": generation,
        "resume_downloads": q(
            "INSERT INTO resume_downloads (generation_id, format, download_count)"
            " VALUES (%s, 'pdf', 1) RETURNING id",
            generation,
        ),
        "admin_users": q(
            "INSERT INTO admin_users (user_id, email) VALUES (%s, %s) RETURNING id",
            uid,
            f"admin-{uid}@example.com",
        ),
        "system_events": q(
            "INSERT INTO system_events (event_type, user_id) VALUES ('test', %s) RETURNING id", uid
        ),
        "payments": q(
            "INSERT INTO payments (user_id, stripe_invoice_id, amount_cents, currency,"
            " status) VALUES (%s, %s, 1900, 'usd', 'paid') RETURNING id",
            uid,
            f"in_{uuid.uuid4().hex[:10]}",
        ),
    }
    return ids


@contextmanager
def acting_as(conn, role: str, user_id: uuid.UUID | None):
    """Switches the transaction to `role` with claims naming `user_id`, as a request would."""
    claims = {"role": role} | ({"sub": str(user_id)} if user_id else {})
    conn.execute("SAVEPOINT acting")
    conn.execute("SELECT set_config('request.jwt.claims', %s, true)", [json.dumps(claims)])
    conn.execute(f"SET LOCAL ROLE {role}")
    try:
        yield
    finally:
        conn.execute("ROLLBACK TO SAVEPOINT acting")


def attempt(conn, sql: str, params=()) -> int | str:
    """Runs one statement in a savepoint: the rows it touched, or 'denied'."""
    conn.execute("SAVEPOINT attempt")
    try:
        cur = conn.execute(sql, params)
        count = cur.rowcount
        conn.execute("RELEASE SAVEPOINT attempt")
        return count
    except psycopg.errors.InsufficientPrivilege:
        conn.execute("ROLLBACK TO SAVEPOINT attempt")
        return "denied"
    except psycopg.errors.RaiseException:
        conn.execute("ROLLBACK TO SAVEPOINT attempt")
        return "denied"
    except psycopg.errors.NoDataFound:
        conn.execute("ROLLBACK TO SAVEPOINT attempt")
        return "no such resume"


def attacker_id(owner) -> uuid.UUID:
    return make_user(owner, f"attacker-{uuid.uuid4().hex[:8]}@example.com")


@pytest.mark.parametrize("table", USER_TABLES)
@pytest.mark.parametrize("role", ["authenticated", "anon"])
def test_other_users_rows_are_invisible(owner, victim, table, role):
    attacker = attacker_id(owner) if role == "authenticated" else None
    with acting_as(owner, role, attacker):
        result = attempt(owner, f"SELECT * FROM {table} WHERE id = %s", [victim[table]])
        assert result in (0, "denied"), f"{role} saw another user's {table} row"


@pytest.mark.parametrize("table", USER_TABLES)
@pytest.mark.parametrize("role", ["authenticated", "anon"])
def test_other_users_rows_cannot_be_updated(owner, victim, table, role):
    attacker = attacker_id(owner) if role == "authenticated" else None
    with acting_as(owner, role, attacker):
        result = attempt(
            owner, f"UPDATE {table} SET created_at = now() WHERE id = %s", [victim[table]]
        )
        assert result in (0, "denied")
    still = owner.execute(f"SELECT created_at FROM {table} WHERE id = %s", [victim[table]])
    assert still.fetchone() is not None


@pytest.mark.parametrize("table", USER_TABLES)
@pytest.mark.parametrize("role", ["authenticated", "anon"])
def test_other_users_rows_cannot_be_deleted(owner, victim, table, role):
    attacker = attacker_id(owner) if role == "authenticated" else None
    with acting_as(owner, role, attacker):
        result = attempt(owner, f"DELETE FROM {table} WHERE id = %s", [victim[table]])
        assert result in (0, "denied")
    assert owner.execute(f"SELECT 1 FROM {table} WHERE id = %s", [victim[table]]).fetchone()


# Rows an attacker might try to plant in the victim's name, table by table.
PLANTED = {
    "profiles": ("INSERT INTO profiles (user_id, full_name) VALUES (%(victim)s, 'x')", {}),
    "subscriptions": (
        "INSERT INTO subscriptions (user_id, plan_name) VALUES (%(victim)s, 'coach')",
        {},
    ),
    "usage_tracking": (
        "INSERT INTO usage_tracking (user_id, month) VALUES (%(victim)s, '2030-01')",
        {},
    ),
    "resume_bullets": (
        "INSERT INTO resume_bullets (user_id, question, transcript, bullets)"
        " VALUES (%(victim)s, 'q', 't', '[]')",
        {},
    ),
    "interview_sessions": (
        "INSERT INTO interview_sessions (user_id, session_type) VALUES (%(victim)s, 'chat')",
        {},
    ),
    "interview_turns": (
        "INSERT INTO interview_turns (session_id, speaker, message, turn_number)"
        " VALUES (%(session)s, 'ai', 'planted', 99)",
        {},
    ),
    "interview_transcripts": (
        "INSERT INTO interview_transcripts (user_id, audio_file_url,"
        " transcript_text) VALUES (%(victim)s, 'x', 'y')",
        {},
    ),
    "resume_generations": (
        "INSERT INTO resume_generations (user_id, template_name, role_type,"
        " resume_data) VALUES (%(victim)s, 't', 'r', '{}')",
        {},
    ),
    "resume_downloads": (
        "INSERT INTO resume_downloads (generation_id, format) VALUES (%(generation)s, 'latex')",
        {},
    ),
    "admin_users": ("INSERT INTO admin_users (user_id, email) VALUES (%(victim)s, 'p@x.io')", {}),
    "system_events": (
        "INSERT INTO system_events (event_type, user_id) VALUES ('forged', %(victim)s)",
        {},
    ),
    "payments": (
        "INSERT INTO payments (user_id, stripe_invoice_id, amount_cents, currency, status)"
        " VALUES (%(victim)s, 'in_forged', 1, 'usd', 'paid')",
        {},
    ),
}


@pytest.mark.parametrize("table", USER_TABLES)
@pytest.mark.parametrize("role", ["authenticated", "anon"])
def test_rows_cannot_be_planted_for_another_user(owner, victim, table, role):
    attacker = attacker_id(owner) if role == "authenticated" else None
    sql, _ = PLANTED[table]
    params = {
        "victim": victim["user_id"],
        "session": victim["interview_sessions"],
        "generation": victim["resume_generations"],
    }
    with acting_as(owner, role, attacker):
        assert attempt(owner, sql, params) == "denied"


def test_every_table_with_user_data_has_rls(owner):
    rows = owner.execute(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
        " WHERE n.nspname = 'public' AND c.relkind = 'r' AND NOT c.relrowsecurity"
        " AND c.relname NOT LIKE 'procrastinate%%' AND c.relname NOT LIKE '%%yoyo%%'"
    ).fetchall()
    assert [r["relname"] for r in rows] == []


def test_users_cannot_raise_their_own_usage_plan_or_rights(owner, victim):
    me = victim["user_id"]
    with acting_as(owner, "authenticated", me):
        assert (
            attempt(owner, "UPDATE usage_tracking SET interviews_used = 0 WHERE user_id = %s", [me])
            == "denied"
        )
        assert attempt(owner, "DELETE FROM usage_tracking WHERE user_id = %s", [me]) == "denied"
        assert (
            attempt(owner, "UPDATE subscriptions SET plan_name = 'coach' WHERE user_id = %s", [me])
            == "denied"
        )
        assert (
            attempt(owner, "INSERT INTO admin_users (user_id, email) VALUES (%s, 'me@x.io')", [me])
            == "denied"
        )
        assert (
            attempt(
                owner, "UPDATE profiles SET user_id = gen_random_uuid() WHERE user_id = %s", [me]
            )
            == "denied"
        )


def test_a_user_sees_and_edits_their_own_rows(owner, victim):
    me = victim["user_id"]
    with acting_as(owner, "authenticated", me):
        for table in USER_TABLES:
            assert attempt(owner, f"SELECT 1 FROM {table} WHERE id = %s", [victim[table]]) == 1, (
                table
            )
        assert attempt(owner, "UPDATE profiles SET full_name = 'Me' WHERE user_id = %s", [me]) == 1
        assert (
            attempt(owner, "DELETE FROM resume_bullets WHERE id = %s", [victim["resume_bullets"]])
            == 1
        )


def test_admins_read_everything_through_is_admin(owner, victim):
    other = make_user(owner, f"other-{uuid.uuid4().hex[:8]}@example.com")
    owner.execute(
        "INSERT INTO resume_bullets (user_id, question, transcript, bullets)"
        " VALUES (%s, 'q', 't', '[]')",
        [other],
    )
    with acting_as(owner, "authenticated", victim["user_id"]):  # the victim is an admin
        seen = owner.execute("SELECT count(DISTINCT user_id) AS n FROM resume_bullets").fetchone()
        assert seen["n"] >= 2
        assert attempt(owner, "DELETE FROM resume_bullets WHERE user_id = %s", [other]) == 0


def test_anon_sees_only_the_plan_list(owner, victim):
    with acting_as(owner, "anon", None):
        assert attempt(owner, "SELECT * FROM plans") == 4
        assert attempt(owner, "SELECT * FROM auth.users") == "denied"
        assert attempt(owner, "SELECT * FROM app_auth.sessions") == "denied"


def test_authenticated_cannot_read_password_hashes_or_sessions(owner, victim):
    with acting_as(owner, "authenticated", victim["user_id"]):
        assert attempt(owner, "SELECT encrypted_password FROM auth.users") == "denied"
        assert attempt(owner, "SELECT token_hash FROM app_auth.sessions") == "denied"


def test_security_definer_functions_refuse_to_act_for_another_user(owner, victim):
    attacker = attacker_id(owner)
    with acting_as(owner, "authenticated", attacker):
        for sql in (
            "SELECT try_consume_usage(%s, 'interview')",
            "SELECT * FROM get_user_subscription_status(%s)",
            "SELECT record_system_event('forged', '{}', %s, NULL, NULL)",
        ):
            assert attempt(owner, sql, [victim["user_id"]]) == "denied", sql
        assert (
            attempt(owner, "SELECT record_download(%s, 'pdf')", [victim["resume_generations"]])
            == "no such resume"
        )
