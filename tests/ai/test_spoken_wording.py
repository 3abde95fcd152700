"""Wording on answers the engine was not tuned on: properties a reader checks, not exact strings."""

from __future__ import annotations

import re

import pytest

from resumepilot.ai.builtin.engine import generate_bullets
from resumepilot.ai.grounding import guard
from resumepilot.ai.providers import BuiltinProvider
from tests.ai.conftest import form_problems
from tests.ai.spoken_answers import CASES

ENGINE = BuiltinProvider()
# Hedges and memory disclaimers: a resume states what happened or says nothing.
HEDGES = re.compile(
    r"\b(?:maybe|probably|perhaps|honestly|to be (?:fair|honest)|i guess|i think|kind of|sort of|"
    r"pretty much|i don't (?:remember|know)|i'd say|i want to say|mostly just|not sure|"
    r"a little bit|a bunch|about one|like)\b",
    re.I,
)
# Phrases that show a rule cut a sentence in the wrong place.
BROKEN = re.compile(
    r"\b(?:supported|contributed to) (?:out|on|up)\b|\bthe team're\b|, (?:it's|it is|now it's|"
    r"that's) |\b(?:it's|it is) done in\b|\b(\w+) \1\b|\bwhen;|\bfor a;|\barrived out\b|"
    r"\bsecured (?:the )?\w+ to\b|\bgot paged\b|[,;] *[,;]|\b(?:with|of|for|to|at|in|by),",
    re.I,
)


def _bullets(role: str, answer: str) -> list[str]:
    return [b.text for b in ENGINE.bullets(role, "Tell me about something you did.", answer)]


@pytest.mark.parametrize(
    ("case_id", "role", "answer", "figures", "names"), CASES, ids=[c[0] for c in CASES]
)
def test_spoken_answer_reads_like_a_resume(
    case_id: str, role: str, answer: str, figures: list[str], names: list[str]
) -> None:
    texts = _bullets(role, answer)
    assert 1 <= len(texts) <= 5, texts
    joined = " ".join(texts)
    for text in texts:
        assert form_problems(text) == [], (text, form_problems(text))
        assert not HEDGES.search(text), (text, HEDGES.search(text))
        assert not BROKEN.search(text), (text, BROKEN.search(text))
    for figure in figures:
        assert figure in joined, (figure, texts)
    for name in names:
        assert name in joined, (name, texts)


@pytest.mark.parametrize(
    ("case_id", "role", "answer"), [c[:3] for c in CASES], ids=[c[0] for c in CASES]
)
def test_spoken_answer_needs_no_repair(case_id: str, role: str, answer: str) -> None:
    made = generate_bullets(role, "", answer)
    checked = guard(made, answer)
    assert checked.dropped == 0 and checked.repaired == 0, [b.text for b in made]


def test_before_and_after_said_apart_become_one_change() -> None:
    texts = _bullets(
        "nurse",
        "We had a real problem with falls, like we were seeing maybe six "
        "falls a month. I started hourly rounding and put bed alarms on the high-risk "
        "patients. After three months falls went down to about one a month.",
    )
    change = [t for t in texts if re.search(r"from ~6 to ~1 a month", t)]
    assert change, texts
    assert not any(re.search(r"\b(?:saw|seeing) ~?6\b", t) for t in texts), texts


def test_state_after_the_change_reads_as_a_result() -> None:
    texts = _bullets(
        "accountant",
        "The monthly AP close used to take eight days. I automated the "
        "invoice matching in NetSuite with saved searches and a little bit of Python, "
        "so now it's done in three days, and that freed up twenty hours a week for "
        "the team of four.",
    )
    joined = " ".join(texts)
    assert re.search(r"from 8 (?:days )?to 3 days", joined), texts
    assert "20 hours a week" in joined and "NetSuite" in joined
    assert "it's" not in joined and "little bit" not in joined


def test_vague_outcome_keeps_only_the_plain_fact() -> None:
    texts = _bullets(
        "designer",
        "Honestly I mostly just helped out with the redesign. Activation "
        "went up, I don't remember exactly how much, maybe it was significant.",
    )
    joined = " ".join(texts).lower()
    assert "activation" in joined
    assert "significant" not in joined and "maybe" not in joined and " out " not in joined


def test_spoken_one_is_a_figure_only_when_it_counts() -> None:
    texts = _bullets(
        "nurse",
        "Errors on insulin drips went down from about five a month to one "
        "or two after I ran a training for one of the units.",
    )
    joined = " ".join(texts)
    assert "1-2" in joined and "one of the units" in joined


def test_a_change_starts_from_the_figure_of_the_same_metric() -> None:
    texts = _bullets(
        "marketing",
        "I managed our Google Ads budget, around fifty thousand dollars "
        "a month. Cost per lead was about a hundred and twenty dollars. I "
        "restructured the campaigns, and I got cost per lead down to seventy-five "
        "dollars.",
    )
    joined = " ".join(texts)
    assert "from ~$120 to $75" in joined, texts
    assert not re.search(r"from ~?\$50K", joined), texts
