"""Rewrite: a different wording of one bullet, still grounded, or a reason; never the same text."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from resumepilot.ai.providers import BuiltinProvider, OpenAICompatibleProvider
from tests.ai.fake_openai import FakeOpenAI, Reply

ANSWER = (
    "I'm a line cook at Osteria Vela. Ticket times were like twenty-two minutes. I "
    "reorganized the prep stations and ticket times went down to fifteen minutes."
)
BULLET = "Reorganized the prep stations at Osteria Vela, cutting ticket times from 22 to 15 minutes"
ENGINE = BuiltinProvider()


def test_a_rewrite_differs_keeps_every_fact_and_passes_the_checks() -> None:
    seen = [BULLET]
    for _ in range(3):
        result = ENGINE.rewrite("chef", "", ANSWER, BULLET, avoid=seen)
        assert result.bullet is not None, result.reason
        text = result.bullet.text
        assert text not in seen
        for fact in ("22", "15", "Osteria Vela", "prep stations"):
            assert fact in text, text
        seen.append(text)


def test_the_result_first_variant_leads_with_the_result() -> None:
    result = ENGINE.rewrite("chef", "", ANSWER, BULLET)
    assert result.bullet is not None
    assert result.bullet.text == (
        "Cut ticket times from 22 to 15 minutes by reorganizing the prep stations at Osteria Vela"
    )


def test_no_variant_left_says_why_instead_of_repeating() -> None:
    bullet = "Reorganized the prep stations at Osteria Vela"
    avoid: list[str] = []
    reasons = []
    for _ in range(8):
        result = ENGINE.rewrite("chef", "", ANSWER, bullet, avoid=avoid)
        if result.bullet is None:
            reasons.append(result.reason)
            break
        avoid.append(result.bullet.text)
    assert reasons and reasons[0] and "No other wording" in reasons[0]
    assert bullet not in avoid


def test_an_edited_bullet_with_an_unsaid_figure_is_not_reworded() -> None:
    result = ENGINE.rewrite(
        "chef",
        "",
        ANSWER,
        "Reorganized the prep stations at Osteria Vela, cutting ticket times by 40%",
    )
    assert result.bullet is None
    assert result.reason and "not said (40)" in result.reason


@pytest.fixture
def fake() -> Iterator[FakeOpenAI]:
    server = FakeOpenAI().start()
    yield server
    server.stop()


def model(fake: FakeOpenAI) -> OpenAICompatibleProvider:
    return OpenAICompatibleProvider(
        base_url=fake.base_url, api_key="k", model="m", timeout=5, max_retries=0
    )


def test_the_model_rewrite_is_checked_like_any_bullet(fake: FakeOpenAI) -> None:
    good = "Cut ticket times from 22 to 15 minutes by reorganizing the Osteria Vela prep stations"
    fake.replies.append(Reply(content=json.dumps({"bullet": good})))
    result = model(fake).rewrite("chef", "", ANSWER, BULLET, avoid=["Old text"])
    assert result.bullet is not None and result.bullet.text == good
    assert result.provider == "openai" and not result.fallback
    sent = fake.requests[0]["body"]["messages"]
    assert BULLET in sent[-1]["content"] and "Old text" in sent[-1]["content"]


def test_a_model_rewrite_that_fails_the_checks_falls_back(fake: FakeOpenAI) -> None:
    fake.replies.append(Reply(content=json.dumps({"bullet": BULLET})))  # the same text back
    result = model(fake).rewrite("chef", "", ANSWER, BULLET)
    assert result.fallback and result.bullet is not None
    assert result.bullet.text != BULLET
    fake.replies.append(
        Reply(
            content=json.dumps(
                {"bullet": "Cut ticket times by 60% at Osteria Vela with a new prep line"}
            )
        )
    )
    result = model(fake).rewrite("chef", "", ANSWER, BULLET)
    assert result.fallback and result.bullet is not None and "60%" not in result.bullet.text
