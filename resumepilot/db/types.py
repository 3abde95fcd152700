"""The connection every repository takes, and the opener of a unit of work.

Every unit of work (db.request, db.trusted) hands out connections whose rows are dicts, so a
repository can read `row["id"]` whichever unit it runs in.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from typing import Any

from psycopg import AsyncConnection
from psycopg.rows import DictRow

Row = dict[str, Any]
Conn = AsyncConnection[DictRow]
# Opens one short transaction: `async with work() as conn: ...` commits when the block ends and
# rolls back when it raises. Given to the few services that must not hold one transaction
# across a slow step (a remote model, a Stripe call, password hashing).
UnitOfWork = Callable[[], AbstractAsyncContextManager[Conn]]
