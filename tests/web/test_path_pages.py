"""The pages on the way from sign-in to a resume: login returns to the page asked for, the
dashboard names the next step, no page speaks in command lines, a favicon, a signed-in 404."""

from __future__ import annotations

import re

import httpx
import pytest

from resumepilot.auth.routes import safe_next
from tests.interviews.conftest import STORY, answer, auth, coach_user, start  # noqa: F401
from tests.interviews.test_pages import browser, csrf

PAGES = [
    "/",
    "/pricing",
    "/login",
    "/signup",
    "/dashboard",
    "/interviews",
    "/bullets",
    "/resumes",
    "/billing",
    "/profile",
]


def visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S | re.I)
    return re.sub(r"<[^>]+>", " ", html)


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("/resumes", "/resumes"),
        ("/resumes/1?saved=2", "/resumes/1?saved=2"),
        ("//evil.example/x", "/dashboard"),
        ("https://evil.example", "/dashboard"),
        ("/\\evil.example", "/dashboard"),
        ("/ok\\..", "/dashboard"),
        ("evil.example", "/dashboard"),
        ("/a\nLocation: x", "/dashboard"),
        ("", "/dashboard"),
        (None, "/dashboard"),
    ],
)
def test_only_same_site_paths_are_followed_after_login(raw, expected):
    assert safe_next(raw) == expected


def test_login_returns_to_the_page_asked_for(client: httpx.Client, api_user):
    r = client.get("/resumes?saved=1")
    assert r.status_code == 303 and r.headers["location"] == "/login?next=/resumes%3Fsaved%3D1"
    page = client.get(r.headers["location"])
    assert 'name="next" value="/resumes?saved=1"' in page.text
    token = csrf(page.text)
    form = {"email": api_user["email"], "password": api_user["password"], "csrf_token": token}
    done = client.post("/login", data={**form, "next": "/resumes?saved=1"})
    assert done.status_code == 303 and done.headers["location"] == "/resumes?saved=1"
    assert client.get("/login?next=/bullets").headers["location"] == "/bullets"
    client.cookies.clear()
    token = csrf(client.get("/login").text)
    evil = client.post("/login", data={**form, "csrf_token": token, "next": "//evil.example"})
    assert evil.headers["location"] == "/dashboard"


def test_dashboard_names_the_next_step(client, coach_user):  # noqa: F811
    c = browser(client, coach_user)
    assert "Start an interview" in c.get("/dashboard").text
    iv = start(client, coach_user, company="Acme", job_title="Engineer")
    got = answer(client, coach_user, iv, STORY).json()["answer"]
    page = c.get("/dashboard").text
    assert "Choose your bullets" in page and 'href="/bullets"' in page
    item = got["bullets"][0]["id"]
    client.patch(
        f"/api/bullets/{got['id']}/items/{item}", headers=auth(coach_user), json={"selected": True}
    )
    page = c.get("/dashboard").text
    assert "Build your resume" in page and "1 chosen bullet goes on a new draft" in page


def test_no_page_speaks_in_command_lines(client, api_user):
    anonymous = {p: visible_text(client.get(p, follow_redirects=True).text) for p in PAGES[:4]}
    c = browser(client, api_user)
    signed_in = {p: visible_text(c.get(p).text) for p in PAGES}
    pricing = signed_in["/pricing"]
    assert "plans cannot be bought here" in pricing
    for path, text in {**{f"anon {k}": v for k, v in anonymous.items()}, **signed_in}.items():
        assert not re.search(r"\bresumepilot [a-z]+ |(?<![\w-])--[a-z]|RESUMEPILOT_", text), path


def test_favicon(client):
    assert re.search(r'rel="icon" href="/static/favicon\.svg(?:\?v=\w+)?"', client.get("/").text)
    r = client.get("/favicon.ico", follow_redirects=True)
    assert r.status_code == 200 and r.headers["content-type"].startswith("image/svg+xml")


def test_a_signed_in_404_shows_the_signed_in_menu(client, api_user):
    anonymous = client.get("/no-such-page")
    assert anonymous.status_code == 404 and "Log out" not in anonymous.text
    page = browser(client, api_user).get("/no-such-page")
    assert page.status_code == 404 and "There is nothing at this address." in page.text
    assert "Log out" in page.text and 'href="/bullets"' in page.text


def test_error_summaries_name_and_link_the_fields(client, api_user):
    token = csrf(client.get("/signup").text)
    page = client.post(
        "/signup", data={"email": "not-an-email", "password": "short", "csrf_token": token}
    )
    assert page.status_code == 422
    summary = page.text.split('class="notice notice-error error-summary"')[1].split("</div>")[0]
    assert 'href="#email">Email: ' in summary and 'href="#password">Password: ' in summary
    c = browser(client, api_user)
    token = csrf(c.get("/interviews").text)
    page = c.post(
        "/interviews",
        data={
            "role": "software_engineer",
            "start": "2020-05",
            "end": "2019-01",
            "csrf_token": token,
        },
    )
    assert page.status_code == 422
    assert 'href="#end">Ended: The end date is before the start date.</a>' in page.text
    assert 'id="end"' in page.text
