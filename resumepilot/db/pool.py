"""The connection pools of one web process (one for requests, one for trusted work): every
connection with timeouts, checked on checkout.

A pooled connection that PostgreSQL dropped (a restart, a failover, an idle-connection reaper)
would fail the request that gets it; the check on checkout finds it and hands out a fresh
connection instead. Timeouts keep a frozen or locked database from holding requests (and
their connections) for as long as it stays frozen.
"""

from __future__ import annotations

import select
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from psycopg.rows import dict_row
from psycopg_pool import AsyncConnectionPool

from resumepilot.config import Settings
from resumepilot.db.types import Conn

Pool = AsyncConnectionPool[Conn]


@dataclass(frozen=True)
class DbTimeouts:
    """Per-connection timeouts (milliseconds) and the wait for a pooled connection (seconds)."""

    statement_ms: int = 15_000
    lock_ms: int = 5_000
    idle_in_transaction_ms: int = 30_000
    checkout_seconds: float = 5.0

    @classmethod
    def from_settings(cls, settings: Settings) -> DbTimeouts:
        return cls(
            statement_ms=settings.db_statement_timeout_ms,
            lock_ms=settings.db_lock_timeout_ms,
            idle_in_transaction_ms=settings.db_idle_in_transaction_timeout_ms,
            checkout_seconds=settings.db_pool_timeout_seconds,
        )


def _configure(timeouts: DbTimeouts) -> Callable[[Conn], Awaitable[None]]:
    async def configure(conn: Conn) -> None:
        # Session settings, set once per new connection (not per checkout); SET through a
        # statement rather than startup options, which connection poolers such as Supabase's
        # may refuse. The connection is in autocommit mode, so they persist.
        await conn.execute(
            "SELECT set_config('statement_timeout', %s, false),"
            " set_config('lock_timeout', %s, false),"
            " set_config('idle_in_transaction_session_timeout', %s, false)",
            [
                str(timeouts.statement_ms),
                str(timeouts.lock_ms),
                str(timeouts.idle_in_transaction_ms),
            ],
        )

    return configure


def _has_news(conn: Conn) -> bool:
    """True when the server sent something to an idle connection, or it is already unusable.

    An idle pooled connection (autocommit, no LISTEN) receives nothing until its next query,
    except when the server ends it: a restart or shutdown sends a termination notice and closes
    the socket. Polling the socket costs no round trip, where a SELECT on every checkout would
    cost one per request (bench/pool_checkout.py)."""
    if conn.closed or conn.broken:
        return True
    try:
        readable, _, _ = select.select([conn.fileno()], [], [], 0)
    except (OSError, ValueError):
        return True
    return bool(readable)


def _check_on_checkout(holder: dict[str, Pool]) -> Callable[[Conn], Awaitable[None]]:
    async def check(conn: Conn) -> None:
        if not _has_news(conn):
            return
        try:
            await AsyncConnectionPool.check_connection(conn)
        except Exception:
            # One dead connection means the server went away, and the idle ones died with it.
            # Without this sweep the pool would hand them out one by one, each after a longer
            # back-off (1 s, 2 s, 4 s...), and the request would time out before a fresh one.
            await holder["pool"].check()
            raise

    return check


async def open_pool(
    url: str,
    *,
    max_size: int,
    settings: Settings | None = None,
    timeouts: DbTimeouts | None = None,
) -> Pool:
    """Opens a pool whose connections return rows as dicts and start transactions explicitly.

    Timeouts come from `timeouts`, else from `settings`, else the defaults of DbTimeouts.
    """
    if timeouts is None:
        timeouts = DbTimeouts.from_settings(settings) if settings else DbTimeouts()
    holder: dict[str, Pool] = {}
    pool = AsyncConnectionPool[Conn](
        url,
        min_size=min(4, max_size),
        max_size=max_size,
        kwargs={"row_factory": dict_row, "autocommit": True},
        configure=_configure(timeouts),
        check=_check_on_checkout(holder),
        timeout=timeouts.checkout_seconds,
        open=False,
        name="resumepilot",
    )
    holder["pool"] = pool
    await pool.open(wait=True, timeout=30)
    return pool


@dataclass(frozen=True)
class Pools:
    """A request holds one connection of `requests` while its trusted work (sign-up, login,
    webhooks) takes one of `trusted`. From one pool, N such requests at once with N connections
    would wait on each other forever; a separate pool cannot be held up by waiting requests."""

    requests: Pool
    trusted: Pool

    @classmethod
    async def open(
        cls, url: str, *, requests_max: int, trusted_max: int, settings: Settings | None = None
    ) -> Pools:
        requests = await open_pool(url, max_size=requests_max, settings=settings)
        trusted = await open_pool(url, max_size=trusted_max, settings=settings)
        return cls(requests=requests, trusted=trusted)

    async def close(self) -> None:
        await self.requests.close()
        await self.trusted.close()


async def ping(pool: Pool, *, timeout: float = 2) -> None:
    """Raises unless a pooled connection answers within `timeout` seconds."""
    async with pool.connection(timeout=timeout) as conn:
        await conn.execute("SELECT 1")
