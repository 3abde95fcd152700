"""The page-1 preview shown on a generation's page: stored as gzipped SVG, served as SVG.

The render job keeps Typst's SVG of page 1 gzipped (an .svgz: ~64 kB for a one-page resume,
against ~165 kB for the 96 ppi PNG it replaced). Every browser accepts gzip, so the stored
bytes go out as they are with `Content-Encoding: gzip`; a client that does not accept gzip
gets them unpacked. Generations rendered before the change keep their PNG, served as stored.
"""

from __future__ import annotations

import gzip
from collections.abc import Mapping
from typing import Any

from starlette.responses import Response

FORMAT = "preview"
SVG_MEDIA_TYPE = "image/svg+xml"
SVGZ_FILENAME = "preview.svgz"
# Level 1 packs the SVG to ~22 % in ~1.5 ms; level 6 gets 17 % for 4x the time.
_GZIP_LEVEL = 1
# An SVG opened on its own is a document: it may load nothing, run nothing, and is sandboxed.
_SVG_POLICY = "default-src 'none'; style-src 'unsafe-inline'; sandbox"


def stored_preview(svg: bytes) -> tuple[str, str, str, bytes]:
    """The resume_files row (format, media type, filename, content) for an SVG preview."""
    return FORMAT, SVG_MEDIA_TYPE, SVGZ_FILENAME, gzip.compress(svg, _GZIP_LEVEL, mtime=0)


def preview_response(stored: Mapping[str, Any], accept_encoding: str) -> Response:
    """The HTTP answer for a stored preview, gzipped SVG or an older PNG."""
    content = bytes(stored["content"])
    headers = {"Cache-Control": "private, max-age=3600"}
    if not stored["filename"].endswith(".svgz"):
        return Response(content, media_type=stored["media_type"], headers=headers)
    headers["Content-Security-Policy"] = _SVG_POLICY
    headers["Vary"] = "Accept-Encoding"
    if _accepts_gzip(accept_encoding):
        headers["Content-Encoding"] = "gzip"
    else:
        content = gzip.decompress(content)
    return Response(content, media_type=SVG_MEDIA_TYPE, headers=headers)


def _accepts_gzip(accept_encoding: str) -> bool:
    """Whether Accept-Encoding allows gzip: named (or `*`) without q=0 (RFC 9110, 12.5.3)."""
    qualities: dict[str, float] = {}
    for item in accept_encoding.lower().split(","):
        coding, _, params = item.partition(";")
        qualities[coding.strip()] = _quality(params.strip())
    for coding in ("gzip", "x-gzip", "*"):  # a named coding outranks the wildcard
        if coding in qualities:
            return qualities[coding] > 0
    return False


def _quality(params: str) -> float:
    if not params.startswith("q="):
        return 1.0
    try:
        return float(params[2:])
    except ValueError:
        return 1.0
