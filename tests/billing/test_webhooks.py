"""POST /webhooks/stripe: signatures, redelivery, out-of-order delivery, failures and retries."""

from __future__ import annotations

import json
import threading
import time

import httpx
import pytest

from tests.billing.conftest import (
    WEBHOOK_SECRET,
    deliver,
    post_event,
    rows,
    start_checkout,
    status_of,
    subscribe,
)
from tests.billing.fake_stripe import sign


def stored(db, event_id):
    return rows(db, "SELECT * FROM stripe_events WHERE id = %s", event_id)


def state(db, sub_id):
    return rows(
        db,
        "SELECT plan_name, status, cancel_at_period_end, current_period_end"
        " FROM subscriptions WHERE stripe_subscription_id = %s",
        sub_id,
    )


@pytest.mark.parametrize(
    "how", ["forged", "wrong secret", "missing", "stale", "tampered", "no v1", "garbage header"]
)
def test_bad_signatures_are_refused_and_nothing_is_stored(bclient, fake_stripe, db, how):
    event = fake_stripe.event("customer.created", {"id": "cus_x", "object": "customer"})
    payload = json.dumps(event).encode()
    header = {
        "forged": f"t={int(time.time())},v1={'0' * 64}",
        "wrong secret": sign(payload, "whsec_someone_else"),
        "missing": None,
        "stale": sign(payload, WEBHOOK_SECRET, int(time.time()) - 301),
        "tampered": sign(payload.replace(b"cus_x", b"cus_y"), WEBHOOK_SECRET),
        "no v1": f"t={int(time.time())},v0={'a' * 64}",
        "garbage header": "not a signature",
    }[how]
    headers = {"Content-Type": "application/json"}
    if header is not None:
        headers["Stripe-Signature"] = header
    r = bclient.post("/webhooks/stripe", content=payload, headers=headers)
    assert r.status_code == 400, r.text
    assert r.json()["error"]["code"] == "invalid_webhook"
    assert stored(db, event["id"]) == []


def test_a_signed_body_that_is_not_an_event_is_refused(bclient, db):
    for body in (b"\xff\xfe not utf-8", b"[1, 2]", b'{"id": "evt_1"}', b"{not json"):
        r = bclient.post(
            "/webhooks/stripe",
            content=body,
            headers={"Stripe-Signature": sign(body, WEBHOOK_SECRET)},
        )
        assert r.status_code == 400, (body, r.text)


def test_a_recent_signature_within_tolerance_is_accepted(bclient, fake_stripe, db):
    event = fake_stripe.event("customer.created", {"id": "cus_x", "object": "customer"})
    r = post_event(bclient, event, timestamp=int(time.time()) - 200)
    assert r.status_code == 200
    assert stored(db, event["id"])[0]["processed_at"] is not None


def test_unhandled_event_types_get_200_and_are_stored(bclient, fake_stripe, db):
    event = fake_stripe.event("charge.refunded", {"id": "ch_1", "object": "charge"})
    r = post_event(bclient, event)
    assert r.status_code == 200 and r.json()["handled"] is False
    row = stored(db, event["id"])[0]
    assert row["event_type"] == "charge.refunded" and row["payload"]["id"] == event["id"]


def test_redelivery_changes_nothing(bclient, fake_stripe, account, db):
    session_id = start_checkout(bclient, account, "pro")
    events = fake_stripe.complete_checkout(session_id)
    deliver(bclient, events)
    before = (
        rows(db, "SELECT * FROM subscriptions WHERE user_id = %s", account["user_id"]),
        rows(db, "SELECT * FROM payments WHERE user_id = %s", account["user_id"]),
        rows(db, "SELECT count(*) AS n FROM system_events WHERE user_id = %s", account["user_id"]),
    )
    for event in events * 2:
        r = post_event(bclient, event)
        assert r.status_code == 200 and r.json()["duplicate"] is True
    after = (
        rows(db, "SELECT * FROM subscriptions WHERE user_id = %s", account["user_id"]),
        rows(db, "SELECT * FROM payments WHERE user_id = %s", account["user_id"]),
        rows(db, "SELECT count(*) AS n FROM system_events WHERE user_id = %s", account["user_id"]),
    )
    assert after == before


def test_out_of_order_events_end_at_stripes_latest_state(bclient, fake_stripe, account, db):
    session_id = start_checkout(bclient, account, "pro")
    history = fake_stripe.complete_checkout(session_id)
    sub_id = fake_stripe.sessions[session_id]["subscription"]
    history += fake_stripe.update(sub_id, price="price_coach")
    history += fake_stripe.update(sub_id, cancel_at_period_end=True)
    # Newest first, then every event again in a scrambled order.
    deliver(bclient, list(reversed(history)))
    assert state(db, sub_id)[0] | {"current_period_end": None} == {
        "plan_name": "coach",
        "status": "active",
        "cancel_at_period_end": True,
        "current_period_end": None,
    }
    assert status_of(bclient, account)["plan_name"] == "coach"

    # A stale "created" snapshot (plan pro, not cancelling) arriving last changes nothing.
    stale = dict(history[0], id=history[0]["id"] + "_late")
    deliver(bclient, [stale])
    assert state(db, sub_id)[0]["plan_name"] == "coach"
    assert state(db, sub_id)[0]["cancel_at_period_end"] is True


def test_deleted_before_created_leaves_the_user_on_starter(bclient, fake_stripe, account, db):
    sub = subscribe(bclient, fake_stripe, account, "career")
    created_again = fake_stripe.event("customer.subscription.created", sub)
    deliver(bclient, fake_stripe.cancel_now(sub["id"]) + [created_again])
    assert state(db, sub["id"])[0]["status"] == "canceled"
    assert status_of(bclient, account)["plan_name"] == "starter"


def test_parallel_deliveries_of_one_event_apply_it_once(
    bclient, billing_server, fake_stripe, account, db
):
    session_id = start_checkout(bclient, account, "pro")
    events = fake_stripe.complete_checkout(session_id)
    invoice_paid = next(e for e in events if e["type"] == "invoice.paid")
    payload = json.dumps(invoice_paid).encode()
    codes: list[int] = []
    barrier = threading.Barrier(8)

    def send() -> None:
        with httpx.Client(base_url=billing_server.url, timeout=30) as c:
            barrier.wait()
            codes.append(
                c.post(
                    "/webhooks/stripe",
                    content=payload,
                    headers={"Stripe-Signature": sign(payload, WEBHOOK_SECRET)},
                ).status_code
            )

    threads = [threading.Thread(target=send) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert codes == [200] * 8
    assert len(rows(db, "SELECT 1 FROM payments WHERE user_id = %s", account["user_id"])) == 1
    assert len(rows(db, "SELECT 1 FROM subscriptions WHERE user_id = %s", account["user_id"])) == 1
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


def test_a_failing_handler_applies_nothing_and_the_retry_succeeds(
    bclient, fake_stripe, account, db
):
    session_id = start_checkout(bclient, account, "pro")
    events = fake_stripe.complete_checkout(session_id)
    completed = next(e for e in events if e["type"] == "checkout.session.completed")
    # Stripe's API fails while the handler re-fetches the subscription (the SDK retries twice).
    fake_stripe.fail_next["GET /subscriptions/{id}"] = 3
    r = post_event(bclient, completed)
    assert r.status_code == 500
    assert rows(db, "SELECT 1 FROM subscriptions WHERE user_id = %s", account["user_id"]) == []
    assert (
        rows(
            db,
            "SELECT stripe_customer_id FROM billing_customers WHERE user_id = %s"
            " AND open_checkout_session_id IS NULL",
            account["user_id"],
        )
        == []
    )
    row = stored(db, completed["id"])[0]
    assert row["processed_at"] is None and "bad day" in row["last_error"]

    # Stripe delivers it again once the API is back: applied in full, exactly once.
    assert post_event(bclient, completed).status_code == 200
    assert status_of(bclient, account)["plan_name"] == "pro"
    row = stored(db, completed["id"])[0]
    assert row["processed_at"] is not None and row["last_error"] is None
    assert post_event(bclient, completed).json()["duplicate"] is True


def test_events_for_unknown_customers_are_recorded_and_acknowledged(bclient, fake_stripe, db):
    sub = fake_stripe.create_subscription("cus_not_ours", "price_pro")
    event = fake_stripe.event("customer.subscription.created", sub)
    assert post_event(bclient, event).status_code == 200
    assert (
        rows(db, "SELECT 1 FROM subscriptions WHERE stripe_subscription_id = %s", sub["id"]) == []
    )
    unmatched = rows(
        db,
        "SELECT event_data FROM system_events WHERE event_type ="
        " 'billing.unmatched_subscription' AND event_data->>'subscription' = %s",
        sub["id"],
    )
    assert len(unmatched) == 1


def test_an_unknown_price_never_grants_a_paid_plan(bclient, fake_stripe, account, db):
    sub = subscribe(bclient, fake_stripe, account, "pro")
    fake_stripe.prices["price_mystery"] = 500
    deliver(bclient, fake_stripe.update(sub["id"], price="price_mystery"))
    assert status_of(bclient, account)["plan_name"] == "starter"
    assert rows(
        db,
        "SELECT 1 FROM system_events WHERE user_id = %s AND event_type = 'billing.unknown_price'",
        account["user_id"],
    )


def test_a_late_failure_never_marks_a_paid_invoice_failed(bclient, fake_stripe, account, db):
    sub = subscribe(bclient, fake_stripe, account, "pro")
    failed = fake_stripe.renew(sub["id"], paid=False)
    invoice_id = failed[1]["data"]["object"]["id"]
    recovered = fake_stripe.retry(invoice_id, paid=True)
    deliver(bclient, recovered + failed)  # the failure arrives after the recovery
    assert rows(db, "SELECT status FROM payments WHERE stripe_invoice_id = %s", invoice_id) == [
        {"status": "paid"}
    ]
    status = status_of(bclient, account)
    assert (status["status"], status["alert"]) == ("active", None)


def test_a_subscription_stripe_no_longer_has_ends_with_its_deletion(
    bclient, fake_stripe, account, db
):
    sub = subscribe(bclient, fake_stripe, account, "coach")
    deleted = fake_stripe.cancel_now(sub["id"])
    del fake_stripe.subscriptions[sub["id"]]  # Stripe answers 404 for it from now on
    deliver(bclient, deleted)
    assert status_of(bclient, account)["plan_name"] == "starter"
    assert state(db, sub["id"])[0]["status"] == "canceled"


def test_a_second_paid_subscription_takes_over_when_the_first_ends(
    bclient, fake_stripe, account, db
):
    first = subscribe(bclient, fake_stripe, account, "pro")
    # Made outside Checkout (say, in Stripe's dashboard) for the same customer.
    second = fake_stripe.create_subscription(first["customer"], "price_coach")
    deliver(bclient, [fake_stripe.event("customer.subscription.created", second)])
    assert status_of(bclient, account)["plan_name"] == "pro"
    duplicate = rows(
        db,
        "SELECT event_data FROM system_events WHERE user_id = %s AND"
        " event_type = 'billing.duplicate_subscription'",
        account["user_id"],
    )
    assert [d["event_data"]["kept"] for d in duplicate] == [first["id"]]

    deliver(bclient, fake_stripe.cancel_now(first["id"]))
    status = status_of(bclient, account)
    assert (status["plan_name"], status["status"]) == ("coach", "active")
    assert state(db, second["id"])[0]["plan_name"] == "coach"


def test_a_signed_event_holding_nul_or_a_lone_surrogate_is_stored_clean(bclient, fake_stripe, db):
    # Refusing it would make Stripe deliver it again for days; the text is cleaned instead.
    event = fake_stripe.event(
        "customer.updated", {"id": "cus_nul", "object": "customer", "name": "Ann\u0000\ud800 Lee"}
    )
    r = post_event(bclient, event)
    assert r.status_code == 200, r.text
    assert stored(db, event["id"])[0]["payload"]["data"]["object"]["name"] == "Ann Lee"
