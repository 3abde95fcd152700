"""Row-level security of voice answers, as an attacker would try it: another user's
recordings cannot be read, confirmed, re-queued or deleted; the owner cannot forge a
transcript or a status."""

from __future__ import annotations

import uuid

import pytest

from tests.db.test_rls import acting_as, attempt, make_user

AUDIO = "voice/00000000-0000-0000-0000-000000000000/00000000-0000-0000-0000-000000000001.wav"


@pytest.fixture
def answer(owner) -> dict[str, uuid.UUID]:
    uid = make_user(owner, f"victim-{uuid.uuid4().hex[:8]}@example.com")
    session = owner.execute(
        "INSERT INTO interview_sessions (user_id, session_type) VALUES (%s, 'voice') RETURNING id",
        [uid],
    ).fetchone()["id"]
    aid = owner.execute(
        "INSERT INTO voice_answers (user_id, session_id, turn_number, audio_url,"
        " audio_bytes, status) VALUES (%s, %s, 2, %s, 10, 'ready') RETURNING id",
        [uid, session, AUDIO],
    ).fetchone()["id"]
    return {"user": uid, "session": session, "answer": aid}


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT * FROM voice_answers WHERE id = %(a)s",
        "UPDATE voice_answers SET status = 'confirmed', confirmed_text = 'x' WHERE id = %(a)s",
        "DELETE FROM voice_answers WHERE id = %(a)s",
        "SELECT queue_voice_transcription(%(a)s)",
    ],
)
@pytest.mark.parametrize("role", ["authenticated", "anon"])
def test_another_users_recording_is_out_of_reach(owner, answer, sql, role) -> None:
    attacker = make_user(owner, f"attacker-{uuid.uuid4().hex[:8]}@example.com")
    with acting_as(owner, role, attacker if role == "authenticated" else None):
        # "no such resume" is attempt()'s name for the not-found refusal (NoDataFound).
        assert attempt(owner, sql, {"a": answer["answer"]}) in (0, "denied", "no such resume")
    row = owner.execute(
        "SELECT status FROM voice_answers WHERE id = %s", [answer["answer"]]
    ).fetchone()
    assert row == {"status": "ready"}


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE voice_answers SET transcript_id = NULL, words = '[]' WHERE id = %(a)s",
        "UPDATE voice_answers SET status = 'ready' WHERE id = %(a)s",
        "INSERT INTO voice_answers (session_id, turn_number, audio_url, audio_bytes, status)"
        " VALUES (%(s)s, 2, '" + AUDIO + "', 10, 'ready')",
    ],
)
def test_the_owner_cannot_forge_a_transcript_or_a_path(owner, answer, sql) -> None:
    with acting_as(owner, "authenticated", answer["user"]):
        assert attempt(owner, sql, {"a": answer["answer"], "s": answer["session"]}) == "denied"


def test_the_owner_confirms_their_own_ready_answer(owner, answer) -> None:
    with acting_as(owner, "authenticated", answer["user"]):
        assert (
            attempt(
                owner,
                "UPDATE voice_answers SET status = 'confirmed', confirmed_text = 'x'"
                " WHERE id = %(a)s",
                {"a": answer["answer"]},
            )
            == 1
        )


def test_a_recording_path_cannot_leave_the_files_folder(owner, answer) -> None:
    import psycopg

    with (
        acting_as(owner, "authenticated", answer["user"]),
        pytest.raises(psycopg.errors.CheckViolation),
    ):
        owner.execute(
            "INSERT INTO voice_answers (session_id, turn_number, audio_url, audio_bytes)"
            " VALUES (%s, 2, '../../etc/passwd', 10)",
            [answer["session"]],
        )
