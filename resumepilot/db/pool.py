"""The connection pool shared by all requests of one web process."""

from __future__ import annotations

from psycopg.rows import dict_row
from psycopg_pool import AsyncConnectionPool


async def open_pool(url: str, *, max_size: int) -> AsyncConnectionPool:
    """Opens a pool whose connections return rows as dicts and start transactions explicitly."""
    pool = AsyncConnectionPool(
        url,
        min_size=min(4, max_size),
        max_size=max_size,
        kwargs={"row_factory": dict_row, "autocommit": True},
        open=False,
        name="resumepilot",
    )
    await pool.open(wait=True, timeout=30)
    return pool
