"""The Content-Security-Policy breaks nothing: Chromium loads every page without a single
violation, forms still submit and script-driven widgets still work."""

from __future__ import annotations

import re

import psycopg
from playwright.sync_api import expect

from resumepilot.app import create_app
from resumepilot.config import Settings
from resumepilot.web.protocol import every_route
from tests.conftest import STRONG_PASSWORD, unique_email
from tests.interviews.conftest import STORY

# Runs before any page script, and is not itself subject to the page's policy.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(e.violatedDirective + " blocked " + (e.blockedURI || "inline"));
});
"""


def page_paths() -> list[str]:
    """Every page (not API, not a parameterised address) the app answers with GET."""
    app = create_app(Settings(RESUMEPILOT_IN_PROCESS_WORKER=False), "postgresql://unused/x")
    paths = set()
    for route in every_route(app.routes):
        path = getattr(route, "path", None) or ""
        methods = getattr(route, "methods", None) or set()
        skipped = ("/api/", "/webhooks/", "/static", "/metrics", "/docs", "/redoc", "/openapi")
        if "GET" in methods and "{" not in path and not path.startswith(skipped):
            paths.add(path)
    return sorted(paths)


class Violations:
    """CSP violations Chromium reports, as console messages or page events."""

    def __init__(self, page):
        self.page = page
        self.console: list[str] = []
        page.add_init_script(RECORD_VIOLATIONS)
        page.on("console", self._console)

    def _console(self, message) -> None:
        if "Content Security Policy" in message.text:
            self.console.append(message.text)

    def assert_none(self, where: str) -> None:
        events = self.page.evaluate("window.__cspViolations || []")
        assert self.console == [] and events == [], (
            f"CSP violations on {where}: {self.console} {events}"
        )


def test_every_page_loads_without_a_csp_violation(page, database_url, screenshot):
    violations = Violations(page)
    email = unique_email()

    page.goto("/")  # the landing page (signed-in visitors are sent to their dashboard)
    expect(page.get_by_role("heading", level=1)).to_contain_text("resume")
    violations.assert_none("/")

    # A form submits (sign-up), under the policy's form-action.
    page.goto("/signup")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(STRONG_PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page).to_have_url("/dashboard")
    violations.assert_none("/signup")
    # An admin sees every page, the console's charts included.
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute("SELECT admin_grant(%s, 'super_admin', '{}')", [email])

    visited = []
    for path in page_paths():
        # Some GET addresses answer JSON or nothing (204) for scripts: only pages are loaded.
        probe = page.request.get(path, max_redirects=0)
        if "text/html" not in probe.headers.get("content-type", ""):
            continue
        response = page.goto(path)
        assert response is not None
        assert "content-security-policy" in response.headers, path
        page.wait_for_load_state("networkidle")
        violations.assert_none(path)
        visited.append(path)
    assert {"/dashboard", "/interviews", "/bullets", "/resumes", "/profile", "/admin"} <= set(
        visited
    )
    # The chart legend's colors come from admin.css now, not from inline styles.
    page.goto("/admin")
    swatch = page.locator(".chart-legend .swatch").first
    expect(swatch).to_have_css("background-color", "rgb(37, 99, 235)")
    screenshot("admin-under-csp")
    # The stylesheet applied: the page shell is styled, not browser defaults.
    page.goto("/dashboard")
    font = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert "Times" not in font
    screenshot("dashboard-under-csp")


def test_script_driven_widgets_work_under_the_policy(page, client, live_server, screenshot):
    violations = Violations(page)
    user = client.post(
        "/api/auth/signup", json={"email": unique_email(), "password": STRONG_PASSWORD}
    ).json()
    page.context.add_cookies(
        [{"name": "rp_session", "value": user["access_token"], "url": live_server.url}]
    )
    page.goto("/interviews")
    # interview.js shows the free job title only for "Other".
    title = page.get_by_label("Job title (for “Other”)")
    expect(title).to_be_hidden()
    page.get_by_label("Target role").select_option("other")
    expect(title).to_be_visible()
    page.get_by_label("Target role").select_option("software_engineer")
    expect(title).to_be_hidden()
    page.get_by_role("button", name="Start interview").click()
    expect(page).to_have_url(re.compile(r"/interviews/[0-9a-f-]{36}$"))

    # The chat answers over fetch, without a page reload.
    log = page.get_by_role("log")
    expect(log.locator(".iv-ai")).to_have_count(1)
    page.get_by_label("Your answer").fill(STORY)
    page.get_by_role("button", name="Send answer").click()
    expect(log.locator(".iv-user")).to_have_count(1)
    expect(log.locator(".iv-ai")).to_have_count(2)
    screenshot("chat-under-csp")
    violations.assert_none("the interview chat")
