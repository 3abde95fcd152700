"""Is there speech in the recording at all? Silence and steady noise are refused before any
engine runs, with a message that says which it was."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from resumepilot.speech.errors import NoSpeechFound
from resumepilot.speech.models import SAMPLE_RATE, Audio

MIN_SECONDS = 0.5
FRAME = SAMPLE_RATE // 100  # 10 ms
SILENCE_DBFS = -55.0  # when even the loudest frames are quieter than this, nothing was heard
# Speech rises and falls by 15 dB or more between syllables and pauses, even under noise at
# 5 dB SNR; hiss, hum and fan noise stay within a few dB.
STEADY_RANGE_DB = 11.0


@dataclass(frozen=True)
class Loudness:
    quiet_dbfs: float  # 10th percentile of 10 ms frame levels
    loud_dbfs: float  # 95th percentile

    @property
    def range_db(self) -> float:
        return self.loud_dbfs - self.quiet_dbfs


def loudness(audio: Audio) -> Loudness:
    x = audio.samples.astype(np.float64)
    frames = x[: len(x) // FRAME * FRAME].reshape(-1, FRAME)
    if not len(frames):
        return Loudness(-100.0, -100.0)
    level = 10 * np.log10((frames**2).mean(axis=1) + 1e-3) - 20 * np.log10(32768.0)
    quiet, loud = np.percentile(level, [10, 95])
    return Loudness(float(quiet), float(loud))


def check_speech(audio: Audio) -> Loudness:
    """Raises NoSpeechFound for a recording that is too short, silent, or steady noise."""
    if audio.duration_s < MIN_SECONDS:
        raise NoSpeechFound(
            f"The recording is only {audio.duration_s:.1f} seconds long. Record "
            f"your whole answer, then stop the recording."
        )
    level = loudness(audio)
    if level.loud_dbfs < SILENCE_DBFS:
        raise NoSpeechFound(
            "The recording is silent: no sound reached the microphone. Check "
            "that the right microphone is chosen and not muted, then record "
            "again."
        )
    if level.range_db < STEADY_RANGE_DB:
        raise NoSpeechFound(
            "No speech found: the recording holds only steady background noise. "
            "Move closer to the microphone or somewhere quieter, and record "
            "again."
        )
    return level
