"""Stage 5, checks: every bullet, from any provider, is checked in code; failures are repaired
or dropped with the reason kept."""

from __future__ import annotations

import pytest

from resumepilot.ai.checks import (
    first_person,
    fix_direction,
    form_problems,
    lead_problem,
    repair_form,
    wrong_direction,
)
from resumepilot.ai.grounding import guard

ANSWER = (
    "At Veltro I took over the returns desk. Refund time was like ten days, and I got it "
    "down to, um, four, no sorry, three days by moving approvals into Zendesk. The refund "
    "error rate went from eight percent to two percent."
)


@pytest.mark.parametrize(
    ("bullet", "problem"),
    [
        ("Helped the team with refunds at the Veltro returns desk", "weak verb"),
        ("Refund approvals moved into Zendesk at the Veltro returns desk", "past-tense"),
        ("Cut refund time to 3 days, no wait, by moving approvals into Zendesk", "speech"),
        ("Moved approvals into Zendesk, like, for the whole returns desk team", "speech"),
        ("Moved our approvals into Zendesk for the Veltro returns desk", "first person"),
        ("Moved approvals into Zendesk; it was the holiday rush at the returns desk", "one idea"),
        ("Moved approvals into Zendesk", "shorter than 40"),
        ("Moved approvals into Zendesk " + "and more " * 20, "longer than 200"),
        ("Didn't lose a single refund while moving approvals into Zendesk at Veltro", "speech"),
    ],
)
def test_form_problems_are_named(bullet: str, problem: str) -> None:
    assert any(problem in p for p in form_problems(bullet)), form_problems(bullet)


def test_a_good_bullet_has_no_problem() -> None:
    assert (
        form_problems("Cut refund time from ~10 to 3 days by moving approvals into Zendesk") == []
    )
    assert lead_problem("Set up a refund queue in Zendesk") is None
    assert lead_problem("Co-led the returns desk rebuild at Veltro") is None


def test_a_reversed_change_is_found_and_repaired() -> None:
    wrong = "Increased the refund error rate from 8% to 2% at the Veltro returns desk"
    assert wrong_direction(wrong) == [("Increased", "8%->2%")]
    assert (
        fix_direction(wrong) == "Cut the refund error rate from 8% to 2% at the Veltro returns desk"
    )
    assert wrong_direction("Moved approvals into Zendesk, raising errors from 8% to 2%")
    assert not wrong_direction("Moved approvals, cutting refund time from 10 days to 3 days")
    # Units compared: 2 weeks is longer than 9 days; a word that is no unit is not compared.
    assert wrong_direction("Increased onboarding from 2 weeks to 9 days for new hires")
    right = "Set up a close calendar, cutting the close from 12 business days to 7 days"
    assert not wrong_direction(right) and fix_direction(right) == right


def test_first_person_but_not_numerals_or_the_country() -> None:
    assert first_person("Moved our approvals") and first_person("I moved approvals")
    assert not first_person("Taught Algebra I to 3 sections across the US")


def test_weak_leads_are_swapped_for_no_stronger_claim() -> None:
    assert (
        repair_form("Helped the returns team move approvals into Zendesk at Veltro")
        == "Supported the returns team move approvals into Zendesk at Veltro"
    )
    assert (
        repair_form("Worked on the Veltro returns desk approvals in Zendesk")
        == "Contributed to the Veltro returns desk approvals in Zendesk"
    )


def test_the_guard_repairs_or_drops_and_keeps_the_reason() -> None:
    result = guard(
        [
            "Increased the refund error rate from 8% to 2% at the Veltro returns desk",
            "Cut refund time from ~10 to 4 days by moving approvals into Zendesk",
            "Cut refund time from ~10 to 3 days by moving approvals into Zendesk",
            "Cut refund time from ~10 to 3 days by moving approvals into Zendesk",
            "Moved approvals into Zendesk; it was the holiday rush; everyone was slammed at Veltro",
            "Took over the returns desk at Veltro and rebuilt it in Salesforce",
        ],
        ANSWER,
    )
    assert [b.text for b in result.bullets] == [
        "Cut the refund error rate from 8% to 2% at the Veltro returns desk",
        "Cut refund time from ~10 to 3 days by moving approvals into Zendesk",
    ], [r.reason for r in result.rejected]
    assert [r.reason for r in result.rejected] == [
        "states a figure the speaker took back (4)",
        "repeats another bullet",
        "more than one idea",
        "names something that was not said (Salesforce)",
    ]
    assert result.repaired == 1
