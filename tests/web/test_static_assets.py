"""Static files: pages link them with a content hash, which makes them cacheable for a year."""

from __future__ import annotations

import hashlib
import re
from importlib.resources import files

import httpx

from resumepilot.web.static_assets import IMMUTABLE, REVALIDATE


def _style_bytes() -> bytes:
    return (files("resumepilot.web") / "static" / "style.css").read_bytes()


def test_pages_link_the_stylesheet_by_its_content_hash(client: httpx.Client) -> None:
    page = client.get("/login")
    assert page.status_code == 200
    links = re.findall(r'href="(/static/style\.css\?v=([0-9a-f]+))"', page.text)
    assert len(links) == 1
    url, version = links[0]
    assert version == hashlib.sha256(_style_bytes()).hexdigest()[:12]
    response = client.get(url)
    assert response.status_code == 200 and response.content == _style_bytes()
    assert response.headers["cache-control"] == IMMUTABLE


def test_unversioned_or_stale_urls_must_revalidate(client: httpx.Client) -> None:
    plain = client.get("/static/style.css")
    assert plain.status_code == 200 and plain.headers["cache-control"] == REVALIDATE
    stale = client.get("/static/style.css?v=000000000000")
    assert stale.status_code == 200 and stale.headers["cache-control"] == REVALIDATE
    again = client.get("/static/style.css", headers={"if-none-match": plain.headers["etag"]})
    assert again.status_code == 304


def test_feature_scripts_are_versioned_too(client: httpx.Client, api_user: dict[str, str]) -> None:
    client.cookies.set("rp_session", api_user["token"])
    page = client.get("/interviews")
    client.cookies.clear()
    match = re.search(r'src="(/static/interview\.js\?v=[0-9a-f]{12})"', page.text)
    assert match, page.text[:500]
    assert client.get(match.group(1)).headers["cache-control"] == IMMUTABLE


def test_a_missing_file_is_a_404(client: httpx.Client) -> None:
    assert client.get("/static/nope.css?v=abc").status_code == 404
