"""Any OpenAI-compatible /v1/audio/transcriptions server (OpenAI, faster-whisper-server,
whisper.cpp's server, vLLM) through the official SDK, falling back to the built-in engine
when the server times out, fails or answers with something unusable."""

from __future__ import annotations

import io
import math
import re
import time
import wave
from typing import Any

from resumepilot.speech.models import SAMPLE_RATE, Audio, Bias, Transcriber, Transcript, Word

PROMPT_CHARS = 800  # Whisper reads about 224 tokens of prompt


def wav_bytes(audio: Audio) -> bytes:
    """The decoded audio as a 16 kHz mono WAV: every server accepts it."""
    buf = io.BytesIO()
    with wave.open(buf, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(SAMPLE_RATE)
        out.writeframes(audio.pcm_bytes())
    return buf.getvalue()


def prompt_for(bias: Bias | None) -> str | None:
    """Whisper's prompt is text that 'came before': the question and the names to expect."""
    if bias is None or bias.is_empty():
        return None
    parts = []
    if bias.role_terms:
        parts.append("Terms: " + ", ".join(bias.role_terms[:40]) + ".")
    if bias.question.strip():
        parts.append("Interviewer: " + bias.question.strip())
    if bias.earlier_text.strip():
        parts.append("Earlier: " + bias.earlier_text.strip()[-400:])
    return " ".join(parts)[-PROMPT_CHARS:]


class TranscriptionFailed(Exception):
    """The server's answer cannot be used; the message is the fallback reason."""


class OpenAITranscriber:
    """Transcribes through an OpenAI-compatible server; `fallback` answers when it cannot."""

    name = "openai"

    def __init__(
        self,
        *,
        base_url: str | None,
        api_key: str | None,
        model: str = "whisper-1",
        timeout_s: float = 60.0,
        max_retries: int = 1,
        fallback: Transcriber | None = None,
    ) -> None:
        import openai

        self._openai = openai
        # Local servers accept any key, but the SDK insists on one.
        self.client = openai.OpenAI(
            base_url=base_url,
            api_key=api_key or "unused",
            timeout=timeout_s,
            max_retries=max_retries,
        )
        self.model = model
        self.timeout_s = timeout_s
        self.fallback = fallback

    def transcribe(self, audio: Audio, bias: Bias | None = None) -> Transcript:
        started = time.perf_counter()
        try:
            return self._ask(audio, bias, started)
        except (TranscriptionFailed, self._openai.OpenAIError, ValueError) as exc:
            # ValueError: a body that is not the JSON asked for (the SDK's parse fails).
            reason = self._reason(exc)
            if self.fallback is None:
                raise TranscriptionFailed(reason) from exc
        result = self.fallback.transcribe(audio, bias)
        spent = round((time.perf_counter() - started) * 1000)
        return Transcript(
            result.text,
            result.confidence,
            result.words,
            result.duration_s,
            spent,
            result.engine,
            fallback_reason=reason,
        )

    def _ask(self, audio: Audio, bias: Bias | None, started: float) -> Transcript:
        kwargs: dict[str, Any] = {
            "model": self.model,
            "file": ("answer.wav", wav_bytes(audio), "audio/wav"),
            "response_format": "verbose_json",
            "timestamp_granularities": ["word", "segment"],
            "language": "en",
            "temperature": 0,
        }
        prompt = prompt_for(bias)
        if prompt:
            kwargs["prompt"] = prompt
        reply = self.client.audio.transcriptions.create(**kwargs)
        data = reply.model_dump() if hasattr(reply, "model_dump") else reply
        if not isinstance(data, dict) or not isinstance(data.get("text"), str):
            raise TranscriptionFailed("malformed reply: no text")
        words = _words(data, audio.duration_s)
        return Transcript(
            text=data["text"].strip(),
            confidence=_mean([w.confidence for w in words]),
            words=words,
            duration_s=audio.duration_s,
            processing_ms=round((time.perf_counter() - started) * 1000),
            engine=self.name,
        )

    def _reason(self, exc: Exception) -> str:
        errors = self._openai
        if isinstance(exc, errors.APITimeoutError):
            return f"timeout after {self.timeout_s:g} s"
        if isinstance(exc, errors.APIStatusError):
            return f"HTTP {exc.status_code}"
        if isinstance(exc, errors.APIConnectionError):
            return "connection error"
        if isinstance(exc, TranscriptionFailed):
            return str(exc)
        if isinstance(exc, ValueError):
            return "malformed reply"
        return type(exc).__name__


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def _segment_confidences(data: dict[str, Any]) -> list[tuple[float, float, float]]:
    """(start, end, confidence) per segment: exp(average token log-probability), lowered by
    the server's belief that there was no speech."""
    out = []
    for seg in data.get("segments") or []:
        logprob = seg.get("avg_logprob")
        conf = math.exp(min(0.0, float(logprob))) if logprob is not None else 0.5
        conf *= 1.0 - float(seg.get("no_speech_prob") or 0.0)
        out.append((float(seg.get("start") or 0), float(seg.get("end") or 0), conf))
    return out


def _words(data: dict[str, Any], duration: float) -> list[Word]:
    """Word timings from the reply; spread over the segments when the server gives none."""
    segments = _segment_confidences(data)

    def segment_confidence(t: float) -> float:
        for start, end, conf in segments:
            if start <= t <= end:
                return conf
        return _mean([c for _, _, c in segments]) if segments else 0.5

    words = []
    for item in data.get("words") or []:
        text = str(item.get("word", "")).strip()
        if not text:
            continue
        start, end = float(item.get("start") or 0), float(item.get("end") or 0)
        # faster-whisper-server and others add a per-word probability; OpenAI does not.
        prob = item.get("probability")
        conf = float(prob) if isinstance(prob, int | float) else segment_confidence(start)
        words.append(Word(text, start, end, min(1.0, max(0.0, conf))))
    if words:
        return words
    spans = [(s, e, c) for s, e, c in segments] or [(0.0, duration, 0.5)]
    texts = [seg.get("text", "") for seg in data.get("segments") or []] or [data["text"]]
    for (start, end, conf), text in zip(spans, texts, strict=False):
        tokens = re.findall(r"\S+", str(text))
        step = (end - start) / max(len(tokens), 1)
        for i, token in enumerate(tokens):
            words.append(Word(token, start + i * step, start + (i + 1) * step, conf))
    return words
