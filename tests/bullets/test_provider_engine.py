"""With an OpenAI-compatible provider (a fake on loopback, the real SDK as client): the library
says a model wrote the bullets, shows why candidates were left out, and rewords through it."""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest

from tests.ai.fake_openai import FakeOpenAI, Reply
from tests.conftest import STRONG_PASSWORD, LiveServer, unique_email
from tests.interviews.conftest import STORY, auth, fake_llm, give_plan  # noqa: F401

INVENTED = "Cut costs by 99% with an invented number"


@pytest.fixture(scope="module")
def llm_server(database_url: str, fake_llm: FakeOpenAI) -> Iterator[LiveServer]:  # noqa: F811
    server = LiveServer(
        database_url,
        RESUMEPILOT_AI_PROVIDER="openai",
        OPENAI_BASE_URL=fake_llm.base_url,
        OPENAI_API_KEY="test-key",
    ).start()
    yield server
    server.stop()


@pytest.fixture
def answered(llm_server, database_url, fake_llm):  # noqa: F811
    """An interview answer whose provider reply holds one good bullet and one invention."""
    with httpx.Client(base_url=llm_server.url, timeout=60) as c:
        r = c.post("/api/auth/signup", json={"email": unique_email(), "password": STRONG_PASSWORD})
        user = {"token": r.json()["access_token"], "user_id": r.json()["user_id"]}
        give_plan(database_url, user["user_id"])
        fake_llm.replies[:] = [Reply(content=json.dumps({"question": "What did you build?"}))]
        iv = c.post(
            "/api/interviews", json={"role": "software_engineer"}, headers=auth(user)
        ).json()
        fake_llm.replies[:] = [
            Reply(
                content=json.dumps(
                    {
                        "bullets": [
                            "Rebuilt checkout at Acme in Go, lifting conversion 12% for 2 million "
                            "users",
                            INVENTED,
                        ]
                    }
                )
            ),
            Reply(content=json.dumps({"question": "How did you measure that change?"})),
        ]
        answer = c.post(
            f"/api/interviews/{iv['id']}/answers",
            headers=auth(user),
            json={"text": STORY, "turn_number": 2},
        ).json()["answer"]
        yield c, user, answer


def test_library_shows_the_model_and_why_a_candidate_was_left_out(answered):
    c, user, answer = answered
    assert answer["bullets"][0]["engine"] == "openai"
    c.cookies.set("rp_session", user["token"])
    html = c.get("/bullets").text
    assert "AI model, checked against what you said" in html
    assert "did not become a bullet" in html and INVENTED in html
    api = c.get(f"/api/bullets/{answer['id']}", headers=auth(user)).json()
    assert api["rejected"][0]["text"] == INVENTED and "99" in api["rejected"][0]["reason"]


def test_rewrite_goes_through_the_model_and_its_checks(answered, fake_llm):  # noqa: F811
    c, user, answer = answered
    item = answer["bullets"][0]
    better = "Lifted conversion 12% for 2 million users by rebuilding checkout at Acme in Go"
    fake_llm.replies[:] = [Reply(content=json.dumps({"bullet": better}))]
    r = c.post(f"/api/bullets/{answer['id']}/items/{item['id']}/rewrite", headers=auth(user))
    assert r.status_code == 200, r.text
    now = r.json()["bullets"][0]
    assert now["id"] == item["id"] and now["text"] == better and now["engine"] == "openai"
    sent = fake_llm.requests[-1]["body"]["messages"][-1]["content"]
    assert item["text"] in sent
