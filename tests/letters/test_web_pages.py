"""Cover letter pages as a signed-in browser posts them: write, refusal page, edit, export."""

from __future__ import annotations

import re

from tests.letters.web_support import POSTING, letters_of, make_draft, on_plan
from tests.resumes.web_support import browser, csrf_from


def test_write_edit_and_download_through_the_pages(live_server, client, api_user, database_url):
    on_plan(database_url, api_user["user_id"], "career")
    draft_id = make_draft(client, api_user)
    with browser(live_server.url, api_user) as web:
        index = web.get("/letters")
        assert index.status_code == 200
        assert "3 cover letters left this month" in index.text
        assert 'href="/letters" aria-current="page"' in index.text
        r = web.post(
            "/letters",
            data={
                "csrf_token": csrf_from(index.text),
                "draft_id": draft_id,
                "posting": POSTING,
                "tone": "direct",
                "length": "standard",
            },
        )
        assert r.status_code == 303, r.text
        assert re.fullmatch(r"/letters/[0-9a-f-]{36}\?saved=2", r.headers["location"])
        page = web.get(r.headers["location"])
        assert "Your letter is ready" in page.text
        assert "Open in Overleaf" in page.text and 'name="encoded_snip"' in page.text
        assert "Where each claim comes from" in page.text
        url = r.headers["location"].split("?")[0]
        saved = web.post(
            url,
            data={
                "csrf_token": csrf_from(page.text),
                "body": "Dear Harbor Health,\n\nEdited by me.",
                "template_name": "compact",
            },
        )
        assert saved.status_code == 303
        again = web.get(saved.headers["location"])
        assert "Letter saved." in again.text and "Edited by me." in again.text
        pdf = web.get(url + "/download/pdf")
        assert (
            pdf.content.startswith(b"%PDF") and "compact.pdf" in pdf.headers["content-disposition"]
        )


def test_the_refusal_page_shows_limit_reset_date_and_upgrade_link(
    live_server, client, api_user, database_url
):
    draft_id = make_draft(client, api_user)  # starter: no cover letters
    with browser(live_server.url, api_user) as web:
        index = web.get("/letters")
        assert "no cover letters left" in index.text
        r = web.post(
            "/letters",
            data={"csrf_token": csrf_from(index.text), "draft_id": draft_id, "posting": POSTING},
        )
    assert r.status_code == 402
    assert "Not included in your plan" in r.text
    assert "resets on" in r.text and 'href="/pricing"' in r.text
    assert letters_of(database_url, api_user["user_id"]) == 0


def test_a_bad_posting_keeps_the_form_and_spends_nothing(
    live_server, client, api_user, database_url
):
    on_plan(database_url, api_user["user_id"], "career")
    draft_id = make_draft(client, api_user)
    with browser(live_server.url, api_user) as web:
        token = csrf_from(web.get("/letters").text)
        r = web.post(
            "/letters",
            data={
                "csrf_token": token,
                "draft_id": draft_id,
                "posting": '{"not": "a job"}',
                "tone": "warm",
            },
            files={"job_file": ("", b"", "application/octet-stream")},
        )
    assert r.status_code == 422
    assert "No letter was written" in r.text and "not a job posting" in r.text
    assert re.search(r'value="warm" checked', r.text)
    assert letters_of(database_url, api_user["user_id"]) == 0


def test_a_json_resume_job_file_can_be_uploaded_instead_of_pasted(
    live_server, client, api_user, database_url
):
    import json

    on_plan(database_url, api_user["user_id"], "coach")
    draft_id = make_draft(client, api_user)
    job = {
        "title": "BI Developer",
        "company": "Fenwick Labs",
        "qualifications": ["Power BI dashboards", "Python and pandas"],
    }
    with browser(live_server.url, api_user) as web:
        token = csrf_from(web.get("/letters").text)
        r = web.post(
            "/letters",
            data={"csrf_token": token, "draft_id": draft_id},
            files={"job_file": ("job.json", json.dumps(job).encode(), "application/json")},
        )
        assert r.status_code == 303, r.text
        page = web.get(r.headers["location"])
    assert "BI Developer at Fenwick Labs" in page.text
    assert letters_of(database_url, api_user["user_id"]) == 1
