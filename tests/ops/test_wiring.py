"""The operations kit wired into the real app: /metrics, request ids, JSON logs, job counts."""

from __future__ import annotations

import io
import json
import logging
import uuid
from collections.abc import Iterator

import httpx
import psycopg
import pytest
from fastapi import FastAPI

from resumepilot.jobs import build_job_app, run_worker
from resumepilot.observability.logs import configure_logging
from resumepilot.observability.metrics import Metrics
from resumepilot.observability.request_context import RequestContextMiddleware
from resumepilot.web.errors import install_error_handlers
from tests.conftest import LiveServer, run_async
from tests.ops.live import sample, serving


@pytest.fixture(scope="module")
def ops_server(database_url: str) -> Iterator[LiveServer]:
    server = LiveServer(database_url, RESUMEPILOT_METRICS_TOKEN="scrape-me").start()
    yield server
    server.stop()


def scrape(server: LiveServer) -> str:
    r = httpx.get(server.url + "/metrics", headers={"Authorization": "Bearer scrape-me"})
    assert r.status_code == 200, r.text
    return r.text


def test_metrics_count_the_apps_requests_by_route_and_show_the_pools(
    ops_server: LiveServer,
) -> None:
    before = (
        sample(
            scrape(ops_server),
            "resumepilot_http_requests_total",
            method="GET",
            route="/login",
            status="200",
        )
        or 0.0
    )
    for _ in range(3):
        assert httpx.get(ops_server.url + "/login").status_code == 200
    assert httpx.get(ops_server.url + "/no/such/page").status_code == 404
    text = scrape(ops_server)
    assert (
        sample(text, "resumepilot_http_requests_total", method="GET", route="/login", status="200")
        == before + 3
    )
    assert (
        sample(
            text, "resumepilot_http_requests_total", method="GET", route="unmatched", status="404"
        )
        or 0
    ) >= 1
    assert (sample(text, "resumepilot_db_pool_max_size", pool="requests") or 0) > 0
    assert (sample(text, "resumepilot_db_pool_max_size", pool="trusted") or 0) > 0


def test_metrics_need_the_token_when_one_is_set(ops_server: LiveServer) -> None:
    assert httpx.get(ops_server.url + "/metrics").status_code == 401


def test_every_answer_carries_a_request_id(ops_server: LiveServer) -> None:
    r = httpx.get(ops_server.url + "/login", headers={"X-Request-ID": "support-42"})
    assert r.headers["X-Request-ID"] == "support-42"
    assert len(httpx.get(ops_server.url + "/healthz").headers["X-Request-ID"]) == 32


def test_a_500_page_shows_and_returns_the_request_id() -> None:
    # The app's own error handlers and middleware on a route that fails.
    app = FastAPI()

    @app.get("/api/explode")
    def explode() -> None:
        raise RuntimeError("kaboom")

    install_error_handlers(app)
    app.add_middleware(RequestContextMiddleware)
    logging.getLogger("resumepilot.web.errors").disabled = True
    try:
        with serving(app) as url:
            r = httpx.get(url + "/api/explode", headers={"X-Request-ID": "err-7"})
    finally:
        logging.getLogger("resumepilot.web.errors").disabled = False
    assert r.status_code == 500
    assert r.headers["X-Request-ID"] == "err-7"
    assert r.json()["error"]["request_id"] == "err-7"


def test_jobs_are_counted_by_task_and_outcome(database_url: str) -> None:
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute(
            "INSERT INTO auth.users (email) VALUES (%s)",
            [f"ops-{uuid.uuid4().hex[:8]}@example.com"],
        )
    metrics = Metrics()

    async def defer_and_work() -> None:
        async with build_job_app(database_url).open_async() as app:
            await app.configure_task("resumepilot:purge_expired_sessions").defer_async(timestamp=0)
        await run_worker(database_url, metrics=metrics, wait=False, queues=["maintenance"])

    run_async(defer_and_work)
    text = metrics.exposition()[0].decode()
    task = "resumepilot:purge_expired_sessions"
    assert (sample(text, "resumepilot_jobs_total", task=task, outcome="succeeded") or 0) >= 1
    assert (sample(text, "resumepilot_job_duration_seconds_count", task=task) or 0) >= 1


def test_json_logs_of_the_app_carry_the_request_id(ops_server: LiveServer) -> None:
    root = logging.getLogger()
    saved = (list(root.handlers), root.level)
    stream = io.StringIO()
    configure_logging(json=True, stream=stream)
    logging.getLogger("httpx").setLevel(logging.WARNING)  # the test client's own lines
    try:
        httpx.get(ops_server.url + "/login?next=/secret-token", headers={"X-Request-ID": "log-9"})
    finally:
        root.handlers[:] = saved[0]
        root.setLevel(saved[1])
        logging.getLogger("httpx").setLevel(logging.NOTSET)
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    access = [e for e in lines if e.get("request_id") == "log-9"]
    assert access and access[-1]["path"] == "/login" and access[-1]["status"] == 200
    assert "secret-token" not in stream.getvalue()
