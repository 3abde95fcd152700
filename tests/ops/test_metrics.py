"""/metrics scraped from a real FastAPI app on a real server, after real requests."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI, Request
from fastapi.staticfiles import StaticFiles
from psycopg_pool import AsyncConnectionPool

from resumepilot.observability.http_metrics import (
    MetricsMiddleware,
    metrics_router,
    serve_metrics_over_http,
)
from resumepilot.observability.metrics import Metrics
from tests.ops.live import free_port, sample, serving

REQUESTS = "resumepilot_http_requests_total"
DURATION_COUNT = "resumepilot_http_request_duration_seconds_count"


def small_app(metrics: Metrics, static_dir: Path, *, token: str | None = None) -> FastAPI:
    app = FastAPI()

    @app.get("/items/{item_id}")
    def item(item_id: int) -> dict[str, int]:
        return {"id": item_id}

    @app.get("/boom")
    def boom() -> None:
        raise RuntimeError("kaboom")

    inner = FastAPI()

    @inner.get("/ping/{n}")
    def ping(n: int) -> dict[str, int]:
        return {"n": n}

    app.mount("/sub", inner)
    app.mount("/static", StaticFiles(directory=static_dir))
    app.include_router(metrics_router(metrics, bearer_token=token))
    app.add_middleware(MetricsMiddleware, metrics=metrics)
    return app


@pytest.fixture
def static_dir(tmp_path: Path) -> Path:
    (tmp_path / "a.txt").write_text("a")
    (tmp_path / "b.txt").write_text("b")
    return tmp_path


def test_requests_are_counted_by_route_template_and_status(static_dir: Path) -> None:
    metrics = Metrics()
    with serving(small_app(metrics, static_dir)) as url, httpx.Client(base_url=url) as client:
        for item_id in (1, 2, 3):
            assert client.get(f"/items/{item_id}").status_code == 200
        assert client.get("/items/not-a-number").status_code == 422
        assert client.get("/no/such/page-1").status_code == 404
        assert client.get("/no/such/page-2").status_code == 404
        # On its own connection: the server closes a connection after an unhandled error.
        assert httpx.get(url + "/boom").status_code == 500
        assert client.get("/static/a.txt").status_code == 200
        assert client.get("/static/b.txt").status_code == 200
        assert client.get("/sub/ping/7").status_code == 200
        assert client.request("PROPFIND", "/items/1").status_code == 405
        scrape = client.get("/metrics")

    assert scrape.status_code == 200
    assert scrape.headers["content-type"].startswith("text/plain; version=")
    text = scrape.text
    route = "/items/{item_id}"
    assert sample(text, REQUESTS, method="GET", route=route, status="200") == 3
    assert sample(text, REQUESTS, method="GET", route=route, status="422") == 1
    assert sample(text, REQUESTS, method="GET", route="unmatched", status="404") == 2
    assert sample(text, REQUESTS, method="GET", route="/boom", status="500") == 1
    assert sample(text, REQUESTS, method="GET", route="/static/{path}", status="200") == 2
    assert sample(text, REQUESTS, method="GET", route="/sub/ping/{n}", status="200") == 1
    assert sample(text, REQUESTS, method="other", route=route, status="405") == 1
    assert sample(text, DURATION_COUNT, method="GET", route=route) == 4
    # Raw paths never become labels: the number of series does not grow with what clients try.
    assert "page-1" not in text and "not-a-number" not in text and "a.txt" not in text


def test_feature_helpers_show_up_in_the_scrape(static_dir: Path) -> None:
    metrics = Metrics()
    with metrics.track_job("render_resume"):
        pass
    with pytest.raises(ValueError), metrics.track_job("render_resume"):
        raise ValueError("a failed job")
    metrics.usage_consumed("interview")
    metrics.usage_consumed("interview")
    metrics.usage_refused("interview")
    metrics.webhook_event("stripe", "invoice.paid", "processed")
    metrics.webhook_event("stripe", "unverified", "rejected")
    with metrics.track_render("pdf"):
        pass
    metrics.transcription_finished("builtin", "succeeded", 1.5, audio_seconds=42.0)

    with serving(small_app(metrics, static_dir)) as url:
        text = httpx.get(url + "/metrics").text

    assert sample(text, "resumepilot_jobs_total", task="render_resume", outcome="succeeded") == 1
    assert sample(text, "resumepilot_jobs_total", task="render_resume", outcome="failed") == 1
    assert sample(text, "resumepilot_job_duration_seconds_count", task="render_resume") == 2
    usage = "resumepilot_usage_units_total"
    assert sample(text, usage, kind="interview", outcome="consumed") == 2
    assert sample(text, usage, kind="interview", outcome="refused") == 1
    webhooks = "resumepilot_webhook_events_total"
    assert (
        sample(text, webhooks, source="stripe", event_type="invoice.paid", outcome="processed") == 1
    )
    assert sample(text, webhooks, source="stripe", event_type="unverified", outcome="rejected") == 1
    assert sample(text, "resumepilot_renders_total", format="pdf", outcome="succeeded") == 1
    assert sample(text, "resumepilot_render_duration_seconds_count", format="pdf") == 1
    assert (
        sample(text, "resumepilot_transcriptions_total", provider="builtin", outcome="succeeded")
        == 1
    )
    assert sample(text, "resumepilot_transcribed_audio_seconds_total", provider="builtin") == 42


def test_a_cancelled_job_is_counted_as_cancelled() -> None:
    import asyncio

    metrics = Metrics()

    async def job() -> None:
        with metrics.track_job("transcribe"):
            await asyncio.sleep(60)

    async def cancel_it() -> None:
        task = asyncio.create_task(job())
        await asyncio.sleep(0)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    from tests.conftest import run_async

    run_async(cancel_it)
    text = metrics.exposition()[0].decode()
    assert sample(text, "resumepilot_jobs_total", task="transcribe", outcome="cancelled") == 1


def test_pool_usage_is_read_from_the_pool_at_scrape_time(
    static_dir: Path, database_url: str
) -> None:
    metrics = Metrics()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with AsyncConnectionPool(
            database_url, min_size=1, max_size=3, name="requests"
        ) as pool:
            app.state.pool = pool
            metrics.watch_pool("requests", pool)
            yield

    app = small_app(metrics, static_dir)
    app.router.lifespan_context = lifespan

    @app.get("/db")
    async def db(request: Request) -> dict[str, int]:
        async with request.app.state.pool.connection() as conn:
            row = await (await conn.execute("SELECT 1")).fetchone()
        return {"one": row[0]}

    with serving(app) as url, httpx.Client(base_url=url) as client:
        assert client.get("/db").json() == {"one": 1}
        assert client.get("/db").json() == {"one": 1}
        text = client.get("/metrics").text

    assert sample(text, "resumepilot_db_pool_max_size", pool="requests") == 3
    assert sample(text, "resumepilot_db_pool_requests", pool="requests") == 2
    size = sample(text, "resumepilot_db_pool_size", pool="requests")
    available = sample(text, "resumepilot_db_pool_available", pool="requests")
    assert size is not None and size >= 1
    assert available == size  # nothing is checked out between requests
    assert sample(text, "resumepilot_db_pool_waiting", pool="requests") == 0
    assert sample(text, "resumepilot_db_pool_timeouts", pool="requests") == 0


def test_a_metrics_token_keeps_strangers_out(static_dir: Path) -> None:
    metrics = Metrics()
    with serving(small_app(metrics, static_dir, token="s3cr3t")) as url:
        refused = httpx.get(url + "/metrics")
        wrong = httpx.get(url + "/metrics", headers={"Authorization": "Bearer guess"})
        allowed = httpx.get(url + "/metrics", headers={"Authorization": "Bearer s3cr3t"})
    assert refused.status_code == 401 and wrong.status_code == 401
    assert refused.headers["www-authenticate"] == "Bearer"
    assert "resumepilot_" not in refused.text
    assert allowed.status_code == 200 and "resumepilot_http_requests_total" in allowed.text


def test_two_apps_in_one_process_keep_their_own_series(static_dir: Path) -> None:
    first, second = Metrics(), Metrics()
    with (
        serving(small_app(first, static_dir)) as one,
        serving(small_app(second, static_dir)) as two,
    ):
        httpx.get(one + "/items/1")
        httpx.get(one + "/items/2")
        httpx.get(two + "/items/3")
        first_text = httpx.get(one + "/metrics").text
        second_text = httpx.get(two + "/metrics").text
    route = "/items/{item_id}"
    assert sample(first_text, REQUESTS, method="GET", route=route, status="200") == 2
    assert sample(second_text, REQUESTS, method="GET", route=route, status="200") == 1


def test_a_worker_without_a_web_app_serves_metrics_on_its_own_port() -> None:
    metrics = Metrics()
    metrics.job_finished("send_mail", "succeeded", 0.2)
    port = free_port()
    server, thread = serve_metrics_over_http(metrics, port)
    try:
        text = httpx.get(f"http://127.0.0.1:{port}/metrics").text
    finally:
        server.shutdown()
        thread.join(timeout=5)
    assert sample(text, "resumepilot_jobs_total", task="send_mail", outcome="succeeded") == 1


def test_multiprocess_dir_set_too_late_is_a_clear_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    with pytest.raises(RuntimeError, match="before the server process starts"):
        Metrics()
