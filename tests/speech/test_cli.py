"""`resumepilot transcribe`: the JSON shape, the engines, and exit code 2 with a message for
bad files, all without a database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.speech.conftest import dev_cases, sox
from tests.speech.fake_transcription import FakeTranscriptionServer, Reply, verbose_json

KEYS = {"text", "confidence", "words", "duration_s", "processing_ms", "engine"}


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "RESUMEPILOT_"))}
    return subprocess.run(
        [sys.executable, "-m", "resumepilot.speech", "transcribe", *args],
        capture_output=True,
        text=True,
        timeout=300,
        env={**clean, **(env or {})},
    )


@pytest.fixture
def fake() -> Iterator[FakeTranscriptionServer]:
    server = FakeTranscriptionServer().start()
    yield server
    server.stop()


def test_json_shape_with_the_builtin_engine() -> None:
    case = dev_cases()[2]
    p = run(
        case["path"],
        "--role",
        "software_engineer",
        "--question",
        "Tell me about a hard bug you fixed.",
        "--json",
    )
    assert p.returncode == 0, p.stderr
    out = json.loads(p.stdout)
    assert set(out) >= KEYS and out["engine"] == "builtin"
    assert isinstance(out["text"], str) and len(out["text"].split()) >= 15
    assert 0 <= out["confidence"] <= 1 and out["duration_s"] == pytest.approx(12.71, abs=0.01)
    assert out["processing_ms"] > 0
    for word in out["words"]:
        assert set(word) == {"word", "start", "end", "confidence"}
        assert 0 <= word["start"] < word["end"] and 0 <= word["confidence"] <= 1


def test_the_main_command_has_transcribe_and_prints_text() -> None:
    case = dev_cases()[0]
    p = subprocess.run(
        [sys.executable, "-m", "resumepilot", "transcribe", case["path"]],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert p.returncode == 0, p.stderr
    assert p.stdout.strip() and not p.stdout.startswith("{")


def test_settings_provider_answers_through_the_server(fake: FakeTranscriptionServer) -> None:
    fake.replies.append(
        Reply(body=verbose_json("I cut costs by thirty percent.", [("I", 0.0, 0.2)], 11.2))
    )
    p = run(
        dev_cases()[0]["path"],
        "--json",
        "--role",
        "data_scientist",
        env={"RESUMEPILOT_SPEECH_PROVIDER": "openai", "OPENAI_BASE_URL": fake.base_url},
    )
    assert p.returncode == 0, p.stderr
    out = json.loads(p.stdout)
    assert out["engine"] == "openai" and out["text"] == "I cut costs by thirty percent."
    assert "Snowflake" in fake.received[0].fields["prompt"][0]  # the role's vocabulary


def test_server_failure_falls_back_and_the_json_says_why(fake: FakeTranscriptionServer) -> None:
    fake.replies += [Reply(500), Reply(500)]
    p = run(
        dev_cases()[0]["path"],
        "--json",
        env={"RESUMEPILOT_SPEECH_PROVIDER": "openai", "OPENAI_BASE_URL": fake.base_url},
    )
    assert p.returncode == 0, p.stderr
    out = json.loads(p.stdout)
    assert out["engine"] == "builtin" and out["fallback_reason"] == "HTTP 500"
    assert len(out["words"]) > 10


def test_provider_builtin_ignores_the_settings(fake: FakeTranscriptionServer) -> None:
    p = run(
        dev_cases()[0]["path"],
        "--json",
        "--provider",
        "builtin",
        env={"RESUMEPILOT_SPEECH_PROVIDER": "openai", "OPENAI_BASE_URL": fake.base_url},
    )
    assert p.returncode == 0 and json.loads(p.stdout)["engine"] == "builtin"
    assert fake.received == []


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: d.joinpath("empty.webm").write_bytes(b""), "empty (0 bytes)"),
        (
            lambda d: d.joinpath("resume.webm").write_bytes(b"%PDF-1.4\n" + b"x" * 500),
            "not a recording",
        ),
        (
            lambda d: sox("-n", "-r", "16000", "-c", "1", str(d / "quiet.wav"), "trim", "0", "3"),
            "silent",
        ),
        (
            lambda d: sox(
                "-n",
                "-r",
                "16000",
                "-c",
                "1",
                str(d / "noise.wav"),
                "synth",
                "4",
                "pinknoise",
                "vol",
                "-10dB",
            ),
            "No speech found",
        ),
    ],
)
def test_bad_files_exit_2_with_the_message(tmp_path: Path, make, message: str) -> None:
    make(tmp_path)
    target = next(tmp_path.iterdir())
    p = run(str(target), "--json")
    assert p.returncode == 2, p.stdout + p.stderr
    assert p.stdout == "" and message in p.stderr and "Traceback" not in p.stderr


def test_missing_file_and_bad_options_exit_2(tmp_path: Path) -> None:
    p = run(str(tmp_path / "nope.wav"))
    assert p.returncode == 2 and "recording not found" in p.stderr
    p = run(dev_cases()[0]["path"], "--provider", "cloud")
    assert p.returncode == 2 and "--provider must be builtin or settings" in p.stderr
    p = run(dev_cases()[0]["path"], env={"RESUMEPILOT_SPEECH_PROVIDER": "azure"})
    assert p.returncode == 2 and "RESUMEPILOT_SPEECH_PROVIDER" in p.stderr


def test_too_long_is_refused_by_the_configured_limit(tmp_path: Path) -> None:
    p = run(dev_cases()[0]["path"], env={"RESUMEPILOT_SPEECH_MAX_SECONDS": "5"})
    assert p.returncode == 2 and "longest accepted is 5 seconds" in p.stderr
