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
    drops_deferred: int = 0  # expired months left to the batches: their lock was not free
    longest_drop_seconds: float = 0.0  # the longest a DROP held the table's lock
    longest_batch_seconds: float = 0.0  # the longest a batch of deletes held its locks

    @property
    def longest_lock_seconds(self) -> float:
        return max(self.longest_drop_seconds, self.longest_batch_seconds)


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


def leaves_with_expired_rows(conn: Conn, keep: str = KEEP) -> list[str]:
    """The default partition and the months that begin before the cut-off."""
    rows = conn.execute(
        "SELECT name FROM system_events_partitions() WHERE range_from < now() - %s::interval"
        " UNION ALL SELECT 'system_events_default'",
        [keep],
    ).fetchall()
    return [str(r[0]) for r in rows]


def delete_expired_batch(conn: Conn, leaf: str, batch_size: int, keep: str = KEEP) -> int:
    """One batch of expired rows of one partition, picked by ctid (unique within a partition,
    not across them) through the created_at index."""
    return conn.execute(
        sql.SQL(
            "DELETE FROM {t} WHERE ctid = ANY(ARRAY("
            "SELECT ctid FROM {t} WHERE created_at < now() - %s::interval LIMIT %s))"
        ).format(t=sql.Identifier("public", leaf)),
        [keep, batch_size],
    ).rowcount


def delete_expired_in_batches(
    conn: Conn, outcome: EventsOutcome, batch_size: int, keep: str = KEEP
) -> None:
    """Every expired row left, partition by partition, one short transaction per batch."""
    for leaf in leaves_with_expired_rows(conn, keep):
        while True:
            began = time.perf_counter()
            with conn.transaction():
                deleted = delete_expired_batch(conn, leaf, batch_size, keep)
            held = time.perf_counter() - began
            outcome.longest_batch_seconds = max(outcome.longest_batch_seconds, held)
            outcome.rows += deleted
            outcome.batches += 1
            if deleted < batch_size:
                break


def apply_event_retention(conn: Conn, *, batch_size: int, keep: str = KEEP) -> EventsOutcome:
    """Creates upcoming months, drops expired ones, then deletes stragglers in batches.

    `conn` is in autocommit mode: every drop and every batch is its own short transaction."""
    outcome = EventsOutcome()
    create_upcoming_partitions(conn)
    for name in expired_partitions(conn, keep):
        try:
            rows, held = drop_partition(conn, name)
        except psycopg.errors.LockNotAvailable:
            # A long reader holds the table (lock_timeout ran out): rather than wait, or fail
            # the whole run, this month's rows go by the batches below.
            outcome.drops_deferred += 1
            continue
        outcome.rows += rows
        outcome.partitions_dropped += 1
        outcome.longest_drop_seconds = max(outcome.longest_drop_seconds, held)
    delete_expired_in_batches(conn, outcome, batch_size, keep)
    return outcome
