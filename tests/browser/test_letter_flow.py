"""A person writes a cover letter for a job from their resume draft, edits it in place and
downloads it as PDF; a plan without cover letters gets the refusal page. In a real browser."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import expect

from tests.letters.web_support import POSTING, letters_of, make_draft, on_plan


def sign_in(page, live_server, user) -> None:
    page.context.add_cookies(
        [{"name": "rp_session", "value": user["token"], "url": live_server.url}]
    )


def both_widths(page, screenshot, name: str) -> None:
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        screenshot(f"{name}-{width}")
    page.set_viewport_size({"width": 1280, "height": 900})


def test_job_to_letter_to_edit_to_pdf(
    page, screenshot, live_server, client, api_user, database_url, tmp_path
):
    on_plan(database_url, api_user["user_id"], "career")
    make_draft(client, api_user)
    sign_in(page, live_server, api_user)
    page.goto("/dashboard")
    page.get_by_role("link", name="Write a cover letter").click()
    expect(page.get_by_role("heading", name="Cover letters", level=1)).to_be_visible()
    expect(page.get_by_text("3 cover letters left this month")).to_be_visible()
    page.get_by_label("Resume draft").select_option(label="Analyst (Tomasz Lindqvist)")
    page.get_by_label("Job posting", exact=True).fill(POSTING)
    page.get_by_label("Warm").check()
    both_widths(page, screenshot, "01-new-letter")
    page.get_by_role("button", name="Write cover letter").click()

    expect(page).to_have_url(re.compile(r"/letters/[0-9a-f-]{36}\?saved=2$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Senior Data Analyst at Harbor Health"
    )
    body = page.get_by_label("Your letter")
    expect(body).to_contain_text("Power BI")
    expect(page.get_by_role("heading", name="Where each claim comes from")).to_be_visible()
    expect(page.get_by_role("button", name="Open in Overleaf")).to_be_visible()
    both_widths(page, screenshot, "02-letter")

    body.fill(body.input_value().replace("Power BI", "Power BI (my favourite tool)", 1))
    page.get_by_label("Look (the resume template it matches)").select_option("academic")
    page.get_by_role("button", name="Save letter").click()
    expect(page.get_by_role("status")).to_contain_text("Letter saved.")
    expect(page.get_by_label("Your letter")).to_contain_text("my favourite tool")

    with page.expect_download() as info:
        page.get_by_role("link", name="PDF").click()
    download = info.value
    assert download.suggested_filename.endswith("-academic.pdf")
    pdf = Path(download.path()).read_bytes()
    assert pdf.startswith(b"%PDF")
    import subprocess

    (tmp_path / "letter.pdf").write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "letter.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "my favourite tool" in " ".join(text.split())
    both_widths(page, screenshot, "03-saved")
    assert letters_of(database_url, api_user["user_id"]) == 1


def test_a_plan_without_cover_letters_gets_the_refusal_page(
    page, screenshot, live_server, client, api_user, database_url
):
    make_draft(client, api_user)
    sign_in(page, live_server, api_user)
    page.goto("/letters")
    page.get_by_label("Job posting", exact=True).fill(POSTING)
    page.get_by_role("button", name="Write cover letter").click()
    expect(page.get_by_role("heading", name="Not included in your plan")).to_be_visible()
    expect(page.get_by_text("resets on", exact=False).first).to_be_visible()
    expect(page.get_by_role("link", name="See plans and upgrade")).to_have_attribute(
        "href", "/pricing"
    )
    both_widths(page, screenshot, "01-refused")
    assert letters_of(database_url, api_user["user_id"]) == 0
