"""The built-in PocketSphinx engine on the shared dev recordings and on answers synthesized in
the test: accuracy, word timings and confidences, and the interview bias."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

from resumepilot.speech.builtin import BuiltinTranscriber
from resumepilot.speech.decode import decode
from resumepilot.speech.models import Bias
from tests.speech.conftest import VOICE_DIR, dev_cases, speak


@pytest.fixture(scope="module")
def engine() -> BuiltinTranscriber:
    return BuiltinTranscriber()


def wer_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("shared_wer", VOICE_DIR / "wer.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_dev_set_word_error_rate_beats_the_goal(engine: BuiltinTranscriber) -> None:
    cases = dev_cases()
    wer = wer_module()
    edits = words = 0
    for case in cases:
        result = engine.transcribe(decode(case["path"]))
        ref, hyp = wer.normalize(case["text"]), wer.normalize(result.text)
        edits += wer.edit_distance(ref, hyp)
        words += len(ref)
    # The goal is 56 % (the stock model scores about 80 %); we measure about 36 %.
    assert edits / words <= 0.50, f"WER {edits / words:.1%}"


def test_words_carry_times_and_posterior_confidences(engine: BuiltinTranscriber) -> None:
    case = dev_cases()[0]
    audio = decode(case["path"])
    result = engine.transcribe(audio)
    assert result.engine == "builtin" and result.fallback_reason is None
    assert result.duration_s == pytest.approx(audio.duration_s)
    assert result.processing_ms > 0
    assert len(result.words) >= 15
    assert all(0.0 <= w.start < w.end <= audio.duration_s + 0.05 for w in result.words)
    assert all(
        a.end <= b.start + 1e-6 for a, b in zip(result.words, result.words[1:], strict=False)
    )
    confidences = [w.confidence for w in result.words]
    assert all(0.0 <= c <= 1.0 for c in confidences)
    assert max(confidences) - min(confidences) > 0.3  # posteriors, not a constant
    assert 0.0 < result.confidence < 1.0
    assert result.text.startswith("I ") and "kubernetes" not in result.text  # display forms


def test_bias_toward_a_tool_named_earlier(engine: BuiltinTranscriber, tmp_path: Path) -> None:
    wav = speak(
        "Last year I moved our whole team over to Metabase, and it saved us about ten "
        "hours a week.",
        tmp_path / "answer.wav",
    )
    audio = decode(wav)
    plain = engine.transcribe(audio)
    biased = engine.transcribe(
        audio,
        Bias(
            question="Which tools did you bring to the team?",
            role_terms=["SQL", "Tableau"],
            earlier_text="At Brightwave our reports were spreadsheets until we tried Metabase.",
        ),
    )
    assert "metabase" not in plain.text.lower()
    assert "Metabase" in biased.text
