"""Units of work that run as service_role: the auth server, webhooks and trusted jobs.

They use their own connection and commit on their own, so that, for instance, a failed login
is recorded even though the request that reports it fails.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from weakref import WeakKeyDictionary

from psycopg import AsyncConnection
from psycopg_pool import AsyncConnectionPool

# A request holds one connection of the request pool while its trusted work takes another. From
# one pool, N such requests at once with N connections would wait on each other forever; a
# separate pool for trusted work cannot be held up by waiting requests.
_trusted_pools: WeakKeyDictionary[AsyncConnectionPool, AsyncConnectionPool] = WeakKeyDictionary()


def use_trusted_pool(request_pool: AsyncConnectionPool, trusted: AsyncConnectionPool) -> None:
    """Routes service_transaction(request_pool) to `trusted` from now on."""
    _trusted_pools[request_pool] = trusted


@asynccontextmanager
async def service_transaction(pool: AsyncConnectionPool) -> AsyncIterator[AsyncConnection]:
    source = _trusted_pools.get(pool, pool)
    async with source.connection() as conn, conn.transaction():
        await conn.execute("SELECT set_config('role', 'service_role', true)")
        yield conn
