"""Open-loop HTTP load at fixed offered rates, beside a raw psycopg baseline of the same SQL.

Starts one `resumepilot serve` (all cores: --workers defaults to the number of cores; set
RESUMEPILOT_WEB_WORKERS or --workers to change it) on a temp data folder. For each offered
rate, requests are sent on a fixed schedule whatever the answers do (open loop: a slow answer
does not slow the sender, so queueing shows in the latency, measured from the scheduled send
time). Scenarios: GET /api/me (bearer), GET /dashboard (cookie, HTML), and an interview turn
(POST /api/interviews/{id}/answers, built-in engine); then /api/me's SQL on raw psycopg
connections at the same rates (BEGIN, app_auth.start_request, profile, subscription, COMMIT).

    .venv/bin/python bench/web_load.py [--rates 200,400] [--duration 8] [--warmup 2]
        [--workers N] [--baseline-connections 40]
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import os
import random
import time
import uuid
from collections.abc import Awaitable, Callable

import psycopg
from common import Server, command_line, machine_summary, now_utc, run_against_server
from http_load import HttpConnection, Result, database_url, get_request, post_json, sql_ops
from interview_http import Interviewee
from psycopg.rows import dict_row
from psycopg_pool import AsyncConnectionPool

P99_TARGET_MS = 25.0
Send = Callable[[], Awaitable[str | None]]


async def open_loop(name: str, rate: float, duration: float, warmup: float, send: Send) -> Result:
    """Sends at `rate`/s for warmup + duration s; latency from each request's scheduled time."""
    result = Result(f"{name} @ {rate:g}/s", duration)
    began = time.perf_counter()
    window = (began + warmup, began + warmup + duration)
    done_in_window = 0
    tasks = []

    async def one(scheduled: float) -> None:
        nonlocal done_in_window
        try:
            problem = await send()
        except (OSError, asyncio.IncompleteReadError) as exc:
            problem = f"{type(exc).__name__}: {exc}"
        finished = time.perf_counter()
        if window[0] <= scheduled < window[1]:
            result.latencies.append(finished - scheduled)
            if problem:
                result.error(problem)
        if window[0] <= finished < window[1]:
            done_in_window += 1

    for i in range(int((warmup + duration) * rate)):
        scheduled = began + i / rate
        if (delay := scheduled - time.perf_counter()) > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one(scheduled)))
    await asyncio.gather(*tasks)
    result.completed_rate = done_in_window / duration  # type: ignore[attr-defined]
    return result


class Connections:
    """Keep-alive connections handed to one request at a time; more are opened on demand."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.idle: list[HttpConnection] = []

    async def request(self, raw: bytes) -> tuple[int, bytes]:
        conn = self.idle.pop() if self.idle else HttpConnection(self.port)
        try:
            answer = await conn.request(raw)
        except (asyncio.IncompleteReadError, ConnectionResetError, BrokenPipeError):
            conn.close()  # the server closed an idle connection: once more on a new one
            answer = await conn.request(raw)
        self.idle.append(conn)
        return answer


def http_send(pool: Connections, raw: bytes, expect: bytes) -> Send:
    async def send() -> str | None:
        status, body = await pool.request(raw)
        if status != 200 or expect not in body:
            return f"HTTP {status}: {body[:120]!r}"
        return None

    return send


async def interview_people(port: int, url: str, n: int) -> list[Interviewee]:
    accounts = []
    for _ in range(n):
        status, body = await post_json(
            port,
            "/api/auth/signup",
            {
                "email": f"bench-{uuid.uuid4().hex[:12]}@example.com",
                "password": "bench-web-load-passphrase",
            },
        )
        if status != 201:
            raise RuntimeError(f"signup answered {status}: {body}")
        accounts.append((body["access_token"], body["user_id"]))
    with psycopg.connect(url, autocommit=True) as conn:
        for _, user_id in accounts:
            conn.execute(
                "INSERT INTO subscriptions (user_id, plan_name, status)"
                " VALUES (%s, 'coach', 'active')",
                [user_id],
            )
    rng = random.Random(14)
    people = [Interviewee(port, token, random.Random(rng.random())) for token, _ in accounts]
    for person in people:
        await person.start()
    return people


def turn_send(people: list[Interviewee]) -> Send:
    idle = asyncio.Queue[Interviewee]()
    for person in people:
        idle.put_nowait(person)

    async def send() -> str | None:
        person = await idle.get()  # one turn at a time per interview, as a person answers
        try:
            while not person.next_turn:
                await person.start()  # the interview finished: a new one (not timed apart)
            return await person.answer()
        finally:
            idle.put_nowait(person)

    return send


async def run(args: argparse.Namespace, server: Server) -> list[Result]:
    port = server.port
    status, signed = await post_json(
        port,
        "/api/auth/signup",
        {
            "email": f"bench-{uuid.uuid4().hex[:12]}@example.com",
            "password": "bench-web-load-passphrase",
        },
    )
    if status != 201:
        raise RuntimeError(f"signup answered {status}: {signed}")
    token, user_id = signed["access_token"], signed["user_id"]
    url = database_url(server.data_dir)
    people = await interview_people(port, url, args.interviews)
    pool = Connections(port)
    me = http_send(
        pool, get_request(port, "/api/me", {"Authorization": f"Bearer {token}"}), user_id.encode()
    )
    dashboard = http_send(
        pool,
        get_request(port, "/dashboard", {"Cookie": f"rp_session={token}", "Accept": "text/html"}),
        b"</html>",
    )
    turn = turn_send(people)
    results = []
    token_hash = hashlib.sha256(token.encode()).digest()
    async with AsyncConnectionPool(
        url,
        min_size=args.baseline_connections,
        max_size=args.baseline_connections,
        open=False,
        kwargs={"row_factory": dict_row, "autocommit": True},
    ) as sql_pool:
        await sql_pool.open(wait=True, timeout=60)
        raw_sql = sql_ops(sql_pool, token_hash, user_id, 1)[0]
        for rate in args.rates:
            for name, send in (
                ("raw psycopg, /api/me SQL", raw_sql),
                ("GET /api/me", me),
                ("GET /dashboard", dashboard),
                ("interview turn", turn),
            ):
                if (problem := await send()) is not None:
                    raise RuntimeError(f"{name}: {problem}")
                results.append(await open_loop(name, rate, args.duration, args.warmup, send))
                r = results[-1]
                print(
                    f"  {r.name}: {r.completed_rate:.0f}/s done, p50 {r.ms(50):.1f} ms,"
                    f" p99 {r.ms(99):.1f} ms, errors {r.errors}",
                    flush=True,
                )
    for person in people:
        person.conn.close()
    return results


def report(args: argparse.Namespace, results: list[Result], load: str) -> str:
    rows = [
        f"### Open-loop load, all cores ({now_utc()})",
        "",
        f"- Machine: {machine_summary()}",
        f"- Command: `{command_line()}`",
        f"- Load during the run: {load}",
        f"- One `resumepilot serve` with {args.workers or os.cpu_count()} web processes (pool of"
        f" 20 connections each); baseline: {args.baseline_connections} raw psycopg connections;"
        f" {args.duration:g} s measured after {args.warmup:g} s per row; latency from the"
        " scheduled send time (queueing included). Throughput = answers completed per second"
        " inside the measured window.",
        "",
        "| offered /s | scenario | done /s | x raw psycopg | p50 ms | p90 ms | p99 ms | errors"
        f" | p99 < {P99_TARGET_MS:g} ms |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    baseline = 0.0
    for r in results:
        name, rate = r.name.rsplit(" @ ", 1)
        if name.startswith("raw psycopg"):
            baseline = r.completed_rate
        ratio = f"{r.completed_rate / baseline:.2f}" if baseline and "/api/me" in name else ""
        rows.append(
            f"| {rate.removesuffix('/s')} | {name} | {r.completed_rate:.0f} | {ratio}"
            f" | {r.ms(50):.1f} | {r.ms(90):.1f} | {r.ms(99):.1f} | {r.errors}"
            f" | {'yes' if r.ms(99) < P99_TARGET_MS else 'no'} |"
        )
    for r in results:
        if r.error_samples:
            rows.append(f"- {r.name} errors, e.g.: {'; '.join(r.error_samples)}")
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--rates", default="200,400", type=lambda s: [float(x) for x in s.split(",")]
    )
    parser.add_argument("--duration", type=float, default=8.0, help="measured seconds per row")
    parser.add_argument("--warmup", type=float, default=2.0, help="unmeasured seconds first")
    parser.add_argument("--workers", type=int, default=None, help="web processes (default cores)")
    parser.add_argument("--interviews", type=int, default=120)
    parser.add_argument("--baseline-connections", type=int, default=40)
    parser.add_argument("--py-spy", default=None)
    parser.add_argument("--profile-dir", default="bench-profiles")
    args = parser.parse_args()
    if args.workers:
        os.environ["RESUMEPILOT_WEB_WORKERS"] = str(args.workers)
    run_against_server(args, "rp-bench-web-load-", run, report)


if __name__ == "__main__":
    main()
