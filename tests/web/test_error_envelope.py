"""One error shape everywhere: the API answers {"error": {"code", "message", ...}}, pages answer
HTML, whoever refused the request (a route, the framework's router, or a middleware)."""

from __future__ import annotations

import httpx

from tests.resumes.web_support import bearer


def api_error(r: httpx.Response, status: int, code: str) -> dict:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/json")
    error = r.json()["error"]
    assert error["code"] == code and error["message"]
    return error


def html_error(r: httpx.Response, status: int, words: str) -> None:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("text/html")
    assert words in r.text and "Traceback" not in r.text


def test_401_says_unauthorized(client):
    api_error(client.get("/api/me"), 401, "unauthorized")
    api_error(
        client.get("/api/me", headers={"Authorization": "Bearer nonsense"}), 401, "unauthorized"
    )
    # A browser is sent to sign in instead.
    page = client.get("/dashboard")
    assert page.status_code == 303 and page.headers["location"].startswith("/login")


def test_413_is_body_too_large_for_declared_and_chunked_bodies(client):
    declared = client.post("/api/auth/signup", json={"email": "a@b.c", "password": "p" * 200_000})
    error = api_error(declared, 413, "body_too_large")
    assert error["max_bytes"] == 100_000

    def chunks():
        for _ in range(200):
            yield b"x" * 1000

    chunked = client.post(
        "/api/auth/signup", content=chunks(), headers={"content-type": "application/json"}
    )
    assert "content-length" not in chunked.request.headers
    assert api_error(chunked, 413, "body_too_large") == error


def test_413_on_a_page_form_is_a_page(client):
    html_error(client.post("/login", data={"email": "x" * 200_000}), 413, "larger than")

    def chunks():
        for _ in range(200):
            yield b"x" * 1000

    r = client.post(
        "/login", content=chunks(), headers={"content-type": "application/x-www-form-urlencoded"}
    )
    html_error(r, 413, "larger than")


def test_404_has_the_same_shape(client, api_user):
    api_error(client.get("/api/no-such-endpoint"), 404, "not_found")
    missing = "/api/resumes/drafts/00000000-0000-0000-0000-000000000000"
    api_error(client.get(missing, headers=bearer(api_user)), 404, "not_found")
    html_error(client.get("/no-such-page"), 404, "nothing at this address")


def test_405_names_every_allowed_method(client):
    error = api_error(client.delete("/api/auth/login"), 405, "method_not_allowed")
    r = client.delete("/api/auth/login")
    assert r.headers["allow"] == "POST" and error["allowed"] == ["POST"]
    # /login is two routes (the page and the form post): Allow names both, and HEAD.
    page = client.put("/login")
    html_error(page, 405, "does not accept PUT")
    assert page.headers["allow"] == "GET, HEAD, POST"


def test_head_works_wherever_get_does(client, api_user):
    for path, headers in (
        ("/login", {}),
        ("/healthz", {}),
        ("/api/me", bearer(api_user)),
        ("/api/resumes/drafts", bearer(api_user)),
    ):
        get = client.get(path, headers=headers)
        head = client.head(path, headers=headers)
        assert get.status_code == 200, path
        assert head.status_code == 200 and head.content == b"", path
        assert head.headers["content-type"] == get.headers["content-type"]
        assert head.headers["content-length"] == get.headers["content-length"]
    # A HEAD the GET would refuse is refused the same way, still without a body.
    r = client.head("/api/me")
    assert r.status_code == 401 and r.content == b""
    assert client.head("/api/auth/login").status_code == 405


def test_the_connection_survives_every_refusal(client):
    # httpx reuses one connection; each answer below must leave it open for the next.
    for _ in range(2):
        api_error(client.get("/api/me"), 401, "unauthorized")
        api_error(client.delete("/api/auth/login"), 405, "method_not_allowed")
        api_error(client.get("/api/nothing"), 404, "not_found")
    assert client.get("/healthz").status_code == 200
