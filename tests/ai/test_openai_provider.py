"""The OpenAI-compatible provider against a local fake server, with the real SDK as client."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from resumepilot.ai.models import Turn
from resumepilot.ai.providers import BuiltinProvider, OpenAICompatibleProvider, build_provider
from resumepilot.config import Settings
from tests.ai.fake_openai import FakeOpenAI, Reply

ROLE, QUESTION = "software_engineer", "Tell me about a project."
TRANSCRIPT = (
    "At Brightwave I led the migration of our billing service from PHP to Go with "
    "three other engineers. The p99 latency went from about eight hundred milliseconds "
    "to one hundred twenty milliseconds and we cut the AWS bill by thirty percent."
)
GOOD = [
    "Led the billing service migration from PHP to Go at Brightwave with 3 engineers",
    "Reduced p99 latency from ~800 ms to 120 ms and cut the AWS bill by 30%",
]


@pytest.fixture
def fake() -> Iterator[FakeOpenAI]:
    server = FakeOpenAI().start()
    yield server
    server.stop()


def provider(fake: FakeOpenAI, timeout: float = 5.0) -> OpenAICompatibleProvider:
    return OpenAICompatibleProvider(
        base_url=fake.base_url,
        api_key="test-key",
        model="fake-model",
        timeout=timeout,
        max_retries=0,
    )


def reply(bullets: list[str]) -> Reply:
    return Reply(content=json.dumps({"bullets": bullets}))


def test_good_reply_is_used_with_structured_output(fake: FakeOpenAI) -> None:
    fake.replies.append(reply(GOOD))
    result = provider(fake).bullets(ROLE, QUESTION, TRANSCRIPT)
    assert [b.text for b in result] == GOOD
    assert result.provider == "openai" and not result.fallback
    sent = fake.requests[0]["body"]
    assert sent["model"] == "fake-model"
    assert sent["response_format"]["type"] == "json_schema"
    assert TRANSCRIPT in sent["messages"][-1]["content"]
    for bullet in result:
        assert bullet.source.end > bullet.source.start


def test_refused_json_schema_falls_back_to_prompted_json(fake: FakeOpenAI) -> None:
    fake.replies += [
        Reply(400, error="response_format json_schema is not supported"),
        Reply(content="Here you go:\n```json\n" + json.dumps({"bullets": GOOD}) + "\n```"),
    ]
    p = provider(fake)
    result = p.bullets(ROLE, QUESTION, TRANSCRIPT)
    assert [b.text for b in result] == GOOD and not result.fallback
    assert "response_format" not in fake.requests[1]["body"]
    assert "JSON" in fake.requests[1]["body"]["messages"][-1]["content"]
    # The refusal is remembered: the next call goes straight to prompted JSON.
    fake.replies.append(reply(GOOD))
    p.bullets(ROLE, QUESTION, TRANSCRIPT)
    assert "response_format" not in fake.requests[2]["body"]


def test_malformed_json_falls_back_to_the_builtin_engine(fake: FakeOpenAI) -> None:
    fake.replies.append(Reply(content='{"bullets": ["Led the migration", '))
    result = provider(fake).bullets(ROLE, QUESTION, TRANSCRIPT)
    assert result.fallback and result.provider == "builtin"
    assert result.reason and result.reason.startswith("malformed JSON")
    assert [b.text for b in result] == [
        b.text for b in BuiltinProvider().bullets(ROLE, QUESTION, TRANSCRIPT)
    ]


def test_timeout_falls_back_and_says_so(fake: FakeOpenAI) -> None:
    fake.replies.append(Reply(content=json.dumps({"bullets": GOOD}), delay=1.5))
    result = provider(fake, timeout=0.3).bullets(ROLE, QUESTION, TRANSCRIPT)
    assert result.fallback and result.reason == "timeout"
    assert len(result) >= 1


def test_server_error_falls_back_with_the_status(fake: FakeOpenAI) -> None:
    fake.replies += [Reply(200, content=json.dumps({"bullets": GOOD})), Reply(503, error="busy")]
    p = provider(fake)
    p.bullets(ROLE, QUESTION, TRANSCRIPT)
    result = p.bullets(ROLE, QUESTION, TRANSCRIPT)
    assert result.fallback and result.reason == "HTTP 503"


def test_invented_number_is_dropped_by_the_guard(fake: FakeOpenAI) -> None:
    invented = "Saved $2M a year by moving 40 services to Kubernetes"
    fake.replies.append(reply([*GOOD, invented]))
    result = provider(fake).bullets(ROLE, QUESTION, TRANSCRIPT)
    assert [b.text for b in result] == GOOD
    assert result.dropped == 1 and not result.fallback


def test_only_invented_bullets_means_fallback(fake: FakeOpenAI) -> None:
    fake.replies.append(reply(["Cut costs by 45% across 12 teams at Google"]))
    result = provider(fake).bullets(ROLE, QUESTION, TRANSCRIPT)
    assert result.fallback and "grounding" in (result.reason or "")


def test_unreachable_server_falls_back() -> None:
    p = OpenAICompatibleProvider(
        base_url="http://127.0.0.1:9/v1", api_key="k", model="m", timeout=1.0, max_retries=0
    )
    result = p.bullets(ROLE, QUESTION, TRANSCRIPT)
    assert result.fallback and result.reason == "connection error"


def test_next_question_is_worded_by_the_model_but_planned_by_us(fake: FakeOpenAI) -> None:
    turns = [
        Turn("interviewer", "Tell me about a technical project you're proud of.", "opening/main"),
        Turn("candidate", "I worked on the checkout page."),
    ]
    fake.replies.append(
        Reply(content=json.dumps({"question": "What changed for users after your checkout work?"}))
    )
    q = provider(fake).next_question(ROLE, turns)
    assert q.text == "What changed for users after your checkout work?"
    assert q.kind == "follow_up" and q.id == "opening/f-result"


def test_next_question_falls_back_to_the_plan_on_nonsense(fake: FakeOpenAI) -> None:
    turns = [
        Turn("interviewer", "Tell me about a technical project you're proud of.", "opening/main"),
        Turn("candidate", "I worked on the checkout page."),
    ]
    fake.replies.append(Reply(content="not json at all"))
    q = provider(fake).next_question(ROLE, turns)
    assert q == BuiltinProvider().next_question(ROLE, turns)


def test_factory_reads_settings() -> None:
    assert isinstance(build_provider(Settings()), BuiltinProvider)
    chosen = build_provider(
        Settings(
            RESUMEPILOT_AI_PROVIDER="openai",
            OPENAI_BASE_URL="http://127.0.0.1:9/v1",
            OPENAI_API_KEY="k",
            OPENAI_MODEL="llama3",
        )
    )
    assert isinstance(chosen, OpenAICompatibleProvider) and chosen.model == "llama3"
    with pytest.raises(ValueError):
        build_provider(Settings(RESUMEPILOT_AI_PROVIDER="nonsense"))


def test_the_prompt_carries_the_engines_rules(fake: FakeOpenAI) -> None:
    fake.replies.append(reply(GOOD))
    provider(fake).bullets(ROLE, QUESTION, TRANSCRIPT)
    system = fake.requests[0]["body"]["messages"][0]["content"]
    for rule in (
        "ONE sentence",
        "40 to 200",
        "no semicolons",
        "taken back",
        "direction",
        "never upgrade",
        "patients, students, customers",
    ):
        assert rule.lower() in system.lower(), rule


def test_a_failing_model_bullet_is_repaired_or_dropped_never_shown_as_is(fake: FakeOpenAI) -> None:
    reversed_change = (
        "Increased p99 latency from ~800 ms to 120 ms on the Brightwave billing service"
    )
    with_speech = "Cut the AWS bill by, like, 30% after the Go migration at Brightwave"
    two_ideas = "Led the Go migration at Brightwave; it was a hard year; nobody slept"
    fake.replies.append(reply([reversed_change, with_speech, two_ideas, *GOOD]))
    result = provider(fake).bullets(ROLE, QUESTION, TRANSCRIPT)
    texts = [b.text for b in result]
    assert "Cut p99 latency from ~800 ms to 120 ms on the Brightwave billing service" in texts
    assert with_speech not in texts and two_ideas not in texts
    assert {r.text: r.reason for r in result.rejected}[with_speech].startswith("speech left in")
    assert result.as_dict()["rejected"]
    assert not result.fallback
