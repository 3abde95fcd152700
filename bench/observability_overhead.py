"""Per-request cost of the metrics and request-log middleware, beside the same app without them.

Calls one FastAPI app in-process (no network, so only the framework and the middleware are
timed) with GET /items/{id}, in four variants: bare (the baseline), with MetricsMiddleware,
with RequestContextMiddleware writing a JSON access line per request (to /dev/null), and both.
Variants are interleaved round by round so machine load hits them alike.

    .venv/bin/python bench/observability_overhead.py [--requests 5000] [--rounds 7]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import statistics
import time
from typing import Any

from common import MachineLoad, command_line, machine_summary, now_utc
from fastapi import FastAPI

from resumepilot.observability.http_metrics import MetricsMiddleware
from resumepilot.observability.logs import configure_logging
from resumepilot.observability.metrics import Metrics
from resumepilot.observability.request_context import RequestContextMiddleware

VARIANTS = ("bare", "metrics", "request log", "both")


def build(variant: str) -> FastAPI:
    app = FastAPI()

    @app.get("/items/{item_id}")
    async def item(item_id: int) -> dict[str, int]:
        return {"id": item_id}

    if variant in ("metrics", "both"):
        app.add_middleware(MetricsMiddleware, metrics=Metrics())
    if variant in ("request log", "both"):
        app.add_middleware(RequestContextMiddleware)
    return app


def scope(i: int) -> dict[str, Any]:
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": f"/items/{i}",
        "raw_path": f"/items/{i}".encode(),
        "root_path": "",
        "query_string": b"",
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
        "headers": [(b"host", b"bench")],
    }


async def receive() -> dict[str, Any]:
    return {"type": "http.request", "body": b"", "more_body": False}


async def run(app: FastAPI, requests: int) -> float:
    """Microseconds per request."""
    statuses: list[int] = []

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            statuses.append(message["status"])

    began = time.perf_counter()
    for i in range(requests):
        await app(scope(i), receive, send)
    elapsed = time.perf_counter() - began
    assert statuses == [200] * requests, set(statuses)
    return elapsed / requests * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    configure_logging(json=True, stream=open(os.devnull, "w"))  # noqa: SIM115 (process-long)
    logging.getLogger().setLevel(logging.INFO)
    apps = {variant: build(variant) for variant in VARIANTS}
    for app in apps.values():  # warm-up: middleware stacks, route compilation, caches
        asyncio.run(run(app, 200))
    load = MachineLoad()
    load.start()
    timings: dict[str, list[float]] = {v: [] for v in VARIANTS}
    for _ in range(args.rounds):
        for variant, app in apps.items():
            timings[variant].append(asyncio.run(run(app, args.requests)))
    base = statistics.median(timings["bare"])
    lines = [
        f"### Metrics and request-log middleware overhead ({now_utc()})",
        "",
        f"- Machine: {machine_summary()}",
        f"- Command: `{command_line()}`",
        f"- Load during the run: {load.describe()}",
        f"- {args.rounds} rounds of {args.requests} in-process requests per variant; medians.",
        "",
        "| variant | µs per request (median) | min | max | added µs vs bare |",
        "|---|---|---|---|---|",
    ]
    for variant in VARIANTS:
        values = timings[variant]
        median = statistics.median(values)
        added = "baseline" if variant == "bare" else f"{median - base:+.1f}"
        lines.append(
            f"| {variant} | {median:.1f} | {min(values):.1f} | {max(values):.1f} | {added} |"
        )
    print("\n".join(lines))


if __name__ == "__main__":
    main()
