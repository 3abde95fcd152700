"""Retention throughput on synthetic system events: rows/s and the longest lock held.

Fills system_events with N rows (half older than 90 days), then deletes the old half with
`run_retention` (batches of 5,000, one transaction each) and, as the baseline, the same
amount with one plain DELETE (one transaction holding its locks throughout).

    .venv/bin/python bench/retention.py --events 1000000
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

import psycopg

from resumepilot.db.embedded import ensure_app_database, start_embedded_server
from resumepilot.db.migrate import apply_migrations
from resumepilot.db.retention import run_retention

FILL = """
INSERT INTO system_events (event_type, event_data, created_at)
SELECT 'bench.event', jsonb_build_object('n', g),
       now() - make_interval(days => CASE WHEN g %% 2 = 0 THEN 120 ELSE 10 END)
FROM generate_series(1, %s) AS g
"""


def fill(url: str, events: int) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("TRUNCATE system_events")
        conn.execute(FILL, [events])
        conn.execute("VACUUM ANALYZE system_events")


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

    fill(url, args.events)
    outcomes = run_retention(url, batch_size=args.batch)
    events = next(o for o in outcomes if o.name.startswith("system events"))
    rate = events.rows / events.seconds
    print(
        f"batched ({args.batch}/batch): {events.rows:,} rows in {events.seconds:.2f}s = "
        f"{rate:,.0f} rows/s; {events.batches} batches; longest lock held "
        f"{events.longest_batch_seconds * 1000:.0f} ms"
    )

    fill(url, args.events)
    with psycopg.connect(url, autocommit=True) as conn:
        started = time.perf_counter()
        deleted = conn.execute(
            "DELETE FROM system_events WHERE created_at < now() - interval '90 days'"
        ).rowcount
        took = time.perf_counter() - started
    print(
        f"baseline one DELETE: {deleted:,} rows in {took:.2f}s = {deleted / took:,.0f} rows/s;"
        f" lock held {took * 1000:.0f} ms"
    )
    print(
        f"ratio: batched throughput {rate / (deleted / took):.2f}x of one DELETE; "
        f"longest lock {events.longest_batch_seconds / took:.4f}x of one DELETE"
    )


if __name__ == "__main__":
    main()
