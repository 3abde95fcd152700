"""The OpenAI-compatible engine against a fake server on loopback, with the real `openai`
SDK as the client: multipart upload, verbose_json, timeouts, errors and the fallback."""

from __future__ import annotations

import io
import wave
from collections.abc import Iterator

import numpy as np
import pytest

from resumepilot.speech.models import Audio, Bias, Transcript, Word
from resumepilot.speech.openai_engine import OpenAITranscriber, TranscriptionFailed
from resumepilot.speech.pipeline import build_transcriber
from resumepilot.speech.settings import SpeechSettings
from tests.speech.fake_transcription import FakeTranscriptionServer, Reply, verbose_json

AUDIO = Audio((np.sin(np.arange(32_000) / 5) * 3000).astype(np.int16))
WORDS = [
    ("I", 0.1, 0.2),
    ("moved", 0.2, 0.5),
    ("us", 0.5, 0.6),
    ("to", 0.6, 0.7),
    ("Pulumi.", 0.7, 1.3),
]
TEXT = "I moved us to Pulumi."


class ScriptedFallback:
    """Stands in for the built-in engine, so these tests isolate the network path."""

    name = "builtin"

    def __init__(self) -> None:
        self.calls = 0

    def transcribe(self, audio: Audio, bias: Bias | None = None) -> Transcript:
        self.calls += 1
        return Transcript(
            "offline words", 0.6, [Word("offline", 0, 1, 0.6)], audio.duration_s, 5, self.name
        )


@pytest.fixture
def fake() -> Iterator[FakeTranscriptionServer]:
    server = FakeTranscriptionServer().start()
    yield server
    server.stop()


def engine(
    fake: FakeTranscriptionServer, timeout: float = 5.0, fallback: ScriptedFallback | None = None
) -> OpenAITranscriber:
    return OpenAITranscriber(
        base_url=fake.base_url,
        api_key="sk-test",
        model="whisper-1",
        timeout_s=timeout,
        max_retries=0,
        fallback=fallback,
    )


def test_words_and_timings_come_from_verbose_json(fake: FakeTranscriptionServer) -> None:
    fake.replies.append(Reply(body=verbose_json(TEXT, WORDS, 2.0)))
    result = engine(fake).transcribe(
        AUDIO, Bias(question="Which tools did you use?", role_terms=["Pulumi", "Terraform"])
    )
    assert result.engine == "openai" and result.fallback_reason is None
    assert result.text == TEXT
    assert [(w.word, w.start, w.end) for w in result.words] == WORDS
    # No per-word probability from OpenAI: the segment's exp(avg_logprob) * (1 - no_speech).
    assert all(abs(w.confidence - np.exp(-0.2) * 0.99) < 1e-6 for w in result.words)
    sent = fake.received[0]
    assert sent.path == "/v1/audio/transcriptions"
    assert sent.authorization == "Bearer sk-test"
    assert sent.fields["model"] == ["whisper-1"]
    assert sent.fields["response_format"] == ["verbose_json"]
    assert set(sent.fields["timestamp_granularities[]"]) == {"word", "segment"}
    assert "Pulumi" in sent.fields["prompt"][0] and "Which tools" in sent.fields["prompt"][0]
    with wave.open(io.BytesIO(sent.file_bytes)) as uploaded:  # the decoded 16 kHz mono audio
        assert (uploaded.getframerate(), uploaded.getnchannels()) == (16_000, 1)
        assert uploaded.getnframes() == len(AUDIO.samples)


def test_per_word_probability_is_used_when_the_server_gives_it(
    fake: FakeTranscriptionServer,
) -> None:
    fake.replies.append(Reply(body=verbose_json(TEXT, WORDS, 2.0, word_probability=True)))
    result = engine(fake).transcribe(AUDIO)
    assert [w.confidence for w in result.words] == [0.42] * len(WORDS)
    assert "prompt" not in fake.received[0].fields  # no bias, no prompt


def test_segments_without_word_timings_are_spread_into_words(fake: FakeTranscriptionServer) -> None:
    body = verbose_json(TEXT, [], 2.0)
    del body["words"]
    fake.replies.append(Reply(body=body))
    result = engine(fake).transcribe(AUDIO)
    assert [w.word for w in result.words] == TEXT.split()
    assert result.words[0].start == 0.0 and result.words[-1].end == pytest.approx(2.0)
    assert all(
        a.end <= b.start + 1e-9 for a, b in zip(result.words, result.words[1:], strict=False)
    )


def test_a_hanging_server_times_out_and_falls_back(fake: FakeTranscriptionServer) -> None:
    fake.replies.append(Reply(body=verbose_json(TEXT, WORDS, 2.0), delay=3.0))
    offline = ScriptedFallback()
    result = engine(fake, timeout=0.5, fallback=offline).transcribe(AUDIO)
    assert result.engine == "builtin" and offline.calls == 1
    assert result.fallback_reason == "timeout after 0.5 s"
    assert result.text == "offline words"
    assert result.processing_ms >= 500  # the wait on the server is part of the cost


@pytest.mark.parametrize(
    ("reply", "reason"),
    [
        (Reply(500), "HTTP 500"),
        (Reply(503), "HTTP 503"),
        (
            Reply(401, {"error": {"message": "bad key", "type": "invalid_request_error"}}),
            "HTTP 401",
        ),
        (Reply(raw=b"<html>gateway</html>"), "malformed reply"),
        (Reply(body={"duration": 2.0}), "malformed reply: no text"),
    ],
)
def test_errors_fall_back_and_say_why(
    fake: FakeTranscriptionServer, reply: Reply, reason: str
) -> None:
    fake.replies.append(reply)
    offline = ScriptedFallback()
    result = engine(fake, fallback=offline).transcribe(AUDIO)
    assert result.engine == "builtin" and offline.calls == 1
    assert result.fallback_reason == reason


def test_without_a_fallback_the_failure_is_raised(fake: FakeTranscriptionServer) -> None:
    fake.replies.append(Reply(500))
    with pytest.raises(TranscriptionFailed, match="HTTP 500"):
        engine(fake).transcribe(AUDIO)


def test_unreachable_server_falls_back() -> None:
    offline = ScriptedFallback()
    dead = OpenAITranscriber(
        base_url="http://127.0.0.1:9/v1", api_key=None, timeout_s=2, max_retries=0, fallback=offline
    )
    result = dead.transcribe(AUDIO)
    assert result.fallback_reason == "connection error" and offline.calls == 1


def test_settings_choose_the_engine(fake: FakeTranscriptionServer) -> None:
    chosen = build_transcriber(
        SpeechSettings.from_mapping(
            {
                "RESUMEPILOT_SPEECH_PROVIDER": "openai",
                "OPENAI_BASE_URL": fake.base_url,
                "RESUMEPILOT_TRANSCRIBE_MODEL": "large-v3",
                "RESUMEPILOT_TRANSCRIBE_TIMEOUT": "7",
            }
        )
    )
    assert isinstance(chosen, OpenAITranscriber)
    assert chosen.model == "large-v3" and chosen.timeout_s == 7
    assert chosen.fallback is not None and chosen.fallback.name == "builtin"
    assert build_transcriber(SpeechSettings.from_mapping({})).name == "builtin"
