"""HTTP load on one `resumepilot serve`, beside a raw psycopg baseline of the same SQL.

Starts a server on a temp data folder, signs a user up through the API, then drives N
keep-alive clients for D seconds against GET /dashboard (session cookie) and GET /api/me
(bearer token); then N psycopg connections run /api/me's SQL directly for D seconds.

    .venv/bin/python bench/http_load.py [--clients 50] [--duration 20] [--warmup 2]
        [--py-spy /tmp/pyspy/bin/py-spy]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import hashlib
import json
import os
import subprocess
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

import psutil
from common import (
    RESUMEPILOT,
    Server,
    add_profiling_options,
    command_line,
    machine_summary,
    now_utc,
    percentile,
    run_against_server,
    server_env,
)
from psycopg.rows import dict_row
from psycopg_pool import AsyncConnectionPool

P99_TARGET_MS = 50.0

# The SQL of GET /api/me (resumepilot/db/request.py and resumepilot/auth/repository.py).
START_REQUEST = "SELECT * FROM app_auth.start_request(%s)"
GET_PROFILE = (
    "SELECT p.user_id, p.full_name, p.job_title, p.company, p.created_at, p.updated_at"
    " FROM profiles p WHERE p.user_id = auth.uid()"
)
SUBSCRIPTION_STATUS = "SELECT * FROM get_user_subscription_status(%s)"


class HttpConnection:
    """One HTTP/1.1 keep-alive connection that sends a prepared request and reads the answer.

    Far cheaper per request than a general client, so the load generator, which shares the
    CPUs with the server, takes as little of them as possible.
    """

    def __init__(self, port: int) -> None:
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def connect(self) -> None:
        self.close()
        self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None

    async def request(self, raw: bytes) -> tuple[int, bytes]:
        if self.writer is None:
            await self.connect()
        assert self.reader is not None and self.writer is not None
        self.writer.write(raw)
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        if "content-length" in headers:
            body = await self.reader.readexactly(int(headers["content-length"]))
        elif headers.get("transfer-encoding", "").lower() == "chunked":
            body = await self._read_chunked()
        else:
            body = await self.reader.read()
            self.close()
        if headers.get("connection", "").lower() == "close":
            self.close()
        return status, body

    async def _read_chunked(self) -> bytes:
        assert self.reader is not None
        parts = []
        while True:
            size = int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16)
            if size == 0:
                await self.reader.readuntil(b"\r\n")
                return b"".join(parts)
            parts.append(await self.reader.readexactly(size))
            await self.reader.readexactly(2)


def get_request(port: int, path: str, headers: dict[str, str]) -> bytes:
    lines = [f"GET {path} HTTP/1.1", f"Host: 127.0.0.1:{port}", "User-Agent: rp-bench"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


async def post_json(port: int, path: str, payload: dict) -> tuple[int, dict]:
    body = json.dumps(payload).encode()
    head = (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json"
        f"\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    ).encode()
    conn = HttpConnection(port)
    try:
        status, answer = await conn.request(head + body)
    finally:
        conn.close()
    return status, json.loads(answer or b"{}")


@dataclass
class Result:
    name: str
    duration: float
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    error_samples: list[str] = field(default_factory=list)
    cpu: dict[str, float] = field(default_factory=dict)

    def error(self, what: str) -> None:
        self.errors += 1
        if len(self.error_samples) < 3:
            self.error_samples.append(what)

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.duration

    def ms(self, p: float) -> float:
        return percentile(self.latencies, p) * 1000


Op = Callable[[], Awaitable[str | None]]  # returns None when the answer was right, else why


async def drive(name: str, ops: list[Op], duration: float, warmup: float) -> Result:
    """Runs each op in a loop on its own task; keeps the ops started in the measured window.

    Errors count as requests too (their latency is kept), so a failing server cannot look fast.
    """
    loop_start = time.perf_counter()
    window_start = loop_start + warmup
    window_end = window_start + duration
    result = Result(name, duration)

    async def worker(op: Op) -> None:
        while (began := time.perf_counter()) < window_end:
            try:
                problem = await op()
            except Exception as exc:  # a dropped connection is an error, not the end of the run
                problem = f"{type(exc).__name__}: {exc}"
            if began >= window_start:
                result.latencies.append(time.perf_counter() - began)
                if problem:
                    result.error(problem)

    await asyncio.gather(*(worker(op) for op in ops))
    return result


class CpuMeter:
    """CPU seconds used by this process, the server process and PostgreSQL over a phase."""

    def __init__(self, server_pid: int, postmaster_pid: int) -> None:
        self.procs = {"client": psutil.Process(), "server": psutil.Process(server_pid)}
        self.postmaster = psutil.Process(postmaster_pid)

    def _sample(self) -> dict[str, float]:
        sample = {name: sum(proc.cpu_times()[:2]) for name, proc in self.procs.items()}
        total = 0.0
        for proc in [self.postmaster, *self.postmaster.children(recursive=True)]:
            with contextlib.suppress(psutil.NoSuchProcess):  # a backend may have just exited
                total += sum(proc.cpu_times()[:2])
        sample["postgres"] = total
        # Everything busy on the machine, so load from other programs shows up as "other".
        times = psutil.cpu_times()
        sample["machine"] = sum(times) - times.idle - getattr(times, "iowait", 0.0)
        return sample

    async def measure(self, phase: Awaitable[Result]) -> Result:
        before, began = self._sample(), time.perf_counter()
        result = await phase
        after, wall = self._sample(), time.perf_counter() - began
        # Percent of one core over the whole phase (warm-up included); 2 cores = 200 %.
        result.cpu = {name: 100 * (after[name] - before[name]) / wall for name in after}
        ours = sum(result.cpu[name] for name in ("client", "server", "postgres"))
        result.cpu["other"] = max(0.0, result.cpu["machine"] - ours)
        return result


def http_ops(port: int, raw: bytes, clients: int, expect: bytes) -> list[Op]:
    def make() -> Op:
        conn = HttpConnection(port)

        async def op() -> str | None:
            try:
                status, body = await conn.request(raw)
            except (OSError, asyncio.IncompleteReadError):
                conn.close()
                raise
            if status != 200:
                return f"HTTP {status}"
            return None if expect in body else "unexpected body"

        return op

    return [make() for _ in range(clients)]


def sql_ops(pool: AsyncConnectionPool, token_hash: bytes, user_id: str, clients: int) -> list[Op]:
    async def op() -> str | None:
        async with pool.connection() as conn, conn.transaction():
            cur = await conn.execute(START_REQUEST, [token_hash])
            who = await cur.fetchone()
            cur = await conn.execute(GET_PROFILE)
            await cur.fetchone()
            cur = await conn.execute(SUBSCRIPTION_STATUS, [who["user_id"]])
            status = await cur.fetchone()
        return None if str(who["user_id"]) == user_id and status else "wrong identity"

    return [op] * clients


def database_url(data_dir: Path) -> str:
    """`resumepilot db-url` for the running server's data folder."""
    out = subprocess.run(
        [str(RESUMEPILOT), "db-url"],
        env=server_env(data_dir),
        cwd=data_dir,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return out.strip().splitlines()[-1]


def start_py_spy(py_spy: str | None, pid: int, out: Path, seconds: float):
    if not py_spy:
        return None
    return subprocess.Popen(
        [
            py_spy,
            "record",
            "-p",
            str(pid),
            "-d",
            str(int(seconds)),
            "-r",
            "200",
            "-f",
            "raw",
            "-o",
            str(out),
            "--nonblocking",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


async def run(args: argparse.Namespace, server: Server) -> list[Result]:
    port = server.port
    email = f"bench-{uuid.uuid4().hex[:12]}@example.com"
    status, signed = await post_json(
        port, "/api/auth/signup", {"email": email, "password": "bench-load-passphrase-2024"}
    )
    if status != 201:
        raise RuntimeError(f"signup answered {status}: {signed}")
    token, user_id = signed["access_token"], signed["user_id"]
    expect_id = user_id.encode()

    cases = [
        (
            "GET /dashboard (cookie)",
            get_request(
                port, "/dashboard", {"Cookie": f"rp_session={token}", "Accept": "text/html"}
            ),
            b"</html>",
        ),
        (
            "GET /api/me (bearer)",
            get_request(port, "/api/me", {"Authorization": f"Bearer {token}"}),
            expect_id,
        ),
    ]
    postmaster = int((server.pgdata / "postmaster.pid").read_text().split()[0])
    meter = CpuMeter(server.proc.pid, postmaster)
    results = []
    for name, raw, expect in cases:
        # One request first, so a broken setup fails loudly instead of as N errors.
        conn = HttpConnection(port)
        status, body = await conn.request(raw)
        conn.close()
        if status != 200 or expect not in body:
            raise RuntimeError(f"{name} answered {status}: {body[:300]!r}")
        slug = name.split()[1].strip("/").replace("/", "_")
        spy = start_py_spy(
            args.py_spy,
            server.proc.pid,
            args.profile_dir / f"{slug}.txt",
            args.warmup + args.duration,
        )
        ops = http_ops(port, raw, args.clients, expect)
        results.append(await meter.measure(drive(name, ops, args.duration, args.warmup)))
        if spy is not None:
            spy.wait()
        print(f"  {name}: {results[-1].rate:.0f} req/s", flush=True)

    url = database_url(server.data_dir)
    token_hash = hashlib.sha256(token.encode()).digest()
    async with AsyncConnectionPool(
        url,
        min_size=args.clients,
        max_size=args.clients,
        open=False,
        kwargs={"row_factory": dict_row, "autocommit": True},
    ) as pool:
        await pool.open(wait=True, timeout=60)
        ops = sql_ops(pool, token_hash, user_id, args.clients)
        problem = await ops[0]()
        if problem:
            raise RuntimeError(f"baseline: {problem}")
        name = "psycopg baseline (/api/me SQL)"
        results.append(await meter.measure(drive(name, ops, args.duration, args.warmup)))
        print(f"  {name}: {results[-1].rate:.0f} ops/s", flush=True)
    return results


def report(args: argparse.Namespace, results: list[Result], load: str) -> str:
    pool_size = os.environ.get("RESUMEPILOT_POOL_MAX_SIZE", "20 (default)")
    rows = [
        f"### HTTP load on resumepilot serve ({now_utc()})",
        "",
        f"- Machine: {machine_summary()}",
        f"- Command: `{command_line()}`",
        f"- Load during the run: {load}",
        f"- Load: {args.clients} concurrent keep-alive clients on loopback, {args.duration:g} s"
        f" measured after {args.warmup:g} s warm-up, per scenario; one uvicorn process,"
        f" server pool max {pool_size}; baseline: {args.clients} psycopg connections"
        " (AsyncConnectionPool), one transaction per op: start_request + profile + subscription",
        "- The load generator (one asyncio process, raw HTTP/1.1) shares the cores with the"
        " server and PostgreSQL; its share is the 'client' CPU figure. CPU % is of one core"
        f" (the machine has {psutil.cpu_count()} = {100 * psutil.cpu_count()} %), over"
        " warm-up + measurement; 'other' is everything else busy on the machine (other"
        " programs, kernel work not charged to our processes)",
        f"- Target: p99 < {P99_TARGET_MS:.0f} ms",
        "",
        "| scenario | requests | req/s | p50 ms | p90 ms | p99 ms | max ms | errors"
        " | p99 < 50 ms | CPU % client / server / postgres / other |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        cpu = " / ".join(
            f"{r.cpu.get(k, 0):.0f}" for k in ("client", "server", "postgres", "other")
        )
        meets = "yes" if r.ms(99) < P99_TARGET_MS else "NO"
        rows.append(
            f"| {r.name} | {len(r.latencies)} | {r.rate:.0f} | {r.ms(50):.1f} | {r.ms(90):.1f}"
            f" | {r.ms(99):.1f} | {r.ms(100):.1f} | {r.errors} | {meets} | {cpu} |"
        )
    me, base = results[1], results[-1]
    rows += [
        "",
        f"Framework overhead (/api/me over HTTP vs the same SQL on raw psycopg): throughput"
        f" {base.rate / me.rate:.1f}x lower ({me.rate:.0f} vs {base.rate:.0f}/s);"
        f" p50 {me.ms(50) / base.ms(50):.1f}x ({me.ms(50):.1f} vs {base.ms(50):.1f} ms);"
        f" p99 {me.ms(99) / base.ms(99):.1f}x ({me.ms(99):.1f} vs {base.ms(99):.1f} ms).",
    ]
    for r in results:
        if r.error_samples:
            rows.append(f"- {r.name} errors, e.g.: {'; '.join(r.error_samples)}")
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=float, default=20.0, help="measured seconds")
    parser.add_argument("--warmup", type=float, default=2.0, help="unmeasured seconds first")
    add_profiling_options(parser)
    run_against_server(parser.parse_args(), "rp-bench-http-", run, report)


if __name__ == "__main__":
    main()
