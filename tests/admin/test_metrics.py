"""Key metrics and the seed's monitoring queries as the console shows them."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from tests.admin.conftest import sign_up


def test_metrics_count_what_happened_today(client, make_admin, db):
    admin = make_admin("metrics.read")
    before = client.get("/api/admin/metrics", params={"days": 7}, headers=admin["headers"])
    assert before.status_code == 200
    first = before.json()
    assert len(first["daily"]) == 7
    assert first["daily"][-1]["day"] == datetime.now(UTC).date().isoformat()

    newcomer = sign_up(client)
    db.execute("SELECT try_consume_usage(%s, 'interview')", [newcomer["user_id"]])
    db.execute(
        "INSERT INTO interview_sessions (user_id, session_type, status)"
        " VALUES (%s, 'chat', 'completed'), (%s, 'chat', 'active')",
        [newcomer["user_id"], newcomer["user_id"]],
    )
    db.execute(
        "INSERT INTO subscriptions (user_id, plan_name, status) VALUES (%s, 'career', 'active')",
        [newcomer["user_id"]],
    )
    db.execute(
        "INSERT INTO system_events (event_type, event_data) VALUES"
        " ('render.failed', '{\"duration_ms\": 300}'),"
        " ('render.done', '{\"duration_ms\": 100}')"
    )

    after = client.get("/api/admin/metrics", params={"days": 7}, headers=admin["headers"]).json()
    today, was = after["daily"][-1], first["daily"][-1]
    assert today["new_users"] - was["new_users"] == 1
    assert today["total_users"] == after["totals"]["users"]
    assert today["interviews"] - was["interviews"] == 2
    assert today["new_paid"] - was["new_paid"] == 1
    assert today["error_events"] - was["error_events"] >= 1
    assert today["avg_duration_ms"] is not None
    assert after["totals"]["paying_users"] - first["totals"]["paying_users"] == 1
    monitoring = after["monitoring"]
    assert (
        monitoring["active_users_this_month"] - first["monitoring"]["active_users_this_month"] == 1
    )
    plans = {p["plan_name"]: p["count"] for p in monitoring["popular_plans"]}
    assert plans["career"] >= 1
    chat = next(c for c in monitoring["interview_completion"] if c["session_type"] == "chat")
    assert chat["total_sessions"] >= 2 and 0 < float(chat["completion_rate"]) < 100
    checks = {c["check_name"] for c in monitoring["consistency"]}
    assert checks == {"orphaned_profiles", "duplicate_live_subscriptions", "users_without_profile"}


def test_the_overview_draws_charts_without_scripts(client, super_admin):
    page = client.get("/admin", cookies=super_admin["cookies"])
    assert page.status_code == 200
    html = page.text
    assert html.count('<svg class="chart"') == 6
    charts = html[html.index('<div class="admin-charts">') : html.index("Popular plans")]
    assert "<script" not in charts  # drawn on the server
    assert re.findall(r'(?:src|href)="(?:https?:)?//', html) == []  # nothing from elsewhere
    for heading in (
        "User growth",
        "Consistency checks",
        "Popular plans",
        "Interview completion, 30 days",
        "active this month",
    ):
        assert heading in html


def test_an_admin_without_metrics_is_sent_to_the_users(client, make_admin):
    admin = make_admin("users.read")
    r = client.get("/admin", cookies=admin["cookies"])
    assert r.status_code == 303 and r.headers["location"] == "/admin/users"
    assert client.get("/api/admin/metrics", headers=admin["headers"]).status_code == 403
