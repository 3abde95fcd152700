"""Security headers on every response: what the browser may load, run, frame and post to.

The policy allows no inline script or style at all; pages load their scripts and stylesheets
from /static/. Forms may post to ResumePilot itself and to the few outside hosts a page
sends the browser to: Stripe's checkout and billing portal (reached by a redirect after our
own form posts, which Chromium checks against form-action too) and Overleaf.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from resumepilot.config import Settings
from resumepilot.documents.formats.overleaf import OVERLEAF_URL

# Where Stripe sends a payer: Checkout sessions and Customer Portal sessions live on these.
STRIPE_PAGE_ORIGINS = ("https://checkout.stripe.com", "https://billing.stripe.com")


STATE_KEY = "security_headers"


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def form_targets(settings: Settings) -> list[str]:
    """Origins a form may submit to, beside our own."""
    targets = [*STRIPE_PAGE_ORIGINS, origin_of(OVERLEAF_URL)]
    if settings.stripe_api_base:
        # A Stripe stand-in (the loopback fake in tests, or stripe-mock) serves its pages at
        # its own address.
        targets.append(origin_of(settings.stripe_api_base))
    return targets


def content_security_policy(settings: Settings) -> str:
    directives = {
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": "'self'",
        "img-src": "'self'",
        # A new voice recording is played back from a blob: URL before it is uploaded.
        "media-src": "'self' blob:",
        "connect-src": "'self'",
        "form-action": " ".join(["'self'", *form_targets(settings)]),
        "frame-ancestors": "'none'",
        "object-src": "'none'",
        "base-uri": "'self'",
    }
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def security_headers(settings: Settings) -> list[tuple[bytes, bytes]]:
    headers = {
        "content-security-policy": content_security_policy(settings),
        "x-content-type-options": "nosniff",
        "referrer-policy": "strict-origin-when-cross-origin",
        "x-frame-options": "DENY",
    }
    return [(name.encode(), value.encode()) for name, value in headers.items()]


class SecurityHeaders:
    """Pure ASGI middleware: adds the headers to every response, error pages and static files
    included, unless a route set its own value."""

    def __init__(self, app: ASGIApp, settings: Settings):
        self.app = app
        self.headers = security_headers(settings)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        # For web.errors' last-resort 500 handler, whose answer bypasses this middleware
        # (Starlette sends it from the outermost layer).
        scope.setdefault("state", {})[STATE_KEY] = self.headers

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                added = [(n, v) for n, v in self.headers if n not in present]
                message = {**message, "headers": [*message.get("headers", []), *added]}
            await send(message)

        await self.app(scope, receive, send_with_headers)
