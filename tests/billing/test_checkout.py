"""Checkout, the success and cancel pages, the customer portal, and a server without Stripe."""

from __future__ import annotations

import re
import threading

import httpx
import pytest

from tests.billing.conftest import deliver, rows, sign_up, start_checkout, status_of, subscribe
from tests.conftest import LiveServer


def csrf_from(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def cookie(user) -> dict:
    return {"Cookie": f"rp_session={user['token']}"}


def test_checkout_is_tied_to_the_user_with_one_customer(bclient, fake_stripe, account, db):
    first = start_checkout(bclient, account, "pro")
    second = start_checkout(bclient, account, "career")
    s1, s2 = fake_stripe.sessions[first], fake_stripe.sessions[second]
    assert s1["customer"] == s2["customer"]
    assert fake_stripe.customers[s1["customer"]]["metadata"] == {"user_id": account["user_id"]}
    for s in (s1, s2):
        assert s["client_reference_id"] == account["user_id"]
        assert s["metadata"]["user_id"] == account["user_id"]
        assert s["subscription_data"]["metadata"]["user_id"] == account["user_id"]
        assert s["success_url"].endswith("/billing/success?session_id={CHECKOUT_SESSION_ID}")
    # Only one session can be paid: the earlier one was expired at Stripe.
    assert (s1["status"], s2["status"]) == ("expired", "open")
    assert s2["_price"] == "price_career"
    assert rows(
        db,
        "SELECT stripe_customer_id, open_checkout_session_id FROM billing_customers"
        " WHERE user_id = %s",
        account["user_id"],
    ) == [{"stripe_customer_id": s1["customer"], "open_checkout_session_id": second}]


def test_parallel_upgrade_clicks_make_one_customer(billing_server, fake_stripe, account):
    urls: list[str] = []
    barrier = threading.Barrier(6)

    def click() -> None:
        with httpx.Client(base_url=billing_server.url, timeout=30) as c:
            barrier.wait()
            r = c.post("/api/billing/checkout", json={"plan": "pro"}, headers=account["headers"])
            assert r.status_code == 200, r.text
            urls.append(r.json()["url"])

    threads = [threading.Thread(target=click) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    sessions = [fake_stripe.sessions[u.rsplit("/", 1)[1]] for u in urls]
    assert len({s["customer"] for s in sessions}) == 1
    assert [s["status"] for s in sessions].count("open") == 1


def test_success_page_shows_the_new_plan_before_any_webhook(bclient, fake_stripe, account, db):
    session_id = start_checkout(bclient, account, "career")
    events = fake_stripe.complete_checkout(session_id)  # nothing delivered yet
    r = bclient.get(f"/billing/success?session_id={session_id}", headers=cookie(account))
    assert r.status_code == 200
    assert "You are on Career" in r.text and "30 interviews" in r.text
    assert status_of(bclient, account)["plan_name"] == "career"
    # The webhooks that follow find the same state and change nothing.
    before = rows(db, "SELECT * FROM subscriptions WHERE user_id = %s", account["user_id"])
    deliver(bclient, events)
    after = rows(db, "SELECT * FROM subscriptions WHERE user_id = %s", account["user_id"])
    assert [dict(r, updated_at=None, stripe_updated_at=None) for r in after] == [
        dict(r, updated_at=None, stripe_updated_at=None) for r in before
    ]
    assert (
        len(
            rows(
                db,
                "SELECT 1 FROM system_events WHERE user_id = %s AND event_type ="
                " 'billing.plan_changed'",
                account["user_id"],
            )
        )
        == 1
    )


def test_success_page_before_payment_says_pending(bclient, account):
    session_id = start_checkout(bclient, account, "pro")
    r = bclient.get(f"/billing/success?session_id={session_id}", headers=cookie(account))
    assert r.status_code == 200 and "still confirming" in r.text
    assert status_of(bclient, account)["plan_name"] == "starter"


@pytest.mark.parametrize("session_id", ["", "cs_nonexistent", "../../v1/customers", "x" * 400])
def test_success_page_refuses_unknown_sessions(bclient, account, session_id):
    r = bclient.get("/billing/success", params={"session_id": session_id}, headers=cookie(account))
    assert r.status_code == 404


def test_nobody_can_claim_another_users_checkout(bclient, fake_stripe, account):
    session_id = start_checkout(bclient, account, "coach")
    fake_stripe.complete_checkout(session_id)
    thief = sign_up(bclient)
    r = bclient.get(f"/billing/success?session_id={session_id}", headers=cookie(thief))
    assert r.status_code == 404
    assert status_of(bclient, thief)["plan_name"] == "starter"


def test_checkout_refuses_unknown_plans_and_existing_subscribers(bclient, fake_stripe, account):
    for plan in ("starter", "platinum", ""):
        r = bclient.post("/api/billing/checkout", json={"plan": plan}, headers=account["headers"])
        assert r.status_code == 422, plan
    subscribe(bclient, fake_stripe, account, "pro")
    r = bclient.post("/api/billing/checkout", json={"plan": "coach"}, headers=account["headers"])
    assert r.status_code == 409 and "Manage billing" in r.json()["error"]["message"]


def test_checkout_form_redirects_to_stripe_and_needs_csrf(bclient, fake_stripe, account):
    html = bclient.get("/pricing", headers=cookie(account)).text
    r = bclient.post(
        "/billing/checkout", data={"plan": "pro", "csrf_token": "forged"}, headers=cookie(account)
    )
    assert r.status_code == 403
    r = bclient.post(
        "/billing/checkout",
        data={"plan": "pro", "csrf_token": csrf_from(html)},
        headers=cookie(account),
    )
    assert r.status_code == 303 and r.headers["location"].startswith(fake_stripe.url + "/checkout/")


def test_manage_billing_opens_the_portal_for_the_users_customer(bclient, fake_stripe, account):
    html = bclient.get("/billing", headers=cookie(account)).text
    r = bclient.post(
        "/billing/portal", data={"csrf_token": csrf_from(html)}, headers=cookie(account)
    )
    assert r.status_code == 404  # no customer yet: nothing to manage
    sub = subscribe(bclient, fake_stripe, account, "pro")
    html = bclient.get("/billing", headers=cookie(account)).text
    assert "Manage billing" in html
    r = bclient.post(
        "/billing/portal", data={"csrf_token": csrf_from(html)}, headers=cookie(account)
    )
    assert r.status_code == 303 and r.headers["location"].startswith(fake_stripe.url + "/portal/")
    # In the portal the user switches to Coach; Stripe's webhooks have not arrived yet.
    fake_stripe.update(sub["id"], price="price_coach")
    back = httpx.get(r.headers["location"], follow_redirects=False)
    assert back.headers["location"].endswith("/billing?from=portal")
    html = bclient.get(back.headers["location"], headers=cookie(account)).text
    assert re.search(r'<p class="stat-value">Coach</p>', html)
    assert status_of(bclient, account)["plan_name"] == "coach"


def test_cancel_page_says_nothing_was_charged(bclient, account):
    r = bclient.get("/billing/cancel", headers=cookie(account))
    assert r.status_code == 200 and "Nothing was charged" in r.text


def test_stripe_outage_during_checkout_is_a_clear_502(bclient, fake_stripe, account):
    fake_stripe.fail_next["POST /checkout/sessions"] = 3
    r = bclient.post("/api/billing/checkout", json={"plan": "pro"}, headers=account["headers"])
    assert r.status_code == 502 and "Nothing was charged" in r.json()["error"]["message"]


@pytest.fixture(scope="module")
def unconfigured(database_url):
    server = LiveServer(database_url).start()
    yield server
    server.stop()


def test_without_keys_billing_says_it_is_not_configured(unconfigured):
    with httpx.Client(base_url=unconfigured.url, timeout=20) as c:
        user = sign_up(c)
        pricing = c.get("/pricing", headers=cookie(user)).text
        assert "Billing is not configured" in pricing and "Upgrade to" not in pricing
        assert "Billing is not configured" in c.get("/billing", headers=cookie(user)).text
        r = c.post("/api/billing/checkout", json={"plan": "pro"}, headers=user["headers"])
        assert r.status_code == 503 and r.json()["error"]["code"] == "billing_not_configured"
        assert c.post("/webhooks/stripe", content=b"{}").status_code == 503
        assert (
            c.get("/api/billing/status", headers=user["headers"]).json()["billing_configured"]
            is False
        )


def test_success_page_with_a_payment_still_pending_does_not_claim_the_plan(
    bclient, fake_stripe, account
):
    session_id = start_checkout(bclient, account, "pro")
    fake_stripe.complete_checkout(session_id)
    fake_stripe.subscriptions[fake_stripe.sessions[session_id]["subscription"]]["status"] = (
        "incomplete"  # e.g. a bank debit still clearing
    )
    r = bclient.get(f"/billing/success?session_id={session_id}", headers=cookie(account))
    assert "still confirming" in r.text and "You are on" not in r.text
    assert status_of(bclient, account)["plan_name"] == "starter"
