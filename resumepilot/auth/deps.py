"""Typed dependencies: who is calling, and whether they may."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from resumepilot.db.request import Db, RequestDb
from resumepilot.errors import NotAuthenticated


async def signed_in_db(db: Db) -> RequestDb:
    """The request's transaction, refusing anonymous callers."""
    if db.identity.user_id is None:
        raise NotAuthenticated()
    return db


UserDb = Annotated[RequestDb, Depends(signed_in_db)]


def wants_html(request: Request) -> bool:
    return not request.url.path.startswith(("/api/", "/webhooks/"))
