"""Another account cannot see, extend or change your interviews and bullets, through HTTP or SQL."""

from __future__ import annotations

import psycopg
import pytest

from tests.interviews.conftest import STORY, answer, auth, give_plan, start
from tests.interviews.test_pages import browser, csrf


@pytest.fixture
def victim(coach_user, client):
    iv = start(client, coach_user)
    result = answer(client, coach_user, iv, STORY).json()
    return {
        "user": coach_user,
        "iv": iv,
        "answer": result["answer"],
        "next": result["interview"]["next_turn_number"],
    }


@pytest.fixture
def attacker(client, database_url):
    from tests.conftest import STRONG_PASSWORD, unique_email

    r = client.post("/api/auth/signup", json={"email": unique_email(), "password": STRONG_PASSWORD})
    user = {"token": r.json()["access_token"], "user_id": r.json()["user_id"]}
    give_plan(database_url, user["user_id"])
    return user


def turn_count(database_url, session_id) -> int:
    with psycopg.connect(database_url) as conn:
        return conn.execute(
            "SELECT count(*) FROM interview_turns WHERE session_id = %s", [session_id]
        ).fetchone()[0]


def test_api_hides_and_refuses_another_users_interview(client, victim, attacker, database_url):
    sid = victim["iv"]["id"]
    h = auth(attacker)
    assert client.get(f"/api/interviews/{sid}", headers=h).status_code == 404
    assert client.get("/api/interviews", headers=h).json() == []
    r = client.post(
        f"/api/interviews/{sid}/answers",
        headers=h,
        json={"text": "I hacked it", "turn_number": victim["next"]},
    )
    assert r.status_code == 404
    r = client.post(f"/api/interviews/{sid}/commands", headers=h, json={"command": "finish"})
    assert r.status_code == 404
    assert turn_count(database_url, sid) == 3


def test_pages_refuse_another_users_interview(client, victim, attacker, database_url):
    sid = victim["iv"]["id"]
    c = browser(client, attacker)
    assert c.get(f"/interviews/{sid}").status_code == 404
    token = csrf(c.get("/interviews").text)
    r = c.post(
        f"/interviews/{sid}/answer",
        data={"text": "mine now", "csrf_token": token, "turn_number": str(victim["next"])},
    )
    assert r.status_code == 404
    assert turn_count(database_url, sid) == 3


def test_api_hides_and_refuses_another_users_bullets(client, victim, attacker, database_url):
    aid = victim["answer"]["id"]
    item = victim["answer"]["bullets"][0]["id"]
    h = auth(attacker)
    assert client.get("/api/bullets", headers=h).json() == []
    assert client.get(f"/api/bullets/{aid}", headers=h).status_code == 404
    calls = [
        client.patch(f"/api/bullets/{aid}/items/{item}", headers=h, json={"text": "pwned"}),
        client.delete(f"/api/bullets/{aid}/items/{item}", headers=h),
        client.post(f"/api/bullets/{aid}/items", headers=h, json={"text": "pwned bullet"}),
        client.post(f"/api/bullets/{aid}/regenerate", headers=h),
        client.put(f"/api/bullets/{aid}/order", headers=h, json={"order": [item]}),
        client.delete(f"/api/bullets/{aid}", headers=h),
    ]
    assert [r.status_code for r in calls] == [404] * len(calls)
    c = browser(client, attacker)
    token = csrf(c.get("/bullets").text)
    r = c.post(f"/bullets/{aid}/items/{item}", data={"action": "delete", "csrf_token": token})
    assert r.status_code == 404
    mine = client.get(f"/api/bullets/{aid}", headers=auth(victim["user"])).json()
    assert mine["bullets"] == victim["answer"]["bullets"]


def test_sql_as_another_user_sees_and_changes_nothing(victim, attacker, database_url):
    sid, aid = victim["iv"]["id"], victim["answer"]["id"]
    claims = f'{{"sub": "{attacker["user_id"]}", "role": "authenticated"}}'
    with psycopg.connect(database_url) as conn:
        conn.execute("SELECT set_config('request.jwt.claims', %s, true)", [claims])
        conn.execute("SET LOCAL ROLE authenticated")
        assert (
            conn.execute(
                "SELECT count(*) FROM interview_turns WHERE session_id = %s", [sid]
            ).fetchone()[0]
            == 0
        )
        assert (
            conn.execute("SELECT count(*) FROM resume_bullets WHERE id = %s", [aid]).fetchone()[0]
            == 0
        )
        assert (
            conn.execute("UPDATE resume_bullets SET bullets = '[]' WHERE id = %s", [aid]).rowcount
            == 0
        )
        assert (
            conn.execute(
                "UPDATE interview_sessions SET status = 'completed' WHERE id = %s", [sid]
            ).rowcount
            == 0
        )
        assert (
            conn.execute("DELETE FROM interview_turns WHERE session_id = %s", [sid]).rowcount == 0
        )
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(
                "INSERT INTO interview_turns (session_id, speaker, message, turn_number)"
                " VALUES (%s, 'user', 'x', 99)",
                [sid],
            )
        conn.rollback()
    with psycopg.connect(database_url) as conn:
        conn.execute("SELECT set_config('request.jwt.claims', %s, true)", [claims])
        conn.execute("SET LOCAL ROLE authenticated")
        # Own bullet row pointing at somebody else's interview: refused by the policy.
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(
                "INSERT INTO resume_bullets (user_id, question, transcript, bullets,"
                " session_id, topic) VALUES (%s, 'q', 't', '[]', %s, 'x')",
                [attacker["user_id"], sid],
            )
        conn.rollback()
