"""The grounding guard: no figure or name the candidate did not say survives."""

from __future__ import annotations

from resumepilot.ai.grounding import guard
from resumepilot.ai.models import Bullet, SourceSpan

TRANSCRIPT = (
    "At Brightwave I led the migration of our billing service to Go with three, no "
    "wait, four engineers. The p99 latency went from about eight hundred milliseconds "
    "to one hundred twenty milliseconds and we cut the AWS bill by thirty percent."
)


def texts(items: list[str]) -> list[str]:
    return [b.text for b in guard(items, TRANSCRIPT).bullets]


def test_spoken_numbers_support_written_digits() -> None:
    kept = texts(["Reduced p99 latency from ~800 ms to 120 ms and cut the AWS bill by 30%"])
    assert kept == ["Reduced p99 latency from ~800 ms to 120 ms and cut the AWS bill by 30%"]


def test_invented_figure_in_a_side_clause_is_cut() -> None:
    kept = texts(["Led the billing migration to Go at Brightwave, saving $2M a year"])
    assert kept == ["Led the billing migration to Go at Brightwave"]


def test_a_reason_is_kept_for_every_dropped_bullet() -> None:
    result = guard(
        [
            "Cut the AWS bill by 45% across the billing service",
            "Led the billing migration to Go with 3 engineers at Brightwave",
            "Um so I led the billing service migration to Go at Brightwave",
        ],
        TRANSCRIPT,
    )
    reasons = [r.reason for r in result.rejected]
    assert "states a figure that was not said (45)" in reasons
    assert "states a figure the speaker took back (3)" in reasons
    assert any(r.startswith(("speech left in", "does not start")) for r in reasons), reasons
    assert result.bullets == []


def test_bullet_whose_lead_clause_invents_a_figure_is_dropped() -> None:
    result = guard(["Cut the AWS bill by 45% across the billing service"], TRANSCRIPT)
    assert result.bullets == [] and result.dropped == 1


def test_withdrawn_figure_is_not_supported() -> None:
    # "three, no wait, four": the candidate took "three" back.
    assert texts(["Led the billing service migration to Go at Brightwave with 3 engineers"]) == [
        "Led the billing service migration to Go at Brightwave"
    ]
    assert texts(["Led the billing migration to Go with 4 engineers"]) == [
        "Led the billing migration to Go with 4 engineers"
    ]


def test_unsaid_tool_or_organisation_is_cut() -> None:
    kept = texts(["Led the billing migration to Go at Brightwave, using Kubernetes and Terraform"])
    assert kept == ["Led the billing migration to Go at Brightwave"]
    assert texts(["Migrated the billing service at Google to Go"]) == []


def test_names_match_regardless_of_case_and_dots() -> None:
    transcript = "i moved the team from jira to linear and we shipped in the us"
    kept = [
        b.text
        for b in guard(
            ["Moved the team from Jira to Linear and shipped in the U.S."], transcript
        ).bullets
    ]
    assert kept == ["Moved the team from Jira to Linear and shipped in the U.S."]
    kept = [
        b.text
        for b in guard(
            ["Moved the team from Jira to Linear, shipping in the US"], transcript
        ).bullets
    ]
    assert kept == ["Moved the team from Jira to Linear, shipping in the US"]


def test_every_kept_bullet_gets_a_source_span() -> None:
    result = guard(["Cut the AWS bill by 30% after the billing migration to Go"], TRANSCRIPT)
    span = result.bullets[0].source
    assert "thirty percent" in TRANSCRIPT[span.start : span.end]


def test_a_bullet_keeps_the_span_it_came_with() -> None:
    given = Bullet("Led the billing service migration to Go at Brightwave", SourceSpan(0, 10))
    assert guard([given], TRANSCRIPT).bullets == [given]


def test_duplicates_are_dropped() -> None:
    result = guard(
        [
            "Led the billing service migration to Go at Brightwave",
            "Led the billing service migration to Go at Brightwave",
        ],
        TRANSCRIPT,
    )
    assert len(result.bullets) == 1 and result.dropped == 1
    assert result.rejected[0].reason == "repeats another bullet"
