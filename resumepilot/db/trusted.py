"""Units of work that run as service_role: the auth server and trusted jobs.

They use their own connection and commit on their own, so that, for instance, a failed login
is recorded even though the request that reports it fails.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from psycopg import AsyncConnection
from psycopg_pool import AsyncConnectionPool


@asynccontextmanager
async def service_transaction(pool: AsyncConnectionPool) -> AsyncIterator[AsyncConnection]:
    async with pool.connection() as conn, conn.transaction():
        await conn.execute("SELECT set_config('role', 'service_role', true)")
        yield conn
