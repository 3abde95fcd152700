"""The cover letter API against a real server and database: writing (plan-gated), editing,
exporting in the look of a template, and other users locked out."""

from __future__ import annotations

import io
import subprocess

import docx
import pytest

from tests.conftest import STRONG_PASSWORD, unique_email
from tests.letters.web_support import (
    bearer,
    letters_of,
    letters_used,
    make_draft,
    on_plan,
    write,
)

HOSTILE = (
    "Dear team,\n\n\\input{/etc/passwd} #set text(red) $5 & 100% {braces} ~_^ <b>x</b>\n\n"
    "Kind regards,\nTomasz"
)


@pytest.fixture
def career(client, api_user, database_url):
    on_plan(database_url, api_user["user_id"], "career")
    return api_user


def test_a_letter_is_written_from_the_draft_traced_and_counted(client, career, database_url):
    draft_id = make_draft(client, career)
    r = write(client, career, draft_id, tone="warm", length="short")
    assert r.status_code == 201, r.text
    letter = r.json()
    assert letter["company"] == "Harbor Health"
    assert letter["job_title"] == "Senior Data Analyst"
    assert letter["template_name"] == "modern"  # the draft's look
    assert (letter["tone"], letter["length"]) == ("warm", "short")
    assert "Power BI" in letter["body"]
    assert letter["claims"] and all(c["source"] for c in letter["claims"])
    assert any("Power BI" in c for c in letter["covered"])
    assert any("Epic" in m for m in letter["missing"])
    assert "Epic" not in letter["body"]
    assert letters_used(database_url, career["user_id"]) == 1
    listed = client.get("/api/letters", headers=bearer(career)).json()
    assert [x["id"] for x in listed] == [letter["id"]]


def test_a_json_resume_job_object_is_a_posting(client, career):
    draft_id = make_draft(client, career)
    job = {
        "title": "BI Developer",
        "company": "Fenwick Labs",
        "qualifications": ["Power BI", "Python and pandas"],
    }
    r = write(client, career, draft_id, posting=job)
    assert r.status_code == 201, r.text
    assert (r.json()["job_title"], r.json()["company"]) == ("BI Developer", "Fenwick Labs")


def test_past_the_plans_allowance_the_api_says_402_and_stores_nothing(client, career, database_url):
    draft_id = make_draft(client, career)
    for _ in range(3):
        assert write(client, career, draft_id).status_code == 201
    refused = write(client, career, draft_id)
    assert refused.status_code == 402
    error = refused.json()["error"]
    assert error["code"] == "usage_limit_reached"
    assert (error["limit"], error["plan"], error["upgrade_url"]) == (3, "career", "/pricing")
    assert error["resets_on"].endswith("-01")
    assert "resets on" in error["message"]
    assert letters_of(database_url, career["user_id"]) == 3
    assert letters_used(database_url, career["user_id"]) == 3


def test_starter_has_no_cover_letters(client, api_user, database_url):
    draft_id = make_draft(client, api_user)
    r = write(client, api_user, draft_id)
    assert r.status_code == 402
    assert "not included" in r.json()["error"]["message"]
    assert letters_of(database_url, api_user["user_id"]) == 0


def test_bad_choices_and_postings_are_refused_without_spending(client, career, database_url):
    draft_id = make_draft(client, career)
    r = write(client, career, draft_id, tone="sarcastic", length="epic")
    assert r.status_code == 422
    assert set(r.json()["error"]["fields"]) == {"tone", "length"}
    r = write(client, career, draft_id, posting="   ")
    assert r.status_code == 422 and "empty" in r.json()["error"]["message"]
    r = write(client, career, draft_id, template_name="../../etc")
    assert r.status_code == 422
    assert letters_used(database_url, career["user_id"]) == 0


def test_edit_in_place_then_export_every_format_with_the_text_escaped(client, career, tmp_path):
    letter = write(client, career, make_draft(client, career)).json()
    url = f"/api/letters/{letter['id']}"
    r = client.patch(
        url, headers=bearer(career), json={"body": HOSTILE, "template_name": "classic"}
    )
    assert r.status_code == 200, r.text
    assert r.json()["body"] == HOSTILE and r.json()["template_name"] == "classic"

    pdf = client.get(url + "/download/pdf", headers=bearer(career))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert "classic.pdf" in pdf.headers["content-disposition"]
    (tmp_path / "l.pdf").write_bytes(pdf.content)
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "l.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "\\input{/etc/passwd} #set text(red) $5 & 100% {braces}" in text
    assert "Tomasz Lindqvist" in text and "Harbor Health" in text

    word = client.get(url + "/download/docx", headers=bearer(career))
    paragraphs = [p.text for p in docx.Document(io.BytesIO(word.content)).paragraphs]
    assert any("\\input{/etc/passwd}" in p for p in paragraphs)

    tex = client.get(url + "/download/latex", headers=bearer(career)).text
    assert "\\input{/etc/passwd}" not in tex
    assert "\\textbackslash{}input\\{/etc/passwd\\}" in tex
    assert client.get(url + "/download/exe", headers=bearer(career)).status_code == 404


def test_bad_edits_change_nothing(client, career):
    letter = write(client, career, make_draft(client, career)).json()
    url = f"/api/letters/{letter['id']}"
    assert client.patch(url, headers=bearer(career), json={"body": "  "}).status_code == 422
    assert (
        client.patch(url, headers=bearer(career), json={"template_name": "nope"}).status_code == 422
    )
    assert client.get(url, headers=bearer(career)).json()["body"] == letter["body"]


def test_other_users_cannot_read_edit_export_delete_or_write_from_a_draft(
    client, career, database_url
):
    draft_id = make_draft(client, career)
    letter = write(client, career, draft_id).json()
    other = client.post(
        "/api/auth/signup", json={"email": unique_email(), "password": STRONG_PASSWORD}
    ).json()
    on_plan(database_url, other["user_id"], "coach")  # unlimited: only the draft can stop it
    them = {"Authorization": f"Bearer {other['access_token']}"}
    url = f"/api/letters/{letter['id']}"
    assert client.get(url, headers=them).status_code == 404
    assert client.patch(url, headers=them, json={"body": "mine now"}).status_code == 404
    assert client.get(url + "/download/pdf", headers=them).status_code == 404
    assert client.delete(url, headers=them).status_code == 404
    assert client.get("/api/letters", headers=them).json() == []
    stolen = client.post(
        "/api/letters", headers=them, json={"draft_id": draft_id, "posting": "Analyst at X\n- SQL"}
    )
    assert stolen.status_code == 404
    assert letters_of(database_url, other["user_id"]) == 0
    assert client.get(url, headers=bearer(career)).json()["body"] == letter["body"]
    assert client.delete(url, headers=bearer(career)).status_code == 204
