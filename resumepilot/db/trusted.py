"""Units of work that run as service_role (bypassing row-level security, like Supabase's):
the auth server, Stripe webhooks, the command line and background jobs.

Each is one transaction that commits on its own, apart from the request's, so that, for
instance, a failed login is recorded even though the request that reports it fails.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import cast

from procrastinate import JobContext, PsycopgConnector
from psycopg import AsyncConnection
from psycopg.rows import dict_row
from psycopg_pool import AsyncConnectionPool

from resumepilot.db.types import Conn, UnitOfWork

_AS_SERVICE_ROLE = "SELECT set_config('role', 'service_role', true)"


@asynccontextmanager
async def trusted_transaction(pool: AsyncConnectionPool[Conn]) -> AsyncIterator[Conn]:
    """A service_role transaction on a connection of the web process's trusted pool."""
    async with pool.connection() as conn, conn.transaction():
        await conn.execute(_AS_SERVICE_ROLE)
        yield conn


def trusted_work(pool: AsyncConnectionPool[Conn]) -> UnitOfWork:
    """An opener of trusted transactions, for services that take several in turn."""
    return lambda: trusted_transaction(pool)


@asynccontextmanager
async def trusted_transaction_at(url: str) -> AsyncIterator[Conn]:
    """A service_role transaction on a connection of its own (one-off commands: the CLI)."""
    conn = await AsyncConnection.connect(url, row_factory=dict_row, autocommit=True)
    async with conn, conn.transaction():
        await conn.execute(_AS_SERVICE_ROLE)
        yield conn


@asynccontextmanager
async def job_transaction(context: JobContext) -> AsyncIterator[Conn]:
    """A service_role transaction on a connection of the worker's own pool, for a task."""
    connector = context.app.connector
    if not isinstance(connector, PsycopgConnector):
        raise TypeError("the job app must use a PsycopgConnector")
    async with connector.pool.connection() as conn:
        # The worker's connections return tuples (procrastinate's choice); ours return dicts
        # while the task holds one, and the connection goes back as it came.
        previous = conn.row_factory
        conn.row_factory = dict_row  # type: ignore[assignment]
        try:
            async with conn.transaction():
                await conn.execute(_AS_SERVICE_ROLE)
                yield cast(Conn, conn)
        finally:
            conn.row_factory = previous
