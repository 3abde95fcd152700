"""fix 3: parallel consumption of the last unit grants exactly one, across real connections."""

from __future__ import annotations

import threading
import uuid

import psycopg


def test_parallel_calls_on_one_remaining_unit_grant_exactly_one(database_url):
    with psycopg.connect(database_url, autocommit=True) as conn:
        uid = conn.execute(
            "INSERT INTO auth.users (email) VALUES (%s) RETURNING id",
            [f"race-{uuid.uuid4().hex[:8]}@example.com"],
        ).fetchone()[0]
    results: list[bool] = []
    barrier = threading.Barrier(12)

    def consume() -> None:
        with psycopg.connect(database_url, autocommit=True) as conn:
            barrier.wait()
            ok = conn.execute("SELECT try_consume_usage(%s, 'interview')", [uid]).fetchone()[0]
            results.append(ok)

    threads = [threading.Thread(target=consume) for _ in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results.count(True) == 1 and len(results) == 12
    with psycopg.connect(database_url) as conn:
        used = conn.execute(
            "SELECT interviews_used FROM usage_tracking WHERE user_id = %s", [uid]
        ).fetchone()[0]
        conn.execute("DELETE FROM auth.users WHERE id = %s", [uid])
        conn.commit()
    assert used == 1
