"""Retention: old rows deleted in bounded batches, each batch its own short transaction, so no
lock is held for long and the tables stay usable while it runs. System events go by whole
monthly partitions (db/event_partitions.py); expired data export zips go with their files.

Periods (issue #13): interview data 2 years, usage 1 year, system events 90 days; ours:
processed Stripe events 90 days, rendered files of generations older than a year, finished
jobs 30 days, ended sessions, used or expired tokens and rate-limit logs after a day or a week.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql

from resumepilot.db import event_partitions

Conn = psycopg.Connection[tuple[Any, ...]]

BATCH_SIZE = 5_000


@dataclass(frozen=True)
class Rule:
    name: str
    table: str  # schema-qualified
    condition: str  # over the table's own columns


RULES = (
    Rule(
        "interview data (2 years)",
        "public.interview_sessions",
        "created_at < now() - interval '2 years'",
    ),
    Rule(
        "usage (1 year)",
        "public.usage_tracking",
        "month < to_char(now() - interval '1 year', 'YYYY-MM')",
    ),
    Rule(
        "processed Stripe events (90 days)",
        "public.stripe_events",
        "processed_at < now() - interval '90 days'",
    ),
    Rule(
        "rendered files of generations over a year old",
        "public.resume_files",
        "generation_id IN (SELECT id FROM public.resume_generations"
        " WHERE created_at < now() - interval '1 year')",
    ),
    Rule(
        "ended sessions (7 days)",
        "app_auth.sessions",
        "coalesce(revoked_at, expires_at) < now() - interval '7 days'",
    ),
    Rule(
        "used or expired mailed tokens",
        "app_auth.account_tokens",
        "coalesce(used_at, expires_at) < now() - interval '1 day'",
    ),
    Rule(
        "closed or expired email changes",
        "app_auth.email_changes",
        "coalesce(closed_at, expires_at) < now() - interval '1 day'",
    ),
    Rule(
        "mail request log (1 day)",
        "app_auth.mail_requests",
        "created_at < now() - interval '1 day'",
    ),
    Rule(
        "login attempts (1 day)", "app_auth.login_attempts", "created_at < now() - interval '1 day'"
    ),
)
FINISHED_JOBS = "finished jobs (30 days)"
SYSTEM_EVENTS = "system events (90 days)"
EXPIRED_EXPORTS = "expired data exports (zip files)"


@dataclass
class Outcome:
    name: str
    rows: int = 0
    batches: int = 0
    seconds: float = 0.0
    longest_batch_seconds: float = 0.0  # the longest any batch held its locks
    partitions_dropped: int = 0


def _table(rule: Rule) -> sql.Composable:
    schema, name = rule.table.split(".")
    return sql.Identifier(schema, name)


def run_retention(
    url: str,
    *,
    dry_run: bool = False,
    batch_size: int = BATCH_SIZE,
    report: Callable[[Outcome], None] = lambda outcome: None,
) -> list[Outcome]:
    """Deletes (or with dry_run counts) what every rule removes; one batch per transaction."""
    outcomes = []
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("SET lock_timeout = '5s'")
        outcomes.append(_system_events(conn, dry_run, batch_size, report))
        outcomes.append(_expired_exports(conn, dry_run, batch_size, report))
        for rule in RULES:
            outcome = Outcome(rule.name)
            started = time.perf_counter()
            if dry_run:
                row = conn.execute(
                    sql.SQL("SELECT count(*) FROM {} WHERE " + rule.condition).format(_table(rule))
                ).fetchone()
                outcome.rows = int(row[0]) if row else 0
            else:
                delete = sql.SQL(
                    "DELETE FROM {t} WHERE ctid = ANY(ARRAY("
                    "SELECT ctid FROM {t} WHERE " + rule.condition + " LIMIT %s))"
                ).format(t=_table(rule))
                _in_batches(
                    conn,
                    functools.partial(_delete_batch, conn, delete, batch_size),
                    outcome,
                    batch_size,
                )
            outcome.seconds = time.perf_counter() - started
            report(outcome)
            outcomes.append(outcome)
        outcomes.append(_finished_jobs(conn, dry_run, batch_size, report))
    return outcomes


def _delete_batch(conn: Conn, delete: sql.Composed, batch_size: int) -> int:
    return conn.execute(delete, [batch_size]).rowcount


def _in_batches(
    conn: Conn,
    one_batch: Callable[[], int],
    outcome: Outcome,
    batch_size: int,
) -> None:
    while True:
        began = time.perf_counter()
        with conn.transaction():
            deleted = one_batch()
        outcome.longest_batch_seconds = max(
            outcome.longest_batch_seconds, time.perf_counter() - began
        )
        outcome.rows += deleted
        outcome.batches += 1
        if deleted < batch_size:
            return


def _finished_jobs(
    conn: Conn,
    dry_run: bool,
    batch_size: int,
    report: Callable[[Outcome], None],
) -> Outcome:
    outcome = Outcome(FINISHED_JOBS)
    started = time.perf_counter()
    if dry_run:
        row = conn.execute("SELECT forget_finished_jobs(interval '30 days', NULL)").fetchone()
        outcome.rows = int(row[0]) if row else 0
    else:

        def batch() -> int:
            row = conn.execute(
                "SELECT forget_finished_jobs(interval '30 days', %s)", [batch_size]
            ).fetchone()
            return int(row[0]) if row else 0

        _in_batches(conn, batch, outcome, batch_size)
    outcome.seconds = time.perf_counter() - started
    report(outcome)
    return outcome


def _system_events(
    conn: Conn, dry_run: bool, batch_size: int, report: Callable[[Outcome], None]
) -> Outcome:
    outcome = Outcome(SYSTEM_EVENTS)
    started = time.perf_counter()
    if dry_run:
        outcome.rows = event_partitions.count_expired(conn)
        outcome.partitions_dropped = len(event_partitions.expired_partitions(conn))
    else:
        done = event_partitions.apply_event_retention(conn, batch_size=batch_size)
        outcome.rows = done.rows
        outcome.batches = done.batches
        outcome.partitions_dropped = done.partitions_dropped
        outcome.longest_batch_seconds = done.longest_lock_seconds
    outcome.seconds = time.perf_counter() - started
    report(outcome)
    return outcome


def _expired_exports(
    conn: Conn, dry_run: bool, batch_size: int, report: Callable[[Outcome], None]
) -> Outcome:
    """Data export zips past their expiry: the file first, then the row that names it (a file
    left behind by a crash in between is found again by the next run)."""
    outcome = Outcome(EXPIRED_EXPORTS)
    started = time.perf_counter()
    if dry_run:
        row = conn.execute("SELECT count(*) FROM data_exports WHERE expires_at < now()").fetchone()
        outcome.rows = int(row[0]) if row else 0
    else:

        def batch() -> int:
            rows = conn.execute(
                "SELECT id, file_path FROM data_exports WHERE expires_at < now()"
                " ORDER BY expires_at LIMIT %s FOR UPDATE SKIP LOCKED",
                [batch_size],
            ).fetchall()
            for _, file_path in rows:
                if file_path:
                    Path(file_path).unlink(missing_ok=True)
            expired = [export_id for export_id, _ in rows]
            conn.execute("DELETE FROM data_exports WHERE id = ANY(%s)", [expired])
            return len(rows)

        _in_batches(conn, batch, outcome, batch_size)
    outcome.seconds = time.perf_counter() - started
    report(outcome)
    return outcome
