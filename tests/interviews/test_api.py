"""Interviews through the JSON API: credits, turns, commands, resuming, repeats."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import httpx
import psycopg

from tests.interviews.conftest import STORIES, STORY, answer, auth, command, start


def interviews_used(database_url: str, user_id: str) -> int:
    with psycopg.connect(database_url) as conn:
        row = conn.execute(
            "SELECT COALESCE(sum(interviews_used), 0) FROM usage_tracking WHERE user_id = %s",
            [user_id],
        ).fetchone()
        return int(row[0])


def test_start_takes_one_credit_and_opens_with_a_role_question(client, api_user, database_url):
    iv = start(
        client,
        api_user,
        "nurse",
        company="St Mary's",
        job_title="Charge Nurse",
        start="2019-03",
        end="present",
    )
    assert interviews_used(database_url, api_user["user_id"]) == 1
    assert iv["status"] == "active" and iv["role_name"] == "Registered Nurse"
    assert iv["experience"]["label"] == "Charge Nurse at St Mary's (Mar 2019 – Present)"
    [opening] = iv["turns"]
    assert opening["speaker"] == "ai" and opening["turn_number"] == 1
    assert "patient" in opening["message"].lower()
    assert iv["next_turn_number"] == 2


def test_refused_when_no_interviews_are_left(client, api_user, database_url):
    start(client, api_user)  # the starter plan's one interview this month
    r = client.post("/api/interviews", json={"role": "teacher"}, headers=auth(api_user))
    assert r.status_code == 402
    error = r.json()["error"]
    assert error["code"] == "usage_limit_reached" and error["limit"] == 1
    assert error["upgrade_url"] == "/pricing" and "resets on" in error["message"]
    assert error["resets_on"].endswith("-01") and error["plan"] == "starter"
    assert interviews_used(database_url, api_user["user_id"]) == 1
    assert len(client.get("/api/interviews", headers=auth(api_user)).json()) == 1


def test_other_role_needs_a_title_and_asks_about_it(client, coach_user):
    r = client.post("/api/interviews", json={"role": "other"}, headers=auth(coach_user))
    assert r.status_code == 422 and "title" in r.json()["error"]["fields"]
    r = client.post("/api/interviews", json={"role": "astronaut"}, headers=auth(coach_user))
    assert r.status_code == 422 and "role" in r.json()["error"]["fields"]
    iv = start(client, coach_user, "other", title="Barista")
    assert iv["role_name"] == "Barista" and "Barista" in iv["turns"][0]["message"]


def test_bad_experience_dates_are_named(client, coach_user):
    r = client.post(
        "/api/interviews",
        json={"role": "teacher", "start": "2022-05", "end": "2020"},
        headers=auth(coach_user),
    )
    assert r.status_code == 422 and "end" in r.json()["error"]["fields"]
    r = client.post(
        "/api/interviews",
        json={"role": "teacher", "start": "last spring"},
        headers=auth(coach_user),
    )
    assert r.status_code == 422 and "start" in r.json()["error"]["fields"]


def test_an_answer_stores_both_turns_and_bullets_with_sources(client, coach_user, database_url):
    iv = start(client, coach_user, company="Acme", job_title="Staff Engineer")
    r = answer(client, coach_user, iv, STORY)
    assert r.status_code == 201, r.text
    result = r.json()
    assert [t["turn_number"] for t in result["new_turns"]] == [2, 3]
    assert result["question"]["turn_number"] == 3 and result["question"]["speaker"] == "ai"
    assert result["question"]["message"] != iv["turns"][0]["message"]
    bullets = result["answer"]["bullets"]
    assert bullets and all(b["source"]["end"] > b["source"]["start"] for b in bullets)
    assert any("12%" in b["text"] for b in bullets)
    with psycopg.connect(database_url) as conn:
        turns = conn.execute(
            "SELECT turn_number, speaker, processing_time_ms FROM"
            " interview_turns WHERE session_id = %s ORDER BY turn_number",
            [iv["id"]],
        ).fetchall()
        row = conn.execute(
            "SELECT question, transcript, role, experience FROM resume_bullets"
            " WHERE session_id = %s",
            [iv["id"]],
        ).fetchone()
        session = conn.execute(
            "SELECT turns_count, status, duration_seconds FROM interview_sessions WHERE id = %s",
            [iv["id"]],
        ).fetchone()
    assert [(n, s) for n, s, _ in turns] == [(1, "ai"), (2, "user"), (3, "ai")]
    assert all(ms is not None and ms >= 0 for _, _, ms in turns)
    assert row == (iv["turns"][0]["message"], STORY, "software_engineer", "Staff Engineer at Acme")
    assert session[0] == 3 and session[1] == "active" and session[2] is not None


def test_a_follow_up_answer_extends_the_same_story(client, coach_user):
    iv = start(client, coach_user)
    first = answer(client, coach_user, iv, "I built a dashboard for the sales team.").json()
    assert first["question"]["question_id"].startswith("opening/f-")
    iv["next_turn_number"] = first["interview"]["next_turn_number"]
    second = answer(
        client,
        coach_user,
        iv,
        "It cut weekly reporting time by 6 hours for 40 "
        "reps, because nobody had to copy numbers from Salesforce by hand.",
    ).json()
    assert second["answer"]["id"] == first["answer"]["id"]
    assert second["answer"]["transcript"].startswith("I built a dashboard")
    assert any("6 hours" in b["text"] for b in second["answer"]["bullets"])


def test_resume_after_reload_shows_every_turn_and_the_open_question(client, coach_user):
    iv = start(client, coach_user)
    result = answer(client, coach_user, iv, STORY).json()
    again = client.get(f"/api/interviews/{iv['id']}", headers=auth(coach_user)).json()
    assert [t["turn_number"] for t in again["turns"]] == [1, 2, 3]
    assert again["turns"][-1]["message"] == result["question"]["message"]
    assert again["next_turn_number"] == 4 and again["answers"][0]["transcript"] == STORY


def test_the_same_answer_sent_twice_is_stored_once(client, coach_user, database_url):
    iv = start(client, coach_user)
    first = answer(client, coach_user, iv, STORY)
    repeat = answer(client, coach_user, iv, STORY)
    assert first.status_code == 201 and repeat.status_code == 200
    assert repeat.json()["duplicate"] is True
    assert repeat.json()["question"] == first.json()["question"]
    assert repeat.json()["answer"]["id"] == first.json()["answer"]["id"]
    with psycopg.connect(database_url) as conn:
        count = conn.execute(
            "SELECT count(*) FROM interview_turns WHERE session_id = %s", [iv["id"]]
        ).fetchone()[0]
    assert count == 3
    other = answer(client, coach_user, iv, "A different answer to the same question.")
    assert other.status_code == 409 and "already answered" in other.json()["error"]["message"]
    ahead = answer(client, coach_user, iv, STORY, turn_number=9)
    assert ahead.status_code == 409


def test_commands_skip_rephrase_back_and_finish(client, coach_user):
    iv = start(client, coach_user)
    opening = iv["turns"][0]["message"]
    r = command(client, coach_user, iv, "rephrase").json()
    assert r["answer"] is None and r["new_turns"][0]["command"] == "rephrase"
    assert r["question"]["message"] != opening
    iv["next_turn_number"] = r["interview"]["next_turn_number"]
    r = command(client, coach_user, iv, "skip").json()
    skipped_to = r["question"]["message"]
    assert r["interview"]["progress"]["topic"] == 2
    iv["next_turn_number"] = r["interview"]["next_turn_number"]
    r = command(client, coach_user, iv, "back").json()
    assert r["question"]["message"] not in (skipped_to, opening)
    assert r["question"]["question_id"] == "opening/main"
    iv["next_turn_number"] = r["interview"]["next_turn_number"]
    r = answer(client, coach_user, iv, "finish").json()  # typed, not clicked
    assert r["question"] is None and r["interview"]["status"] == "completed"
    assert r["new_turns"][-1]["speaker"] == "ai" and r["interview"]["next_turn_number"] is None
    late = answer(client, coach_user, iv, STORY, turn_number=r["interview"]["turns_count"] + 1)
    assert late.status_code == 409 and "finished" in late.json()["error"]["message"]


def test_a_whole_interview_never_repeats_a_question(client, coach_user):
    iv = start(client, coach_user, "product_manager")
    asked = [iv["turns"][0]["message"]]
    for i in range(40):
        r = answer(client, coach_user, iv, STORIES[i % 3] + f" (story {i})").json()
        if r["question"] is None:
            break
        asked.append(r["question"]["message"])
        iv["next_turn_number"] = r["interview"]["next_turn_number"]
    else:
        raise AssertionError("the interview never closed")
    assert len(asked) == len(set(asked)) >= 5
    final = client.get(f"/api/interviews/{iv['id']}", headers=auth(coach_user)).json()
    assert final["status"] == "completed" and final["progress"]["topic"] == 5


def test_parallel_repeats_of_one_answer_store_it_once(
    client, coach_user, live_server, database_url
):
    iv = start(client, coach_user)

    def send(_: int) -> httpx.Response:
        return httpx.post(
            f"{live_server.url}/api/interviews/{iv['id']}/answers",
            timeout=20,
            json={"text": STORY, "turn_number": 2},
            headers=auth(coach_user),
        )

    with ThreadPoolExecutor(4) as pool:
        replies = list(pool.map(send, range(4)))
    assert sorted(r.status_code for r in replies) == [200, 200, 200, 201]
    assert len({r.json()["question"]["message"] for r in replies}) == 1
    with psycopg.connect(database_url) as conn:
        assert (
            conn.execute(
                "SELECT count(*) FROM interview_turns WHERE session_id = %s", [iv["id"]]
            ).fetchone()[0]
            == 3
        )
        assert (
            conn.execute(
                "SELECT count(*) FROM resume_bullets WHERE session_id = %s", [iv["id"]]
            ).fetchone()[0]
            == 1
        )


def test_idle_interviews_become_abandoned_and_still_resume(client, coach_user, database_url):
    iv = start(client, coach_user)
    with psycopg.connect(database_url) as conn:
        conn.execute(
            "UPDATE interview_turns SET created_at = now() - interval '31 days'"
            " WHERE session_id = %s",
            [iv["id"]],
        )
        conn.execute(
            "UPDATE interview_sessions SET created_at = now() - interval '31 days' WHERE id = %s",
            [iv["id"]],
        )
    [listed] = client.get("/api/interviews", headers=auth(coach_user)).json()
    assert listed["status"] == "abandoned"
    r = answer(client, coach_user, iv, STORY)
    assert r.status_code == 201 and r.json()["interview"]["status"] == "active"
    # A month-long gap does not count as a month of interviewing.
    assert r.json()["interview"]["duration_seconds"] <= 600
