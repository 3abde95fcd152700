"""NUL, lone surrogates and bytes that are not UTF-8 are refused at the edge with 422
`invalid_text` naming the field, for pages and API alike, and the connection stays usable."""

from __future__ import annotations

import json
import socket

import httpx
import pytest

from tests.conftest import STRONG_PASSWORD, LiveServer, unique_email
from tests.resumes.web_support import (
    add_library,
    bearer,
    browser,
    create_draft,
    csrf_from,
    sample_resume,
)


def refused(r: httpx.Response, field: str) -> None:
    assert r.status_code == 422, r.text
    error = r.json()["error"]
    assert error["code"] == "invalid_text" and error["field"] == field
    assert (field in error["message"] or field == "path") and "Traceback" not in r.text


def raw_json(
    client: httpx.Client, method: str, url: str, body: str | bytes, **kw
) -> httpx.Response:
    """Sends a JSON body exactly as written: json= would escape or reject what we test."""
    content = body.encode("utf-8", errors="surrogatepass") if isinstance(body, str) else body
    headers = {"content-type": "application/json", **kw.pop("headers", {})}
    return client.request(method, url, content=content, headers=headers, **kw)


def test_nul_in_the_login_email_api(client, api_user):
    r = client.post(
        "/api/auth/login", json={"email": api_user["email"] + "\x00", "password": "x" * 12}
    )
    refused(r, "email")


def test_nul_in_the_login_form_gets_an_html_page(client):
    page = client.get("/login")
    form = {
        "email": "a\x00@example.com",
        "password": "whatever",
        "csrf_token": csrf_from(page.text),
    }
    r = client.post("/login", data=form)
    assert r.status_code == 422 and r.headers["content-type"].startswith("text/html")
    assert "email" in r.text and "NUL" in r.text


def test_nul_and_lone_surrogates_in_a_drafts_title(client, api_user):
    body = {"title": "My resume\x00", "resume": sample_resume()}
    refused(client.post("/api/resumes/drafts", json=body, headers=bearer(api_user)), "title")
    lone = '{"title": "My resume \\ud800", "resume": {}}'
    r = raw_json(client, "POST", "/api/resumes/drafts", lone, headers=bearer(api_user))
    refused(r, "title")
    assert "surrogate" in r.json()["error"]["message"]


def test_nul_in_a_resumes_fields_and_keys(client, api_user):
    draft = create_draft(client, api_user)
    url = f"/api/resumes/drafts/{draft['id']}"
    resume = sample_resume()
    resume["basics"]["name"] = "Ada\x00 Lovelace"
    r = client.put(url, json={"title": "T", "resume": resume}, headers=bearer(api_user))
    refused(r, "resume.basics.name")
    resume = sample_resume()
    resume["work"][0]["highlights"] = ["fine", "not \x00 fine"]
    r = client.put(url, json={"title": "T", "resume": resume}, headers=bearer(api_user))
    refused(r, "resume.work.0.highlights.1")
    resume = sample_resume()
    resume["basics"]["na\x00me"] = "Ada"
    r = client.put(url, json={"title": "T", "resume": resume}, headers=bearer(api_user))
    refused(r, "resume.basics.na\\u0000me")
    # The refused saves left the draft as it was.
    kept = client.get(url, headers=bearer(api_user)).json()
    assert kept["resume"]["basics"]["name"] == sample_resume()["basics"]["name"]


def test_nul_in_an_imported_json_resume(client, api_user):
    resume = sample_resume()
    resume["basics"]["label"] = "Engineer\x00"
    r = raw_json(
        client, "POST", "/api/resumes/drafts/import", json.dumps(resume), headers=bearer(api_user)
    )
    refused(r, "basics.label")


def test_nul_in_a_bullets_text(client, api_user, database_url):
    [answer_id] = add_library(database_url, api_user["user_id"], [("Acme", ["Shipped it"])])
    url = f"/api/bullets/{answer_id}"
    item = client.get(url, headers=bearer(api_user)).json()["bullets"][0]["id"]
    r = client.patch(f"{url}/items/{item}", json={"text": "Ship\x00ped"}, headers=bearer(api_user))
    refused(r, "text")
    refused(client.post(f"{url}/items", json={"text": "\x00"}, headers=bearer(api_user)), "text")
    assert client.get(url, headers=bearer(api_user)).json()["bullets"][0]["text"] == "Shipped it"


def test_raw_nul_bytes_and_bytes_that_are_not_utf8_in_json(client):
    body = b'{"email": "a\x00@example.com", "password": "correct horse battery"}'
    refused(raw_json(client, "POST", "/api/auth/signup", body), "email")
    body = b'{"email": "caf\xe9@example.com", "password": "correct horse battery"}'
    refused(raw_json(client, "POST", "/api/auth/signup", body), "email")
    # Outside any string there is no field to name: the whole body is.
    refused(raw_json(client, "POST", "/api/auth/signup", b'{"email": 1}\xff'), "body")
    r = raw_json(client, "POST", "/api/auth/signup", b'{"email": 1}\x00')
    refused(r, "body")
    assert "NUL" in r.json()["error"]["message"]


def test_query_strings_and_paths(client, api_user):
    refused(client.get("/api/resumes/drafts", params={"q": "x\x00"}), "q")
    refused(client.get("/api/resumes/drafts?na%00me=1"), "na\\u0000me")
    refused(client.get("/api/resumes/drafts?q=%ff"), "q")
    refused(client.get("/api/resumes/drafts/%00"), "path")
    page = client.get("/resumes/%C0%80")
    assert page.status_code == 422 and "address" in page.text


@pytest.mark.parametrize(
    "request_bytes",
    [
        # A JSON login with NUL in the email: the 500 this replaced also closed the connection.
        b'{"email": "a\\u0000@example.com", "password": "whatever it is"}',
        b'{"email": "\\udfff@example.com", "password": "whatever it is"}',
    ],
)
def test_the_connection_stays_usable_after_a_refusal(live_server: LiveServer, request_bytes):
    host, port = "127.0.0.1", live_server.port
    with socket.create_connection((host, port), timeout=10) as sock:
        reader = sock.makefile("rb")
        head = (
            f"POST /api/auth/login HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(request_bytes)}\r\n\r\n"
        ).encode()
        sock.sendall(head + request_bytes)
        status, headers, body = read_response(reader)
        assert status == 422 and b"invalid_text" in body
        assert headers.get("connection") != "close"
        # The same socket answers the next request.
        sock.sendall(f"GET /healthz HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
        status, _, _ = read_response(reader)
        assert status == 200


def read_response(reader) -> tuple[int, dict[str, str], bytes]:
    status = int(reader.readline().split()[1])
    headers = {}
    while (line := reader.readline()) not in (b"\r\n", b""):
        name, _, value = line.decode().partition(":")
        headers[name.strip().lower()] = value.strip()
    return status, headers, reader.read(int(headers.get("content-length", "0")))


def test_good_text_still_passes(client):
    # Emoji (a surrogate pair in JSON escapes) and accents are text like any other.
    email = unique_email()
    body = json.dumps({"email": email, "password": STRONG_PASSWORD + " caf\u00e9 \U0001f600"})
    r = raw_json(client, "POST", "/api/auth/signup", body)
    assert r.status_code == 201, r.text


def test_text_fields_of_multipart_forms(live_server, api_user):
    # The letters form sends its job posting beside an optional file, as multipart.
    with browser(live_server.url, api_user) as web:
        token = csrf_from(web.get("/letters").text)
        r = web.post(
            "/letters",
            data={"csrf_token": token, "posting": "We hire\x00 engineers", "tone": "formal"},
            files={"job_file": ("posting.txt", b"", "text/plain")},
        )
        assert r.status_code == 422 and r.headers["content-type"].startswith("text/html")
        assert "posting" in r.text and "NUL" in r.text
        # The connection answers the next request.
        assert web.get("/letters").status_code == 200


def test_files_in_multipart_forms_are_the_readers_business(live_server, api_user):
    # A file may hold any bytes: the importer, not the text check, says what is wrong.
    with browser(live_server.url, api_user) as web:
        token = csrf_from(web.get("/resumes").text)
        r = web.post(
            "/resumes/import",
            data={"csrf_token": token},
            files={"file": ("resume.json", b'{"basics": \x00\xff}', "application/json")},
        )
    assert r.status_code == 422 and "invalid_text" not in r.text
    assert "not UTF-8" in r.text or "not valid JSON" in r.text
