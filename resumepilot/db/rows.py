"""Reading rows in repositories."""

from __future__ import annotations

from psycopg import AsyncCursor

from resumepilot.db.types import Row


async def one_row(cur: AsyncCursor[Row]) -> Row:
    """The row a statement always returns: INSERT ... RETURNING, an aggregate, a function."""
    row = await cur.fetchone()
    if row is None:
        raise LookupError("the statement returned no row")
    return row
