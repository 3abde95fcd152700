"""The request's unit of work: one transaction, run under row-level security.

Its first statement, app_auth.start_request(), resolves the session token and switches the
transaction to the 'authenticated' role with Supabase-shaped claims, or to 'anon'. Services
never commit: the transaction commits when the block ends and rolls back when it raises.
web.deps holds it open for a whole request (`Db`); an endpoint that waits on something slow (a
remote model) opens short ones through web.deps.user_transactions instead.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from uuid import UUID

from psycopg_pool import AsyncConnectionPool

from resumepilot.db.types import Conn


@dataclass(frozen=True)
class User:
    """A signed-in caller: who services act for, and where the request came from."""

    id: UUID
    email: str | None
    session_id: UUID
    ip_address: str | None
    user_agent: str | None


@dataclass(frozen=True)
class Identity:
    """Who the request acts for; user_id is None for anonymous visitors."""

    user_id: UUID | None
    email: str | None
    session_id: UUID | None
    csrf_token: str | None
    ip_address: str | None
    user_agent: str | None
    # An admin of the console (the page shell links to it); each admin action checks again.
    is_admin: bool = False

    @property
    def user(self) -> User | None:
        """The signed-in user, or None for an anonymous visitor."""
        if self.user_id is None or self.session_id is None:
            return None
        return User(
            id=self.user_id,
            email=self.email,
            session_id=self.session_id,
            ip_address=self.ip_address,
            user_agent=self.user_agent,
        )


@dataclass
class RequestDb:
    conn: Conn
    identity: Identity


def hash_token(token: str) -> bytes:
    """Sessions are stored by the SHA-256 of their token, never the token itself."""
    return hashlib.sha256(token.encode()).digest()


@contextlib.asynccontextmanager
async def request_transaction(
    pool: AsyncConnectionPool[Conn],
    *,
    token: str | None,
    ip_address: str | None,
    user_agent: str | None,
) -> AsyncIterator[RequestDb]:
    """One transaction for the caller holding `token` (None: anonymous), under RLS: committed
    on exit, rolled back when the block raises."""
    async with pool.connection() as conn:
        # BEGIN and start_request travel in one round trip (pipeline mode): this runs on every
        # request, and round trips dominate a request's database time. The address goes in
        # here, from the connection, so SQL under RLS can record it but not choose it.
        async with conn.pipeline() as pipeline:
            await conn.execute("BEGIN")
            cur = await conn.execute(
                "SELECT * FROM app_auth.start_request(%s, %s::inet)",
                [hash_token(token) if token else None, ip_address],
            )
            await pipeline.sync()
            row = await cur.fetchone()
        identity = Identity(
            user_id=row["user_id"] if row else None,
            email=row["email"] if row else None,
            session_id=row["session_id"] if row else None,
            csrf_token=row["csrf_token"] if row else None,
            ip_address=ip_address,
            user_agent=user_agent,
            is_admin=bool(row["is_admin"]) if row else False,
        )
        try:
            yield RequestDb(conn=conn, identity=identity)
        except BaseException:
            with contextlib.suppress(Exception):  # a broken connection is discarded by the pool
                await conn.execute("ROLLBACK")
            raise
        await conn.execute("COMMIT")
