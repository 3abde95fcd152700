"""Per-request cost of the boundary middlewares (issue 8), beside the same app without them.

Calls one FastAPI app in-process (no network, so only the framework and the middleware are
timed) with two requests: GET /items/{id}?q=... and POST /items with a JSON Resume body (the
sample resume, about 5 kB: the largest JSON most routes take). Variants:

- bare: the baseline, no middleware;
- text input: web.text_input.TextInputCheck (path, query and the whole JSON body checked);
- headers + HEAD: web.security_headers.SecurityHeaders and web.protocol.HeadAsGet;
- all: the three, as create_app() installs them.

Variants are interleaved in short rounds so machine load hits them alike, and each round is
timed in this process's CPU time (time.process_time), which waiting for a core shared with
other work does not inflate.

    .venv/bin/python bench/boundary_layers.py [--requests 500] [--rounds 40]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from common import MachineLoad, command_line, machine_summary, now_utc
from fastapi import FastAPI

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from resumepilot.config import Settings  # noqa: E402
from resumepilot.web.protocol import HeadAsGet  # noqa: E402
from resumepilot.web.security_headers import SecurityHeaders  # noqa: E402
from resumepilot.web.text_input import TextInputCheck  # noqa: E402
from tests.documents.conftest import load_sample  # noqa: E402

VARIANTS = ("bare", "text input", "headers + HEAD", "all")
RESUME = json.dumps({"title": "My resume", "resume": load_sample()}).encode()


def build(variant: str) -> FastAPI:
    app = FastAPI()

    @app.get("/items/{item_id}")
    async def item(item_id: int, q: str = "") -> dict[str, Any]:
        return {"id": item_id, "q": q}

    @app.post("/items")
    async def create(body: dict[str, Any]) -> dict[str, int]:
        return {"keys": len(body)}

    if variant in ("text input", "all"):
        app.add_middleware(TextInputCheck)
    if variant in ("headers + HEAD", "all"):
        app.add_middleware(HeadAsGet)
        app.add_middleware(SecurityHeaders, settings=Settings())
    return app


def scope(method: str, path: str, query: bytes, headers: list[tuple[bytes, bytes]]) -> dict:
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": query,
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
        "headers": [(b"host", b"bench"), *headers],
    }


def request(kind: str, i: int) -> tuple[dict, bytes]:
    if kind == "GET":
        return scope("GET", f"/items/{i}", b"q=caf%C3%A9+au+lait&page=2", []), b""
    headers = [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(RESUME))]
    return scope("POST", "/items", b"", headers), RESUME


async def run(app: FastAPI, kind: str, requests: int) -> float:
    """Microseconds per request."""
    statuses: list[int] = []

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            statuses.append(message["status"])

    began = time.process_time()
    for i in range(requests):
        request_scope, body = request(kind, i)

        async def receive(body: bytes = body) -> dict[str, Any]:
            return {"type": "http.request", "body": body, "more_body": False}

        await app(request_scope, receive, send)
    elapsed = time.process_time() - began
    assert statuses == [200] * requests, set(statuses)
    return elapsed / requests * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=40)
    args = parser.parse_args()
    apps = {variant: build(variant) for variant in VARIANTS}
    for app in apps.values():  # warm-up: middleware stacks, route compilation, caches
        for kind in ("GET", "POST"):
            asyncio.run(run(app, kind, 200))
    load = MachineLoad()
    load.start()
    timings: dict[tuple[str, str], list[float]] = {}
    for _ in range(args.rounds):
        for kind in ("GET", "POST"):
            for variant, app in apps.items():
                timings.setdefault((kind, variant), []).append(
                    asyncio.run(run(app, kind, args.requests))
                )
    lines = [
        f"### Boundary middlewares: text input check, security headers, HEAD ({now_utc()})",
        "",
        f"- Machine: {machine_summary()}",
        f"- Command: `{command_line()}`",
        f"- Load during the run: {load.describe()}",
        f"- {args.rounds} rounds of {args.requests} in-process requests per variant; medians of",
        "  this process's CPU time per request.",
        f"- POST body: the sample JSON Resume, {len(RESUME)} bytes.",
        "",
        "| request | variant | µs per request (median) | min | max | added µs | ratio to bare |",
        "|---|---|---|---|---|---|---|",
    ]
    for kind in ("GET", "POST"):
        base = statistics.median(timings[(kind, "bare")])
        for variant in VARIANTS:
            values = timings[(kind, variant)]
            median = statistics.median(values)
            added = "baseline" if variant == "bare" else f"{median - base:+.1f}"
            lines.append(
                f"| {kind} | {variant} | {median:.1f} | {min(values):.1f} | {max(values):.1f} "
                f"| {added} | {median / base:.2f} |"
            )
    print("\n".join(lines))


if __name__ == "__main__":
    main()
