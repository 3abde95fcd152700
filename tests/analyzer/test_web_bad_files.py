"""Bad uploads get a clear message with the right status, and nothing is stored; the child
process that reads a file is stopped at the hard time limit."""

from __future__ import annotations

import re
import time

import pytest

from resumepilot.analyzer.isolation import analyze_isolated
from resumepilot.documents.reading import ReadingTimedOut
from tests.analyzer.conftest import corpus_file, docx_bomb, encrypted_pdf
from tests.analyzer.web_support import analyzer_sessions, upload
from tests.resumes.web_support import browser, csrf_from

CASES = [
    ("empty.pdf", lambda: b"", 422, "empty"),
    (
        "notes.txt.pdf",
        lambda: b"just some words, not a document at all\n" * 20,
        415,
        "not a PDF or a Word",
    ),
    ("locked.pdf", encrypted_pdf, 422, "password"),
    ("bomb.docx", lambda: docx_bomb(), 413, None),
    ("broken.pdf", lambda: corpus_file("typst_chef.pdf")[:3000], 422, None),
]


@pytest.mark.parametrize(("name", "make", "status", "words"), CASES, ids=[c[0] for c in CASES])
def test_bad_files_are_refused_with_a_message_and_nothing_is_stored(
    client, api_user, database_url, name, make, status, words
):
    r = upload(client, api_user["token"], name, make())
    assert r.status_code == status, r.text
    message = r.json()["error"]["message"]
    assert len(message) > 30
    if words:
        assert words.lower() in message.lower()
    assert analyzer_sessions(database_url, api_user["user_id"]) == 0


def test_a_bad_job_posting_is_refused_before_reading(client, api_user, database_url):
    r = upload(client, api_user["token"], "typst_chef.pdf", job='{"not": "a job"}')
    assert r.status_code == 422
    assert "job posting" in r.json()["error"]["message"]
    assert analyzer_sessions(database_url, api_user["user_id"]) == 0


def test_the_page_shows_the_message_keeps_the_posting_and_stores_nothing(
    live_server, api_user, database_url
):
    with browser(live_server.url, api_user) as web:
        token = csrf_from(web.get("/analyzer").text)
        r = web.post(
            "/analyzer",
            data={"csrf_token": token, "job_posting": "Cook at X"},
            files={"file": ("locked.pdf", encrypted_pdf(), "application/pdf")},
        )
    assert r.status_code == 422
    assert "nothing was saved" in r.text
    assert "password" in r.text.lower()
    assert re.search(r"<textarea[^>]*>Cook at X</textarea>", r.text)
    assert analyzer_sessions(database_url, api_user["user_id"]) == 0


def test_a_form_without_the_csrf_token_is_refused(live_server, api_user, database_url):
    with browser(live_server.url, api_user) as web:
        r = web.post(
            "/analyzer",
            data={"csrf_token": "forged"},
            files={"file": ("r.pdf", corpus_file("typst_chef.pdf"), "application/pdf")},
        )
    assert r.status_code == 403
    assert analyzer_sessions(database_url, api_user["user_id"]) == 0


def test_reading_past_the_hard_limit_stops_the_child_process():
    started = time.monotonic()
    with pytest.raises(ReadingTimedOut) as caught:
        analyze_isolated(corpus_file("latex_twopage_engineer.pdf"), "r.pdf", None, seconds=0.01)
    assert time.monotonic() - started < 5
    assert "longer than" in caught.value.message
    # The overrunning worker was killed; the next file gets a fresh one and is read.
    result = analyze_isolated(corpus_file("typst_chef.pdf"), "r.pdf", None)
    assert result["resume"]["basics"]["name"] == "Giancarlo Abate"


def test_the_child_process_returns_the_same_analysis_as_in_process():
    from resumepilot.analyzer.report import analyze_file

    data = corpus_file("word_tables_accountant.docx")
    assert analyze_isolated(data, "a.docx", None) == analyze_file(data, "a.docx").as_dict()
