"""Structured logs read back line by line from a real app on a real server."""

from __future__ import annotations

import io
import json
import logging
import re
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from resumepilot.observability.logs import configure_logging
from resumepilot.observability.request_context import (
    RequestContextMiddleware,
    current_request_id,
    set_user_id,
)
from tests.ops.live import serving

feature_log = logging.getLogger("resumepilot.example")
USER_ID = uuid.UUID("00000000-0000-4000-8000-000000000042")


def small_app() -> FastAPI:
    app = FastAPI()

    @app.get("/hello")
    def hello() -> dict[str, str]:
        feature_log.info("saying hello", extra={"greeting": "hi"})
        return {"hello": "world"}

    @app.get("/me")
    async def me() -> dict[str, str]:
        set_user_id(USER_ID)  # what the auth dependency will do
        feature_log.warning("looking at my account")
        return {"id": str(USER_ID)}

    @app.get("/boom")
    def boom() -> None:
        raise RuntimeError("kaboom")

    @app.get("/healthz")
    def healthz() -> dict[str, bool]:
        return {"ok": True}

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        # As resumepilot/app.py does, plus the request id for the support desk.
        feature_log.exception("unhandled error on %s %s", request.method, request.url.path)
        request_id = current_request_id() or ""
        return JSONResponse(
            {"error": {"code": "internal_error", "request_id": request_id}},
            status_code=500,
            headers={"X-Request-ID": request_id},
        )

    app.add_middleware(RequestContextMiddleware)
    return app


@pytest.fixture
def restore_logging() -> Iterator[None]:
    root = logging.getLogger()
    saved = (list(root.handlers), root.level)
    # The test's own HTTP client logs whole URLs; only the server's lines are under test.
    client_log = logging.getLogger("httpx")
    client_level = client_log.level
    client_log.setLevel(logging.WARNING)
    uvicorn_saved = {
        name: (
            list(logging.getLogger(name).handlers),
            logging.getLogger(name).propagate,
            logging.getLogger(name).level,
        )
        for name in ("uvicorn", "uvicorn.error", "uvicorn.access")
    }
    yield
    client_log.setLevel(client_level)
    root.handlers[:] = saved[0]
    root.setLevel(saved[1])
    for name, (handlers, propagate, level) in uvicorn_saved.items():
        logger = logging.getLogger(name)
        logger.handlers[:] = handlers
        logger.propagate = propagate
        logger.setLevel(level)


@pytest.fixture
def json_lines(restore_logging: None) -> Iterator[io.StringIO]:
    stream = io.StringIO()
    configure_logging(json=True, stream=stream)
    yield stream


def entries(stream: io.StringIO) -> list[dict[str, Any]]:
    lines = stream.getvalue().splitlines()
    return [json.loads(line) for line in lines]  # every line must be one JSON object


def test_lines_inside_a_request_carry_the_callers_request_id(json_lines: io.StringIO) -> None:
    with serving(small_app()) as url:
        response = httpx.get(url + "/hello", headers={"X-Request-ID": "req-42.abc"})
    assert response.headers["x-request-id"] == "req-42.abc"

    logged = [e for e in entries(json_lines) if e.get("request_id") == "req-42.abc"]
    inside = next(e for e in logged if e["logger"] == "resumepilot.example")
    assert inside["message"] == "saying hello"
    assert inside["level"] == "INFO"
    assert inside["greeting"] == "hi"  # extra= fields are kept
    assert (inside["method"], inside["path"]) == ("GET", "/hello")
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", inside["time"])
    access = next(e for e in logged if e["logger"] == "resumepilot.access")
    assert access["status"] == 200
    assert isinstance(access["duration_ms"], float) and access["duration_ms"] >= 0
    assert access["message"].startswith("GET /hello 200 ")
    assert "user_id" not in access


def test_a_request_without_an_id_gets_a_fresh_one(json_lines: io.StringIO) -> None:
    with serving(small_app()) as url:
        first = httpx.get(url + "/hello").headers["x-request-id"]
        second = httpx.get(url + "/hello").headers["x-request-id"]
    assert re.fullmatch(r"[0-9a-f]{32}", first) and re.fullmatch(r"[0-9a-f]{32}", second)
    assert first != second
    ids = {e.get("request_id") for e in entries(json_lines)}
    assert {first, second} <= ids


@pytest.mark.parametrize(
    "unsafe",
    [
        "x" * 129,  # longer than the cap
        "two words",
        "../../etc/passwd",
        "id;DROP TABLE",
        '{"json":"injection"}',
    ],
)
def test_an_unsafe_incoming_id_is_replaced(unsafe: str, json_lines: io.StringIO) -> None:
    with serving(small_app()) as url:
        answered = httpx.get(url + "/hello", headers={"X-Request-ID": unsafe})
    request_id = answered.headers["x-request-id"]
    assert re.fullmatch(r"[0-9a-f]{32}", request_id)
    assert unsafe not in json_lines.getvalue()


def test_the_longest_accepted_id_is_kept(json_lines: io.StringIO) -> None:
    longest = "a" * 128
    with serving(small_app()) as url:
        answered = httpx.get(url + "/hello", headers={"X-Request-ID": longest})
    assert answered.headers["x-request-id"] == longest


def test_the_signed_in_user_is_on_the_lines_after_sign_in(json_lines: io.StringIO) -> None:
    with serving(small_app()) as url:
        request_id = httpx.get(url + "/me").headers["x-request-id"]
    mine = [e for e in entries(json_lines) if e.get("request_id") == request_id]
    assert {e["logger"] for e in mine} == {"resumepilot.example", "resumepilot.access"}
    assert all(e["user_id"] == str(USER_ID) for e in mine)


def test_an_unhandled_error_is_logged_with_its_traceback_and_request_id(
    json_lines: io.StringIO,
) -> None:
    with serving(small_app()) as url:
        response = httpx.get(url + "/boom", headers={"X-Request-ID": "boom-1"})
    assert response.status_code == 500
    assert response.headers["x-request-id"] == "boom-1"
    assert response.json()["error"]["request_id"] == "boom-1"

    logged = [e for e in entries(json_lines) if e.get("request_id") == "boom-1"]
    error = next(e for e in logged if e["logger"] == "resumepilot.example")
    assert error["level"] == "ERROR"
    assert error["exc_type"] == "RuntimeError"
    assert "Traceback (most recent call last)" in error["exc_info"]
    assert "RuntimeError: kaboom" in error["exc_info"]
    access = next(e for e in logged if e["logger"] == "resumepilot.access")
    assert (access["level"], access["status"]) == ("ERROR", 500)


def test_query_strings_are_not_logged(json_lines: io.StringIO) -> None:
    with serving(small_app()) as url:
        httpx.get(url + "/hello?token=reset-token-value")
    assert "reset-token-value" not in json_lines.getvalue()
    assert any(e.get("path") == "/hello" for e in entries(json_lines))


def test_health_checks_do_not_fill_the_log(json_lines: io.StringIO) -> None:
    with serving(small_app()) as url:
        request_id = httpx.get(url + "/healthz").headers["x-request-id"]
    assert request_id not in json_lines.getvalue()


def test_readable_lines_on_a_laptop(restore_logging: None) -> None:
    stream = io.StringIO()
    configure_logging(json=False, stream=stream)
    with serving(small_app()) as url:
        httpx.get(url + "/hello", headers={"X-Request-ID": "laptop-1"})
    logging.getLogger("resumepilot.example").info("outside any request")
    lines = stream.getvalue().splitlines()
    assert any(
        re.search(r" INFO resumepilot\.example \[laptop-1\] saying hello$", line) for line in lines
    )
    assert any(line.endswith("[-] outside any request") for line in lines)
