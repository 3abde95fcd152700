"""The bullets library: grouping, edit, delete, reorder, star, choose, add and regenerate."""

from __future__ import annotations

import psycopg
import pytest

from tests.interviews.conftest import STORIES, STORY, answer, auth, coach_user, start  # noqa: F401
from tests.interviews.test_pages import browser, csrf


@pytest.fixture
def library(client, coach_user):  # noqa: F811
    """Two interviews about two experiences, one about none; returns the first answer."""
    iv = start(client, coach_user, company="Acme", job_title="Staff Engineer", start="2019")
    first = answer(client, coach_user, iv, STORY).json()["answer"]
    iv2 = start(client, coach_user, "data_scientist", company="Globex", job_title="Analyst")
    answer(client, coach_user, iv2, STORIES[1])
    iv3 = start(client, coach_user, "other", title="Barista")
    answer(client, coach_user, iv3, "I trained 5 new baristas and cut wait times by 3 minutes.")
    return {"user": coach_user, "answer": first}


def get(client, lib):
    return client.get(f"/api/bullets/{lib['answer']['id']}", headers=auth(lib["user"])).json()


def test_library_groups_answers_by_experience(client, library):
    groups = client.get("/api/bullets", headers=auth(library["user"])).json()
    titles = [g["title"] for g in groups]
    assert titles == [
        "Analyst at Globex",
        "Staff Engineer at Acme (2019)",
        "Not tied to an experience",
    ]
    assert groups[1]["answers"][0]["question"] == library["answer"]["question"]
    assert groups[2]["answers"][0]["role_name"] == "Barista"
    page = browser(client, library["user"]).get("/bullets")
    assert page.status_code == 200
    assert page.text.index("Analyst at Globex") < page.text.index("Staff Engineer at Acme")


def test_edit_keeps_the_users_words_and_flags_figures_never_said(client, library):
    aid, item = library["answer"]["id"], library["answer"]["bullets"][0]["id"]
    h = auth(library["user"])
    typed = "  Rebuilt   checkout for 2 million users,\nlifting sales 35%  "
    r = client.patch(f"/api/bullets/{aid}/items/{item}", headers=h, json={"text": typed})
    assert r.status_code == 200
    edited = r.json()["bullets"][0]
    assert edited["text"] == "Rebuilt checkout for 2 million users, lifting sales 35%"
    assert edited["edited"] is True and edited["unsupported"] == ["35%"]
    r = client.patch(
        f"/api/bullets/{aid}/items/{item}",
        headers=h,
        json={"text": "Rebuilt checkout, lifting conversion 12%"},
    )
    assert r.json()["bullets"][0]["unsupported"] == []
    assert (
        client.patch(
            f"/api/bullets/{aid}/items/{item}", headers=h, json={"text": "   "}
        ).status_code
        == 422
    )
    assert (
        client.patch(
            f"/api/bullets/{aid}/items/{item}", headers=h, json={"text": "x" * 401}
        ).status_code
        == 422
    )
    assert (
        client.patch(
            f"/api/bullets/{aid}/items/nope", headers=h, json={"starred": True}
        ).status_code
        == 404
    )


def test_star_select_reorder_delete_and_the_resume_builder_list(client, library):
    aid = library["answer"]["id"]
    ids = [b["id"] for b in library["answer"]["bullets"]]
    assert len(ids) >= 2
    h = auth(library["user"])
    client.patch(
        f"/api/bullets/{aid}/items/{ids[1]}", headers=h, json={"starred": True, "selected": True}
    )
    r = client.put(f"/api/bullets/{aid}/order", headers=h, json={"order": ids[::-1]})
    assert [b["id"] for b in r.json()["bullets"]] == ids[::-1]
    bad = client.put(f"/api/bullets/{aid}/order", headers=h, json={"order": ids[:1]})
    assert bad.status_code == 422
    r = client.post(f"/api/bullets/{aid}/items/{ids[0]}/move", headers=h, json={"direction": "top"})
    assert r.json()["bullets"][0]["id"] == ids[0]
    chosen = client.get("/api/bullets?selected=true", headers=h).json()
    assert [c["id"] for c in chosen] == [ids[1]] and chosen[0]["starred"] is True
    assert chosen[0]["experience"] == "Staff Engineer at Acme (2019)"
    assert chosen[0]["experience_details"]["company"] == "Acme"
    r = client.delete(f"/api/bullets/{aid}/items/{ids[0]}", headers=h)
    assert ids[0] not in [b["id"] for b in r.json()["bullets"]]
    assert len(get(client, library)["bullets"]) == len(ids) - 1


def test_regenerate_keeps_starred_chosen_and_edited_bullets(client, library, database_url):
    aid = library["answer"]["id"]
    h = auth(library["user"])
    first = library["answer"]["bullets"][0]["id"]
    client.patch(
        f"/api/bullets/{aid}/items/{first}",
        headers=h,
        json={"text": "My own wording of the checkout rebuild"},
    )
    added = client.post(
        f"/api/bullets/{aid}/items", headers=h, json={"text": "Presented the rebuild to 200 staff"}
    ).json()
    assert added["bullets"][-1]["unsupported"] == ["200"]
    r = client.post(f"/api/bullets/{aid}/regenerate", headers=h)
    assert r.status_code == 200
    texts = [b["text"] for b in r.json()["bullets"]]
    assert texts[:2] == [
        "My own wording of the checkout rebuild",
        "Presented the rebuild to 200 staff",
    ]
    assert any("12%" in t for t in texts[2:])
    with psycopg.connect(database_url) as conn:
        stored = conn.execute("SELECT bullets FROM resume_bullets WHERE id = %s", [aid]).fetchone()[
            0
        ]
    assert [b["text"] for b in stored] == texts and "quote" not in stored[0]


def test_library_buttons_work_as_plain_forms(client, library):
    c = browser(client, library["user"])
    aid, item = library["answer"]["id"], library["answer"]["bullets"][0]["id"]
    token = csrf(c.get("/bullets").text)
    r = c.post(f"/bullets/{aid}/items/{item}", data={"action": "star", "csrf_token": token})
    assert r.status_code == 303 and r.headers["location"] == f"/bullets?done=star#answer-{aid}"
    page = c.get(r.headers["location"])
    assert "Starred." in page.text and 'aria-pressed="true"' in page.text
    c.post(f"/bullets/{aid}/items/{item}", data={"action": "select", "csrf_token": token})
    r = c.post(
        f"/bullets/{aid}/items/{item}",
        data={"action": "save", "text": "Cut costs by 90%", "csrf_token": token},
    )
    page = c.get(r.headers["location"])
    assert "90% is not in what you said" in page.text and "Cut costs by 90%" in page.text
    r = c.post(
        f"/bullets/{aid}/items/{item}", data={"action": "save", "text": "", "csrf_token": token}
    )
    assert r.status_code == 422 and "cannot be empty" in r.text
    r = c.post(f"/bullets/{aid}/regenerate", data={"csrf_token": token})
    assert r.status_code == 303
    r = c.post(f"/bullets/{aid}/items/{item}", data={"action": "delete", "csrf_token": token})
    assert item not in [b["id"] for b in get(client, library)["bullets"]]
    r = c.post(f"/bullets/{aid}/items/{item}", data={"action": "star"})
    assert r.status_code == 403


def test_bullets_script_gets_one_card_back(client, library):
    c = browser(client, library["user"])
    aid, item = library["answer"]["id"], library["answer"]["bullets"][1]["id"]
    token = csrf(c.get("/bullets").text)
    frag = {"X-Fragment": "answer"}
    r = c.post(
        f"/bullets/{aid}/items/{item}", headers=frag, data={"action": "up", "csrf_token": token}
    )
    assert r.status_code == 200 and r.text.lstrip().startswith("<article")
    assert f'id="answer-{aid}"' in r.text and "Moved up." in r.text
    assert r.text.index(f'id="bullet-{item}"') < r.text.index('class="bl-item', 0) + 200
    r = c.post(
        f"/bullets/{aid}/items/{item}",
        headers=frag,
        data={"action": "save", "text": " ", "csrf_token": token},
    )
    assert r.status_code == 422 and "cannot be empty" in r.text and "<article" in r.text


def test_source_spans_point_into_the_transcript(client, library):
    answer_ = get(client, library)
    for b in answer_["bullets"]:
        span = answer_["transcript"][b["source"]["start"] : b["source"]["end"]]
        assert span and span == b["quote"]
    html = browser(client, library["user"]).get("/bullets").text
    b = answer_["bullets"][0]
    assert f'data-start="{b["source"]["start"]}" data-end="{b["source"]["end"]}"' in html
