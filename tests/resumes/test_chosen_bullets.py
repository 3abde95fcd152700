"""Bullets chosen in the library land on the next draft, under the job they came from."""

from __future__ import annotations

from resumepilot.resumes.chosen import chosen_work
from tests.interviews.conftest import STORIES, STORY, answer, auth, coach_user, start  # noqa: F401
from tests.interviews.test_pages import browser, csrf

ACME = {
    "company": "Acme",
    "title": "Staff Engineer",
    "start": "2019-03",
    "end": "present",
    "label": "Staff Engineer at Acme (Mar 2019 – Present)",
}
GLOBEX = {
    "company": "Globex",
    "title": "Analyst",
    "start": "2015",
    "end": "2019",
    "label": "Analyst at Globex (2015 – 2019)",
}


def bullet(text, details=None, starred=False):
    return {"text": text, "starred": starred, "experience_details": details}


def test_bullets_go_under_their_job_best_first_newest_job_first():
    work = chosen_work(
        [
            bullet("Built the Globex reporting pipeline for 40 analysts", GLOBEX),
            bullet("Rebuilt checkout in Go for 2 million users", ACME),
            bullet("Cut page load from 3 s to 800 ms", ACME, starred=True),
            bullet("Rebuilt  checkout in Go for 2 million users", ACME),  # the same, spaced
        ],
        {},
    )
    assert work.work == [
        {
            "name": "Acme",
            "position": "Staff Engineer",
            "startDate": "2019-03",
            "highlights": [
                "Cut page load from 3 s to 800 ms",
                "Rebuilt checkout in Go for 2 million users",
            ],
        },
        {
            "name": "Globex",
            "position": "Analyst",
            "startDate": "2015",
            "endDate": "2019",
            "highlights": ["Built the Globex reporting pipeline for 40 analysts"],
        },
    ]
    assert work.placed == 3 and work.notes == []


def test_at_most_six_an_entry_and_the_rest_named():
    many = [
        bullet(f"Shipped feature number {i} to 1,000 users", ACME, starred=i == 8) for i in range(9)
    ]
    work = chosen_work(many, {})
    [entry] = work.work
    assert len(entry["highlights"]) == 6
    assert entry["highlights"][0].startswith("Shipped feature number 8")
    assert "best 6 of 9" in work.notes[0]
    assert len(chosen_work(many, {}, per_entry=9).work[0]["highlights"]) == 9


def test_untied_bullets_join_the_profiles_current_job():
    profile = {"company": "Initech", "job_title": "Developer"}
    work = chosen_work(
        [bullet("Trained 5 new developers in code review"), bullet("Led the Acme migration", ACME)],
        profile,
    )
    assert work.work[0] == {
        "name": "Initech",
        "position": "Developer",
        "highlights": ["Trained 5 new developers in code review"],
    }
    assert work.work[1]["name"] == "Acme"
    assert chosen_work([], profile).work == [{"name": "Initech", "position": "Developer"}]


def test_a_new_draft_holds_the_chosen_bullets_with_no_more_steps(client, coach_user):  # noqa: F811
    h = auth(coach_user)
    iv = start(
        client,
        coach_user,
        company="Acme",
        job_title="Staff Engineer",
        start="2019-03",
        end="present",
    )
    first = answer(client, coach_user, iv, STORY).json()["answer"]
    iv2 = start(client, coach_user, company="Globex", job_title="Analyst", start="2015", end="2019")
    second = answer(client, coach_user, iv2, STORIES[1]).json()["answer"]
    picks = [(first, first["bullets"][0]), (second, second["bullets"][0])]
    for row, item in picks:
        r = client.patch(
            f"/api/bullets/{row['id']}/items/{item['id']}", headers=h, json={"selected": True}
        )
        assert r.status_code == 200
    c = browser(client, coach_user)
    token = csrf(c.get("/resumes").text)
    r = c.post("/resumes/new", data={"csrf_token": token})
    assert r.status_code == 303 and r.headers["location"].endswith("?saved=5")
    page = c.get(r.headers["location"])
    assert "under the jobs they came from" in page.text
    draft_id = r.headers["location"].split("/resumes/")[1].split("?")[0]
    data = client.get(f"/api/resumes/drafts/{draft_id}", headers=h).json()["resume"]
    by_company = {w.get("name"): w for w in data["work"]}
    assert by_company["Acme"]["position"] == "Staff Engineer"
    assert by_company["Acme"]["startDate"] == "2019-03" and "endDate" not in by_company["Acme"]
    assert by_company["Acme"]["highlights"] == [first["bullets"][0]["text"]]
    assert by_company["Globex"]["highlights"] == [second["bullets"][0]["text"]]
    assert by_company["Globex"]["endDate"] == "2019"
    assert [w["name"] for w in data["work"]][-2:] == ["Acme", "Globex"]


def test_a_website_typed_without_https_is_normalised(client, coach_user):  # noqa: F811
    resume = {
        "basics": {
            "name": "Jane Doe",
            "url": "jane.dev",
            "profiles": [{"network": "GitHub", "url": "www.github.com/jane"}],
        },
        "projects": [{"name": "Site", "url": "https://jane.dev/site"}],
    }
    r = client.post(
        "/api/resumes/drafts", headers=auth(coach_user), json={"title": "Web", "resume": resume}
    )
    assert r.status_code == 201, r.text
    basics = r.json()["resume"]["basics"]
    assert basics["url"] == "https://jane.dev"
    assert basics["profiles"][0]["url"] == "https://www.github.com/jane"
    assert r.json()["resume"]["projects"][0]["url"] == "https://jane.dev/site"
    bad = client.post(
        "/api/resumes/drafts",
        headers=auth(coach_user),
        json={"title": "Web", "resume": {"basics": {"url": "not a site"}}},
    )
    assert bad.status_code == 422 and "http" in bad.text
