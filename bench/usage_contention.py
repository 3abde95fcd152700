"""try_consume_usage under contention, beside a plain UPDATE ... RETURNING on the same rows.

N clients (one connection each) make C calls each over U users, picking users at random, so
many calls land on the same rows at once. Users are spread over the four plans; afterwards every
user's grants are checked against its limit and against usage_tracking. The baseline increments
the same rows with `UPDATE usage_tracking SET interviews_used = interviews_used + 1 ... RETURNING`
(no limit, no plan lookup), in the same run, rounds interleaved.

    .venv/bin/python bench/usage_contention.py [--clients 16] [--calls 1000] [--users 100]
        [--rounds 2] [--database-url URL]   (default: a throwaway embedded PostgreSQL)
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path

import psycopg
from common import MachineLoad, command_line, machine_summary, now_utc, percentile

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

PLANS = ["starter", "pro", "career", "coach"]  # limits 1, 10, 30, unlimited
CONSUME = "SELECT try_consume_usage(%s, 'interview')"
PLAIN = (
    "UPDATE usage_tracking SET interviews_used = interviews_used + 1"
    " WHERE user_id = %s AND month = %s RETURNING interviews_used"
)


def throwaway_database() -> str:
    from resumepilot.db.embedded import start_embedded_server, with_database
    from resumepilot.db.migrate import apply_migrations

    pgdata = Path(tempfile.mkdtemp(prefix="rp-bench-usage-")) / "pgdata"
    server = start_embedded_server(pgdata, cleanup="delete")
    url = server.get_uri()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute('CREATE DATABASE "bench_usage"')
    url = with_database(url, "bench_usage")
    apply_migrations(url)
    return url


def make_users(url: str, count: int) -> tuple[list[uuid.UUID], dict[uuid.UUID, int]]:
    users, limits = [], {}
    with psycopg.connect(url, autocommit=True) as conn:
        plan_limits = dict(conn.execute("SELECT name, interviews_per_month FROM plans").fetchall())
        for i in range(count):
            uid = conn.execute(
                "INSERT INTO auth.users (email) VALUES (%s) RETURNING id",
                [f"bench-{uuid.uuid4().hex[:10]}@example.com"],
            ).fetchone()[0]
            plan = PLANS[i % len(PLANS)]
            if plan != "starter":
                conn.execute(
                    "INSERT INTO subscriptions (user_id, plan_name, status)"
                    " VALUES (%s, %s, 'active')",
                    [uid, plan],
                )
            users.append(uid)
            limits[uid] = plan_limits[plan]
    return users, limits


def reset_usage(url: str, users: list[uuid.UUID], *, seed_rows: bool) -> str:
    with psycopg.connect(url, autocommit=True) as conn:
        month = conn.execute("SELECT current_usage_month()").fetchone()[0]
        conn.execute("DELETE FROM usage_tracking WHERE user_id = ANY(%s)", [users])
        if seed_rows:  # the baseline UPDATE needs the rows to exist
            conn.execute(
                "INSERT INTO usage_tracking (user_id, month) SELECT u, %s"
                " FROM unnest(%s::uuid[]) u",
                [month, users],
            )
    return month


async def run_clients(url: str, sql: str, picks: list[list[uuid.UUID]], month: str):
    """Every client runs its calls back to back; returns (seconds, per-call ms, grants)."""
    conns = [await psycopg.AsyncConnection.connect(url, autocommit=True) for _ in picks]
    start = asyncio.Event()
    latencies: list[float] = []
    granted: Counter[uuid.UUID] = Counter()

    async def client(conn, users):
        await start.wait()
        for uid in users:
            t = time.perf_counter()
            cur = await conn.execute(sql, [uid] if sql is CONSUME else [uid, month])
            row = await cur.fetchone()
            latencies.append((time.perf_counter() - t) * 1000)
            if row and row[0] is not False:
                granted[uid] += 1

    tasks = [asyncio.create_task(client(c, users)) for c, users in zip(conns, picks, strict=True)]
    await asyncio.sleep(0.05)
    began = time.perf_counter()
    start.set()
    await asyncio.gather(*tasks)
    seconds = time.perf_counter() - began
    for c in conns:
        await c.close()
    return seconds, latencies, granted


def check_limits(url: str, users, limits, attempts: Counter, granted: Counter) -> dict[str, int]:
    """Grants past a limit (must be 0), units refused below a limit, and mismatches with the
    stored counters."""
    with psycopg.connect(url) as conn:
        stored = dict(
            conn.execute(
                "SELECT user_id, interviews_used FROM usage_tracking WHERE user_id = ANY(%s)"
                " AND month = current_usage_month()",
                [users],
            ).fetchall()
        )
    over = sum(max(0, granted[u] - limits[u]) for u in users if limits[u] >= 0)
    under = sum(min(attempts[u], limits[u]) - granted[u] for u in users if limits[u] >= 0)
    under += sum(attempts[u] - granted[u] for u in users if limits[u] < 0)
    mismatch = sum(1 for u in users if stored.get(u, 0) != granted[u])
    return {"over": over, "under": under, "mismatch": mismatch}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--calls", type=int, default=1000)
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--database-url")
    args = parser.parse_args()

    url = args.database_url or throwaway_database()
    users, limits = make_users(url, args.users)
    rng = random.Random(42)
    picks = [[rng.choice(users) for _ in range(args.calls)] for _ in range(args.clients)]
    attempts = Counter(u for p in picks for u in p)
    total = args.clients * args.calls
    load = MachineLoad()
    load.start()
    results: dict[str, list] = {"try_consume_usage": [], "plain UPDATE ... RETURNING": []}
    checks = []
    for round_no in range(args.rounds):
        month = reset_usage(url, users, seed_rows=True)
        seconds, lat, _ = asyncio.run(run_clients(url, PLAIN, picks, month))
        results["plain UPDATE ... RETURNING"].append((seconds, lat))
        reset_usage(url, users, seed_rows=False)
        seconds, lat, granted = asyncio.run(run_clients(url, CONSUME, picks, month))
        results["try_consume_usage"].append((seconds, lat))
        checks.append(check_limits(url, users, limits, attempts, granted))
        plain_rate = total / results["plain UPDATE ... RETURNING"][-1][0]
        print(
            f"round {round_no + 1}: plain {plain_rate:.0f} calls/s, try_consume_usage"
            f" {total / seconds:.0f} calls/s, {checks[-1]}",
            flush=True,
        )

    print()
    print(f"## try_consume_usage under contention ({now_utc()})\n")
    print(f"- machine: {machine_summary()}")
    print(f"- command: `{command_line()}`")
    print(f"- load: {load.describe()}")
    print(
        f"- {args.clients} clients x {args.calls} calls over {args.users} users (plans "
        f"starter/pro/career/coach, 1/10/30/unlimited interviews), {args.rounds} rounds "
        "interleaved, one connection per client, autocommit, embedded PostgreSQL on loopback\n"
    )
    print("| statement | calls/s (median of rounds) | p50 ms | p99 ms | granted past a limit |")
    print("|---|---:|---:|---:|---:|")
    rates = {}
    for name, runs in results.items():
        rates[name] = statistics.median(total / s for s, _ in runs)
        lat = [x for _, ls in runs for x in ls]
        over = sum(c["over"] for c in checks) if name == "try_consume_usage" else "n/a (no limit)"
        print(
            f"| {name} | {rates[name]:,.0f} | {percentile(lat, 50):.2f} |"
            f" {percentile(lat, 99):.2f} | {over} |"
        )
    ratio = rates["try_consume_usage"] / rates["plain UPDATE ... RETURNING"]
    print(f"\ntry_consume_usage / plain UPDATE: **{ratio:.2f}x** the throughput.")
    print(
        f"Limit checks over {args.rounds} rounds: granted past a limit "
        f"{sum(c['over'] for c in checks)}, refused below a limit "
        f"{sum(c['under'] for c in checks)}, grants differing from usage_tracking "
        f"{sum(c['mismatch'] for c in checks)}."
    )
    if any(c["over"] or c["under"] or c["mismatch"] for c in checks):
        sys.exit(1)


if __name__ == "__main__":
    main()
