"""Stage 1, speech repair: only the repair of a self-correction survives, fillers and hedges go."""

from __future__ import annotations

import pytest

from resumepilot.ai.builtin.speech import repair, repair_text, split_sentences


def text(said: str) -> str:
    return repair_text(said)[0]


@pytest.mark.parametrize(
    ("said", "kept", "withdrawn"),
    [
        ("we hired, um, twelve, no sorry, fifteen interns", "we hired 15 interns", {12.0}),
        (
            "it was, I wanna say thirty, no, it was more like twenty-five percent",
            "it was 25%",
            {30.0},
        ),
        (
            "the queue went from, like, ninety, no wait, eighty minutes to twenty",
            "the queue went from 80 minutes to 20",
            {90.0},
        ),
        ("we shipped it in six weeks, no, five weeks", "we shipped it in 5 weeks", {6.0}),
        ("they had nine, sorry, eleven stores", "they had 11 stores", {9.0}),
        (
            "cut the error rate from ten percent to, no wait, it was eight, down to two",
            "cut the error rate from 8% down to 2%",
            {10.0},
        ),
    ],
)
def test_only_the_repair_of_a_corrected_figure_is_kept(
    said: str, kept: str, withdrawn: set[float]
) -> None:
    out, gone = repair_text(said)
    assert out == kept
    assert withdrawn <= gone


@pytest.mark.parametrize(
    ("said", "kept"),
    [
        ("I presented it at Acme, sorry, at Globex", "I presented it at Globex"),
        ("I led, I mean, I co-led the audit", "I co-led the audit"),
        ("I'm a, um, a charge nurse", "I am a charge nurse"),
        ("I was, I started the pilot", "I started the pilot"),
    ],
)
def test_word_repairs_and_false_starts_keep_what_was_meant(said: str, kept: str) -> None:
    assert text(said) == kept


@pytest.mark.parametrize(
    ("said", "kept"),
    [
        ("So, um, I basically, you know, rebuilt the intake form", "So, I rebuilt the intake form"),
        ("it took like three days, give or take", "it took 3 days"),
        ("I'd say it saved us forty hours or so", "it saved us 40 hours"),
        ("we were, honestly, pretty much done", "we were done"),
        ("I kind of ran a bunch of workshops", "I ran workshops"),
        ("the wait was maybe twenty minutes", "the wait was ~20 minutes"),
    ],
)
def test_fillers_and_hedges_go(said: str, kept: str) -> None:
    assert text(said) == kept


def test_spelled_out_numbers_and_ranges_become_digits() -> None:
    assert (
        text("between ten and fifteen percent of two point five million dollars")
        == "10-15% of $2.5M"
    )
    assert text("it was one of the first") == "it was one of the first"


def test_contractions_are_expanded_by_meaning() -> None:
    assert (
        text("we'd paid twice and I'd check it daily")
        == "we had paid twice and I would check it daily"
    )
    assert text("it's done and they didn't wait") == "it is done and they did not wait"


def test_a_roman_numeral_is_not_the_speaker() -> None:
    out = text("she teaches Algebra I students and at Acme I led it")
    assert "Algebra\u2060I students" in out
    assert "Acme I led" in out


def test_sentences_split_at_ends_not_at_abbreviations_or_decimals() -> None:
    said = "I worked at St. Luke's for 2.5 years. Then the U.S. office hired me! Done"
    spans = split_sentences(said)
    assert [said[s:e] for s, e in spans] == [
        "I worked at St. Luke's for 2.5 years.",
        "Then the U.S. office hired me!",
        "Done",
    ]


def test_repaired_answer_keeps_offsets_and_withdrawn_figures() -> None:
    said = "Um. I trained nine, no, ten techs. Yeah."
    repaired = repair(said)
    assert [s.text for s in repaired.sentences] == ["I trained 10 techs"]
    sentence = repaired.sentences[0]
    assert said[sentence.start : sentence.end] == "I trained nine, no, ten techs."
    assert repaired.withdrawn == {9.0}


@pytest.mark.parametrize(
    ("said", "kept", "withdrawn"),
    [
        (
            "waste went down by, I think it was ten percent, maybe fifteen, let's say ten",
            "waste went down by 10%",
            {15.0},
        ),
        ("we seated forty, maybe fifty tables a night", "we seated 40-50 tables a night", set()),
        ("it cut costs by 1.5, maybe 2.5 million", "it cut costs by 1.5-2.5 million", set()),
    ],
)
def test_figures_tried_out_loud_are_settled_or_said_as_a_range(
    said: str, kept: str, withdrawn: set[float]
) -> None:
    out, gone = repair_text(said)
    assert out == kept
    assert withdrawn <= gone


def test_a_filler_between_two_clauses_keeps_the_comma_that_joins_them() -> None:
    assert text("I trained three new cooks, uh, two of them got promoted") == (
        "I trained 3 new cooks, 2 of them got promoted"
    )


def test_the_framing_of_a_proud_moment_goes_and_the_deed_stays() -> None:
    assert text("The thing I'm proudest of is I redesigned our lab safety program") == (
        "I redesigned our lab safety program"
    )
