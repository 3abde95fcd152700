"""consume_or_refuse: the helper features call before an interview or a cover letter."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, date, datetime, timedelta, timezone

import psycopg
import pytest
from psycopg import AsyncConnection
from psycopg.rows import dict_row

from resumepilot.billing.service import (
    UsageLimitReached,
    consume_or_refuse,
    first_of_next_month_utc,
)
from tests.billing.conftest import rows, status_of, token_hash
from tests.conftest import run_async


async def _request_conn(database_url: str, token: str) -> tuple[AsyncConnection, uuid.UUID]:
    """A connection set up exactly as a request's: app_auth.start_request with the user's token.
    Returns it and the user's id."""
    conn = await AsyncConnection.connect(database_url, row_factory=dict_row, autocommit=False)
    cur = await conn.execute("SELECT * FROM app_auth.start_request(%s)", [token_hash(token)])
    row = await cur.fetchone()
    return conn, row["user_id"]


async def _consume(database_url: str, token: str, action: str, *, commit: bool = True):
    """One request that consumes a unit; returns None or the refusal."""
    conn, user_id = await _request_conn(database_url, token)
    try:
        await consume_or_refuse(conn, user_id, action)
        await (conn.commit() if commit else conn.rollback())
        return None
    except UsageLimitReached as exc:
        await conn.rollback()
        return exc
    finally:
        await conn.close()


def consume(database_url, user, action="interview", **kw):
    return run_async(lambda: _consume(database_url, user["token"], action, **kw))


def set_plan(db, user, plan):
    db.execute(
        "INSERT INTO subscriptions (user_id, plan_name, status) VALUES (%s, %s, 'active')",
        [user["user_id"], plan],
    )


def test_a_user_without_a_subscription_has_one_interview(bclient, database_url, account):
    status = status_of(bclient, account)
    assert (
        status["plan_name"],
        status["interviews_remaining"],
        status["cover_letters_remaining"],
    ) == ("starter", 1, 0)
    assert consume(database_url, account) is None
    refusal = consume(database_url, account)
    assert isinstance(refusal, UsageLimitReached) and refusal.status_code == 402
    resets = first_of_next_month_utc()
    assert refusal.message == (
        "You have used all 1 interview of your Starter plan this month. Your allowance resets "
        f"on {resets:%B} {resets.day}, {resets.year} (UTC). Upgrade for more at /pricing."
    )
    assert (refusal.limit, refusal.resets_on, refusal.upgrade_url) == (1, resets, "/pricing")
    assert status_of(bclient, account)["interviews_remaining"] == 0


def test_cover_letters_outside_the_plan_are_refused_with_the_reason(database_url, account):
    refusal = consume(database_url, account, "cover_letter")
    assert refusal.message.startswith("Cover letters are not included in the Starter plan.")
    assert "/pricing" in refusal.message


def test_limits_follow_the_plan(bclient, database_url, account, db):
    set_plan(db, account, "career")
    results = [consume(database_url, account, "cover_letter") for _ in range(4)]
    assert results[:3] == [None, None, None]
    assert "all 3 cover letters of your Career plan" in results[3].message
    assert status_of(bclient, account)["interviews_remaining"] == 30


def test_coach_and_admins_are_unlimited(bclient, database_url, account, db):
    db.execute(
        "INSERT INTO admin_users (user_id, email) VALUES (%s, %s)",
        [account["user_id"], account["email"]],
    )
    assert [consume(database_url, account, "cover_letter") for _ in range(25)] == [None] * 25
    assert status_of(bclient, account)["cover_letters_remaining"] == -1


def test_a_failed_request_gives_its_unit_back(bclient, database_url, account):
    assert consume(database_url, account, commit=False) is None  # the feature's work failed
    assert status_of(bclient, account)["interviews_remaining"] == 1


@pytest.mark.parametrize("plan, limit", [("starter", 1), ("pro", 10)])
def test_parallel_requests_never_get_past_the_limit(
    bclient, database_url, account, db, plan, limit
):
    if plan != "starter":
        set_plan(db, account, plan)

    async def race():
        return await asyncio.gather(
            *[_consume(database_url, account["token"], "interview") for _ in range(24)]
        )

    results = run_async(lambda: race())
    assert results.count(None) == limit
    assert all(isinstance(r, UsageLimitReached) for r in results if r is not None)
    used = rows(
        db, "SELECT interviews_used FROM usage_tracking WHERE user_id = %s", account["user_id"]
    )
    assert used == [{"interviews_used": limit}]
    assert status_of(bclient, account)["interviews_remaining"] == 0


def test_last_months_usage_does_not_count_this_month(bclient, database_url, account, db):
    now = datetime.now(UTC)
    last_month = (now.replace(day=1) - timedelta(days=1)).strftime("%Y-%m")
    db.execute(
        "INSERT INTO usage_tracking (user_id, month, interviews_used) VALUES (%s, %s, 1)",
        [account["user_id"], last_month],
    )
    assert status_of(bclient, account)["interviews_remaining"] == 1
    assert consume(database_url, account) is None
    months = rows(
        db,
        "SELECT month, interviews_used FROM usage_tracking WHERE user_id = %s ORDER BY month",
        account["user_id"],
    )
    assert months == [
        {"month": last_month, "interviews_used": 1},
        {"month": now.strftime("%Y-%m"), "interviews_used": 1},
    ]


@pytest.mark.parametrize(
    "now, resets",
    [
        (datetime(2026, 1, 31, 23, 59, tzinfo=UTC), date(2026, 2, 1)),
        (datetime(2026, 12, 31, 23, 59, 59, tzinfo=UTC), date(2027, 1, 1)),
        (datetime(2026, 2, 28, 12, 0, tzinfo=UTC), date(2026, 3, 1)),
        # Already January 1 in Kiribati, still December 31 in UTC: usage months are UTC months.
        (datetime(2027, 1, 1, 10, 0, tzinfo=timezone(timedelta(hours=14))), date(2027, 1, 1)),
        (datetime(2026, 6, 30, 20, 0, tzinfo=timezone(timedelta(hours=-5))), date(2026, 8, 1)),
    ],
)
def test_the_reset_date_is_the_first_of_the_next_utc_month(now, resets):
    assert first_of_next_month_utc(now) == resets


def test_users_cannot_touch_billing_records(database_url, account):
    with psycopg.connect(database_url, autocommit=False) as conn:
        conn.execute("SELECT * FROM app_auth.start_request(%s)", [token_hash(account["token"])])
        for sql in (
            "SELECT * FROM billing_customers",
            "SELECT * FROM stripe_events",
            "INSERT INTO payments (user_id, stripe_invoice_id, amount_cents, currency,"
            f" status) VALUES ('{account['user_id']}', 'in_{uuid.uuid4().hex}', 0, 'usd',"
            " 'paid')",
            "UPDATE usage_tracking SET interviews_used = 0",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(sql)
            conn.rollback()
            conn.execute("SELECT * FROM app_auth.start_request(%s)", [token_hash(account["token"])])


def test_the_limit_page_shows_the_limit_the_reset_date_and_an_upgrade_link():
    from starlette.requests import Request

    from resumepilot.billing.models import Plan
    from resumepilot.web.errors import error_response

    pro = Plan(
        name="pro",
        display_name="Pro",
        description="",
        interviews_per_month=10,
        cover_letters_per_month=0,
        price_cents=1900,
        currency="usd",
        sort_order=2,
    )
    refusal = UsageLimitReached(action="interview", plan=pro, resets_on=date(2027, 1, 1))
    request = Request(
        {
            "type": "http",
            "method": "GET",
            "path": "/interviews/new",
            "headers": [],
            "query_string": b"",
            "scheme": "http",
            "server": ("127.0.0.1", 80),
        }
    )
    response = error_response(request, refusal)
    html = response.body.decode()
    assert response.status_code == 402
    assert "Monthly limit reached" in html
    assert "You have used all 10 interviews of your Pro plan this month" in html
    assert "January 1, 2027" in html
    assert 'href="/pricing"' in html
