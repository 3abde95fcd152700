"""A resume too long to fit on one page: the person generates it, and the page says why it was
refused and what to change, in a real browser."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.resumes.render_support import draft_of, long_resume
from tests.resumes.web_support import run_render_jobs


def test_the_refusal_and_what_to_change_show_on_the_page(
    page, screenshot, live_server, client, api_user, database_url
):
    # Four pages with "Fit to one page" on: over the three pages fitting is tried for.
    draft_id = draft_of(client, api_user, long_resume(2), fit=True)
    page.context.add_cookies(
        [{"name": "rp_session", "value": api_user["token"], "url": live_server.url}]
    )

    page.goto(f"/resumes/{draft_id}")
    page.get_by_role("button", name="Generate resume").click()
    expect(page).to_have_url(re.compile(r"/resumes/generations/[0-9a-f-]+$"))
    expect(page.get_by_role("heading", name="Rendering your resume")).to_be_visible()
    run_render_jobs(database_url)

    # The page notices the render ended and shows the reason in place of the progress bar.
    expect(page.get_by_role("heading", name="This resume could not be rendered")).to_be_visible(
        timeout=15_000
    )
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("This resume runs to 4 pages, too long to fit on one page")
    expect(alert).to_contain_text("Turn off 'Fit to one page' or shorten the resume")
    expect(page.get_by_role("link", name="Back to the builder")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("Download"))).to_have_count(0)
    screenshot("refused")

    # Back in the builder, turning fitting off renders the same resume.
    page.get_by_role("link", name="Back to the builder").click()
    fit = page.get_by_label(re.compile("Fit to one page"))
    expect(fit).to_be_checked()
    fit.uncheck()
    page.get_by_role("button", name="Generate resume").click()
    expect(page.get_by_role("heading", name="Rendering your resume")).to_be_visible()
    run_render_jobs(database_url)
    expect(page.get_by_role("link", name="Download PDF")).to_be_visible(timeout=15_000)
    expect(page.locator("#page-count")).to_have_text("4 pages")
    screenshot("rendered-without-fitting")
