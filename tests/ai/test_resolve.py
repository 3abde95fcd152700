"""Stage 3, resolve: which way a change went, what it started from, what "it" points to."""

from __future__ import annotations

import pytest

from resumepilot.ai.builtin.classify import segment
from resumepilot.ai.builtin.resolve import (
    Change,
    change_phrase,
    fold_baselines,
    parse_change,
    resolve_pronoun,
)
from resumepilot.ai.builtin.words import polarity


def change_of(sentence: str) -> Change:
    [clause] = segment([sentence])
    change = parse_change(clause)
    assert change is not None, clause
    return change


@pytest.mark.parametrize(
    ("sentence", "phrase"),
    [
        # A drop in a bad thing is an improvement, said with a verb that matches the figures.
        (
            "the defect rate went from 12% to under 3%",
            "reducing the defect rate from 12% to under 3%",
        ),
        (
            "shipping errors went from 40 a week to 6",
            "reducing shipping errors from 40 a week to 6",
        ),
        ("our renewal rate went from 71% to 84%", "raising the renewal rate from 71% to 84%"),
        # Units are compared: 3 weeks is more than 9 days.
        ("onboarding went from 3 weeks to 9 days", "cutting onboarding from 3 weeks to 9 days"),
        ("we cut the cloud bill by ~20%", "reducing the cloud bill by ~20%"),
        (
            "it cut weekly reporting time by 6 hours for 40 reps",
            "cutting weekly reporting time by 6 hours for 40 reps",
        ),
        ("response time dropped by half", "halving response time"),
        ("signups doubled", "doubling signups"),
    ],
)
def test_a_change_is_said_in_the_direction_of_its_figures(sentence: str, phrase: str) -> None:
    assert change_phrase(change_of(sentence)) == phrase


def test_the_verb_follows_the_figures_even_when_the_speaker_says_otherwise() -> None:
    # "went up" about a figure that fell: the figures decide.
    change = change_of("the wait went up from 30 minutes to 10 minutes")
    assert change.direction == -1
    assert change_phrase(change).startswith("cutting")


def test_a_level_reached_moves_the_way_its_measure_improves() -> None:
    assert change_of("churn went to 2%").direction == -1
    assert change_of("attendance went to 96%").direction == 1


@pytest.mark.parametrize(
    ("measure", "sign"),
    [
        ("no-show rate", -1),
        ("change failure rate", -1),
        ("first-call resolution", 1),
        ("ticket backlog", -1),
        ("net revenue", 1),
        ("the color scheme", 0),
    ],
)
def test_measures_know_whether_less_is_better(measure: str, sign: int) -> None:
    assert polarity(measure) == sign


def test_a_starting_figure_said_earlier_joins_the_change() -> None:
    clauses = segment(
        [
            "Our average handle time was 11 minutes",
            "I rewrote the call scripts",
            "Handle time went down to 7 minutes",
        ]
    )
    changes = {2: parse_change(clauses[2])}
    assert changes[2] is not None
    used = fold_baselines(clauses, changes)  # type: ignore[arg-type]
    assert used == {0}
    assert change_phrase(changes[2]) == "cutting handle time from 11 to 7 minutes"


def test_a_starting_figure_of_another_measure_is_not_used() -> None:
    clauses = segment(["Our budget was $80K", "Handle time went down to 7 minutes"])
    change = parse_change(clauses[1])
    assert change is not None
    assert fold_baselines(clauses, {1: change}) == set()
    assert change.start == ""


def test_it_points_to_the_latest_thing_of_its_number() -> None:
    history = ["the intake form", "the nurses", "the discharge checklists", "the migration"]
    assert resolve_pronoun("it", history) == "the intake form"
    assert resolve_pronoun("them", history) == "the discharge checklists"
