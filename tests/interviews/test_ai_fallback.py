"""With an OpenAI-compatible provider configured, its bullets are used; when it fails, the
built-in engine answers and the page says so. The provider is a fake server on loopback."""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest

from tests.ai.fake_openai import FakeOpenAI, Reply
from tests.conftest import STRONG_PASSWORD, LiveServer, unique_email
from tests.interviews.conftest import STORY, auth, give_plan


@pytest.fixture(scope="module")
def llm_server(database_url: str, fake_llm: FakeOpenAI) -> Iterator[LiveServer]:
    server = LiveServer(
        database_url,
        RESUMEPILOT_AI_PROVIDER="openai",
        OPENAI_BASE_URL=fake_llm.base_url,
        OPENAI_API_KEY="test-key",
    ).start()
    yield server
    server.stop()


@pytest.fixture
def llm_client(llm_server, database_url) -> Iterator[tuple[httpx.Client, dict[str, str]]]:
    with httpx.Client(base_url=llm_server.url, timeout=60) as c:
        r = c.post("/api/auth/signup", json={"email": unique_email(), "password": STRONG_PASSWORD})
        user = {"token": r.json()["access_token"], "user_id": r.json()["user_id"]}
        give_plan(database_url, user["user_id"])
        yield c, user


def test_provider_bullets_are_used_when_it_answers(llm_client, fake_llm):
    c, user = llm_client
    fake_llm.replies[:] = [Reply(content=json.dumps({"question": "What did you build at work?"}))]
    iv = c.post("/api/interviews", json={"role": "software_engineer"}, headers=auth(user)).json()
    assert iv["turns"][0]["message"] == "What did you build at work?"
    fake_llm.replies[:] = [
        Reply(
            content=json.dumps(
                {
                    "bullets": [
                        "Rebuilt checkout at Acme in Go, lifting "
                        "conversion 12% for 2 million users",
                        "Cut costs by 99% with an invented number",
                    ]
                }
            )
        ),
        Reply(content=json.dumps({"question": "How did you measure that change?"})),
    ]
    r = c.post(
        f"/api/interviews/{iv['id']}/answers",
        headers=auth(user),
        json={"text": STORY, "turn_number": 2},
    ).json()
    texts = [b["text"] for b in r["answer"]["bullets"]]
    assert texts[0].startswith("Rebuilt checkout at Acme in Go")
    assert not any("99%" in t for t in texts)  # the grounding guard dropped the invention
    assert not any("did not answer" in n for n in r["notices"])


def test_failing_provider_falls_back_and_says_so(llm_client, fake_llm, llm_server):
    c, user = llm_client
    fake_llm.replies.clear()  # every call now gets HTTP 500
    iv = c.post("/api/interviews", json={"role": "software_engineer"}, headers=auth(user)).json()
    assert "project" in iv["turns"][0]["message"]  # the built-in planner's own wording
    r = c.post(
        f"/api/interviews/{iv['id']}/answers",
        headers=auth(user),
        json={"text": STORY, "turn_number": 2},
    )
    assert r.status_code == 201
    notice = next(n for n in r.json()["notices"] if "did not answer" in n)
    assert "HTTP 500" in notice and "built-in engine" in notice
    assert any("12%" in b["text"] for b in r.json()["answer"]["bullets"])
    c.cookies.set("rp_session", user["token"])
    page = c.get(f"/interviews/{iv['id']}")
    token = page.text.split('name="csrf_token" value="')[1].split('"')[0]
    form = c.post(
        f"/interviews/{iv['id']}/answer",
        follow_redirects=True,
        data={"text": "It also saved 5 hours a week.", "turn_number": "4", "csrf_token": token},
    )
    assert "The AI provider did not answer" in form.text
