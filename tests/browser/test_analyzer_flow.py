"""A person uploads a resume made elsewhere, reads the report, and imports it into the builder;
bad files are refused on the page with a message, in a real browser."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.analyzer.accuracy import CORPUS
from tests.analyzer.conftest import encrypted_pdf
from tests.analyzer.web_support import analyzer_sessions

JOB = """Senior Data Analyst at Harbor Health

Requirements
- Strong SQL and Python
- Experience with Tableau or Power BI
- Experience with Epic EHR data
"""


def sign_in(page, live_server, user) -> None:
    page.context.add_cookies(
        [{"name": "rp_session", "value": user["token"], "url": live_server.url}]
    )


def both_widths(page, screenshot, name: str) -> None:
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        screenshot(f"{name}-{width}")
    page.set_viewport_size({"width": 1280, "height": 900})


def test_upload_read_the_report_and_import_into_the_builder(
    page, screenshot, live_server, api_user, database_url
):
    sign_in(page, live_server, api_user)
    page.goto("/dashboard")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Analyzer").click()
    expect(page.get_by_role("heading", name="Resume analyzer", level=1)).to_be_visible()
    both_widths(page, screenshot, "01-upload")

    page.get_by_label("Resume file (PDF or Word .docx)").set_input_files(
        str(CORPUS / "latex_twocol_analyst.pdf")
    )
    page.get_by_label("Job posting (optional)").fill(JOB)
    page.get_by_role("button", name="Analyze resume").click()
    expect(page).to_have_url(re.compile(r"/analyzer/[0-9a-f-]{36}$"))
    expect(page.get_by_role("heading", name="What an ATS reads")).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile("^Bullets"))).to_be_visible()
    expect(page.get_by_role("heading", name="The whole resume")).to_be_visible()
    expect(
        page.get_by_role("heading", name=re.compile("Match with Senior Data Analyst"))
    ).to_be_visible()
    page.get_by_text("The text in reading order").click()
    expect(page.locator("pre.an-ats")).to_be_visible()
    both_widths(page, screenshot, "02-report")
    assert analyzer_sessions(database_url, api_user["user_id"]) == 1

    page.get_by_role("button", name="Import into the builder").click()
    expect(page).to_have_url(re.compile(r"/resumes/[0-9a-f-]{36}\?saved=2$"))
    expect(page.get_by_role("status")).to_contain_text("Resume imported")
    expect(page.get_by_label("Full name")).not_to_have_value("")
    expect(page.locator("#work-0-name")).not_to_have_value("")
    both_widths(page, screenshot, "03-imported-draft")


def test_bad_files_get_a_message_on_the_page_and_nothing_is_stored(
    page, screenshot, live_server, api_user, database_url, tmp_path
):
    sign_in(page, live_server, api_user)
    page.goto("/analyzer")
    locked = tmp_path / "locked.pdf"
    locked.write_bytes(encrypted_pdf())
    page.get_by_label("Resume file (PDF or Word .docx)").set_input_files(str(locked))
    page.get_by_role("button", name="Analyze resume").click()
    alert = page.get_by_role("alert").filter(has_text="nothing was saved")
    expect(alert).to_be_visible()
    expect(alert).to_be_focused()
    expect(alert).to_contain_text("password")
    both_widths(page, screenshot, "01-encrypted")

    notes = tmp_path / "notes.pdf"
    notes.write_text("These are my shopping notes, not a resume at all.\n" * 5)
    page.get_by_label("Resume file (PDF or Word .docx)").set_input_files(str(notes))
    page.get_by_role("button", name="Analyze resume").click()
    expect(page.get_by_role("alert").filter(has_text="not a PDF or a Word")).to_be_visible()

    # Over the size limit: refused in the page before anything is sent.
    big = tmp_path / "big.pdf"
    big.write_bytes(b"%PDF-1.7\n" + b"0" * 5_100_000)
    page.get_by_label("Resume file (PDF or Word .docx)").set_input_files(str(big))
    page.get_by_role("button", name="Analyze resume").click()
    error = page.locator("#an-file-error")
    expect(error).to_be_visible()
    expect(error).to_contain_text("MB")
    expect(page.get_by_label("Resume file (PDF or Word .docx)")).to_be_focused()
    screenshot("02-too-large")
    assert analyzer_sessions(database_url, api_user["user_id"]) == 0
