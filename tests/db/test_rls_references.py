"""Row-level security on what a row points at: as `authenticated`, an attacker writes rows of
their own that reference another user's session, draft or account, through every column and
verb the role may write. A foreign key only proves the row exists, not whose it is."""

from __future__ import annotations

import uuid

import pytest

from tests.db.test_rls import acting_as, attempt, make_user

# (table, column, verb) -> (statement, kind of row the column references). %(ref)s is the row
# referenced (the victim's, or for the control the attacker's own); %(me)s and %(my_*)s are the
# attacker's own ids.
ATTACKS: dict[tuple[str, str, str], tuple[str, str]] = {
    ("profiles", "user_id", "INSERT"): (
        "INSERT INTO profiles (user_id, full_name) VALUES (%(ref)s, 'x')",
        "user",
    ),
    ("resume_bullets", "user_id", "INSERT"): (
        "INSERT INTO resume_bullets (user_id, question, transcript, bullets)"
        " VALUES (%(ref)s, 'q', 't', '[]')",
        "user",
    ),
    ("resume_bullets", "session_id", "INSERT"): (
        "INSERT INTO resume_bullets (user_id, session_id, topic, question, transcript, bullets)"
        " VALUES (%(me)s, %(ref)s, 'planted', 'q', 't', '[]')",
        "session",
    ),
    ("resume_bullets", "user_id", "UPDATE"): (
        "UPDATE resume_bullets SET user_id = %(ref)s WHERE id = %(my_bullet)s",
        "user",
    ),
    ("resume_bullets", "session_id", "UPDATE"): (
        "UPDATE resume_bullets SET session_id = %(ref)s WHERE id = %(my_bullet)s",
        "session",
    ),
    ("interview_turns", "session_id", "INSERT"): (
        "INSERT INTO interview_turns (session_id, speaker, message, turn_number)"
        " VALUES (%(ref)s, 'user', 'planted', 77)",
        "session",
    ),
    ("interview_transcripts", "user_id", "INSERT"): (
        "INSERT INTO interview_transcripts (user_id, audio_file_url, transcript_text)"
        " VALUES (%(ref)s, 'a.webm', 'planted')",
        "user",
    ),
    ("interview_transcripts", "session_id", "INSERT"): (
        "INSERT INTO interview_transcripts (user_id, session_id, audio_file_url, transcript_text)"
        " VALUES (%(me)s, %(ref)s, 'a.webm', 'planted')",
        "session",
    ),
    ("voice_answers", "session_id", "INSERT"): (
        "INSERT INTO voice_answers (session_id, turn_number, audio_url, audio_bytes) VALUES"
        " (%(ref)s, 2, 'voice/00000000-0000-0000-0000-000000000000/"
        "00000000-0000-0000-0000-000000000001.wav', 10)",
        "session",
    ),
    ("resume_generations", "user_id", "INSERT"): (
        "INSERT INTO resume_generations (user_id, template_name, role_type, resume_data)"
        " VALUES (%(ref)s, 'classic', 'default', '{}')",
        "user",
    ),
    ("resume_generations", "session_id", "INSERT"): (
        "INSERT INTO resume_generations (user_id, session_id, template_name, role_type,"
        " resume_data) VALUES (%(me)s, %(ref)s, 'classic', 'default', '{}')",
        "session",
    ),
    ("resume_generations", "draft_id", "INSERT"): (
        "INSERT INTO resume_generations (user_id, draft_id, template_name, role_type,"
        " resume_data) VALUES (%(me)s, %(ref)s, 'classic', 'default', '{}')",
        "draft",
    ),
    ("resume_drafts", "user_id", "INSERT"): (
        "INSERT INTO resume_drafts (user_id, title) VALUES (%(ref)s, 'planted')",
        "user",
    ),
    ("resume_drafts", "user_id", "UPDATE"): (
        "UPDATE resume_drafts SET user_id = %(ref)s WHERE id = %(my_draft)s",
        "user",
    ),
}


def writable_foreign_key_columns(conn) -> set[tuple[str, str, str]]:
    """Every (table, column, verb) through which `authenticated` can write a reference."""
    rows = conn.execute(
        """
        SELECT DISTINCT cl.relname AS tbl, a.attname AS col, v.verb
        FROM pg_constraint c
        JOIN pg_class cl ON cl.oid = c.conrelid
        JOIN pg_namespace n ON n.oid = cl.relnamespace
        JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
        CROSS JOIN (VALUES ('INSERT'), ('UPDATE')) AS v(verb)
        WHERE c.contype = 'f' AND n.nspname = 'public' AND cl.relname NOT LIKE 'procrastinate%%'
          AND has_column_privilege('authenticated', c.conrelid, a.attnum, v.verb)
        """
    ).fetchall()
    return {(r["tbl"], r["col"], r["verb"]) for r in rows}


def rows_of(owner, uid: uuid.UUID) -> dict[str, uuid.UUID]:
    """One session, draft and bullet of the user; their ids by kind."""
    one = lambda sql, *a: owner.execute(sql, a).fetchone()["id"]  # noqa: E731
    session = one(
        "INSERT INTO interview_sessions (user_id, session_type) VALUES (%s, 'chat') RETURNING id",
        uid,
    )
    return {
        "user": uid,
        "session": session,
        "draft": one("INSERT INTO resume_drafts (user_id) VALUES (%s) RETURNING id", uid),
        "bullet": one(
            "INSERT INTO resume_bullets (user_id, question, transcript, bullets)"
            " VALUES (%s, 'q', 't', '[]') RETURNING id",
            uid,
        ),
    }


@pytest.fixture
def people(owner) -> dict[str, dict[str, uuid.UUID]]:
    victim = make_user(owner, f"victim-{uuid.uuid4().hex[:8]}@example.com")
    attacker = make_user(owner, f"attacker-{uuid.uuid4().hex[:8]}@example.com")
    # The control inserts the attacker's own profile; the sign-up trigger made one already.
    owner.execute("DELETE FROM profiles WHERE user_id = %s", [attacker])
    return {"victim": rows_of(owner, victim), "attacker": rows_of(owner, attacker)}


def test_every_writable_reference_has_an_attack_case(owner):
    # A table or column added later, that users can write and that points at another row,
    # must be added to ATTACKS (and guarded by its policies).
    assert writable_foreign_key_columns(owner) == set(ATTACKS)


@pytest.mark.parametrize("case", sorted(ATTACKS), ids=lambda c: ".".join(c))
def test_a_row_cannot_reference_another_users_row(owner, people, case):
    sql, kind = ATTACKS[case]
    mine = people["attacker"]
    params = {"me": mine["user"], "my_bullet": mine["bullet"], "my_draft": mine["draft"]}
    with acting_as(owner, "authenticated", mine["user"]):
        assert attempt(owner, sql, params | {"ref": people["victim"][kind]}) == "denied"
        # Control: the same statement pointing at the attacker's own row is allowed, so the
        # refusal above is about ownership and nothing else.
        assert attempt(owner, sql, params | {"ref": mine[kind]}) == 1
