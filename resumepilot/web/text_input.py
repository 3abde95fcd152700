"""The one boundary for text: NUL and broken Unicode never get past the edge.

PostgreSQL cannot store NUL in text, and lone surrogates (`"\\ud800"` in JSON) or bytes that
are not UTF-8 cannot be encoded for it at all; once such a string reaches a query, the request
dies with a 500. So every path, query string, JSON body and form body (urlencoded, or the text
fields of a multipart one) is checked here, before any route reads it, and refused with 422
`invalid_text` naming the field (`title`, `resume.basics.name`, `resume.work.0.highlights.2`,
or the key itself when a key holds it).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import unquote_to_bytes

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from resumepilot.errors import InvalidText
from resumepilot.storable_text import escape_unstorable, first_unstorable
from resumepilot.web.errors import RefusedWhileReading, send_error
from resumepilot.web.multipart_text import MultipartTextScanner, parse_options_header

NUL_PROBLEM = "contains a NUL character (\\u0000)"
NOT_UTF8_PROBLEM = "is not UTF-8 text (it holds bytes of another encoding)"
SURROGATE_PROBLEM = "holds a lone Unicode surrogate (an escape such as \\ud800 without its pair)"


def _problem(text: str) -> str | None:
    found = first_unstorable(text)
    if found is None:
        return None
    if found == "\x00":
        return NUL_PROBLEM
    # surrogateescape turns each byte that is not UTF-8 into U+DC80..U+DCFF.
    return NOT_UTF8_PROBLEM if "\udc80" <= found <= "\udcff" else SURROGATE_PROBLEM


def _join(parent: str, key: str) -> str:
    return f"{parent}.{key}" if parent else key


def json_text_problems(value: Any, path: str = "") -> Iterator[InvalidText]:
    """Every string (key or value) in a parsed JSON document that cannot be stored as text."""
    if isinstance(value, str):
        problem = _problem(value)
        if problem:
            yield InvalidText(path or "body", problem)
    elif isinstance(value, dict):
        for key, item in value.items():
            key_path = _join(path, escape_unstorable(key))
            key_problem = _problem(key)
            if key_problem:
                yield InvalidText(key_path, "has a name that " + key_problem)
            yield from json_text_problems(item, key_path)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from json_text_problems(item, _join(path, str(index)))


# In JSON text, the escapes that could yield NUL or a surrogate. A body without them, without
# raw NUL and that is valid UTF-8 cannot hold bad text, so most bodies skip the parse below.
_SUSPECT_ESCAPE = re.compile(rb"\\u(?:0000|[dD][89a-fA-F])")


def _plainly_valid(body: bytes) -> bool:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return b"\x00" not in body and _SUSPECT_ESCAPE.search(body) is None


def json_body_problem(body: bytes) -> InvalidText | None:
    if _plainly_valid(body):
        return None
    # Bytes that are not UTF-8 become lone surrogates here, so the walk below finds them in the
    # string (or key) that holds them. strict=False lets a raw 0x00 byte inside a string parse,
    # so it too is named rather than reported as malformed JSON.
    text = body.decode("utf-8", errors="surrogateescape")
    try:
        document = json.loads(text, strict=False)
    except ValueError:
        # Malformed JSON is the parser's to report, unless the bytes were not text at all.
        problem = _problem(text)
        return None if problem is None else InvalidText("body", problem)
    return next(json_text_problems(document), None)


def _decoded(raw: bytes) -> str:
    return unquote_to_bytes(raw.replace(b"+", b" ")).decode("utf-8", errors="surrogateescape")


def _field_problem(name: str, value: str) -> InvalidText | None:
    if problem := _problem(name):
        return InvalidText(escape_unstorable(name), "has a name that " + problem)
    if problem := _problem(value):
        return InvalidText(escape_unstorable(name), problem)
    return None


def form_problem(encoded: bytes) -> InvalidText | None:
    """The first field of an application/x-www-form-urlencoded string (a form body or a query
    string) whose name or value is not storable text."""
    for pair in encoded.split(b"&"):
        raw_name, _, raw_value = pair.partition(b"=")
        if found := _field_problem(_decoded(raw_name), _decoded(raw_value)):
            return found
    return None


def multipart_field_problem(name: bytes, value: bytes) -> InvalidText | None:
    """The same check for one text field of a multipart form (sent as raw bytes)."""
    return _field_problem(
        name.decode("utf-8", errors="surrogateescape"),
        value.decode("utf-8", errors="surrogateescape"),
    )


def path_problem(scope: Scope) -> InvalidText | None:
    raw_path = scope.get("raw_path") or scope["path"].encode("utf-8", errors="surrogateescape")
    problem = _problem(unquote_to_bytes(raw_path).decode("utf-8", errors="surrogateescape"))
    return InvalidText("path", problem) if problem else None


def _content_type(scope: Scope) -> tuple[str, dict[bytes, bytes]]:
    for name, value in scope["headers"]:
        if name == b"content-type":
            media_type, options = parse_options_header(value)
            return media_type.decode("latin-1").lower(), options
    return "", {}


# Bodies whose bytes are signed by their sender: refusing one would only make the sender retry
# it forever (Stripe does, for days). Their handlers verify the raw bytes and then clean what
# they store (clients/stripe.py). Their paths and query strings are still checked.
SIGNED_BODY_PATHS = frozenset({"/webhooks/stripe"})


class TextInputCheck:
    """Pure ASGI middleware. JSON and urlencoded bodies are read whole (BodySizeLimit, outside
    this one, bounds them) and handed on to the app unchanged; multipart bodies stream through,
    their text fields checked on the way (the last chunk is refused if one was bad)."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        refusal = path_problem(scope) or form_problem(scope.get("query_string", b""))
        media_type, options = _content_type(scope)
        is_json = media_type == "application/json" or media_type.endswith("+json")
        is_form = media_type == "application/x-www-form-urlencoded"
        if refusal is None and media_type == "multipart/form-data" and b"boundary" in options:
            await self._multipart(scope, receive, send, options[b"boundary"])
            return
        if refusal is None and (not (is_json or is_form) or scope["path"] in SIGNED_BODY_PATHS):
            await self.app(scope, receive, send)
            return
        body, disconnected = await _read_body(receive)
        if disconnected:
            return  # nobody is left to answer
        if refusal is None:
            refusal = json_body_problem(body) if is_json else form_problem(body)
        if refusal is not None:
            # The whole body has been read, so the connection stays open for the next request.
            await send_error(scope, _replay(body, receive), send, refusal)
            return
        await self.app(scope, _replay(body, receive), send)

    async def _multipart(self, scope: Scope, receive: Receive, send: Send, boundary: bytes) -> None:
        scanner = MultipartTextScanner(boundary, multipart_field_problem)
        started = False

        async def scanned_receive() -> Message:
            message = await receive()
            if message["type"] == "http.request":
                scanner.feed(message.get("body", b""))
                if not message.get("more_body", False) and scanner.problem is not None:
                    raise RefusedWhileReading(scanner.problem)
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, scanned_receive, tracking_send)
        except RefusedWhileReading as refused:
            # Routes' reads are answered by web.errors; this catches reads outside a route.
            if not started:
                await send_error(scope, receive, send, refused.error)


async def _read_body(receive: Receive) -> tuple[bytes, bool]:
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return b"".join(chunks), True
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks), False


def _replay(body: bytes, receive: Receive) -> Receive:
    """A receive that hands the app the body already read, then waits as the original would
    (for the client to disconnect)."""
    sent = False

    async def replayed() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replayed
