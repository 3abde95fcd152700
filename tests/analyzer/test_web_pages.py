"""The analyzer's pages, as a signed-in browser posts them: upload, report, import."""

from __future__ import annotations

import re

from tests.analyzer.conftest import corpus_file
from tests.resumes.web_support import browser, csrf_from

JOB = "Senior Data Analyst at Harbor Health\n\nRequirements\n- SQL and Python\n- Tableau\n"


def test_upload_shows_the_report_and_import_makes_a_draft(live_server, api_user):
    with browser(live_server.url, api_user) as web:
        index = web.get("/analyzer")
        assert index.status_code == 200
        assert 'href="/analyzer" aria-current="page"' in index.text
        r = web.post(
            "/analyzer",
            data={"csrf_token": csrf_from(index.text), "job_posting": JOB},
            files={
                "file": (
                    "Analyst CV.pdf",
                    corpus_file("latex_twocol_analyst.pdf"),
                    "application/pdf",
                )
            },
        )
        assert r.status_code == 303, r.text
        report_url = r.headers["location"]
        assert re.fullmatch(r"/analyzer/[0-9a-f-]{36}", report_url)
        report = web.get(report_url)
        assert report.status_code == 200
        for heading in (
            "What an ATS reads",
            "Bullets",
            "The whole resume",
            "Match with Senior Data Analyst at Harbor Health",
        ):
            assert heading in report.text
        assert "Analyst CV.pdf" in web.get("/analyzer").text
        imported = web.post(report_url + "/import", data={"csrf_token": csrf_from(report.text)})
        assert imported.status_code == 303
        assert re.fullmatch(r"/resumes/[0-9a-f-]{36}\?saved=2", imported.headers["location"])
        builder = web.get(imported.headers["location"])
        assert builder.status_code == 200
        assert "Resume imported" in builder.text


def test_someone_elses_report_is_not_found(live_server, api_user, client):
    from tests.analyzer.web_support import upload
    from tests.conftest import STRONG_PASSWORD, unique_email

    analysis = upload(client, api_user["token"], "typst_chef.pdf").json()
    other = client.post(
        "/api/auth/signup", json={"email": unique_email(), "password": STRONG_PASSWORD}
    ).json()
    with browser(live_server.url, {"token": other["access_token"]}) as web:
        r = web.get(f"/analyzer/{analysis['id']}")
        assert r.status_code == 404
        assert "Giancarlo" not in r.text
        token = csrf_from(web.get("/analyzer").text)
        assert (
            web.post(f"/analyzer/{analysis['id']}/import", data={"csrf_token": token}).status_code
            == 404
        )


def test_signed_out_visitors_are_sent_to_log_in(client):
    r = client.get("/analyzer")
    assert r.status_code == 303
    assert r.headers["location"] == "/login?next=/analyzer"
