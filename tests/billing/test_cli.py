"""`resumepilot plans ...` as a self-hoster runs it, against the test database."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.billing.conftest import rows, status_of, subscribe


def plans(database_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": database_url}
    return subprocess.run(
        [sys.executable, "-m", "resumepilot", "plans", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_assign_puts_a_user_on_a_plan_and_back(bclient, database_url, account, db):
    result = plans(database_url, "assign", account["email"].upper(), "career")
    assert result.returncode == 0, result.stderr
    assert "starter -> career" in result.stdout
    status = status_of(bclient, account)
    assert (status["plan_name"], status["cover_letters_remaining"]) == ("career", 3)

    assert plans(database_url, "assign", account["email"], "coach").returncode == 0
    assert status_of(bclient, account)["interviews_remaining"] == -1
    assert plans(database_url, "assign", account["email"], "starter").returncode == 0
    assert status_of(bclient, account)["plan_name"] == "starter"
    live = rows(
        db,
        "SELECT plan_name FROM subscriptions WHERE user_id = %s AND status = 'active'",
        account["user_id"],
    )
    assert live == []
    assigned = rows(
        db,
        "SELECT event_data->>'to' AS plan FROM system_events WHERE user_id = %s"
        " AND event_type = 'billing.plan_assigned' ORDER BY created_at",
        account["user_id"],
    )
    assert [a["plan"] for a in assigned] == ["career", "coach", "starter"]


def test_assign_explains_bad_input(database_url, account):
    result = plans(database_url, "assign", "nobody@example.com", "pro")
    assert result.returncode == 2 and "No account uses" in result.stderr
    result = plans(database_url, "assign", account["email"], "platinum")
    assert result.returncode == 2 and "starter, pro, career, coach" in result.stderr


def test_assign_leaves_stripe_subscribers_to_stripe(bclient, fake_stripe, database_url, account):
    subscribe(bclient, fake_stripe, account, "pro")
    result = plans(database_url, "assign", account["email"], "coach")
    assert result.returncode == 2 and "pays through Stripe" in result.stderr
    assert status_of(bclient, account)["plan_name"] == "pro"


def test_a_paid_subscription_supersedes_a_plan_given_by_hand(
    bclient, fake_stripe, database_url, account
):
    assert plans(database_url, "assign", account["email"], "career").returncode == 0
    subscribe(bclient, fake_stripe, account, "coach")
    assert status_of(bclient, account)["plan_name"] == "coach"


def test_list_and_set_change_limits_without_a_migration(bclient, database_url, db):
    result = plans(database_url, "list")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[1].split() == ["starter", "1", "0", "Free"]
    assert lines[4].split() == ["coach", "unlimited", "unlimited", "$99"]
    try:
        assert plans(database_url, "set", "pro", "--interviews", "12").returncode == 0
        assert rows(db, "SELECT interviews_per_month FROM plans WHERE name = 'pro'") == [
            {"interviews_per_month": 12}
        ]
        assert "<strong>12</strong> mock interviews" in bclient.get("/pricing").text
        assert plans(database_url, "set", "pro", "--interviews", "-5").returncode == 2
        assert plans(database_url, "set", "gold", "--interviews", "5").returncode == 2
    finally:
        db.execute("UPDATE plans SET interviews_per_month = 10 WHERE name = 'pro'")
