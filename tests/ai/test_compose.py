"""Stage 4, compose: one sentence per achievement, action first, its result attached to it."""

from __future__ import annotations

from resumepilot.ai.providers import BuiltinProvider
from tests.ai.conftest import form_problems

ENGINE = BuiltinProvider()


def bullets(answer: str, role: str = "operations") -> list[str]:
    return [b.text for b in ENGINE.bullets(role, "", answer)]


def test_the_result_rides_with_the_action_it_came_from() -> None:
    texts = bullets(
        "I'm a scheduler at Pinebrook Clinic. No-shows were running at like twenty "
        "percent. I set up text reminders two days before each visit. No-shows went "
        "down to nine percent."
    )
    assert texts[0] == (
        "Set up text reminders 2 days before each visit at Pinebrook Clinic, "
        "reducing no-shows from 20% to 9%"
    )


def test_two_deeds_with_two_results_stay_apart() -> None:
    texts = bullets(
        "I rewrote the picking guide and pick errors went from thirty a week to eight. "
        "Separately, I renegotiated our box supplier and packaging costs dropped by "
        "twelve percent."
    )
    assert any(
        t.startswith("Rewrote the picking guide") and "from 30 a week to 8" in t for t in texts
    ), texts
    assert any(t.startswith("Renegotiated the box supplier") and "12%" in t for t in texts), texts


def test_team_work_is_said_as_team_work_and_help_is_never_upgraded() -> None:
    texts = bullets(
        "I helped with the warehouse move. We relabeled four thousand bins over two weekends."
    )
    joined = " ".join(texts)
    assert "Led" not in joined and "Helped" not in joined
    assert any(t.startswith("Supported the warehouse move") for t in texts), texts
    assert any("with the team" in t and "4000 bins" in t for t in texts), texts


def test_others_deeds_are_not_the_candidates() -> None:
    texts = bullets(
        "I built a new triage board in Jira for the support team. The engineers fixed "
        "the login bug. The customers were happy.",
        role="customer_support",
    )
    joined = " ".join(texts)
    assert "Jira" in joined
    assert "Fixed" not in joined and "login bug" not in joined and "happy" not in joined


def test_context_becomes_a_short_modifier_or_goes() -> None:
    texts = bullets(
        "So it was tax season, everyone was slammed. I'm a bookkeeper at Marlow & "
        "Finch. I built a client intake checklist in Excel, and returns needing "
        "rework dropped from fifteen percent to four percent.",
        role="accountant",
    )
    assert len(texts) == 1
    assert "Marlow & Finch" in texts[0] and "Excel" in texts[0]
    assert "season" not in texts[0] and "slammed" not in texts[0]


def test_adoption_by_others_is_the_works_reach() -> None:
    texts = bullets(
        "I wrote a de-escalation script for the front desk. Two other branches "
        "started using my script.",
        role="customer_support",
    )
    assert texts == [
        "Wrote a de-escalation script for the front desk, later adopted by 2 other branches"
    ]


def test_at_most_six_bullets_all_in_shape() -> None:
    answer = " ".join(
        f"I fixed printer number {n} in building {n} and downtime fell from "
        f"{n + 10} hours to {n} hours."
        for n in range(2, 14)
    )
    texts = bullets(answer)
    assert 1 <= len(texts) <= 6
    for text in texts:
        assert form_problems(text) == [], text
        assert ";" not in text


def test_an_answer_with_only_a_job_and_vague_deeds_says_the_job_plainly() -> None:
    texts = bullets(
        "Honestly I've done a lot of stuff. I was at the reception desk at Elmwood "
        "Vet for two years, and I did whatever needed doing, phones, billing, "
        "scheduling stuff.",
        role="receptionist",
    )
    assert texts == ["Covered phones, billing and scheduling at Elmwood Vet"]


def test_a_job_alone_becomes_one_plain_bullet() -> None:
    texts = bullets(
        "I was the night auditor at Harbor Inn for two years. It was quiet mostly.", role="hotel"
    )
    assert texts == ["Served as the night auditor at Harbor Inn for 2 years"]


def test_what_became_of_the_people_trained_rides_with_the_training() -> None:
    texts = bullets(
        "I trained three new cooks over the summer, uh, two of them got promoted to "
        "sous chef later.",
        role="line cook",
    )
    assert texts == [
        "Trained 3 new cooks over the summer, 2 of whom were promoted to sous chef later"
    ]


def test_a_short_deed_joins_its_neighbour_before_the_results_not_after() -> None:
    texts = bullets(
        "I ran the grill station on weekends and I reorganized the prep lists, which "
        "cut our ticket times from eighteen minutes to twelve. I also cleaned the "
        "hoods.",
        role="line cook",
    )
    joined = next(t for t in texts if "hoods" in t)
    assert "reorganized the prep lists, cutting" in joined


def test_how_long_a_deal_took_rides_with_the_deed_and_modifiers_stay_with_theirs() -> None:
    texts = bullets(
        "Last year I closed 1.2 million in new business, which was 130% of quota. "
        "I ran the pilot myself and we signed in about four months.",
        role="sales",
    )
    assert texts == [
        "Closed 1.2 million in new business (130% of quota) and ran the pilot, signing in ~4 months"
    ]


def test_shared_work_with_a_named_partner_is_said_as_shared() -> None:
    texts = bullets(
        "My manager and I also rebuilt the demo script together, and the demo to "
        "close rate went up from 20 to 28 percent.",
        role="sales",
    )
    assert texts[0].startswith("Rebuilt the demo script with the manager")


def test_a_count_reached_after_the_deed_is_its_result() -> None:
    texts = bullets(
        "I wrote new procedures and got the department to adopt them, and we went "
        "zero incidents the next two years.",
        role="teacher",
    )
    assert texts == [
        "Wrote new procedures and persuaded the department to adopt them, reaching "
        "zero incidents over the next 2 years"
    ]
