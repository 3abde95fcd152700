"""`AdminUser`: the signed-in caller as an admin. Everyone else, anonymous callers included,
gets 404, so the console's addresses confirm nothing to a stranger."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends

from resumepilot.admin import repository as repo
from resumepilot.db.request import User
from resumepilot.errors import Forbidden, NotFound
from resumepilot.web.deps import Db


@dataclass(frozen=True)
class Admin:
    user: User
    role: str
    permissions: frozenset[str]

    def can(self, permission: str) -> bool:
        return permission in self.permissions

    def require(self, permission: str) -> None:
        """Refuses early with 403; the database function checks again whatever happens here."""
        if not self.can(permission):
            raise Forbidden(f"This needs the {permission} permission; a super admin can grant it.")


async def current_admin(db: Db) -> Admin:
    user = db.identity.user
    row = await repo.caller(db.conn) if user is not None else None
    if user is None or row is None:
        raise NotFound(repo.NOT_FOUND_MESSAGE)
    return Admin(user=user, role=row["role"], permissions=frozenset(row["permissions"]))


AdminUser = Annotated[Admin, Depends(current_admin)]
