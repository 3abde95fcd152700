"""Static files whose URLs carry a hash of their content, so browsers may keep them for a year.

Pages link `static_url("style.css")` -> `/static/style.css?v=<hash>`. A request whose `v` is
the file's current hash is answered with `Cache-Control: immutable` and a one-year lifetime:
a changed file gets a new URL, so nothing stale is ever used. Any other request for the file
(no `v`, or an old one) must revalidate (`no-cache`, with the ETag StaticFiles sends). Hashes
are computed once per file per process.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from urllib.parse import parse_qs

from starlette.responses import Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"


class VersionedStaticFiles(StaticFiles):
    """StaticFiles that knows each file's content hash and sets cache headers from it."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._versions: dict[str, str | None] = {}

    def version(self, path: str) -> str | None:
        """The first 12 hex digits of the file's SHA-256, or None when there is no such file."""
        if path not in self._versions:
            full, stat = self.lookup_path(path)
            digest = None
            if stat is not None and full:
                digest = hashlib.sha256(Path(full).read_bytes()).hexdigest()[:12]
            self._versions[path] = digest
        return self._versions[path]

    async def get_response(self, path: str, scope: Scope) -> Response:
        response = await super().get_response(path, scope)
        if response.status_code in (200, 304):
            asked = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("v", [""])[0]
            current = self.version(path)
            fresh = bool(asked) and asked == current
            response.headers["Cache-Control"] = IMMUTABLE if fresh else REVALIDATE
        return response


_served: list[VersionedStaticFiles] = []


def serve_static(files: VersionedStaticFiles) -> VersionedStaticFiles:
    """Makes `files` the ones static_url links to (the app mounts them under /static)."""
    _served[:] = [files]
    return files


def static_url(path: str) -> str:
    """The URL of a static file with its content hash, for templates."""
    version = _served[0].version(path) if _served else None
    return f"/static/{path}?v={version}" if version else f"/static/{path}"
