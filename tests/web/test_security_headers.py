"""Every response carries the security headers, and the pages need nothing the policy forbids
(no inline script, event handler or style)."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import httpx
import pytest

from resumepilot.app import create_app
from resumepilot.config import Settings
from resumepilot.web.protocol import every_route
from resumepilot.web.security_headers import content_security_policy
from tests.conftest import LiveServer
from tests.resumes.web_support import bearer, browser

PACKAGE = Path(__file__).resolve().parents[2] / "resumepilot"
EXPECTED = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
    "x-frame-options": "DENY",
}


def directives(policy: str) -> dict[str, list[str]]:
    parsed = {}
    for part in policy.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


def assert_secured(r: httpx.Response) -> None:
    where = f"{r.request.method} {r.request.url.path} ({r.status_code})"
    for name, value in EXPECTED.items():
        assert r.headers.get(name) == value, f"{name} missing on {where}"
    policy = directives(r.headers.get("content-security-policy", ""))
    assert policy.get("script-src") == ["'self'"], where
    assert policy.get("style-src") == ["'self'"], where
    assert policy.get("frame-ancestors") == ["'none'"], where
    assert policy.get("object-src") == ["'none'"], where
    assert policy.get("base-uri") == ["'self'"], where


def get_routes() -> list[str]:
    """The path of every GET route the app has, with made-up values for its parameters."""
    app = create_app(Settings(RESUMEPILOT_IN_PROCESS_WORKER=False), "postgresql://unused/x")
    paths = set()
    for route in every_route(app.routes):
        methods = getattr(route, "methods", None) or set()
        if "GET" in methods and route.path:
            paths.add(re.sub(r"\{[^}]+\}", str(uuid.UUID(int=7)), route.path))
    return sorted(paths)


ROUTES = get_routes()


def test_the_route_walk_covers_pages_and_the_api():
    assert {"/login", "/dashboard", "/resumes", "/api/me", "/healthz"} <= set(ROUTES)
    assert len(ROUTES) > 40


@pytest.mark.parametrize("path", ROUTES)
def test_every_get_route_is_secured(live_server, api_user, path):
    with browser(live_server.url, api_user) as web:
        r = web.get(path, headers=bearer(api_user))
    # 503: billing is not configured on the test server.
    assert r.status_code < 500 or r.status_code == 503, r.text
    assert_secured(r)


def test_errors_static_files_and_head_are_secured(client):
    assert_secured(client.get("/no-such-page"))
    assert_secured(client.get("/api/nothing"))
    assert_secured(client.delete("/api/auth/login"))
    assert_secured(client.post("/api/auth/signup", json={"email": "x\x00"}))
    assert_secured(client.post("/api/auth/signup", json={"password": "p" * 200_000}))
    assert_secured(client.head("/login"))
    css = client.get("/login").text
    stylesheet = re.search(r'href="(/static/[^"]+\.css[^"]*)"', css).group(1)
    assert_secured(client.get(stylesheet))


def test_forms_may_post_to_stripe_and_overleaf_and_nowhere_else():
    policy = directives(content_security_policy(Settings(STRIPE_API_BASE=None)))
    assert policy["form-action"] == [
        "'self'",
        "https://checkout.stripe.com",
        "https://billing.stripe.com",
        "https://www.overleaf.com",
    ]
    with_fake = Settings(STRIPE_API_BASE="http://127.0.0.1:8123/")
    assert "http://127.0.0.1:8123" in directives(content_security_policy(with_fake))["form-action"]


def test_a_live_server_with_a_stripe_stand_in_allows_its_pages(database_url):
    server = LiveServer(database_url, STRIPE_API_BASE="http://127.0.0.1:9/").start()
    try:
        policy = httpx.get(server.url + "/login").headers["content-security-policy"]
        assert "http://127.0.0.1:9" in directives(policy)["form-action"]
    finally:
        server.stop()


def page_sources() -> list[Path]:
    return sorted(PACKAGE.glob("*/templates/**/*.html")) + sorted(PACKAGE.glob("*/*.py"))


INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "an inline <script>"),
    (re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I), "an on* event handler attribute"),
    (re.compile(r"<style\b", re.I), "a <style> block"),
    (re.compile(r"<[a-z][^>]*\sstyle\s*=", re.I), "a style attribute"),
    (re.compile(r"javascript:", re.I), "a javascript: URL"),
]


def test_no_page_template_or_python_markup_has_inline_script_or_style():
    # The e-mail templates (mail/templates/*.j2) are not served as pages: mail clients need
    # inline styles, and the CSP does not apply to them.
    found = []
    for path in page_sources():
        text = path.read_text(encoding="utf-8")
        for pattern, what in INLINE:
            for match in pattern.finditer(text):
                if "javascript:" in match.group() and path.suffix == ".py":
                    continue  # Python code that refuses javascript: URLs names them
                found.append(f"{path.relative_to(PACKAGE)}: {what}: {match.group()[:60]}")
    assert found == []


def test_an_unexpected_500_is_secured_too(database_url):
    # A route that fails is added to the real app: the 500 answer comes from Starlette's
    # outermost layer, past every middleware.
    server = LiveServer(database_url)
    app = server.server.config.app

    async def fail() -> None:
        raise RuntimeError("a fault injected by the test")

    app.add_api_route("/api/test-fault", fail)
    app.add_api_route("/test-fault", fail)
    server.start()
    try:
        for path in ("/api/test-fault", "/test-fault"):
            r = httpx.get(server.url + path)
            assert r.status_code == 500
            assert_secured(r)
    finally:
        server.stop()
