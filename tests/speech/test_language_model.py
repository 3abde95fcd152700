"""The pieces of the built-in engine's language model: spoken numbers, pronunciations for
unknown words, the estimator's probabilities, and the settings object."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from resumepilot.speech import language_model
from resumepilot.speech.lexicon import pronunciations, spell, split_compound
from resumepilot.speech.lm import ArpaModel, NgramCounts, estimate
from resumepilot.speech.models import Bias
from resumepilot.speech.numbers import speak
from resumepilot.speech.settings import SpeechSettings
from resumepilot.speech.words import spoken_words


@pytest.mark.parametrize(
    ("written", "said"),
    [
        ("cut costs by 30%", "cut costs by thirty percent"),
        ("$1.2M in 2020", "one point two million dollars in twenty twenty"),
        ("$400k a year", "four hundred thousand dollars a year"),
        ("400,000 dollars", "four hundred thousand dollars"),
        ("our 2nd and 21st stores", "our second and twenty first stores"),
        (
            "rated 4.5 by 1,250 people",
            "rated four point five by one thousand two hundred fifty people",
        ),
        ("in 2005 and 1999", "in two thousand five and nineteen ninety nine"),
        ("10x faster", "ten x faster"),
    ],
)
def test_numbers_are_spoken(written: str, said: str) -> None:
    assert speak(written) == said


def test_years_have_a_second_reading() -> None:
    assert speak("in 2019", variant=1) == "in two thousand nineteen"


def test_spoken_words_split_names_with_digits() -> None:
    assert spoken_words("We used S3, EC2 and Node.js; p99 fell.") == [
        "we",
        "used",
        "s",
        "three",
        "ec",
        "two",
        "and",
        "node",
        "dot",
        "js",
        "p",
        "ninety",
        "nine",
        "fell",
    ]


DICTIONARY = {
    "quick": "K W IH K",
    "books": "B UH K S",
    "data": "D EY T AH",
    "bricks": "B R IH K S",
    "in": "IH N",
    "design": "D IH Z AY N",
}


def test_pronunciations_for_unknown_words() -> None:
    lookup = DICTIONARY.get
    assert spell("AWS") == "EY D AH B AH L Y UW EH S"
    assert spell("KPIs") == "K EY P IY AY Z"
    assert split_compound("quickbooks", lookup) == "K W IH K B UH K S"
    assert split_compound("indesign", lookup) == "IH N D IH Z AY N"
    assert pronunciations("databricks", lookup) == ["D EY T AH B R IH K S"]
    assert pronunciations("kubernetes", lookup)[0] == "K UW B ER N EH T IY Z"  # our list
    rough = pronunciations("zyxtrel", lookup)
    assert rough and all(p.replace(" ", "").isalpha() for p in rough)


def _prob(model: ArpaModel, history: tuple[str, ...], word: str) -> float:
    """P(word | history) read from the ARPA tables with back-off, as a decoder does."""
    grams = model.grams
    gram = (*history, word)
    if gram in grams[len(gram) - 1]:
        return 10 ** grams[len(gram) - 1][gram][0]
    bow = grams[len(history) - 1].get(history, (0.0, 0.0))[1] or 0.0
    return 10**bow * _prob(model, history[1:], word)


def test_estimated_probabilities_sum_to_one() -> None:
    counts = NgramCounts()
    counts.add(["we", "cut", "costs", "by", "thirty", "percent"])
    counts.add(["we", "cut", "the", "time", "by", "half"], weight=2.5)
    counts.add(["i", "cut", "costs", "in", "half"])
    model = estimate(counts, ["extra", "words"], {"the": 0.5, "extra": 0.1}, 0.3)
    vocab = [g[0] for g in model.grams[0] if g[0] != "<s>"]
    for history in [("<s>",), ("cut",), ("we", "cut"), ("cut", "costs"), ("words",)]:
        total = sum(_prob(model, history, w) for w in vocab)
        assert math.isclose(total, 1.0, rel_tol=1e-3), history


def test_the_answer_model_loads_in_pocketsphinx_and_bias_adds_words(tmp_path: Path) -> None:
    from pocketsphinx import Decoder, NGramModel

    plain = language_model.build()
    biased = language_model.build(
        Bias(
            question="Which dashboards did you build?",
            role_terms=["Metabase"],
            earlier_text="I used Zorbly.",
        )
    )
    assert "metabase" not in plain.vocabulary and "zorbly" not in plain.vocabulary
    assert {"metabase", "zorbly"} <= biased.vocabulary
    assert biased.display["metabase"] == "Metabase"
    path = tmp_path / "answer.arpa"
    path.write_text(biased.arpa)
    decoder = Decoder(lm=None, loglevel="ERROR")
    config, logmath = decoder.config, decoder.logmath
    model = NGramModel(config, logmath, str(path))
    unknown = -536_870_912  # what NGramModel.prob gives a word it does not have
    assert model.prob(["metabase"]) > unknown and model.prob(["zorbly"]) > unknown
    assert model.prob(["qwertyuiop"]) == unknown


def test_settings_from_a_mapping() -> None:
    s = SpeechSettings.from_mapping(
        {
            "RESUMEPILOT_SPEECH_PROVIDER": " OpenAI ",
            "OPENAI_BASE_URL": "http://127.0.0.1:8000/v1",
            "RESUMEPILOT_SPEECH_MAX_SECONDS": "120",
        }
    )
    assert (s.provider, s.openai_base_url, s.transcribe_model, s.max_seconds) == (
        "openai",
        "http://127.0.0.1:8000/v1",
        "whisper-1",
        120.0,
    )
    assert SpeechSettings.from_mapping({}).provider == "builtin"
    with pytest.raises(ValueError, match="use builtin or openai"):
        SpeechSettings.from_mapping({"RESUMEPILOT_SPEECH_PROVIDER": "azure"})
    with pytest.raises(ValueError, match="RESUMEPILOT_TRANSCRIBE_TIMEOUT='soon' is not a number"):
        SpeechSettings.from_mapping({"RESUMEPILOT_TRANSCRIBE_TIMEOUT": "soon"})
    with pytest.raises(ValueError, match="must be greater than 0"):
        SpeechSettings.from_mapping({"RESUMEPILOT_SPEECH_MAX_BYTES": "0"})
