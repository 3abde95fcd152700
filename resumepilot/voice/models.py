"""Types of voice interviews: where recordings live, job limits, and what the API returns."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Literal
from uuid import UUID

from pydantic import BaseModel

from resumepilot.speech.settings import SpeechSettings

Status = Literal["queued", "transcribing", "ready", "failed", "confirmed"]
# Words the engine was less sure of than this are marked for the user to check.
LOW_CONFIDENCE = 0.6
# Container names PyAV reports, mapped to the file suffix a recording is stored under.
SUFFIXES = {
    "matroska,webm": "webm",
    "webm": "webm",
    "ogg": "ogg",
    "wav": "wav",
    "mp3": "mp3",
    "mov,mp4,m4a,3gp,3g2,mj2": "m4a",
    "aac": "aac",
    "flac": "flac",
}
MEDIA_TYPES = {
    "webm": "audio/webm",
    "ogg": "audio/ogg",
    "wav": "audio/wav",
    "mp3": "audio/mpeg",
    "m4a": "audio/mp4",
    "aac": "audio/aac",
    "flac": "audio/flac",
}


@dataclass(frozen=True)
class VoiceSettings:
    """Where recordings are kept and how long one transcription may take."""

    files_dir: Path
    speech: SpeechSettings
    job_timeout_s: float = 300.0  # RESUMEPILOT_VOICE_JOB_TIMEOUT

    @property
    def upload_max_bytes(self) -> int:
        return self.speech.max_bytes

    @classmethod
    def from_env(cls, data_dir: Path, env: Mapping[str, str] | None = None) -> VoiceSettings:
        """From environment-style names; ValueError says which value is wrong."""
        values = os.environ if env is None else env
        raw = (values.get("RESUMEPILOT_VOICE_JOB_TIMEOUT") or "").strip()
        try:
            timeout = float(raw) if raw else cls.job_timeout_s
        except ValueError:
            raise ValueError(f"RESUMEPILOT_VOICE_JOB_TIMEOUT={raw!r} is not a number") from None
        if timeout <= 0:
            raise ValueError("RESUMEPILOT_VOICE_JOB_TIMEOUT must be greater than 0")
        return cls(
            files_dir=data_dir / "files",
            speech=SpeechSettings.from_mapping(values),
            job_timeout_s=timeout,
        )


class WordOut(BaseModel):
    word: str
    start: float
    end: float
    confidence: float
    low: bool


class VoiceAnswerOut(BaseModel):
    """A recorded answer and where its transcription stands."""

    id: UUID
    session_id: UUID
    turn_number: int
    status: Status
    attempts: int
    duration_s: float | None
    error: str | None
    transcript: str | None
    confidence: float | None
    processing_time_ms: int | None
    engine: str | None
    words: list[WordOut]
    confirmed_text: str | None
    audio: str
    created_at: datetime
    updated_at: datetime


def answer_out(row: dict[str, Any]) -> VoiceAnswerOut:
    words = [
        WordOut(**w, low=float(w.get("confidence", 0)) < LOW_CONFIDENCE)
        for w in (row.get("words") or [])
    ]
    confidence = row.get("confidence_score")
    return VoiceAnswerOut(
        id=row["id"],
        session_id=row["session_id"],
        turn_number=row["turn_number"],
        status=row["status"],
        attempts=row["attempts"],
        duration_s=row["duration_s"],
        error=row["error_message"],
        transcript=row.get("transcript_text"),
        confidence=float(confidence) if confidence is not None else None,
        processing_time_ms=row.get("processing_time_ms"),
        engine=row["engine"],
        words=words,
        confirmed_text=row["confirmed_text"],
        audio=f"/voice/answers/{row['id']}/audio",
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )
