"""Upgrading in a real browser: pricing page -> Stripe Checkout (the loopback fake) -> success
page with the new plan; then Stripe's signed webhooks; then a failed renewal's banner."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from tests.billing.conftest import (  # noqa: F401  (fixtures used by name)
    billing_server,
    deliver,
    fake_stripe,
    sign_up,
)


@pytest.fixture
def live_server(billing_server):  # noqa: F811
    """The browser fixtures' server, here the one whose Stripe is the fake."""
    return billing_server


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_upgrade_through_checkout_shows_the_new_plan(page, screenshot, billing_server, fake_stripe):  # noqa: F811
    import httpx

    with httpx.Client(base_url=billing_server.url, timeout=30) as client:
        user = sign_up(client)
        page.context.add_cookies(
            [{"name": "rp_session", "value": user["token"], "url": billing_server.url}]
        )

        page.goto("/pricing")
        expect(page.get_by_role("heading", level=1)).to_have_text("Plans and pricing")
        starter = page.get_by_role("listitem").filter(has_text="Your plan")
        expect(starter.get_by_role("heading", level=2)).to_have_text("Starter")
        expect(page.get_by_role("button", name="Upgrade to Pro")).to_be_visible()
        screenshot("01-pricing")

        page.get_by_role("button", name="Upgrade to Pro").click()
        page.wait_for_url(f"{fake_stripe.url}/checkout/cs_*")  # the fake's hosted page
        expect(page.get_by_role("heading", level=1)).to_contain_text("$19.00 a month")
        screenshot("02-checkout")

        page.get_by_role("button", name="Pay and subscribe").click()
        page.wait_for_url(f"{billing_server.url}/billing/success?session_id=*")
        expect(page.get_by_role("heading", level=1)).to_have_text("You are on Pro")
        expect(page.locator("#new-plan")).to_contain_text("10 interviews")
        screenshot("03-success")
        sub_id = fake_stripe.sessions[page.url.split("session_id=", 1)[1]]["subscription"]

        # Stripe's webhooks arrive afterwards, signed; the plan stays, nothing is doubled.
        deliver(client, [e for e in fake_stripe.completed_events if sub_id in json.dumps(e)])
        page.goto("/dashboard")
        expect(page.locator(".stat-value").first).to_have_text("Pro")
        expect(page.get_by_text("Status: active")).to_be_visible()
        screenshot("04-dashboard")

        # The next renewal fails: every page shows the banner with a link to fix it.
        deliver(client, fake_stripe.renew(sub_id, paid=False))
        page.goto("/profile")
        banner = page.get_by_role("alert").filter(has_text="payment for Pro failed")
        expect(banner).to_be_visible()
        expect(banner.get_by_role("link", name="Pay the open invoice")).to_have_attribute(
            "href",
            fake_stripe.invoices[fake_stripe.subscriptions[sub_id]["latest_invoice"]][
                "hosted_invoice_url"
            ],
        )
        screenshot("05-payment-failed-banner")


def test_pricing_and_billing_work_on_a_phone(browser, billing_server, request):  # noqa: F811
    import httpx

    from tests.conftest import ARTIFACTS

    with httpx.Client(base_url=billing_server.url, timeout=30) as client:
        user = sign_up(client)
    context = browser.new_context(
        base_url=billing_server.url, viewport={"width": 375, "height": 740}, is_mobile=True
    )
    context.add_cookies([{"name": "rp_session", "value": user["token"], "url": billing_server.url}])
    page = context.new_page()
    folder = ARTIFACTS / "screenshots" / request.node.name
    folder.mkdir(parents=True, exist_ok=True)
    try:
        for path, name in (("/pricing", "pricing"), ("/billing", "billing")):
            page.goto(path)
            assert no_sideways_scroll(page), path
            page.screenshot(path=str(folder / f"{name}-phone.png"), full_page=True)
        # Keyboard: Tab reaches the first upgrade button with a visible focus ring.
        page.goto("/pricing")
        button = page.get_by_role("button", name="Upgrade to Pro")
        for _ in range(30):
            page.keyboard.press("Tab")
            if button.evaluate("b => b === document.activeElement"):
                break
        assert button.evaluate("b => b === document.activeElement")
        assert button.evaluate("b => getComputedStyle(b).outlineStyle") != "none"
    finally:
        context.close()
