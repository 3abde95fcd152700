"""From an upload to a transcript: decode with limits, refuse silence and noise, transcribe.

The one entry point the voice feature and the CLI call; it knows nothing of the database.
"""

from __future__ import annotations

import os

from resumepilot.speech.activity import check_speech
from resumepilot.speech.decode import Limits, decode
from resumepilot.speech.errors import NoSpeechFound
from resumepilot.speech.models import Bias, Transcriber, Transcript
from resumepilot.speech.settings import SpeechSettings

# Below this the decoder was guessing at noise, not hearing words.
MIN_CONFIDENCE = 0.05


def build_transcriber(settings: SpeechSettings) -> Transcriber:
    """The configured engine; the OpenAI-compatible one falls back to the built-in one."""
    from resumepilot.speech.builtin import BuiltinTranscriber

    builtin = BuiltinTranscriber()
    if settings.provider == "builtin":
        return builtin
    from resumepilot.speech.openai_engine import OpenAITranscriber

    return OpenAITranscriber(
        base_url=settings.openai_base_url,
        api_key=settings.openai_api_key,
        model=settings.transcribe_model,
        timeout_s=settings.timeout_s,
        fallback=builtin,
    )


def limits_from(settings: SpeechSettings) -> Limits:
    return Limits(max_bytes=settings.max_bytes, max_seconds=settings.max_seconds)


def transcribe_recording(
    source: bytes | str | os.PathLike[str],
    transcriber: Transcriber,
    bias: Bias | None = None,
    limits: Limits | None = None,
) -> Transcript:
    """Transcript of an uploaded recording; SpeechInputError (with a message for the user)
    when the file is empty, too large or long, not audio, damaged, or holds no speech."""
    audio = decode(source, limits)
    check_speech(audio)
    result = transcriber.transcribe(audio, bias)
    if not result.text.strip() or (
        result.engine == "builtin" and result.confidence < MIN_CONFIDENCE
    ):
        raise NoSpeechFound(
            "No speech found: we could not make out any words in the recording. "
            "Speak closer to the microphone, or somewhere quieter, and record "
            "again."
        )
    return result
