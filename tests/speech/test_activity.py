"""Silence and steady noise are refused with a message saying which it was; speech under
noise is not."""

from __future__ import annotations

from pathlib import Path

import pytest

from resumepilot.speech.activity import check_speech
from resumepilot.speech.decode import decode
from resumepilot.speech.errors import NoSpeechFound
from tests.speech.conftest import sox, speak


def make(tmp_path: Path, name: str, *effects: str) -> Path:
    out = tmp_path / f"{name}.wav"
    sox("-n", "-r", "16000", "-c", "1", "-b", "16", str(out), *effects)
    return out


def test_digital_silence(tmp_path: Path) -> None:
    with pytest.raises(NoSpeechFound) as err:
        check_speech(decode(make(tmp_path, "silence", "trim", "0", "5")))
    assert "silent" in err.value.message and "microphone" in err.value.message


def test_a_muted_microphone_hiss_is_silence(tmp_path: Path) -> None:
    with pytest.raises(NoSpeechFound, match="silent"):
        check_speech(decode(make(tmp_path, "hiss", "synth", "5", "whitenoise", "vol", "-65dB")))


@pytest.mark.parametrize("kind", ["whitenoise", "pinknoise", "brownnoise"])
def test_noise_only(tmp_path: Path, kind: str) -> None:
    with pytest.raises(NoSpeechFound) as err:
        check_speech(decode(make(tmp_path, kind, "synth", "6", kind, "vol", "-12dB")))
    assert err.value.message.startswith("No speech found")
    assert err.value.status_code == 422


def test_mains_hum_only(tmp_path: Path) -> None:
    with pytest.raises(NoSpeechFound, match="No speech found"):
        check_speech(decode(make(tmp_path, "hum", "synth", "6", "sine", "50", "vol", "-10dB")))


def test_too_short(tmp_path: Path) -> None:
    with pytest.raises(NoSpeechFound, match="only 0.2 seconds"):
        check_speech(decode(make(tmp_path, "blip", "synth", "0.2", "sine", "300")))


@pytest.mark.parametrize(("kind", "snr_db"), [("whitenoise", 10), ("brownnoise", 5)])
def test_speech_under_noise_passes(tmp_path: Path, kind: str, snr_db: int) -> None:
    clean = speak(
        "I trained twelve new nurses on our medication safety checks last spring.",
        tmp_path / "clean.wav",
    )
    noise = make(tmp_path, "noise", "synth", "6", kind, "vol", f"{-20 - snr_db}dB")
    noisy = tmp_path / "noisy.wav"
    sox("-m", str(clean), str(noise), str(noisy))
    level = check_speech(decode(noisy))
    assert level.range_db > 11
