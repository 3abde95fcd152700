"""A subscription's whole life through Stripe's events: upgrade, renewal, payment failure,
recovery, plan change, cancellation; what the user sees at each step, and what is recorded."""

from __future__ import annotations

import re

from tests.billing.conftest import deliver, rows, status_of, subscribe


def events_of(db, user, prefix="billing."):
    return [
        r["event_type"]
        for r in rows(
            db,
            "SELECT event_type FROM system_events WHERE user_id = %s AND event_type LIKE %s"
            " ORDER BY created_at",
            user["user_id"],
            prefix + "%",
        )
    ]


def page(client, user, path):
    r = client.get(path, cookies=user["cookies"])
    assert r.status_code == 200, r.text
    return r.text


def test_upgrade_renew_fail_recover_and_cancel(bclient, fake_stripe, account, db):
    user = account
    assert status_of(bclient, user)["plan_name"] == "starter"

    # Upgrade: Checkout paid, Stripe's three events delivered.
    sub = subscribe(bclient, fake_stripe, user, "pro")
    status = status_of(bclient, user)
    assert (status["plan_name"], status["status"]) == ("pro", "active")
    assert status["interviews_remaining"] == 10 and status["cover_letters_remaining"] == 0
    paid = rows(db, "SELECT * FROM payments WHERE user_id = %s", user["user_id"])
    assert [(p["status"], p["amount_cents"], p["currency"]) for p in paid] == [
        ("paid", 1900, "usd")
    ]
    assert paid[0]["stripe_subscription_id"] == sub["id"] and paid[0]["period_end"] is not None
    assert events_of(db, user) == ["billing.plan_changed"]

    # Renewal paid: a second payment, same plan, nothing to fix.
    deliver(bclient, fake_stripe.renew(sub["id"], paid=True))
    assert len(rows(db, "SELECT 1 FROM payments WHERE user_id = %s", user["user_id"])) == 2
    assert status_of(bclient, user)["alert"] is None

    # Renewal fails: past_due keeps Pro for the grace period, with a banner to fix it.
    events = fake_stripe.renew(sub["id"], paid=False)
    failed_invoice = events[1]["data"]["object"]
    deliver(bclient, events)
    status = status_of(bclient, user)
    assert (status["plan_name"], status["status"]) == ("pro", "past_due")
    assert status["alert"]["kind"] == "past_due"
    assert status["alert"]["fix_url"] == failed_invoice["hosted_invoice_url"]
    dashboard = page(bclient, user, "/dashboard")
    assert "Your last payment for Pro failed" in dashboard
    assert f'href="{failed_invoice["hosted_invoice_url"]}"' in dashboard
    assert "billing.payment_failed" in events_of(db, user)

    # Stripe gives up: unpaid falls back to starter; the banner stays.
    deliver(bclient, fake_stripe.retry(failed_invoice["id"], paid=False))
    status = status_of(bclient, user)
    assert (status["plan_name"], status["status"]) == ("starter", "unpaid")
    assert status["interviews_remaining"] == 1
    assert "did not go through" in page(bclient, user, "/billing")

    # Paid after all: active Pro again, the failed invoice is now paid, the banner is gone.
    deliver(bclient, fake_stripe.retry(failed_invoice["id"], paid=True))
    status = status_of(bclient, user)
    assert (status["plan_name"], status["status"], status["alert"]) == ("pro", "active", None)
    invoice_row = rows(
        db, "SELECT status FROM payments WHERE stripe_invoice_id = %s", failed_invoice["id"]
    )
    assert invoice_row == [{"status": "paid"}]
    assert "billing.payment_recovered" in events_of(db, user)
    assert "did not go through" not in page(bclient, user, "/billing")

    # Switch to Career in the portal: the new price maps to the new plan.
    deliver(bclient, fake_stripe.update(sub["id"], price="price_career"))
    status = status_of(bclient, user)
    assert (status["plan_name"], status["cover_letters_remaining"]) == ("career", 3)

    # Cancel at period end: still Career, and the date it ends is shown.
    deliver(bclient, fake_stripe.update(sub["id"], cancel_at_period_end=True))
    status = status_of(bclient, user)
    end = fake_stripe.subscriptions[sub["id"]]["items"]["data"][0]["current_period_end"]
    assert status["plan_name"] == "career"
    assert status["ends_on"] is not None
    billing_html = page(bclient, user, "/billing")
    assert re.search(r"Your subscription ends on <strong>\w+ \d+, \d{4}</strong>", billing_html)
    assert "Ends on" in page(bclient, user, "/dashboard")
    assert end > 0

    # The period ends: starter again.
    deliver(bclient, fake_stripe.cancel_now(sub["id"]))
    status = status_of(bclient, user)
    assert (status["plan_name"], status["status"], status["ends_on"]) == ("starter", "none", None)
    changes = [
        r["event_data"]
        for r in rows(
            db,
            "SELECT event_data FROM system_events WHERE user_id = %s"
            " AND event_type = 'billing.plan_changed' ORDER BY created_at",
            user["user_id"],
        )
    ]
    assert [(c["from"], c["to"]) for c in changes] == [
        ("starter", "pro"),
        ("pro", "starter"),
        ("starter", "pro"),
        ("pro", "career"),
        ("career", "starter"),
    ]


def test_trialing_gets_the_plan_and_paused_falls_back(bclient, fake_stripe, account):
    sub = subscribe(bclient, fake_stripe, account, "coach")
    deliver(bclient, fake_stripe.update(sub["id"], status="trialing"))
    status = status_of(bclient, account)
    assert (status["plan_name"], status["interviews_remaining"]) == ("coach", -1)
    deliver(bclient, fake_stripe.update(sub["id"], status="paused"))
    status = status_of(bclient, account)
    assert (status["plan_name"], status["alert"]["kind"]) == ("starter", "paused")


def test_incomplete_subscription_grants_nothing(bclient, fake_stripe, account, db):
    session_id = (
        bclient.post("/api/billing/checkout", json={"plan": "pro"}, headers=account["headers"])
        .json()["url"]
        .rsplit("/", 1)[1]
    )
    events = fake_stripe.complete_checkout(session_id)
    sub_id = fake_stripe.sessions[session_id]["subscription"]
    fake_stripe.subscriptions[sub_id]["status"] = "incomplete"
    deliver(bclient, events)
    assert status_of(bclient, account)["plan_name"] == "starter"
    deliver(bclient, fake_stripe.update(sub_id, status="incomplete_expired"))
    status = status_of(bclient, account)
    assert (status["plan_name"], status["status"]) == ("starter", "none")


def test_the_grace_period_counts_from_the_failed_payment(bclient, fake_stripe, account, db):
    from datetime import UTC, datetime, timedelta

    sub = subscribe(bclient, fake_stripe, account, "pro")
    deliver(bclient, fake_stripe.renew(sub["id"], paid=False))
    # Stripe has already moved the period a month on; the grace is 7 days from the failure.
    until = datetime.now(UTC) + timedelta(days=7)
    message = status_of(bclient, account)["alert"]["message"]
    assert f"until {until:%B} {until.day}, {until.year}" in message
    # A retried failure a day later does not restart the grace period.
    db.execute(
        "UPDATE subscriptions SET past_due_since = now() - interval '1 day'"
        " WHERE stripe_subscription_id = %s",
        [sub["id"]],
    )
    deliver(bclient, fake_stripe.update(sub["id"], metadata={"touched": "1"}))
    since = rows(
        db,
        "SELECT now() - past_due_since AS age FROM subscriptions WHERE stripe_subscription_id = %s",
        sub["id"],
    )[0]["age"]
    assert since >= timedelta(days=1)
    # Eight days after the failure the grace is over: starter, still with the banner.
    db.execute(
        "UPDATE subscriptions SET past_due_since = now() - interval '8 days'"
        " WHERE stripe_subscription_id = %s",
        [sub["id"]],
    )
    status = status_of(bclient, account)
    assert (status["plan_name"], status["status"], status["interviews_remaining"]) == (
        "starter",
        "past_due",
        1,
    )
    assert status["alert"]["kind"] == "past_due"
