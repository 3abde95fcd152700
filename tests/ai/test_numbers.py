"""Spoken numbers become the figures a resume writes."""

from __future__ import annotations

import pytest

from resumepilot.ai.numbers import normalise_numbers, number_values


@pytest.mark.parametrize(
    ("said", "written"),
    [
        ("thirty percent", "30%"),
        ("two million member records", "2 million member records"),
        ("one hundred twenty milliseconds", "120 ms"),
        ("about eight hundred", "~800"),
        ("one point two million dollars", "$1.2M"),
        ("four hundred and fifty thousand dollars", "$450K"),
        ("retention went up by four points", "retention went up by 4 percentage points"),
        ("NPS went up four points", "NPS went up 4 pts"),
        ("three, no wait, four engineers", "4 engineers"),
        ("thirty percent, no, forty", "40%"),
        ("ten to fifteen percent", "10-15%"),
        ("between ten and fifteen thousand dollars", "$10-15K"),
        ("two or three engineers", "2-3 engineers"),
        ("from fifty eight percent to eighty one percent", "from 58% to 81%"),
        ("roughly thirty-five people", "~35 people"),
        ("ninety-nine point nine percent uptime", "99.9% uptime"),
        ("fifteen hundred tickets", "1500 tickets"),
        ("a hundred users", "100 users"),
        ("fifty k users", "50K users"),
        ("one of the first", "one of the first"),
        ("zero downtime", "zero downtime"),
        ("the p99 latency and 1,200 users", "the p99 latency and 1,200 users"),
        ("a three-year deal", "a 3-year deal"),
        # Spoken years and rare compounds stay as words: digits would be easy to misread.
        ("in twenty nineteen", "in twenty nineteen"),
        ("two and a half thousand signups", "two and a half thousand signups"),
        ("half a million dollars", "half a million dollars"),
    ],
)
def test_spoken_figures_are_written_as_digits(said: str, written: str) -> None:
    assert normalise_numbers(said) == written


def test_a_withdrawn_figure_is_not_a_supported_value() -> None:
    assert number_values("it was three, no wait, four engineers") == {4.0}


def test_values_include_full_and_said_figures() -> None:
    assert number_values("$2.5M in revenue") == {2.5, 2_500_000.0}
    assert number_values("ten to fifteen percent") == {10.0, 15.0}
    assert number_values("twenty nineteen") == {2019.0}


def test_percentage_points_are_not_percent() -> None:
    text = normalise_numbers("conversion rate went up four points")
    assert "4 percentage points" in text and "4%" not in text
