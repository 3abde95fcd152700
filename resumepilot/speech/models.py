"""The speech layer's plain data: audio in, transcript out, and what to bias toward."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

SAMPLE_RATE = 16_000


@dataclass(frozen=True)
class Audio:
    """Decoded speech: 16 kHz mono signed 16-bit samples."""

    samples: npt.NDArray[np.int16]
    source_format: str = "pcm"

    @property
    def duration_s(self) -> float:
        return len(self.samples) / SAMPLE_RATE

    def pcm_bytes(self) -> bytes:
        return self.samples.astype("<i2").tobytes()

    def float32(self) -> npt.NDArray[np.float32]:
        return (self.samples.astype(np.float32) / 32768.0).astype(np.float32)


@dataclass(frozen=True)
class Bias:
    """What this speaker is likely to say: the question asked, the words of the target role,
    and what they said earlier in the interview (tools and names they already used)."""

    question: str = ""
    role_terms: list[str] = field(default_factory=list)
    earlier_text: str = ""

    def is_empty(self) -> bool:
        return not (self.question.strip() or self.role_terms or self.earlier_text.strip())


@dataclass(frozen=True)
class Word:
    word: str
    start: float  # seconds from the start of the recording
    end: float
    confidence: float  # 0..1


@dataclass(frozen=True)
class Transcript:
    """What was said, how sure the engine is, and who answered (and why, after a fallback)."""

    text: str
    confidence: float
    words: list[Word]
    duration_s: float
    processing_ms: int
    engine: str
    fallback_reason: str | None = None

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["confidence"] = round(self.confidence, 3)
        data["duration_s"] = round(self.duration_s, 2)
        data["words"] = [
            {
                "word": w.word,
                "start": round(w.start, 2),
                "end": round(w.end, 2),
                "confidence": round(w.confidence, 3),
            }
            for w in self.words
        ]
        if self.fallback_reason is None:
            del data["fallback_reason"]
        return data


class Transcriber(Protocol):
    """Anything that turns decoded audio into a transcript."""

    name: str

    def transcribe(self, audio: Audio, bias: Bias | None = None) -> Transcript: ...
