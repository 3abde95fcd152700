"""A person signs up, logs in, edits their profile and logs out, in a real browser."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.conftest import STRONG_PASSWORD, unique_email


def test_sign_up_log_in_edit_profile_log_out(page, screenshot):
    email = unique_email()

    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("resume")
    screenshot("01-landing")

    page.get_by_role("link", name="Sign up free").click()
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill("short")
    page.get_by_role("button", name="Create account").click()
    expect(page.locator("#password-error")).to_contain_text("at least 10 characters")
    expect(page.get_by_label("Email")).to_have_value(email)
    screenshot("02-signup-rejected")

    page.get_by_label("Password").fill(STRONG_PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page).to_have_url("/dashboard")
    expect(page.get_by_text("Interviews left this month")).to_be_visible()
    screenshot("03-dashboard")

    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url("/login?logged_out=1")

    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill("a wrong password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert")).to_contain_text("do not match an account")
    screenshot("04-login-failed")

    page.get_by_label("Password").fill(STRONG_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url("/dashboard")

    page.get_by_role("link", name="Profile", exact=True).click()
    page.get_by_label("Full name").fill("Ada Lovelace <script>alert(1)</script>")
    page.get_by_label("Job title").fill("Analyst")
    page.get_by_label("Company").fill("Babbage & Co")
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_role("status")).to_contain_text("Profile saved")
    expect(page.get_by_label("Full name")).to_have_value("Ada Lovelace <script>alert(1)</script>")
    screenshot("05-profile-saved")

    page.get_by_role("link", name="Dashboard").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ada Lovelace <script>")
    expect(page.get_by_text("Babbage & Co")).to_be_visible()

    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    page.goto("/dashboard")
    expect(page).to_have_url("/login?next=/dashboard")
    screenshot("06-logged-out")


def test_pages_work_on_a_phone(browser, live_server, tmp_path):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 375, "height": 740}, is_mobile=True
    )
    page = context.new_page()
    page.goto("/signup")
    # Nothing overflows sideways on a narrow screen.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375
    expect(page.get_by_role("button", name="Create account")).to_be_visible()
    context.close()
