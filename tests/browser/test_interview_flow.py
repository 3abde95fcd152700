"""A job seeker starts an interview, answers three questions, finishes, then edits bullets."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.conftest import ARTIFACTS
from tests.interviews.conftest import STORIES, give_plan


def sign_in(page, live_server, client, database_url, plan: str | None = "coach"):
    from tests.conftest import STRONG_PASSWORD, unique_email

    r = client.post("/api/auth/signup", json={"email": unique_email(), "password": STRONG_PASSWORD})
    user = r.json()
    if plan:
        give_plan(database_url, user["user_id"], plan)
    page.context.add_cookies(
        [{"name": "rp_session", "value": user["access_token"], "url": live_server.url}]
    )
    return user


def test_interview_then_edit_bullets(page, live_server, client, database_url, screenshot):
    sign_in(page, live_server, client, database_url)
    page.goto("/interviews")
    expect(page.get_by_role("heading", name="Mock interviews")).to_be_visible()
    expect(page.get_by_label("Job title (for “Other”)")).to_be_hidden()
    page.get_by_label("Target role").select_option("software_engineer")
    page.get_by_label("Your title there").fill("Staff Engineer")
    page.get_by_label("Company or organisation").fill("Acme <Labs>")
    page.get_by_label("Started").fill("2019-03")
    page.get_by_label("I work here now").check()
    screenshot("01-start-form")
    page.get_by_role("button", name="Start interview").click()

    expect(page).to_have_url(re.compile(r"/interviews/[0-9a-f-]{36}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Software Engineer interview")
    expect(page.get_by_text("Staff Engineer at Acme <Labs> (Mar 2019 – Present)")).to_be_visible()
    log = page.get_by_role("log")
    expect(log.locator(".iv-ai")).to_have_count(1)
    screenshot("02-first-question")

    box = page.get_by_label("Your answer")
    for i, story in enumerate(STORIES, start=1):
        box.fill(story)
        if i == 2:
            box.press("Control+Enter")  # the keyboard shortcut sends too
        else:
            page.get_by_role("button", name="Send answer").click()
        expect(log.locator(".iv-ai")).to_have_count(i + 1)
        expect(log.locator(".iv-user")).to_have_count(i)
        expect(box).to_be_focused()
        expect(box).to_have_value("")
    expect(page.locator("#iv-answers li").first).to_be_visible()
    expect(page.locator("#iv-answers")).to_contain_text("12%")
    screenshot("03-three-answers")

    # Without typing anything, sending says what to do instead of storing an empty turn.
    page.get_by_role("button", name="Send answer").click()
    expect(page.locator("#answer-error")).to_contain_text("Type an answer first")

    # Reload: the interview resumes exactly where it stopped.
    page.reload()
    expect(log.locator(".iv-turn")).to_have_count(7)
    page.get_by_role("button", name="Finish").click()
    expect(page.get_by_role("heading", name="Interview complete")).to_be_focused()
    expect(page.get_by_label("Your answer")).to_have_count(0)
    screenshot("04-finished")

    page.get_by_role("link", name="Open the bullets library").click()
    expect(
        page.get_by_role("heading", name="Staff Engineer at Acme <Labs> (Mar 2019 – Present)")
    ).to_be_visible()
    first = page.locator(".bl-item").first
    original = first.locator(".bl-text").inner_text()
    first.hover()
    expect(page.locator("[data-transcript] mark").first).to_have_count(1)
    first.get_by_role("button", name="Star").click()
    first = page.locator(".bl-item").first
    expect(first.get_by_role("button", name="Starred")).to_have_attribute("aria-pressed", "true")
    expect(first.get_by_role("button", name="Starred")).to_be_focused()
    first.get_by_role("button", name="Use on resume").click()
    expect(page.locator("#bl-chosen")).to_have_text("1")
    first = page.locator(".bl-item").first
    first.get_by_text("Edit", exact=True).click()
    first.get_by_label("Edit bullet").fill("Rebuilt checkout in Go, lifting conversion 55%")
    first.get_by_role("button", name="Save bullet").click()
    first = page.locator(".bl-item").first
    expect(first.locator(".bl-text")).to_have_text("Rebuilt checkout in Go, lifting conversion 55%")
    expect(first.locator(".bl-warn")).to_contain_text("55% is not in what you said")
    screenshot("05-library-edited")
    assert original != "Rebuilt checkout in Go, lifting conversion 55%"

    second_text = page.locator(".bl-item").nth(1).locator(".bl-text").inner_text()
    page.locator(".bl-item").nth(1).get_by_role("button", name="Move up").click()
    expect(page.locator(".bl-item").first.locator(".bl-text")).to_have_text(second_text)
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator(".bl-item").first.get_by_role("button", name="Delete").click()
    expect(page.get_by_text(second_text, exact=True)).to_have_count(0)
    page.locator(".bl-answer").first.get_by_role("button", name="Rewrite bullets").click()
    expect(page.locator(".bl-answer").first.get_by_role("status").first).to_contain_text(
        "rewritten"
    )
    screenshot("06-library-after-rewrite")


def test_limit_reached_shows_reset_date_and_upgrade(
    page, live_server, client, database_url, screenshot
):
    sign_in(page, live_server, client, database_url, plan=None)
    page.goto("/interviews")
    page.get_by_label("Target role").select_option("other")
    expect(page.get_by_label("Job title (for “Other”)")).to_be_focused()
    page.get_by_label("Job title (for “Other”)").fill("Barista")
    page.get_by_role("button", name="Start interview").click()
    expect(page.get_by_role("log")).to_contain_text("Barista")
    page.goto("/interviews")
    page.get_by_label("Target role").select_option("teacher")
    page.get_by_role("button", name="Start interview").click()
    alert = page.locator("#limit-notice")
    expect(alert).to_contain_text("no interviews left this month")
    expect(alert).to_contain_text("resets on")
    expect(alert.get_by_role("link", name="See plans and upgrade")).to_have_attribute(
        "href", "/pricing"
    )
    screenshot("limit-reached")


def test_chat_and_library_fit_a_phone(browser, live_server, client, database_url):
    shots = ARTIFACTS / "screenshots" / "test_chat_and_library_fit_a_phone"
    shots.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 375, "height": 740}, is_mobile=True
    )
    page = context.new_page()
    sign_in(page, live_server, client, database_url)
    page.goto("/interviews")
    page.get_by_label("Target role").select_option("nurse")
    page.get_by_role("button", name="Start interview").click()
    page.get_by_label("Your answer").fill(STORIES[0])
    page.get_by_role("button", name="Send answer").click()
    expect(page.locator(".iv-user")).to_have_count(1)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=str(shots / "phone-chat.png"), full_page=True)
    page.goto("/bullets")
    expect(page.locator(".bl-item").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=str(shots / "phone-library.png"), full_page=True)
    context.close()
