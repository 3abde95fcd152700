"""Concurrent resume renders through the web: N users generate at once, each waits for its PDF.

Starts `resumepilot serve` (web + in-process worker, embedded PostgreSQL) on a temp data
folder, signs N users up through the API and gives each a draft of the sample resume. Each
round, the N users at once: POST a generation, poll its status until it is completed, then
download the PDF. Latency is POST to last PDF byte; throughput is PDFs per second of wall time.

    .venv/bin/python bench/render_web.py [--users 20] [--rounds 5] [--poll-ms 500 | --wait 20]
        [--template modern] [--fit-one-page]

The result page polls every 0.6 s and slower; the default 500 ms is close to that. Faster
polling measures the polling too: each status check is a request and a transaction that takes
CPU from the renders on a small machine.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import statistics
import tempfile
import time
import uuid
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import httpx
from common import MachineLoad, Server, command_line, machine_summary, now_utc, percentile


@dataclass
class Render:
    latency_s: float
    render_ms: int
    pdf_bytes: int
    pages: int


def sample_resume() -> dict:
    text = (resources.files("resumepilot.documents") / "data" / "sample.json").read_text("utf-8")
    return json.loads(text)


async def sign_up_with_draft(
    client: httpx.AsyncClient, args: argparse.Namespace
) -> tuple[str, str]:
    r = await client.post(
        "/api/auth/signup",
        json={
            "email": f"bench-{uuid.uuid4().hex[:10]}@example.com",
            "password": "correct horse battery staple",
        },
    )
    r.raise_for_status()
    token = r.json()["access_token"]
    r = await client.post(
        "/api/resumes/drafts",
        headers={"Authorization": f"Bearer {token}"},
        json={
            "title": "Bench",
            "template_name": args.template,
            "fit_one_page": args.fit_one_page,
            "resume": sample_resume(),
        },
    )
    r.raise_for_status()
    return token, r.json()["id"]


async def render_once(
    client: httpx.AsyncClient, token: str, draft_id: str, poll_s: float, wait_s: float = 0
) -> Render:
    auth = {"Authorization": f"Bearer {token}"}
    began = time.perf_counter()
    r = await client.post(f"/api/resumes/drafts/{draft_id}/generations", headers=auth)
    r.raise_for_status()
    gid = r.json()["id"]
    while True:
        if wait_s:  # long poll: the server answers when the generation finishes
            params = {"wait": str(wait_s)}
        else:
            await asyncio.sleep(poll_s)
            params = {}
        url = f"/api/resumes/generations/{gid}"
        g = (await client.get(url, headers=auth, params=params)).json()
        if g["status"] != "processing":
            break
    if g["status"] != "completed":
        raise RuntimeError(f"generation {gid} {g['status']}: {g['error_message']}")
    pdf = await client.get(f"/api/resumes/generations/{gid}/download/pdf", headers=auth)
    pdf.raise_for_status()
    assert pdf.content.startswith(b"%PDF")
    return Render(
        time.perf_counter() - began, g["processing_time_ms"], len(pdf.content), g["page_count"]
    )


async def run(base_url: str, args: argparse.Namespace) -> tuple[list[Render], list[float]]:
    limits = httpx.Limits(max_connections=args.users * 2)
    async with httpx.AsyncClient(base_url=base_url, timeout=120, limits=limits) as client:
        # One at a time: sign-up holds its request's connection while it takes a second one
        # from the same pool, so a burst of pool-size sign-ups can starve itself.
        users = [await sign_up_with_draft(client, args) for _ in range(args.users)]
        # Warm-up: the first render in a process loads typst, fonts and python-docx.
        await render_once(client, *users[0], args.poll_ms / 1000, args.wait)
        renders: list[Render] = []
        walls: list[float] = []
        for round_no in range(args.rounds):
            began = time.perf_counter()
            renders += await asyncio.gather(
                *(
                    render_once(client, token, draft, args.poll_ms / 1000, args.wait)
                    for token, draft in users
                )
            )
            walls.append(time.perf_counter() - began)
            print(f"  round {round_no + 1}: {args.users} PDFs in {walls[-1]:.2f} s", flush=True)
        return renders, walls


def report(args: argparse.Namespace, renders: list[Render], walls: list[float], load: str) -> str:
    ms = sorted(r.latency_s * 1000 for r in renders)
    render_ms = [r.render_ms for r in renders]
    rows = [
        ("PDFs rendered", f"{len(renders)} ({args.rounds} rounds x {args.users} at once)"),
        ("Throughput", f"**{len(renders) / sum(walls):.1f} PDFs/s**"),
        ("Latency p50 (POST -> PDF downloaded)", f"{percentile(ms, 50):.0f} ms"),
        ("Latency p95", f"{percentile(ms, 95):.0f} ms"),
        ("Latency p99", f"**{percentile(ms, 99):.0f} ms**"),
        ("Latency max", f"{ms[-1]:.0f} ms"),
        (
            "Render time in the job (PDF + Word + LaTeX + preview), median",
            f"{statistics.median(render_ms):.0f} ms",
        ),
        ("Pages per PDF / PDF size", f"{renders[0].pages} / {renders[0].pdf_bytes // 1000} kB"),
    ]
    lines = [
        f"### Concurrent renders through the web ({args.users} at once)",
        "",
        f"- Date: {now_utc()}",
        f"- Machine: {machine_summary()}",
        f"- Command: `{command_line()}`",
        f"- Setup: one `resumepilot serve` (web + in-process worker, concurrency 2, embedded "
        f"PostgreSQL), template {args.template}{', fit to one page' if args.fit_one_page else ''}"
        + (
            f", status long-polled (wait={args.wait:g} s)"
            if args.wait
            else f", status polled every {args.poll_ms} ms"
        ),
        f"- Load: {load}",
        "",
        "| measure | value |",
        "|---|---|",
        *[f"| {k} | {v} |" for k, v in rows],
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--poll-ms", type=int, default=500)
    parser.add_argument(
        "--wait", type=float, default=0, help="long-poll the status (?wait=S) instead of polling"
    )
    parser.add_argument("--template", default="modern")
    parser.add_argument("--fit-one-page", action="store_true")
    args = parser.parse_args()

    root = Path(tempfile.mkdtemp(prefix="rp-bench-render-web-"))
    server = Server(root / "data")
    load = MachineLoad()
    try:
        server.start()
        print(f"server ready in {server.wait_ready():.1f} s; rendering...", flush=True)
        load.start()
        renders, walls = asyncio.run(run(server.base_url, args))
        described = load.describe()
    except Exception:
        print(server.log_tail(60))
        raise
    finally:
        stop = server.stop()
        shutil.rmtree(root, ignore_errors=True)
    print()
    print(report(args, renders, walls, described))
    print(f"\nServer stop: {stop.describe()}")


if __name__ == "__main__":
    main()
