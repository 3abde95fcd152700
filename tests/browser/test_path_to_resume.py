"""One path from interview to resume: interview -> finish -> choose bullets -> a new draft shows
them under the right job -> PDF. Screenshots at 1280 and 390 px; no page overflows a phone; the
builder's sticky bar never covers the focused field."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import expect

from tests.browser.test_interview_flow import sign_in
from tests.conftest import ARTIFACTS
from tests.interviews.conftest import STORIES
from tests.resumes.web_support import run_render_jobs

PHONE = 390
PAGES = [
    "/dashboard",
    "/interviews",
    "/bullets",
    "/resumes",
    "/pricing",
    "/billing",
    "/profile",
    "/no-such-page",
]


def shoot(page, name: str) -> None:
    folder = ARTIFACTS / "screenshots" / "test_path_to_resume"
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def interview_and_choose(page) -> str:
    """Runs an interview about Acme, finishes, chooses one bullet; returns its text."""
    page.goto("/interviews")
    page.get_by_label("Target role").select_option("software_engineer")
    page.get_by_label("Your title there").fill("Staff Engineer")
    page.get_by_label("Company or organisation").fill("Acme")
    page.get_by_label("Started").fill("2019-03")
    page.get_by_label("I work here now").check()
    page.get_by_role("button", name="Start interview").click()
    expect(page).to_have_url(re.compile(r"/interviews/[0-9a-f-]{36}$"))
    box = page.get_by_label("Your answer")
    expect(box).to_be_focused()
    log = page.get_by_role("log")
    # Back after Skip brings the skipped question back, in its own words.
    first_question = log.locator(".iv-ai .iv-msg").last.inner_text()
    page.get_by_role("button", name="Skip").click()
    expect(log.locator(".iv-ai")).to_have_count(2)
    page.get_by_role("button", name="Back").click()
    expect(log.locator(".iv-ai")).to_have_count(3)
    expect(log.locator(".iv-ai .iv-msg").last).to_have_text(first_question)
    expect(box).to_be_focused()
    expect(page.locator("#iv-thinking")).to_have_text("")
    for i, story in enumerate(STORIES[:2], start=1):
        box.fill(story)
        page.get_by_role("button", name="Send answer").click()
        expect(log.locator(".iv-user")).to_have_count(i + 2)
    page.get_by_role("button", name="Finish").click()
    expect(page.get_by_role("heading", name="Interview complete")).to_be_focused()
    page.get_by_role("link", name="Open the bullets library").click()

    first = page.locator(".bl-item").first
    expect(first.locator(".tag-engine")).to_have_text(
        "Offline engine: rephrases only what you said"
    )
    before = first.locator(".bl-text").inner_text()
    first.get_by_role("button", name="Reword").click()
    first = page.locator(".bl-item").first
    expect(first.locator(".bl-text")).not_to_have_text(before)
    expect(page.locator(".bl-answer").first.get_by_role("status").first).to_contain_text("reworded")
    chosen = first.locator(".bl-text").inner_text()
    first.get_by_role("button", name="Use on resume").click()
    expect(page.locator("#bl-chosen")).to_have_text("1")
    return chosen


def test_interview_to_pdf_with_the_chosen_bullets_under_their_job(
    browser, live_server, client, database_url
):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    user = sign_in(page, live_server, client, database_url)
    client.patch(
        "/api/me",
        headers={"Authorization": f"Bearer {user['access_token']}"},
        json={"full_name": "Dana Reyes"},
    )
    page.goto("/dashboard")
    expect(page.get_by_role("heading", name="Start an interview")).to_be_visible()
    chosen = interview_and_choose(page)
    shoot(page, "1280-01-library")

    page.goto("/dashboard")
    expect(page.get_by_role("heading", name="Build your resume")).to_be_visible()
    page.get_by_role("link", name="Build your resume").click()
    page.get_by_role("button", name="Start a new resume").click()
    expect(page.get_by_role("status")).to_contain_text("under the jobs they came from")
    expect(page.locator("#work-0-name")).to_have_value("Acme")
    expect(page.locator("#work-0-position")).to_have_value("Staff Engineer")
    expect(page.locator("#work-0-startDate")).to_have_value("2019-03")
    expect(page.locator("#work-0-highlights")).to_have_value(chosen)
    shoot(page, "1280-02-builder")

    page.get_by_role("button", name="Generate resume").click()
    expect(page).to_have_url(re.compile(r"/resumes/generations/[0-9a-f-]+$"))
    run_render_jobs(database_url)
    expect(page.get_by_role("link", name="Download PDF")).to_be_visible(timeout=15_000)
    shoot(page, "1280-03-ready")
    with page.expect_download() as info:
        page.get_by_role("link", name="Download PDF").click()
    pdf = Path(info.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF")
    context.close()


def test_the_path_fits_a_390px_phone(browser, live_server, client, database_url):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": PHONE, "height": 780}, is_mobile=True
    )
    page = context.new_page()
    user = sign_in(page, live_server, client, database_url)
    client.patch(
        "/api/me",
        headers={"Authorization": f"Bearer {user['access_token']}"},
        json={"full_name": "Dana Reyes"},
    )
    interview_and_choose(page)
    shoot(page, "390-01-library")
    page.goto("/resumes")
    page.get_by_role("button", name="Start a new resume").click()
    expect(page.locator("#work-0-name")).to_have_value("Acme")
    shoot(page, "390-02-builder")

    # Every field of the builder, once focused, is clear of the sticky action bar.
    bar = page.locator(".res-actionbar")
    fields = page.locator(
        "form input:not([type=hidden]):visible, form textarea:visible, form select:visible"
    )
    covered = []
    for i in range(fields.count()):
        field = fields.nth(i)
        field.focus()
        box, top = field.bounding_box(), bar.bounding_box()
        assert box and top
        bar_top, bar_bottom = top["y"], top["y"] + top["height"]
        if box["y"] + box["height"] > bar_top + 1 and box["y"] < bar_bottom:
            covered.append(field.get_attribute("id"))
    assert covered == []

    overflowing = {}
    for path in [*PAGES, page.url]:
        page.goto(path)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE:
            overflowing[path] = width
    assert overflowing == {}
    page.goto("/dashboard")
    shoot(page, "390-03-dashboard")
    context.close()
