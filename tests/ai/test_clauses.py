"""Stage 2, clauses: whose deed is each clause, and where one clause ends."""

from __future__ import annotations

import pytest

from resumepilot.ai.builtin.classify import segment
from resumepilot.ai.builtin.clauses import split_clauses


def kinds(*sentences: str) -> list[tuple[str, str]]:
    return [(c.kind, c.text) for c in segment(list(sentences))]


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("I rebuilt the loading dock schedule", "own"),
        ("we moved the whole team onto one calendar", "team"),
        ("the reject rate dropped from 6% to 2%", "result"),
        ("wait times went down to 12 minutes", "result"),
        ("we finished 2 weeks early", "result"),
        ("the pharmacists started checking doses twice", "other"),
        ("my manager was out sick for a month", "other"),
        ("the kids did all the practice themselves", "other"),
        ("three other schools started using my lesson plans", "adopt"),
        ("it was me and 2 other analysts", "size"),
        ("it took us about 4 months", "duration"),
        ("that was all her work", "credit"),
        ("I am the night supervisor at Harlow Foods", "role"),
        ("I cover 40 accounts", "scope"),
        ("the backlog was 500 orders", "context"),
        ("it was the busiest week of the year", "context"),
        ("I do not remember the exact number", "noise"),
        ("I am pretty proud of that", "noise"),
    ],
)
def test_each_clause_says_whose_it_is(sentence: str, kind: str) -> None:
    [clause] = segment([sentence])
    assert clause.kind == kind, (clause.kind, clause.subject, clause.verb)


def test_a_sentence_splits_at_new_subjects_not_inside_lists() -> None:
    parts = [
        t
        for _, t in split_clauses(
            "I set up the scanners and moved the grill and fryer stations, and errors dropped to 3%"
        )
    ]
    assert parts == [
        "I set up the scanners",
        "moved the grill and fryer stations",
        "errors dropped to 3%",
    ]


def test_a_new_subject_after_and_or_because_starts_a_clause() -> None:
    parts = split_clauses("I wrote the guide because customers kept asking and the team used it")
    assert [c for c, _ in parts] == ["", "because", "and"]


def test_a_leading_time_phrase_is_kept_apart_from_the_subject() -> None:
    [clause] = segment(["Over the summer our churn rate fell to 4%"])
    assert clause.lead == "Over the summer"
    assert clause.subject == "our churn rate" and clause.kind == "result"


def test_a_verb_without_a_subject_continues_the_speaker() -> None:
    clauses = segment(["I audited the vendor list, cancelled 14 contracts and renegotiated 3"])
    assert [c.kind for c in clauses] == ["own", "own"]


def test_someone_asking_the_candidate_to_act_is_the_candidate_acting() -> None:
    [clause] = segment(["my director had me train the new hires"])
    assert clause.kind == "own"


def test_a_coordinated_subject_is_one_clause() -> None:
    [clause] = segment(["Me and another nurse started a falls committee"])
    assert clause.kind == "own" and "another nurse" in clause.subject
