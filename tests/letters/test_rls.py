"""Row-level security on cover letters and analyzer findings, attacked as another user and as
anon: every verb, and the SECURITY DEFINER doors (create_cover_letter, record_resume_analysis)."""

from __future__ import annotations

import uuid

import pytest
from psycopg.types.json import Jsonb

from tests.db.test_rls import acting_as, attacker_id, attempt, make_user


@pytest.fixture
def victim(owner):
    uid = make_user(owner, f"victim-{uuid.uuid4().hex[:8]}@example.com")
    draft = owner.execute(
        "INSERT INTO resume_drafts (user_id, resume_data) VALUES (%s, '{}') RETURNING id", [uid]
    ).fetchone()["id"]
    letter = owner.execute(
        "INSERT INTO cover_letters (user_id, draft_id, posting_text, tone, length, body)"
        " VALUES (%s, %s, 'Analyst at X', 'formal', 'short', 'Dear X') RETURNING id",
        [uid, draft],
    ).fetchone()["id"]
    analysis = owner.execute(
        "INSERT INTO interview_sessions (user_id, session_type, findings) VALUES"
        " (%s, 'resume_analyzer', '{\"score\": 50}') RETURNING id",
        [uid],
    ).fetchone()["id"]
    return {"user_id": uid, "draft": draft, "letter": letter, "analysis": analysis}


ROLES = ["authenticated", "anon"]


@pytest.mark.parametrize("role", ROLES)
def test_another_users_letters_cannot_be_read_changed_or_deleted(owner, victim, role):
    attacker = attacker_id(owner) if role == "authenticated" else None
    with acting_as(owner, role, attacker):
        assert attempt(owner, "SELECT * FROM cover_letters WHERE id = %s", [victim["letter"]]) in (
            0,
            "denied",
        )
        assert attempt(
            owner, "UPDATE cover_letters SET body = 'pwned' WHERE id = %s", [victim["letter"]]
        ) in (0, "denied")
        assert attempt(owner, "DELETE FROM cover_letters WHERE id = %s", [victim["letter"]]) in (
            0,
            "denied",
        )
        assert (
            attempt(
                owner,
                "INSERT INTO cover_letters (user_id, posting_text, tone, length,"
                " body) VALUES (%s, 'x', 'formal', 'short', 'x')",
                [victim["user_id"]],
            )
            == "denied"
        )
    row = owner.execute(
        "SELECT body FROM cover_letters WHERE id = %s", [victim["letter"]]
    ).fetchone()
    assert row == {"body": "Dear X"}


def test_users_cannot_insert_letters_directly_even_their_own(owner):
    me = make_user(owner, f"me-{uuid.uuid4().hex[:8]}@example.com")
    with acting_as(owner, "authenticated", me):
        assert (
            attempt(
                owner,
                "INSERT INTO cover_letters (user_id, posting_text, tone, length,"
                " body) VALUES (%s, 'x', 'formal', 'short', 'x')",
                [me],
            )
            == "denied"
        )
        # Only the text and the look are editable: not the trace, the owner or the posting.
        assert attempt(owner, "UPDATE cover_letters SET user_id = %s", [me]) == "denied"
        assert attempt(owner, "UPDATE cover_letters SET trace = '{}'") == "denied"


def test_create_cover_letter_refuses_another_users_draft(owner, victim):
    attacker = attacker_id(owner)
    owner.execute(
        "INSERT INTO subscriptions (user_id, plan_name, status, stripe_subscription_id)"
        " VALUES (%s, 'coach', 'active', %s)",
        [attacker, f"sub_{uuid.uuid4().hex}"],
    )
    with acting_as(owner, "authenticated", attacker):
        result = attempt(
            owner,
            "SELECT create_cover_letter(%s, 'classic', 't', 'c', 'p',"
            " 'formal', 'short', '{}', 'body', '{}')",
            [victim["draft"]],
        )
        assert result == "denied"
    assert (
        owner.execute(
            "SELECT count(*) AS n FROM cover_letters WHERE user_id = %s", [attacker]
        ).fetchone()["n"]
        == 0
    )


def test_create_cover_letter_takes_a_unit_or_writes_nothing(owner):
    me = make_user(owner, f"me-{uuid.uuid4().hex[:8]}@example.com")
    call = (
        "SELECT create_cover_letter(NULL, 'classic', 't', 'c', 'p', 'formal', 'short',"
        " '{}', 'body', '{}') AS id"
    )
    with acting_as(owner, "authenticated", me):  # starter: no cover letters
        assert owner.execute(call).fetchone()["id"] is None
    owner.execute(
        "INSERT INTO subscriptions (user_id, plan_name, status, stripe_subscription_id)"
        " VALUES (%s, 'career', 'active', %s)",
        [me, f"sub_{uuid.uuid4().hex}"],
    )
    made = []
    for _ in range(4):
        owner.execute("SAVEPOINT s")
        owner.execute(
            "SELECT set_config('request.jwt.claims', %s, true)",
            [f'{{"role": "authenticated", "sub": "{me}"}}'],
        )
        owner.execute("SET LOCAL ROLE authenticated")
        made.append(owner.execute(call).fetchone()["id"])
        owner.execute("RESET ROLE")
        owner.execute("RELEASE SAVEPOINT s")
    assert [m is not None for m in made] == [True, True, True, False]
    assert (
        owner.execute(
            "SELECT count(*) AS n FROM cover_letters WHERE user_id = %s", [me]
        ).fetchone()["n"]
        == 3
    )


@pytest.mark.parametrize("role", ROLES)
def test_another_users_analysis_findings_stay_hidden_and_unchanged(owner, victim, role):
    attacker = attacker_id(owner) if role == "authenticated" else None
    with acting_as(owner, role, attacker):
        assert attempt(
            owner, "SELECT findings FROM interview_sessions WHERE id = %s", [victim["analysis"]]
        ) in (0, "denied")
        assert attempt(
            owner,
            "UPDATE interview_sessions SET status = 'abandoned' WHERE id = %s",
            [victim["analysis"]],
        ) in (0, "denied")
        assert attempt(
            owner, "DELETE FROM interview_sessions WHERE id = %s", [victim["analysis"]]
        ) in (0, "denied")


def test_findings_are_written_only_by_record_resume_analysis(owner):
    me = make_user(owner, f"me-{uuid.uuid4().hex[:8]}@example.com")
    with acting_as(owner, "authenticated", me):
        assert attempt(owner, "UPDATE interview_sessions SET findings = '{}'") == "denied"
        made = owner.execute(
            "SELECT record_resume_analysis('cv.pdf', %s) AS id", [Jsonb({"score": 1})]
        ).fetchone()["id"]
        row = owner.execute(
            "SELECT user_id, session_type, status FROM interview_sessions WHERE id = %s", [made]
        ).fetchone()
        assert row == {"user_id": me, "session_type": "resume_analyzer", "status": "completed"}
    with acting_as(owner, "anon", None):
        assert attempt(owner, "SELECT record_resume_analysis('cv.pdf', '{}')") == "denied"
