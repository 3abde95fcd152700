"""Typed dependencies for endpoints: the request's transaction, who is calling, and what
create_app built at start-up.

    async def page(request: Request, db: Db, user: CurrentUser, ai: AI) -> Response: ...

`Db` is one transaction for the whole request under row-level security (web never commits:
it commits when the endpoint returns, rolls back when it raises). `CurrentUser` refuses an
anonymous caller, so its id is never None.
"""

from __future__ import annotations

import ipaddress
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated

from fastapi import Depends, Request

from resumepilot.clients.ai import AIClient
from resumepilot.config import Settings
from resumepilot.db.request import RequestDb, User, request_transaction
from resumepilot.db.trusted import trusted_work
from resumepilot.db.types import Conn, UnitOfWork
from resumepilot.errors import NotAuthenticated
from resumepilot.mail import MailComposer, Mailer
from resumepilot.observability.request_context import set_user_id
from resumepilot.web.pages import SESSION_COOKIE, verify_csrf
from resumepilot.web.services import Services


def services_of(request: Request) -> Services:
    services = getattr(request.app.state, "services", None)
    if not isinstance(services, Services):
        raise RuntimeError("the application has not started (create_app's lifespan sets it)")
    return services


async def _services(request: Request) -> Services:
    return services_of(request)


# Dependencies are async, though none of them waits: FastAPI runs a plain function on a worker
# thread, two thread hand-offs per dependency per request (tests/web/test_dependencies.py).
AppServices = Annotated[Services, Depends(_services)]


async def settings_of(services: AppServices) -> Settings:
    return services.settings


AppSettings = Annotated[Settings, Depends(settings_of)]


async def ai_of(services: AppServices) -> AIClient:
    return services.ai


AI = Annotated[AIClient, Depends(ai_of)]


async def mailer_of(services: AppServices) -> Mailer:
    return services.mailer


async def mail_of(services: AppServices) -> MailComposer:
    return services.mail


MailerDep = Annotated[Mailer, Depends(mailer_of)]
Mail = Annotated[MailComposer, Depends(mail_of)]


async def trusted_of(services: AppServices) -> UnitOfWork:
    return trusted_work(services.pools.trusted)


# Opens service_role transactions on the trusted pool (sign-up, login, Stripe).
Trusted = Annotated[UnitOfWork, Depends(trusted_of)]


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


@asynccontextmanager
async def _transaction(request: Request) -> AsyncIterator[RequestDb]:
    pool = services_of(request).pools.requests
    user_agent = (request.headers.get("user-agent") or "")[:500] or None
    async with request_transaction(
        pool, token=session_token(request), ip_address=client_ip(request), user_agent=user_agent
    ) as db:
        request.state.identity = db.identity
        set_user_id(db.identity.user_id)  # on every log line of the rest of the request
        yield db


async def request_db(request: Request) -> AsyncIterator[RequestDb]:
    async with _transaction(request) as db:
        yield db


# scope="function": commit before the response is sent, so a failed commit is never reported
# to the client as a success.
Db = Annotated[RequestDb, Depends(request_db, scope="function")]


async def current_user(db: Db) -> User:
    """The signed-in caller; anonymous callers get NotAuthenticated (a 401, or the login page)."""
    user = db.identity.user
    if user is None:
        raise NotAuthenticated()
    return user


CurrentUser = Annotated[User, Depends(current_user)]


def user_transactions(request: Request, *, csrf_token: str | None = None) -> UnitOfWork:
    """Short transactions of the signed-in caller, for an endpoint that holds none for the whole
    request (an answer may wait seconds on a remote model). Each one refuses an anonymous
    caller and, given the csrf_token of a form post, checks it first."""

    @asynccontextmanager
    async def transaction() -> AsyncIterator[Conn]:
        async with _transaction(request) as db:
            if db.identity.user is None:
                raise NotAuthenticated()
            if csrf_token is not None:
                verify_csrf(request, csrf_token)
            yield db.conn

    return transaction
