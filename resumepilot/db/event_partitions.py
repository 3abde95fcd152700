"""Retention of system_events, partitioned by month (migration 0018): months wholly past the
period are dropped as tables, an instant catalog change, instead of being deleted row by row;
what remains (rows in the default partition, or in the month the cut-off falls in) is deleted
in bounded batches. Upcoming months get their partitions here too, ahead of their first row."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg import sql

Conn = psycopg.Connection[tuple[Any, ...]]

KEEP = "90 days"
MONTHS_AHEAD = 3  # this month and the next two always have a partition


@dataclass
class EventsOutcome:
    rows: int = 0
    batches: int = 0
    partitions_dropped: int = 0
    longest_lock_seconds: float = 0.0


def create_upcoming_partitions(conn: Conn, months_ahead: int = MONTHS_AHEAD) -> list[str]:
    """Partitions of this month and the next ones (existing ones are left alone)."""
    names = []
    for ahead in range(months_ahead):
        row = conn.execute(
            "SELECT create_system_events_partition("
            "((now() AT TIME ZONE 'UTC') + make_interval(months => %s))::date)",
            [ahead],
        ).fetchone()
        names.append(str(row[0]) if row else "")
    return names


def expired_partitions(conn: Conn, keep: str = KEEP) -> list[str]:
    """Month partitions whose every possible row is older than the period."""
    rows = conn.execute(
        "SELECT name FROM system_events_partitions() WHERE range_to <= now() - %s::interval",
        [keep],
    ).fetchall()
    return [str(r[0]) for r in rows]


def count_expired(conn: Conn, keep: str = KEEP) -> int:
    row = conn.execute(
        "SELECT count(*) FROM system_events WHERE created_at < now() - %s::interval", [keep]
    ).fetchone()
    return int(row[0]) if row else 0


def drop_partition(conn: Conn, name: str) -> tuple[int, float]:
    """Drops one month; returns its row count and how long the lock on the table was held.

    The count is taken first, outside the dropping transaction, so only the DROP itself holds
    the exclusive lock.
    """
    table = sql.Identifier("public", name)
    row = conn.execute(sql.SQL("SELECT count(*) FROM {}").format(table)).fetchone()
    began = time.perf_counter()
    with conn.transaction():
        conn.execute(sql.SQL("DROP TABLE {}").format(table))
    return (int(row[0]) if row else 0), time.perf_counter() - began


def delete_expired_batch(conn: Conn, batch_size: int, keep: str = KEEP) -> int:
    """One batch of the rows left after dropping whole months (the primary key, not ctid, picks
    them: a ctid repeats across partitions)."""
    return conn.execute(
        "DELETE FROM system_events WHERE (id, created_at) IN ("
        " SELECT id, created_at FROM system_events"
        " WHERE created_at < now() - %s::interval LIMIT %s)",
        [keep, batch_size],
    ).rowcount


def apply_event_retention(
    conn: Conn,
    *,
    batch_size: int,
    keep: str = KEEP,
) -> EventsOutcome:
    """Creates upcoming months, drops expired ones, then deletes stragglers in batches.

    `conn` is in autocommit mode: every drop and every batch is its own short transaction."""
    outcome = EventsOutcome()
    create_upcoming_partitions(conn)
    for name in expired_partitions(conn, keep):
        rows, held = drop_partition(conn, name)
        outcome.rows += rows
        outcome.partitions_dropped += 1
        outcome.longest_lock_seconds = max(outcome.longest_lock_seconds, held)
    while True:
        began = time.perf_counter()
        with conn.transaction():
            deleted = delete_expired_batch(conn, batch_size, keep)
        held = time.perf_counter() - began
        outcome.longest_lock_seconds = max(outcome.longest_lock_seconds, held)
        outcome.rows += deleted
        outcome.batches += 1
        if deleted < batch_size:
            return outcome
