"""What the console's overview page shows: the metrics as charts and tables."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from resumepilot.admin.charts import Series, line_chart
from resumepilot.admin.models import Metrics

# Checks whose sample ids are users, so each links to that user's page in the console.
USER_ID_CHECKS = {"duplicate_live_subscriptions", "users_without_profile"}
CHECK_TITLES = {
    "orphaned_profiles": "Profiles whose account is gone",
    "duplicate_live_subscriptions": "Users with more than one live subscription",
    "users_without_profile": "Accounts without a profile",
}


def metrics_context(metrics: Metrics) -> dict[str, Any]:
    daily = metrics.daily
    labels = [d.day.strftime("%b %d") for d in daily]

    def chart(title: str, series: list[Series], bars: bool = False) -> Markup:
        # The SVG is built from numbers and escaped labels only (charts.py).
        return Markup(line_chart(title, labels, series, bars=bars))  # noqa: S704

    charts = {
        "growth": chart("Users", [Series("All users", [float(d.total_users) for d in daily])]),
        "signups": chart(
            "New users a day", [Series("New users", [float(d.new_users) for d in daily])], True
        ),
        "usage": chart(
            "Usage a day",
            [
                Series("Interviews", [float(d.interviews) for d in daily]),
                Series("Resumes generated", [float(d.generations) for d in daily]),
            ],
            True,
        ),
        "subscriptions": chart(
            "Subscriptions a day",
            [
                Series("New paid", [float(d.new_paid) for d in daily]),
                Series("Canceled", [float(d.churned) for d in daily]),
            ],
            True,
        ),
        "events": chart(
            "System events a day",
            [
                Series("Events", [float(d.events) for d in daily]),
                Series("Failures", [float(d.error_events) for d in daily]),
            ],
        ),
        "durations": chart(
            "Average duration (ms) of timed events",
            [Series("Average ms", [float(d.avg_duration_ms or 0) for d in daily])],
        ),
    }
    checks = [
        {
            "check": c,
            "title": CHECK_TITLES.get(c.check_name, c.check_name),
            "links": [
                (i, f"/admin/users/{i}" if c.check_name in USER_ID_CHECKS else None)
                for i in c.sample_ids
            ],
        }
        for c in metrics.monitoring.consistency
    ]
    return {"metrics": metrics, "charts": charts, "checks": checks, "days": len(daily)}
