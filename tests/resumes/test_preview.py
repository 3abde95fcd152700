"""How a stored preview goes out: gzipped SVG as it is to clients that take gzip, unpacked to
those that do not, and the PNGs of older generations as they were stored."""

from __future__ import annotations

import gzip

import pytest

from resumepilot.resumes.preview import preview_response, stored_preview

SVG = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 612 792"><path d="M 0 0"/></svg>'


def _stored() -> dict[str, object]:
    fmt, media_type, filename, content = stored_preview(SVG)
    assert (fmt, media_type, filename) == ("preview", "image/svg+xml", "preview.svgz")
    return {"media_type": media_type, "filename": filename, "content": memoryview(content)}


@pytest.mark.parametrize(
    "accept_encoding",
    ["gzip, deflate, br, zstd", "GZIP", "br;q=1.0, gzip;q=0.5", "*", "x-gzip", "gzip;q=bad"],
)
def test_gzip_clients_get_the_stored_bytes(accept_encoding: str) -> None:
    stored = _stored()
    response = preview_response(stored, accept_encoding)
    assert response.headers["content-encoding"] == "gzip"
    assert response.body == bytes(stored["content"])  # type: ignore[arg-type]
    assert gzip.decompress(response.body) == SVG
    assert response.headers["content-type"] == "image/svg+xml"
    assert response.headers["vary"] == "Accept-Encoding"


@pytest.mark.parametrize(
    "accept_encoding", ["", "identity", "br, deflate", "gzip;q=0", "gzip;q=0, *", "*, gzip;q=0.0"]
)
def test_other_clients_get_plain_svg(accept_encoding: str) -> None:
    response = preview_response(_stored(), accept_encoding)
    assert "content-encoding" not in response.headers
    assert response.body == SVG


def test_an_svg_opened_on_its_own_can_load_and_run_nothing() -> None:
    policy = preview_response(_stored(), "gzip").headers["content-security-policy"]
    assert "default-src 'none'" in policy and "sandbox" in policy


def test_older_png_previews_are_served_as_stored() -> None:
    png = b"\x89PNG\r\n\x1a\n..."
    stored = {"media_type": "image/png", "filename": "preview.png", "content": png}
    response = preview_response(stored, "gzip")
    assert response.body == png and response.headers["content-type"] == "image/png"
    assert "content-encoding" not in response.headers
