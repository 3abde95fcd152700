"""The analyzer's JSON API against a real server and database: upload, report, stored session,
import into the builder, and other users locked out."""

from __future__ import annotations

import psycopg

from tests.analyzer.web_support import analyzer_sessions, upload
from tests.conftest import STRONG_PASSWORD, unique_email

JOB = """Executive Chef at Harbor Bistro

Requirements
- 5+ years running a kitchen
- Menu costing and butchery
- Food safety certification (ServSafe)

Nice to have
- Pastry
"""


def auth(user):
    return {"Authorization": f"Bearer {user['token']}"}


def test_upload_returns_the_report_and_stores_a_resume_analyzer_session(
    client, api_user, database_url
):
    r = upload(client, api_user["token"], "typst_chef.pdf", job=JOB)
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["resume"]["basics"]["name"] == "Giancarlo Abate"
    assert body["sections"] == ["PROFILE", "EXPERIENCE", "EDUCATION", "SKILLS"]
    assert body["report"]["match"]["company"] == "Harbor Bistro"
    assert body["job"] == {"title": "Executive Chef", "company": "Harbor Bistro"}
    assert "Rewrote the menu around Oregon growers" in body["report"]["ats"]["text"]
    with psycopg.connect(database_url) as conn:
        row = conn.execute(
            "SELECT session_type, status, source_filename, findings -> 'report' ->> 'score',"
            " completed_at IS NOT NULL FROM interview_sessions WHERE id = %s",
            [body["id"]],
        ).fetchone()
    assert row == (
        "resume_analyzer",
        "completed",
        "typst_chef.pdf",
        str(body["report"]["score"]),
        True,
    )
    listed = client.get("/api/analyzer", headers=auth(api_user)).json()
    assert [a["id"] for a in listed] == [body["id"]]
    assert listed[0]["person"] == "Giancarlo Abate"


def test_a_word_resume_imports_into_the_builder_as_a_draft(client, api_user):
    analysis = upload(client, api_user["token"], "word_styles_marketing.docx").json()
    r = client.post(f"/api/analyzer/{analysis['id']}/import", headers=auth(api_user))
    assert r.status_code == 201, r.text
    draft = client.get(f"/api/resumes/drafts/{r.json()['draft_id']}", headers=auth(api_user))
    assert draft.status_code == 200, draft.text
    resume = draft.json()["resume"]
    assert resume["basics"]["name"] == analysis["resume"]["basics"]["name"]
    assert [w["name"] for w in resume["work"]] == [w["name"] for w in analysis["resume"]["work"]]
    assert resume["work"][0]["highlights"] == analysis["resume"]["work"][0]["highlights"]


def test_other_users_cannot_see_import_or_delete_an_analysis(client, api_user, database_url):
    analysis = upload(client, api_user["token"], "plaintext_engineer.pdf").json()
    other = client.post(
        "/api/auth/signup", json={"email": unique_email(), "password": STRONG_PASSWORD}
    ).json()
    headers = {"Authorization": f"Bearer {other['access_token']}"}
    assert client.get(f"/api/analyzer/{analysis['id']}", headers=headers).status_code == 404
    assert client.post(f"/api/analyzer/{analysis['id']}/import", headers=headers).status_code == 404
    assert client.delete(f"/api/analyzer/{analysis['id']}", headers=headers).status_code == 404
    assert client.get("/api/analyzer", headers=headers).json() == []
    assert analyzer_sessions(database_url, api_user["user_id"]) == 1
    assert (
        client.delete(f"/api/analyzer/{analysis['id']}", headers=auth(api_user)).status_code == 204
    )
    assert analyzer_sessions(database_url, api_user["user_id"]) == 0


def test_anonymous_uploads_are_refused_before_reading(client, database_url):
    r = client.post("/api/analyzer", files={"file": ("a.pdf", b"%PDF-1.7 junk", "application/pdf")})
    assert r.status_code == 401
    assert r.json()["error"]["code"] == "unauthorized"
