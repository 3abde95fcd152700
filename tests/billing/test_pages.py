"""The pricing, billing and dashboard pages as a visitor, a free user and a subscriber see them."""

from __future__ import annotations

import re

from tests.billing.conftest import deliver, subscribe


def cookie(user) -> dict:
    return {"Cookie": f"rp_session={user['token']}"}


def card(html: str, plan: str) -> str:
    """One plan's card on the pricing page."""
    chunks = html.split('<li class="card plan-card')[1:]
    found = [
        c.split('</ul>\n<p class="muted small pricing-foot')[0]
        for c in chunks
        if f'aria-labelledby="plan-{plan}"' in c.split(">", 1)[0]
    ]
    assert len(found) == 1, plan
    return found[0]


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def test_visitors_see_every_plan_with_limits_and_price(bclient):
    html = bclient.get("/pricing").text
    assert "Starter" in text(card(html, "starter")) and "Free" in card(html, "starter")
    assert "1 mock interview a month" in text(card(html, "starter"))
    assert "No cover letters" in text(card(html, "starter"))
    assert "$19 / month" in text(card(html, "pro")) and "10 mock interviews" in text(
        card(html, "pro")
    )
    career = text(card(html, "career"))
    assert "$39 / month" in career and "30 mock interviews" in career
    assert "3 cover letters a month" in career
    coach = text(card(html, "coach"))
    assert "Unlimited mock interviews" in coach and "Unlimited cover letters" in coach
    assert 'href="/signup"' in card(html, "pro")


def test_a_free_user_sees_their_plan_highlighted_and_upgrade_buttons(bclient, account):
    html = bclient.get("/pricing", headers=cookie(account)).text
    assert "plan-current" in card(html, "starter") and "Your plan" in card(html, "starter")
    for plan in ("pro", "career", "coach"):
        assert "plan-current" not in card(html, plan)
        assert f'name="plan" value="{plan}"' in card(html, plan)
        assert 'action="/billing/checkout"' in card(html, plan)


def test_a_subscriber_sees_their_plan_and_switches_through_the_portal(
    bclient, fake_stripe, account
):
    subscribe(bclient, fake_stripe, account, "career")
    html = bclient.get("/pricing", headers=cookie(account)).text
    assert "plan-current" in card(html, "career")
    assert 'action="/billing/portal"' in card(html, "coach")
    assert "/billing/checkout" not in html


def test_dashboard_shows_plan_status_and_what_is_left(bclient, fake_stripe, account):
    page = text(bclient.get("/dashboard", headers=cookie(account)).text)
    assert "Plan Starter Status: free plan" in page
    assert "Interviews left this month 1" in page
    sub = subscribe(bclient, fake_stripe, account, "pro")
    page = text(bclient.get("/dashboard", headers=cookie(account)).text)
    assert "Plan Pro Status: active" in page and "Interviews left this month 10" in page
    deliver(bclient, fake_stripe.update(sub["id"], cancel_at_period_end=True))
    page = text(bclient.get("/dashboard", headers=cookie(account)).text)
    assert re.search(r"Ends on \w+ \d+, \d{4}", page)


def test_billing_page_shows_usage_and_payments(bclient, fake_stripe, account):
    subscribe(bclient, fake_stripe, account, "career")
    page = text(bclient.get("/billing", headers=cookie(account)).text)
    assert "Current plan Career Active" in page
    assert "30 of 30 left" in page and "3 of 3 left" in page
    assert "39.00 USD Paid" in page and "Renews on" in page


def test_the_banner_reaches_pages_that_do_not_render_it(bclient, fake_stripe, account):
    assert bclient.get("/billing/alert", headers=cookie(account)).status_code == 204
    sub = subscribe(bclient, fake_stripe, account, "pro")
    deliver(bclient, fake_stripe.renew(sub["id"], paid=False))
    r = bclient.get("/billing/alert", headers=cookie(account))
    assert r.status_code == 200 and r.json()["kind"] == "past_due"
    assert r.json()["fix_url"].startswith(fake_stripe.url + "/invoice/")
    profile = bclient.get("/profile", headers=cookie(account)).text
    assert 'id="billing-banner"' in profile and "/static/billing.js" in profile
    assert bclient.get("/billing/alert").status_code == 204  # visitors: nothing to show


def test_plans_api_is_public(bclient):
    plans = bclient.get("/api/plans").json()
    assert [
        (p["name"], p["interviews_per_month"], p["cover_letters_per_month"]) for p in plans
    ] == [("starter", 1, 0), ("pro", 10, 0), ("career", 30, 3), ("coach", -1, -1)]
