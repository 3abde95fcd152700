"""A slow remote model holds no database connection: while answers wait on it, the same user
can still load pages and the API on a server whose pool has a single connection, and an answer
sent twice during the wait is stored once. The model is a fake OpenAI server on loopback whose
bullets replies wait until the test releases them."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from tests.ai.fake_openai import FakeOpenAI, Reply
from tests.conftest import STRONG_PASSWORD, LiveServer, unique_email
from tests.interviews.conftest import STORY, auth, give_plan

BULLETS = json.dumps(
    {"bullets": ["Rebuilt checkout at Acme in Go, lifting conversion 12% for 2 million users"]}
)


class HeldReply(Reply):
    """A reply the fake server sends only once the test opens the gate: the model 'thinks'.

    The fake sleeps for `delay` before answering; here reading it waits on the gate instead.
    """

    def __init__(self, content: str, gate: threading.Event, arrived: list[str]) -> None:
        super().__init__(content=content)
        self.gate, self.arrived = gate, arrived

    def __getattribute__(self, name: str):  # noqa: ANN204 (only `delay` is special)
        if name == "delay":
            self.arrived.append("bullets")
            self.gate.wait(60)  # a safety net only: the test opens it long before
            return 0.0
        return super().__getattribute__(name)


@pytest.fixture(scope="module")
def tiny_pool_server(database_url: str, fake_llm: FakeOpenAI) -> Iterator[LiveServer]:
    server = LiveServer(
        database_url,
        RESUMEPILOT_AI_PROVIDER="openai",
        OPENAI_BASE_URL=fake_llm.base_url,
        OPENAI_API_KEY="test-key",
        RESUMEPILOT_POOL_MAX_SIZE=1,
    ).start()
    yield server
    server.stop()


def wait_for(condition, what: str, limit: float = 30.0) -> None:
    deadline = time.monotonic() + limit
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.02)


def test_slow_model_holds_no_connection_and_stores_the_answer_once(
    tiny_pool_server: LiveServer,
    fake_llm: FakeOpenAI,
    database_url: str,
):
    # While the model is held, every other call must come back well before this timeout; with
    # the answer holding the only pooled connection, they would wait for the gate instead.
    with httpx.Client(base_url=tiny_pool_server.url, timeout=15) as c:
        r = c.post("/api/auth/signup", json={"email": unique_email(), "password": STRONG_PASSWORD})
        assert r.status_code == 201, r.text
        user = {"token": r.json()["access_token"], "user_id": r.json()["user_id"]}
        give_plan(database_url, user["user_id"])
        fake_llm.replies[:] = [Reply(content=json.dumps({"question": "What did you build?"}))]
        iv = c.post("/api/interviews", json={"role": "software_engineer"}, headers=auth(user))
        assert iv.status_code == 201, iv.text
        iv_id, turn = iv.json()["id"], iv.json()["next_turn_number"]

        gate, arrived = threading.Event(), []
        question = Reply(content=json.dumps({"question": "How did you measure that change?"}))
        fake_llm.replies[:] = [
            HeldReply(BULLETS, gate, arrived),
            HeldReply(BULLETS, gate, arrived),
            question,
            question,
        ]

        def send() -> httpx.Response:
            with httpx.Client(base_url=tiny_pool_server.url, timeout=60) as own:
                return own.post(
                    f"/api/interviews/{iv_id}/answers",
                    headers=auth(user),
                    json={"text": STORY, "turn_number": turn},
                )

        with ThreadPoolExecutor(2) as workers:
            try:
                # The same answer twice (a double submit), both now waiting on the model.
                first = workers.submit(send)
                wait_for(lambda: len(arrived) == 1, "the first answer to reach the model")
                second = workers.submit(send)
                wait_for(lambda: len(arrived) == 2, "the repeat to reach the model")

                api = c.get(f"/api/interviews/{iv_id}", headers=auth(user))
                assert api.status_code == 200, api.text
                assert [t["turn_number"] for t in api.json()["turns"]] == [1]
                listed = c.get("/api/interviews", headers=auth(user))
                assert listed.status_code == 200 and listed.json()[0]["id"] == iv_id
                c.cookies.set("rp_session", user["token"])
                page = c.get(f"/interviews/{iv_id}")
                assert page.status_code == 200 and "What did you build?" in page.text
                c.cookies.clear()
                assert not first.done() and not second.done()  # both still wait on the model
            finally:
                gate.set()
            results = [first.result(), second.result()]

    assert sorted(r.status_code for r in results) == [200, 201], [r.text for r in results]
    stored, repeat = sorted(results, key=lambda r: r.status_code, reverse=True)
    assert repeat.json()["duplicate"] is True
    assert stored.json()["new_turns"] == repeat.json()["new_turns"]
    assert "12%" in stored.json()["answer"]["bullets"][0]["text"]

    with httpx.Client(base_url=tiny_pool_server.url, timeout=15) as c:
        after = c.get(f"/api/interviews/{iv_id}", headers=auth(user)).json()
    assert [(t["turn_number"], t["speaker"]) for t in after["turns"]] == [
        (1, "ai"),
        (2, "user"),
        (3, "ai"),
    ]
    assert after["turns"][1]["message"] == STORY
    assert len(after["answers"]) == 1 and after["answers"][0]["transcript"] == STORY
    assert after["next_turn_number"] == 4
