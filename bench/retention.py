"""Retention throughput on synthetic system events: rows/s and the longest lock held, for
dropping whole monthly partitions (what retention does), against one plain DELETE and against
batched DELETEs of the same rows, all in the same run on the same data.

Each round fills the partitioned system_events with N rows, half of them 120-300 days old
(whole months past the 90 days), half younger, then removes the old half one way.

    .venv/bin/python bench/retention.py --events 1000000
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import psycopg

from resumepilot.db import event_partitions
from resumepilot.db.embedded import ensure_app_database, start_embedded_server
from resumepilot.db.migrate import apply_migrations

FILL = """
INSERT INTO system_events (event_type, event_data, created_at)
SELECT 'bench.event', jsonb_build_object('n', g),
       now() - make_interval(days => CASE WHEN g %% 2 = 0 THEN 120 + g %% 180 ELSE g %% 60 END)
FROM generate_series(1, %s) AS g
"""

Result = tuple[int, float, float, int]  # rows, seconds, longest lock, transactions


def fill(url: str, events: int) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("TRUNCATE system_events")
        for months_ago in range(12, -3, -1):
            conn.execute(
                "SELECT create_system_events_partition("
                "((now() AT TIME ZONE 'UTC') - make_interval(months => %s))::date)",
                [months_ago],
            )
        conn.execute(FILL, [events])
        conn.execute("VACUUM ANALYZE system_events")


def by_partition_drop(url: str, batch: int) -> Result:
    with psycopg.connect(url, autocommit=True) as conn:
        started = time.perf_counter()
        outcome = event_partitions.apply_event_retention(conn, batch_size=batch)
        took = time.perf_counter() - started
    print(
        f"  (partition drops: {outcome.partitions_dropped}, longest drop"
        f" {outcome.longest_drop_seconds * 1000:.1f} ms; straggler batches: {outcome.batches},"
        f" longest {outcome.longest_batch_seconds * 1000:.1f} ms)"
    )
    transactions = outcome.partitions_dropped + outcome.batches
    return outcome.rows, took, outcome.longest_lock_seconds, transactions


def by_one_delete(url: str, batch: int) -> Result:
    with psycopg.connect(url, autocommit=True) as conn:
        started = time.perf_counter()
        rows = conn.execute(
            "DELETE FROM system_events WHERE created_at < now() - interval '90 days'"
        ).rowcount
        took = time.perf_counter() - started
    return rows, took, took, 1


def by_batched_delete(url: str, batch: int) -> Result:
    outcome = event_partitions.EventsOutcome()
    with psycopg.connect(url, autocommit=True) as conn:
        started = time.perf_counter()
        event_partitions.delete_expired_in_batches(conn, outcome, batch)
        took = time.perf_counter() - started
    return outcome.rows, took, outcome.longest_batch_seconds, outcome.batches


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--batch", type=int, default=5_000)
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="rp-bench-retention-", dir="/tmp"))
    root.chmod(0o755)
    server = start_embedded_server(root / "pgdata", cleanup="delete")
    url = ensure_app_database(server.get_uri())
    apply_migrations(url)
    print(f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, load {os.getloadavg()}")

    ways: list[tuple[str, Callable[[str, int], Result]]] = [
        ("drop whole monthly partitions (retention)", by_partition_drop),
        ("baseline: one DELETE", by_one_delete),
        (f"batched DELETEs of {args.batch:,}", by_batched_delete),
    ]
    results = {}
    for label, way in ways:
        fill(url, args.events)
        rows, took, longest, transactions = way(url, args.batch)
        results[label] = (rows, took, longest)
        print(
            f"| {label} | {rows:,} | {transactions} | {took:.2f} s | {rows / took:,.0f} |"
            f" {longest * 1000:,.1f} ms |"
        )
    base_rows, base_took, base_lock = results["baseline: one DELETE"]
    for label, (rows, took, longest) in results.items():
        print(
            f"{label}: throughput {(rows / took) / (base_rows / base_took):.2f}x of one DELETE,"
            f" longest lock {longest / base_lock:.4f}x"
        )
    print(f"load after: {os.getloadavg()}")
    server.cleanup()


if __name__ == "__main__":
    main()
