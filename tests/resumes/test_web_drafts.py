"""Drafts through the API: JSON Resume import and export, invalid input named by field and never
half-saved, size limits, and bullets picked from the library."""

from __future__ import annotations

import copy

import httpx
import psycopg
import pytest

from resumepilot.documents.resume import parse_resume
from tests.conftest import LiveServer
from tests.resumes.web_support import add_library, bearer, create_draft, dumps, sample_resume


def count_drafts(database_url: str, user_id: str) -> int:
    with psycopg.connect(database_url) as conn:
        return conn.execute(
            "SELECT count(*) FROM resume_drafts WHERE user_id = %s", [user_id]
        ).fetchone()[0]


def test_a_json_resume_imports_and_exports_without_losing_anything(client, api_user):
    original = sample_resume()
    original["awards"].append({"title": "Hackathon winner", "date": "2019"})
    original["meta"] = {"theme": "elegant"}
    r = client.post(
        "/api/resumes/drafts/import",
        content=dumps(original),
        headers=bearer(api_user) | {"content-type": "application/json"},
    )
    assert r.status_code == 201, r.text
    draft = r.json()
    exported = client.get(f"/api/resumes/drafts/{draft['id']}/export", headers=bearer(api_user))
    assert exported.status_code == 200
    assert exported.json() == parse_resume(original).to_json_resume()
    assert exported.json()["meta"] == {"theme": "elegant"}
    assert exported.json()["awards"][-1]["title"] == "Hackathon winner"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b'{"basics": ', "not valid JSON (line 1, column 12"),
        (b"[1, 2]", "must hold one JSON object"),
        (b"\xff\xfe{}", "not UTF-8"),
        (b"   ", "is empty"),
    ],
)
def test_a_file_that_is_not_a_json_resume_is_refused_with_the_reason(
    client, api_user, body, message, database_url
):
    r = client.post(
        "/api/resumes/drafts/import",
        content=body,
        headers=bearer(api_user) | {"content-type": "application/json"},
    )
    assert r.status_code == 422 and message in r.json()["error"]["message"], r.text
    assert count_drafts(database_url, api_user["user_id"]) == 0


def test_invalid_fields_are_named_and_nothing_is_saved(client, api_user, database_url):
    bad = sample_resume()
    bad["work"][1]["startDate"] = "June"
    bad["basics"]["email"] = "not-an-email"
    bad["education"][0]["url"] = "javascript:alert(1)"
    before = count_drafts(database_url, api_user["user_id"])
    r = client.post(
        "/api/resumes/drafts/import",
        content=dumps(bad),
        headers=bearer(api_user) | {"content-type": "application/json"},
    )
    assert r.status_code == 422
    fields = r.json()["error"]["fields"]
    assert fields["work[1].startDate"].startswith("expected a date like 2020")
    assert "email address" in fields["basics.email"]
    assert "http" in fields["education[0].url"]
    assert "work[1].startDate" in r.json()["error"]["message"]
    assert count_drafts(database_url, api_user["user_id"]) == before

    # Updating an existing draft with a bad field changes nothing either.
    draft = create_draft(client, api_user)
    r = client.put(
        f"/api/resumes/drafts/{draft['id']}",
        headers=bearer(api_user),
        json={"title": "Renamed", "resume": bad},
    )
    assert r.status_code == 422
    kept = client.get(f"/api/resumes/drafts/{draft['id']}", headers=bearer(api_user)).json()
    assert kept["title"] == "Test resume" and kept["resume"] == draft["resume"]


def test_bad_settings_are_named(client, api_user):
    r = client.post(
        "/api/resumes/drafts",
        headers=bearer(api_user),
        json={"title": "x", "role_type": "astronaut", "template_name": "fancy", "paper": "legal"},
    )
    assert r.status_code == 422
    assert set(r.json()["error"]["fields"]) == {"role_type", "template_name", "paper"}


def test_oversize_uploads_are_refused(client, api_user, database_url):
    big = sample_resume()
    big["basics"]["summary"] = "x" * 150_000  # over the test server's 100 kB body limit
    r = client.post(
        "/api/resumes/drafts/import",
        content=dumps(big),
        headers=bearer(api_user) | {"content-type": "application/json"},
    )
    assert r.status_code == 413

    # A server that accepts large bodies still refuses a file over the import limit.
    server = LiveServer(database_url, RESUMEPILOT_MAX_BODY_BYTES=2_000_000).start()
    try:
        big["basics"]["summary"] = "x" * 400_000
        r = httpx.post(
            server.url + "/api/resumes/drafts/import",
            content=dumps(big),
            timeout=30,
            headers=bearer(api_user) | {"content-type": "application/json"},
        )
        assert r.status_code == 413 and "larger than 300 kB" in r.json()["error"]["message"]
        big["basics"]["summary"] = "x" * 5000  # under the upload limit, over the field's
        r = httpx.post(
            server.url + "/api/resumes/drafts/import",
            content=dumps(big),
            timeout=30,
            headers=bearer(api_user) | {"content-type": "application/json"},
        )
        assert r.status_code == 422
        assert "at most 4000" in r.json()["error"]["fields"]["basics.summary"]
    finally:
        server.stop()


def test_bullets_picked_from_the_library_join_an_experience(client, api_user, database_url):
    [row] = add_library(
        database_url,
        api_user["user_id"],
        [
            (
                "Northwind Payments",
                [
                    {
                        "text": "Cut checkout latency by 73% by moving fraud scoring off the "
                        "request path"
                    },
                    {"text": "Wrote the incident runbook that halved pages", "score": 0.9},
                    {"no_text": True},
                    "A plain string bullet",
                ],
            )
        ],
    )
    draft = create_draft(client, api_user)
    library = client.get("/api/resumes/bullets", headers=bearer(api_user)).json()
    group = next(g for g in library if g["id"] == row)
    assert [b["key"] for b in group["bullets"]] == [f"{row}:0", f"{row}:1", f"{row}:3"]

    r = client.post(
        f"/api/resumes/drafts/{draft['id']}/bullets",
        headers=bearer(api_user),
        json={"picks": [f"{row}:0", f"{row}:3", f"{row}:0"], "target": "work:1"},
    )
    assert r.status_code == 200, r.text
    bullets = r.json()["resume"]["work"][1]["highlights"]
    assert bullets[-2:] == [
        "Cut checkout latency by 73% by moving fraud scoring off the request path",
        "A plain string bullet",
    ]
    # Picking again adds nothing twice; a new entry can be started from the answer.
    again = client.post(
        f"/api/resumes/drafts/{draft['id']}/bullets",
        headers=bearer(api_user),
        json={"picks": [f"{row}:0"], "target": "work:1"},
    ).json()
    assert again["resume"]["work"][1]["highlights"] == bullets
    fresh = client.post(
        f"/api/resumes/drafts/{draft['id']}/bullets",
        headers=bearer(api_user),
        json={"picks": [f"{row}:1"], "target": "new-work"},
    ).json()
    assert fresh["resume"]["work"][-1] == {
        "name": "Northwind Payments",
        "highlights": ["Wrote the incident runbook that halved pages"],
    }


def test_another_users_bullets_cannot_be_picked(client, api_user, database_url):
    other = client.post(
        "/api/auth/signup",
        json={"email": f"b-{api_user['email']}", "password": api_user["password"]},
    ).json()
    [theirs] = add_library(database_url, other["user_id"], [("Secret Co", [{"text": "Secret"}])])
    draft = create_draft(client, api_user)
    r = client.post(
        f"/api/resumes/drafts/{draft['id']}/bullets",
        headers=bearer(api_user),
        json={"picks": [f"{theirs}:0"], "target": "work:0"},
    )
    assert r.status_code == 422 and "Choose at least one bullet" in r.json()["error"]["message"]
    library = client.get("/api/resumes/bullets", headers=bearer(api_user)).json()
    assert all(g["id"] != theirs for g in library)


def test_the_profile_fills_an_empty_name_and_the_role_trims_older_jobs(client, api_user):
    client.patch(
        "/api/me",
        headers=bearer(api_user),
        json={"full_name": "Grace Hopper", "job_title": "Rear Admiral"},
    )
    resume = copy.deepcopy(sample_resume())
    resume["basics"].pop("name")
    resume["basics"].pop("label")
    resume["work"].append(
        {
            "name": "Harvard",
            "position": "Programmer",
            "startDate": "1944",
            "highlights": [f"Bullet {i}" for i in range(6)],
        }
    )
    draft = create_draft(client, api_user, resume=resume, role_type="new_graduate")
    exported = client.get(
        f"/api/resumes/drafts/{draft['id']}/export", headers=bearer(api_user)
    ).json()
    assert exported["basics"]["name"] == "Grace Hopper"
    assert exported["basics"]["label"] == "Rear Admiral"
    assert len(exported["work"][2]["highlights"]) == 6  # the export keeps everything
    r = client.post(f"/api/resumes/drafts/{draft['id']}/generations", headers=bearer(api_user))
    assert r.status_code == 202
    notes = r.json()["notes"]
    assert notes == [
        "Harvard: kept the first 2 of 6 bullets, as older roles stay short for this target role."
    ]
