"""The interviewer planner, driven turn by turn as the interview page would."""

from __future__ import annotations

import time

import pytest

from resumepilot.ai.interviewer import next_question, parse_command
from resumepilot.ai.models import Question, Turn
from resumepilot.ai.roles import ROLES

STRONG_ANSWER = (
    "At Cartly I led a team of five engineers to rebuild checkout in React with Apple "
    "Pay. Conversion went from two percent to three percent, about one point two "
    "million dollars a year, for two million shoppers."
)


def run(role: str, answers: list[str], title: str | None = None) -> list[Question]:
    """Ask, answer, ask again: the questions in the order the candidate saw them."""
    turns: list[Turn] = []
    asked: list[Question] = []
    for answer in answers:
        q = next_question(role, turns, title)
        asked.append(q)
        if q.done:
            break
        turns += [Turn("interviewer", q.text, q.id), Turn("candidate", answer)]
    else:
        asked.append(next_question(role, turns, title))
    return asked


def test_catalogue_has_the_roles_the_product_offers() -> None:
    expected = {
        "software_engineer",
        "data_scientist",
        "product_manager",
        "designer",
        "marketing",
        "sales",
        "customer_support",
        "operations",
        "nurse",
        "teacher",
        "accountant",
        "researcher",
        "other",
    }
    assert expected <= set(ROLES)


@pytest.mark.parametrize("role", sorted(ROLES))
def test_each_role_opens_with_its_own_question(role: str) -> None:
    q = next_question(role, [], title="barista")
    assert q.kind == "opening" and q.text.endswith(("?", "."))
    assert q.text == ROLES[role].openings[0].replace("{title}", "barista")


def test_other_role_uses_the_free_title() -> None:
    assert "dog groomer" in next_question("other", [], title="dog groomer").text


def test_vague_answer_gets_follow_ups_then_moves_on() -> None:
    qs = run(
        "software_engineer",
        ["I worked on the checkout page.", "It went fine I guess.", "Not sure.", "ok", "ok"],
    )
    assert [q.kind for q in qs[:5]] == ["opening", "follow_up", "follow_up", "follow_up", "topic"]
    assert qs[1].missing and qs[1].missing[0] == "result"
    assert len({q.id for q in qs[1:4]}) == 3


def test_complete_answer_moves_to_the_next_topic() -> None:
    qs = run("product_manager", [STRONG_ANSWER])
    assert qs[1].kind == "topic" and qs[1].topic != "opening"


def test_missing_numbers_are_asked_for() -> None:
    qs = run(
        "sales",
        [
            "I closed a deal with a logistics company after months of meetings and "
            "it became our biggest account."
        ],
    )
    assert qs[1].kind == "follow_up" and "numbers" in qs[1].id


def test_interview_covers_several_topics_without_repeating() -> None:
    qs = run("nurse", [STRONG_ANSWER] * 10)
    topics = [q.topic for q in qs if q.kind in ("opening", "topic")]
    assert {"opening", "challenge", "leadership", "improvement"} <= set(topics)
    texts = [q.text for q in qs]
    assert len(texts) == len(set(texts))
    assert qs[-1].done


@pytest.mark.parametrize("answer", ["skip", "Next question", "/skip", "let's move on"])
def test_skip_moves_to_a_new_topic(answer: str) -> None:
    qs = run("teacher", [answer])
    assert qs[1].kind == "topic" and qs[1].topic != qs[0].topic


def test_rephrase_asks_the_same_thing_in_new_words() -> None:
    qs = run("designer", ["rephrase", "rephrase"])
    assert qs[1].kind == qs[2].kind == "rephrase"
    assert qs[0].id == qs[1].id == qs[2].id
    assert len({qs[0].text, qs[1].text, qs[2].text}) == 3


def test_back_returns_to_the_previous_topic_in_new_words() -> None:
    qs = run("accountant", [STRONG_ANSWER, "back"])
    assert qs[2].kind == "back" and qs[2].id == qs[0].id and qs[2].text != qs[0].text


def test_finish_ends_the_interview() -> None:
    qs = run("marketing", ["I ran a campaign.", "finish"])
    assert qs[-1].done and qs[-1].kind == "done"


def test_a_pending_question_is_not_replaced() -> None:
    q = next_question("researcher", [])
    assert next_question("researcher", [Turn("interviewer", q.text, q.id)]).text == q.text


def test_turns_without_ids_are_recognised_by_text() -> None:
    q = next_question("operations", [])
    nxt = next_question("operations", [Turn("interviewer", q.text), Turn("candidate", "skip")])
    assert nxt.text != q.text and nxt.kind == "topic"


def test_commands_are_only_short_exact_messages() -> None:
    assert parse_command("Skip!") == "skip"
    assert parse_command("please rephrase") == "rephrase"
    assert parse_command("I had to skip lunch to finish the release") is None


def test_planner_is_fast() -> None:
    turns: list[Turn] = []
    for _ in range(6):
        q = next_question("software_engineer", turns)
        turns += [Turn("interviewer", q.text, q.id), Turn("candidate", STRONG_ANSWER)]
    start = time.perf_counter()
    for _ in range(50):
        next_question("software_engineer", turns)
    assert (time.perf_counter() - start) / 50 < 0.02


def test_the_last_question_is_announced_and_nothing_follows_it() -> None:
    qs = run("teacher", ["skip"] * 6)
    mains = [q for q in qs if q.kind in ("opening", "topic")]
    assert mains[-1].text.startswith("Last question: ")
    assert all(not q.text.startswith("Last question") for q in mains[:-1])
    turns = [
        Turn("interviewer", mains[-1].text, mains[-1].id),
        Turn("candidate", "I ran a reading club, that's it."),
    ]
    assert next_question("teacher", turns).done


def test_back_after_skip_returns_the_skipped_question_as_it_was() -> None:
    first = next_question("nurse", [])
    turns = [Turn("interviewer", first.text, first.id), Turn("candidate", "skip")]
    second = next_question("nurse", turns)
    turns += [Turn("interviewer", second.text, second.id), Turn("candidate", "back")]
    back = next_question("nurse", turns)
    assert back.kind == "back" and back.id == first.id and back.text == first.text
    # Answering it now continues that topic, not the one the candidate went back from.
    turns += [
        Turn("interviewer", back.text, back.id),
        Turn("candidate", "I started a falls huddle on nights."),
    ]
    assert next_question("nurse", turns).topic == first.topic


def test_back_twice_walks_back_two_questions() -> None:
    turns: list[Turn] = []
    asked = []
    for answer in (STRONG_ANSWER, STRONG_ANSWER, "back", "back"):
        q = next_question("sales", turns)
        asked.append(q)
        turns += [Turn("interviewer", q.text, q.id), Turn("candidate", answer)]
    q = next_question("sales", turns)
    assert asked[3].kind == "back" and asked[3].id == asked[1].id  # the question before the third
    assert q.kind == "back" and q.id == asked[0].id  # and then the one before that


@pytest.mark.parametrize(
    ("answer", "asked_for"),
    [
        ("We rebuilt the onboarding flow as a team.", "action"),
        ("I rebuilt the onboarding flow in Figma.", "result"),
        ("I rebuilt the onboarding flow in Figma and signups went up a lot.", "numbers"),
        ("I rebuilt onboarding in Figma and signups went from 2% to 3%.", "scale"),
    ],
)
def test_follow_ups_ask_for_what_the_story_lacks(answer: str, asked_for: str) -> None:
    qs = run("designer", [answer])
    assert qs[1].kind == "follow_up" and qs[1].id.endswith("f-" + asked_for), qs[1]


def test_a_complete_story_gets_no_follow_up() -> None:
    qs = run(
        "designer",
        ["I rebuilt onboarding in Figma for our 40,000 users and signups went from 2% to 3%."],
    )
    assert qs[1].kind == "topic"
