"""Rewording one bullet, and regenerating without bringing back what the user let go of."""

from __future__ import annotations

import psycopg

from tests.bullets.test_library import get, library  # noqa: F401
from tests.interviews.conftest import auth, coach_user  # noqa: F401
from tests.interviews.test_pages import browser, csrf


def stored(database_url, aid):
    with psycopg.connect(database_url) as conn:
        return conn.execute(
            "SELECT bullets, dismissed FROM resume_bullets WHERE id = %s", [aid]
        ).fetchone()


def test_rewrite_keeps_the_bullet_id_and_flags_and_never_repeats_a_wording(
    client,
    library,  # noqa: F811
    database_url,
):
    aid = library["answer"]["id"]
    h = auth(library["user"])
    first = library["answer"]["bullets"][0]
    client.patch(
        f"/api/bullets/{aid}/items/{first['id']}",
        headers=h,
        json={"starred": True, "selected": True},
    )
    seen = [first["text"]]
    for _ in range(2):
        r = client.post(f"/api/bullets/{aid}/items/{first['id']}/rewrite", headers=h)
        assert r.status_code == 200, r.text
        now = r.json()["bullets"][0]
        assert now["id"] == first["id"] and now["starred"] and now["selected"]
        assert now["text"] not in seen and now["engine"] == "builtin"
        assert now["source"]["end"] > now["source"]["start"]
        seen.append(now["text"])
    bullets, dismissed = stored(database_url, aid)
    assert bullets[0]["previous"] == seen[:2] and set(seen[:2]) <= set(dismissed)


def test_rewrite_that_cannot_be_done_says_why(client, library):  # noqa: F811
    aid = library["answer"]["id"]
    h = auth(library["user"])
    item = library["answer"]["bullets"][0]["id"]
    client.patch(
        f"/api/bullets/{aid}/items/{item}",
        headers=h,
        json={"text": "Cut costs by 90% across the company"},
    )
    r = client.post(f"/api/bullets/{aid}/items/{item}/rewrite", headers=h)
    assert r.status_code == 422
    assert "figure that was not said" in r.text and "Edit it" in r.text
    assert get(client, library)["bullets"][0]["text"] == "Cut costs by 90% across the company"
    c = browser(client, library["user"])
    token = csrf(c.get("/bullets").text)
    page = c.post(f"/bullets/{aid}/items/{item}", data={"action": "rewrite", "csrf_token": token})
    assert page.status_code == 422 and "figure that was not said" in page.text
    card = c.post(
        f"/bullets/{aid}/items/{item}",
        headers={"X-Fragment": "answer"},
        data={"action": "rewrite", "csrf_token": token},
    )
    assert card.status_code == 422 and "<article" in card.text and "not said" in card.text


def test_regenerate_never_brings_back_a_deleted_or_edited_bullet(client, library, database_url):  # noqa: F811
    aid = library["answer"]["id"]
    h = auth(library["user"])
    bullets = library["answer"]["bullets"]
    assert len(bullets) >= 2
    edited, deleted = bullets[0], bullets[1]
    client.patch(
        f"/api/bullets/{aid}/items/{edited['id']}",
        headers=h,
        json={"text": "Rebuilt checkout in Go, in my own words"},
    )
    client.delete(f"/api/bullets/{aid}/items/{deleted['id']}", headers=h)
    for _ in range(2):
        r = client.post(f"/api/bullets/{aid}/regenerate", headers=h)
        texts = [b["text"] for b in r.json()["bullets"]]
        assert edited["text"] not in texts and deleted["text"] not in texts
        assert "Rebuilt checkout in Go, in my own words" in texts
    assert any("Nothing new" in n for n in r.json()["notices"])
    _, dismissed = stored(database_url, aid)
    assert {edited["text"], deleted["text"]} <= set(dismissed)


def test_page_says_which_engine_wrote_each_bullet(client, library):  # noqa: F811
    aid = library["answer"]["id"]
    h = auth(library["user"])
    item = library["answer"]["bullets"][0]["id"]
    html = browser(client, library["user"]).get("/bullets").text
    assert "Offline engine: rephrases only what you said" in html
    assert 'value="rewrite"' in html
    client.patch(f"/api/bullets/{aid}/items/{item}", headers=h, json={"text": "Mine, all mine"})
    card = get(client, library)["bullets"][0]
    assert card["engine_label"] is None and card["edited"]
