"""The connection pools of one web process: one for requests, one for trusted work."""

from __future__ import annotations

from dataclasses import dataclass

from psycopg.rows import dict_row
from psycopg_pool import AsyncConnectionPool

from resumepilot.db.types import Conn

Pool = AsyncConnectionPool[Conn]


async def open_pool(url: str, *, max_size: int) -> Pool:
    """Opens a pool whose connections return rows as dicts and start transactions explicitly."""
    pool = AsyncConnectionPool[Conn](
        url,
        min_size=min(4, max_size),
        max_size=max_size,
        kwargs={"row_factory": dict_row, "autocommit": True},
        open=False,
        name="resumepilot",
    )
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
    async def open(cls, url: str, *, requests_max: int, trusted_max: int) -> Pools:
        requests = await open_pool(url, max_size=requests_max)
        trusted = await open_pool(url, max_size=trusted_max)
        return cls(requests=requests, trusted=trusted)

    async def close(self) -> None:
        await self.requests.close()
        await self.trusted.close()


async def ping(pool: Pool, *, timeout: float = 2) -> None:
    """Raises unless a pooled connection answers within `timeout` seconds."""
    async with pool.connection(timeout=timeout) as conn:
        await conn.execute("SELECT 1")
