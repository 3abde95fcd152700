"""The per-request database transaction, run under row-level security.

Every request gets one connection and one transaction. Its first statement,
app_auth.start_request(), resolves the session token and switches the transaction to the
'authenticated' role with Supabase-shaped claims, or to 'anon'. Services never commit:
this dependency commits when the endpoint returns and rolls back when it raises.
request_transaction() is the same transaction as a context manager, for the few endpoints
that must not hold a connection for the whole request (interview answers wait on a remote
model between two short transactions).
"""

from __future__ import annotations

import contextlib
import hashlib
import ipaddress
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Annotated
from uuid import UUID

from fastapi import Depends, Request
from psycopg import AsyncConnection

SESSION_COOKIE = "rp_session"


@dataclass(frozen=True)
class Identity:
    """Who the request acts for; user_id is None for anonymous visitors."""

    user_id: UUID | None
    email: str | None
    session_id: UUID | None
    csrf_token: str | None
    ip_address: str | None
    user_agent: str | None


@dataclass
class RequestDb:
    conn: AsyncConnection
    identity: Identity


def hash_token(token: str) -> bytes:
    return hashlib.sha256(token.encode()).digest()


def session_token(request: Request) -> str | None:
    """The bearer token of the API, else the browser's session cookie.

    The JSON API reads only the Authorization header: browsers attach cookies to cross-site
    requests by themselves, bearer tokens never, so the API needs no CSRF defence.
    """
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    if request.url.path.startswith("/api/"):
        return None
    return request.cookies.get(SESSION_COOKIE)


def client_ip(request: Request) -> str | None:
    """The peer's IP address (the proxy's X-Forwarded-For when uvicorn trusts the proxy); None
    when there is none, such as a Unix socket peer."""
    host = request.client.host if request.client else None
    try:
        return str(ipaddress.ip_address(host)) if host else None
    except ValueError:
        return None


@contextlib.asynccontextmanager
async def request_transaction(request: Request) -> AsyncIterator[RequestDb]:
    """One transaction for the request's caller, under RLS: committed on exit, rolled back when
    the block raises. request_db is one of these held for the whole request; an endpoint that
    waits on something slow (a remote model) opens short ones itself instead, so no pooled
    connection or row lock is held while it waits."""
    pool = request.app.state.pool
    token = session_token(request)
    ip_address = client_ip(request)
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
            user_agent=(request.headers.get("user-agent") or "")[:500] or None,
        )
        request.state.identity = identity
        try:
            yield RequestDb(conn=conn, identity=identity)
        except BaseException:
            with contextlib.suppress(Exception):  # a broken connection is discarded by the pool
                await conn.execute("ROLLBACK")
            raise
        await conn.execute("COMMIT")


async def request_db(request: Request) -> AsyncIterator[RequestDb]:
    async with request_transaction(request) as db:
        yield db


# scope="function": commit before the response is sent, so a failed commit is never reported
# to the client as a success.
Db = Annotated[RequestDb, Depends(request_db, scope="function")]
