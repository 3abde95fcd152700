"""The interview pages as plain forms (no JavaScript), and the chat form's JSON replies."""

from __future__ import annotations

import re

import psycopg

from tests.interviews.conftest import STORY, auth, start

HOSTILE = (
    "<script>alert('x')</script> I cut costs by 15% & used \\LaTeX{} $x^2$ "
    "<img src=x onerror=alert(1)> 👩‍💻 用Python"
)


def browser(client, user):
    client.cookies.set("rp_session", user["token"])
    return client


def csrf(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def test_start_page_lists_roles_and_the_allowance(client, api_user):
    page = browser(client, api_user).get("/interviews")
    assert page.status_code == 200
    assert page.text.count("<option value=") >= 13  # 12 roles and "other"
    assert "1</strong> of 1 interview left this month" in page.text
    assert "resets" in page.text


def test_start_by_form_then_the_limit_page_links_to_pricing(client, api_user):
    c = browser(client, api_user)
    token = csrf(c.get("/interviews").text)
    r = c.post(
        "/interviews",
        data={
            "role": "teacher",
            "company": "Hill School",
            "job_title": "Teacher",
            "start": "2018-09",
            "current": "1",
            "csrf_token": token,
        },
    )
    assert r.status_code == 303 and r.headers["location"].startswith("/interviews/")
    chat = c.get(r.headers["location"])
    assert "Teacher at Hill School (Sep 2018 – Present)" in chat.text
    assert 'id="answer"' in chat.text and 'value="2"' in chat.text
    refused = c.post("/interviews", data={"role": "teacher", "csrf_token": token})
    assert refused.status_code == 402
    assert "no interviews left this month" in refused.text
    assert 'href="/pricing"' in refused.text and "resets on" in refused.text


def test_start_form_errors_keep_what_was_typed(client, coach_user):
    c = browser(client, coach_user)
    token = csrf(c.get("/interviews").text)
    r = c.post("/interviews", data={"role": "other", "company": "Bean & Co", "csrf_token": token})
    assert r.status_code == 422
    assert "Type the job title" in r.text and 'value="Bean &amp; Co"' in r.text
    r = c.post("/interviews", data={"role": "other", "title": "Barista"})
    assert r.status_code == 403  # no CSRF token


def test_answer_by_form_redirects_to_the_next_question(client, coach_user):
    c = browser(client, coach_user)
    iv = start(client, coach_user)
    page = c.get(f"/interviews/{iv['id']}")
    r = c.post(
        f"/interviews/{iv['id']}/answer",
        data={"text": STORY, "turn_number": "2", "csrf_token": csrf(page.text)},
    )
    assert r.status_code == 303 and r.headers["location"].endswith("#turn-3")
    chat = c.get(r.headers["location"])
    assert chat.text.count('id="turn-') == 3
    assert "Bullets so far" in chat.text and "12%" in chat.text
    r = c.post(
        f"/interviews/{iv['id']}/answer",
        data={"command": "finish", "turn_number": "4", "csrf_token": csrf(page.text)},
    )
    done = c.get(r.headers["location"])
    assert "Interview complete" in done.text and 'id="answer"' not in done.text


def test_chat_form_answers_json_to_the_script(client, coach_user):
    c = browser(client, coach_user)
    iv = start(client, coach_user)
    token = csrf(c.get(f"/interviews/{iv['id']}").text)
    headers = {"Accept": "application/json"}
    empty = c.post(
        f"/interviews/{iv['id']}/answer",
        headers=headers,
        data={"text": "   \n ", "turn_number": "2", "csrf_token": token},
    )
    assert empty.status_code == 422 and "Type an answer" in empty.json()["error"]["fields"]["text"]
    r = c.post(
        f"/interviews/{iv['id']}/answer",
        headers=headers,
        data={"text": STORY, "turn_number": "2", "csrf_token": token},
    )
    assert r.status_code == 201 and r.json()["question"]["turn_number"] == 3
    again = c.post(
        f"/interviews/{iv['id']}/answer",
        headers=headers,
        data={"text": STORY, "turn_number": "2", "csrf_token": token},
    )
    assert again.status_code == 200 and again.json()["duplicate"] is True
    forged = c.post(
        f"/interviews/{iv['id']}/answer",
        headers=headers,
        data={"text": STORY, "turn_number": "4", "csrf_token": "nope"},
    )
    assert forged.status_code == 403


def test_empty_answer_without_script_shows_the_error_on_the_page(client, coach_user):
    c = browser(client, coach_user)
    iv = start(client, coach_user)
    token = csrf(c.get(f"/interviews/{iv['id']}").text)
    r = c.post(
        f"/interviews/{iv['id']}/answer", data={"text": "", "turn_number": "2", "csrf_token": token}
    )
    assert r.status_code == 422 and "Type an answer first" in r.text
    assert 'aria-invalid="true"' in r.text


def test_a_50000_character_paste_is_capped_with_a_message(client, coach_user, database_url):
    iv = start(client, coach_user)
    paste = (STORY + " ") * 300
    paste = paste[:50_000]
    r = client.post(
        f"/api/interviews/{iv['id']}/answers",
        headers=auth(coach_user),
        json={"text": paste, "turn_number": 2},
    )
    assert r.status_code == 201
    [notice] = [n for n in r.json()["notices"] if "characters long" in n]
    assert "50,000" in notice and "first 4," in notice
    with psycopg.connect(database_url) as conn:
        stored = conn.execute(
            "SELECT message FROM interview_turns WHERE session_id = %s AND turn_number = 2",
            [iv["id"]],
        ).fetchone()[0]
    assert 4_700 < len(stored) <= 5_000 and paste.startswith(stored)
    c = browser(client, coach_user)
    token = csrf(c.get(f"/interviews/{iv['id']}").text)
    r = c.post(
        f"/interviews/{iv['id']}/answer",
        data={"text": paste, "turn_number": "4", "csrf_token": token},
    )
    assert "?n=capped" in r.headers["location"]
    assert "only its first part was kept" in c.get(r.headers["location"]).text


def test_hostile_text_is_stored_as_typed_and_shown_escaped(client, coach_user, database_url):
    iv = start(client, coach_user)
    answer = f"/api/interviews/{iv['id']}/answers"
    # NUL is refused at the boundary, naming the field; nothing is stored for that turn.
    nul = {"text": HOSTILE + "\x00", "turn_number": 2}
    r = client.post(answer, headers=auth(coach_user), json=nul)
    assert r.status_code == 422 and r.json()["error"]["field"] == "text", r.text
    r = client.post(answer, headers=auth(coach_user), json={"text": HOSTILE, "turn_number": 2})
    assert r.status_code == 201
    with psycopg.connect(database_url) as conn:
        stored = conn.execute(
            "SELECT message FROM interview_turns WHERE session_id = %s AND turn_number = 2",
            [iv["id"]],
        ).fetchone()[0]
    assert stored == HOSTILE  # as typed
    html = browser(client, coach_user).get(f"/interviews/{iv['id']}").text
    assert "<script>alert('x')</script>" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    assert "\\LaTeX{} $x^2$" in html and "👩‍💻 用Python" in html
    library = browser(client, coach_user).get("/bullets").text
    assert "<img src=x" not in library and "&lt;img src=x" in library


def test_other_languages_and_emoji_are_kept(client, coach_user):
    iv = start(client, coach_user)
    text = "我负责了一个项目，把处理时间缩短了30%。🚀 Ich habe das Team geleitet."
    r = client.post(
        f"/api/interviews/{iv['id']}/answers",
        headers=auth(coach_user),
        json={"text": text, "turn_number": 2},
    )
    assert r.status_code == 201
    assert r.json()["new_turns"][0]["message"] == text
    # The built-in engine writes English; when it cannot, the user is told, never left guessing.
    result = r.json()
    assert result["answer"]["bullets"] or any("No bullets" in n for n in result["notices"])
    again = client.get(f"/api/interviews/{iv['id']}", headers=auth(coach_user)).json()
    assert again["answers"][0]["transcript"] == text


def test_unknown_interview_is_a_friendly_404(client, coach_user):
    c = browser(client, coach_user)
    assert c.get("/interviews/not-a-uuid").status_code == 404
    r = c.get("/interviews/00000000-0000-0000-0000-000000000000")
    assert r.status_code == 404 and "no such interview" in r.text
