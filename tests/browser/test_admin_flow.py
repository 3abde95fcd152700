"""The admin console in a real browser at desktop (1280 px) and phone (390 px) widths: every
page renders, fits the screen, labels its fields, and an admin disables a user with a reason."""

from __future__ import annotations

import httpx
import psycopg
import pytest
from playwright.sync_api import expect

from tests.admin.conftest import sign_up
from tests.conftest import ARTIFACTS

WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}
# Obvious accessibility faults, checked on every page: fields without a label, images without a
# name, buttons and links without text, headings that skip a level, more than one h1.
A11Y_PROBLEMS = """() => {
  const problems = [];
  for (const el of document.querySelectorAll('input:not([type=hidden]), select, textarea')) {
    const labelled = el.labels && el.labels.length || el.getAttribute('aria-label')
      || el.getAttribute('aria-labelledby');
    if (!labelled) problems.push('unlabelled field ' + (el.name || el.id));
  }
  for (const el of document.querySelectorAll('svg[role=img]')) {
    if (!el.querySelector('title') || !el.querySelector('title').textContent.trim())
      problems.push('chart without a title');
  }
  for (const el of document.querySelectorAll('a, button')) {
    if (!el.textContent.trim() && !el.getAttribute('aria-label'))
      problems.push('empty ' + el.tagName);
  }
  if (document.querySelectorAll('h1').length !== 1) problems.push('h1 count');
  let last = 1;
  for (const h of document.querySelectorAll('h1, h2, h3, h4')) {
    const level = Number(h.tagName[1]);
    if (level > last + 1) problems.push('heading jumps to ' + h.tagName);
    last = level;
  }
  if (!document.documentElement.lang) problems.push('no lang');
  if (document.documentElement.scrollWidth > window.innerWidth) problems.push('sideways scroll');
  return problems;
}"""


@pytest.fixture
def people(live_server, database_url):
    with httpx.Client(base_url=live_server.url, timeout=30) as client:
        admin, user = sign_up(client), sign_up(client)
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute("SELECT admin_grant(%s, 'super_admin', '{}')", [admin["email"]])
        conn.execute(
            "INSERT INTO system_events (event_type, event_data) VALUES"
            " ('render.failed', '{\"duration_ms\": 840}')"
        )
    return admin, user


@pytest.mark.parametrize("width", list(WIDTHS))
def test_admin_pages_at_desktop_and_phone_widths(browser, live_server, people, width, request):
    admin, user = people
    w, h = WIDTHS[width]
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": w, "height": h}, is_mobile=width == "phone"
    )
    context.add_cookies([{"name": "rp_session", "value": admin["token"], "url": live_server.url}])
    page = context.new_page()
    folder = ARTIFACTS / "screenshots" / request.node.name
    folder.mkdir(parents=True, exist_ok=True)
    try:
        page.goto("/dashboard")
        page.get_by_role("link", name="Admin").click()
        expect(page.get_by_role("heading", name="Overview")).to_be_visible()
        pages = [
            ("overview", "/admin"),
            ("users", "/admin/users?q=" + user["email"]),
            ("user", f"/admin/users/{user['user_id']}"),
            ("billing", "/admin/billing"),
            ("events", "/admin/events?type=render.*"),
            ("admins", "/admin/admins"),
        ]
        for name, path in pages:
            page.goto(path)
            assert page.evaluate(A11Y_PROBLEMS) == [], f"{name} at {width}"
            page.screenshot(path=str(folder / f"{name}-{width}.png"), full_page=True)
        page.goto("/admin/users?q=" + user["email"])
        page.get_by_role("link", name=user["email"]).click()
        page.get_by_label("Reason to disable this account").fill("reported for spam")
        page.get_by_role("button", name="Disable account").click()
        expect(page.get_by_role("status")).to_contain_text("The account is disabled")
        expect(page.get_by_role("button", name="Enable account")).to_be_visible()
        expect(page.locator(".event-data").first).to_contain_text("reported for spam")
        assert page.evaluate(A11Y_PROBLEMS) == [], f"user page after disabling at {width}"
        page.screenshot(path=str(folder / f"after-disable-{width}.png"), full_page=True)
        page.get_by_label("Reason to enable this account").fill("cleared after review")
        page.get_by_role("button", name="Enable account").click()
        expect(page.get_by_role("status")).to_contain_text("can sign in again")
    finally:
        context.close()
