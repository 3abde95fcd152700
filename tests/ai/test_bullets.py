"""The built-in engine on answers as people actually give them."""

from __future__ import annotations

import pytest

from resumepilot.ai.providers import BuiltinProvider
from tests.ai.conftest import form_problems

ENGINE = BuiltinProvider()


def bullets(transcript: str, role: str = "software_engineer") -> list[str]:
    return [b.text for b in ENGINE.bullets(role, "Tell me about your work.", transcript)]


def assert_good_form(texts: list[str]) -> None:
    assert 1 <= len(texts) <= 6, texts
    for text in texts:
        assert form_problems(text) == [], (text, form_problems(text))


def test_self_correction_keeps_the_corrected_figure() -> None:
    texts = bullets(
        "I led the rollout with three, no wait, four engineers and we shipped it to "
        "twelve hospitals in two months."
    )
    joined = " ".join(texts)
    assert "4 engineers" in joined and "3" not in joined
    assert "12 hospitals" in joined
    assert_good_form(texts)


def test_range_and_about_are_written_compactly() -> None:
    texts = bullets(
        "So, um, I renegotiated our cloud contracts and we cut hosting costs by ten to "
        "fifteen percent, and it took about four months.",
        role="operations",
    )
    joined = " ".join(texts)
    assert "10-15%" in joined
    assert "~4 months" in joined
    assert_good_form(texts)


def test_currency_amounts_use_symbols_and_scale() -> None:
    texts = bullets(
        "I closed a renewal worth one point two million dollars with Acme Corp and "
        "upsold them another four hundred and fifty thousand dollars.",
        role="sales",
    )
    joined = " ".join(texts)
    assert "$1.2M" in joined and "$450K" in joined and "Acme Corp" in joined
    assert_good_form(texts)


def test_percentage_points_are_not_written_as_percent() -> None:
    texts = bullets(
        "I redesigned the signup flow and the conversion rate went up by four points in a month.",
        role="designer",
    )
    joined = " ".join(texts)
    assert "4 percentage points" in joined
    assert "4%" not in joined


def test_answer_without_numbers_gets_no_numbers() -> None:
    texts = bullets(
        "I worked with the logistics and finance teams to redesign how we handle "
        "returns. We mapped the whole process, removed duplicate approvals, and moved "
        "the tracking into a shared Airtable board so everyone could see the status."
    )
    assert texts
    assert not any(ch.isdigit() for t in texts for ch in t)
    assert any("Airtable" in t for t in texts)
    assert_good_form(texts)


def test_fillers_and_first_person_never_reach_a_bullet() -> None:
    texts = bullets(
        "Um, so, like, I basically, you know, rewrote our billing service in Go, uh, "
        "and we kind of cut the p99 latency from like eight hundred milliseconds to "
        "one hundred twenty milliseconds. I think that was me and two other engineers."
    )
    joined = " ".join(texts)
    assert "800 ms" in joined and "120 ms" in joined and "Go" in joined
    assert_good_form(texts)


def test_a_foreign_language_answer_gives_no_made_up_english() -> None:
    texts = bullets(
        "J'ai dirigé la migration de notre application vers Kubernetes avec une équipe "
        "de cinq ingénieurs. Les coûts ont baissé de trente pour cent."
    )
    assert texts == []


def test_emoji_html_and_latex_characters_are_harmless() -> None:
    texts = bullets(
        "I launched our TikTok channel 🚀 and grew it to fifty thousand followers in "
        "six months 🎉 <script>alert(1)</script> with a budget of $5k & a 10% "
        "discount code \\textbf{SPRING_25} {braces} #hashtag.",
        role="marketing",
    )
    joined = " ".join(texts)
    assert "50,000 followers" in joined
    assert "🚀" not in joined and "<script>" not in joined
    assert_good_form(texts)


def test_sources_point_at_the_sentences_used() -> None:
    transcript = (
        "I was the PM for checkout at Cartly. We shipped one-tap checkout with Apple "
        "Pay. Conversion went from two point one percent to two point nine percent."
    )
    result = ENGINE.bullets("product_manager", "A launch?", transcript)
    assert result
    for bullet in result:
        span = transcript[bullet.source.start : bullet.source.end]
        assert 0 <= bullet.source.start < bullet.source.end <= len(transcript)
        assert span.strip() == span and span
    conversion = next(b for b in result if "2.9%" in b.text)
    assert "two point nine" in transcript[conversion.source.start : conversion.source.end]


def test_committee_seat_reads_as_service() -> None:
    texts = bullets(
        "i precepted four new grads and all four passed orientation. i also sit on "
        "the unit practice council.",
        role="nurse",
    )
    joined = " ".join(texts)
    assert "served on the unit practice council" in joined.lower()
    assert "precepted 4 new grads" in joined.lower()
    assert "4 passing orientation" in joined


def test_same_answer_same_bullets() -> None:
    transcript = "I built a churn model with XGBoost on two million records at Lumen Health."
    assert bullets(transcript) == bullets(transcript)


def test_fifty_thousand_characters_stay_bounded() -> None:
    # Speed is measured in bench/bullets_engine.py; here only the shape of the answer.
    sentence = (
        "I migrated service number {n} to Kubernetes and cut its latency by {n} percent "
        "with the platform team. "
    )
    transcript = "".join(sentence.format(n=(i % 90) + 2) for i in range(600))[:50_000]
    texts = bullets(transcript)
    assert 1 <= len(texts) <= 6
    assert all(40 <= len(t) <= 200 for t in texts)


@pytest.mark.parametrize("transcript", ["", "   ", "uh", "um, yeah, so, hmm."])
def test_empty_or_filler_only_answers_give_no_bullets(transcript: str) -> None:
    assert bullets(transcript) == []
